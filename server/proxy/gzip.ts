/**
 * Gzip pass-through helpers (server/proxy/list-proxy.ts): what a client accepts, what a raw upstream body is, and a
 * decoder for the rare client that does not take gzip. Web APIs only (`DecompressionStream`): Node and Workers.
 */

/**
 * Whether the client takes `Content-Encoding: gzip` (RFC 9110 §12.5.3): `gzip`, `x-gzip` or `*`, with a non-zero
 * weight. Browsers always do; curl without `--compressed` does not.
 */
export function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  let any: boolean | undefined;
  for (const part of header.split(',')) {
    const semicolon = part.indexOf(';');
    const coding = (semicolon < 0 ? part : part.slice(0, semicolon)).trim().toLowerCase();
    if (coding !== 'gzip' && coding !== 'x-gzip' && coding !== '*') continue;
    const weight = semicolon < 0 ? undefined : /(?:^|;)\s*q\s*=\s*([0-9.]+)/i.exec(part.slice(semicolon))?.[1];
    const accepted = weight === undefined || Number(weight) > 0;
    if (coding !== '*') return accepted; // a named gzip outranks the wildcard
    any = accepted;
  }
  return any ?? false;
}

/** The one encoding the proxy asks a raw transport for; `identity` is no encoding. */
export function bodyEncoding(header: string | null): 'identity' | 'gzip' | undefined {
  const value = header?.trim().toLowerCase() ?? '';
  if (value === '' || value === 'identity') return 'identity';
  return value === 'gzip' || value === 'x-gzip' ? 'gzip' : undefined;
}

/** A gzip decoder for byte streams (the DOM typings say `BufferSource`; our chunks are `Uint8Array`s). */
export function gunzip(): TransformStream<Uint8Array, Uint8Array> {
  return new DecompressionStream('gzip') as unknown as TransformStream<Uint8Array, Uint8Array>;
}
