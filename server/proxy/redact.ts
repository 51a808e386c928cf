/**
 * Credentials out of upstream answers (CONTRACT.md §3): should Cloudflare echo the token or key in a body or a
 * header, the proxy passes `[redacted]` on instead. Only what can carry one is scanned, so the hot path stays a
 * pass-through: every header passed on (a few short strings), and every error body (non-2xx), which is read whole
 * (it is small), decoded when gzip, redacted and sent plain. A successful list page is the account's own data and
 * is streamed untouched (docs/decisions.md). Web APIs only: Node and Workers.
 */
import type { CloudflareAuth } from '../config';
import { gunzip } from './gzip';

export const REDACTED = '[redacted]';

/** The secret the server sends upstream: the token, or the key (an email is an address, not a credential). */
export function credentialsOf(auth: CloudflareAuth): string[] {
  return [auth.type === 'token' ? auth.token : auth.key];
}

export class Redactor {
  /** Each secret as it may appear in a body: as is, JSON-escaped, percent-encoded. Longest first. */
  readonly #forms: string[];

  constructor(secrets: readonly string[]) {
    const forms = new Set<string>();
    for (const secret of secrets) {
      if (!secret) continue;
      forms.add(secret);
      forms.add(JSON.stringify(secret).slice(1, -1));
      forms.add(JSON.stringify(secret).slice(1, -1).replaceAll('/', '\\/'));
      forms.add(encodeURIComponent(secret));
    }
    this.#forms = [...forms].sort((a, b) => b.length - a.length);
  }

  /** `text` with every credential replaced; the same string when there is none (the common case). */
  text(text: string): string {
    let out = text;
    for (const form of this.#forms) if (out.includes(form)) out = out.replaceAll(form, REDACTED);
    return out;
  }

  /** Header pairs with credentials replaced in their values. */
  headers(headers: [string, string][]): [string, string][] {
    return headers.map(([name, value]) => [name, this.text(value)]);
  }
}

/** The upstream response headers a client gets (CONTRACT.md §3, §7); everything else, `set-cookie` included, is dropped. */
export function isPassedHeader(name: string): boolean {
  return name === 'content-type' || name === 'retry-after' || name.startsWith('ratelimit');
}

/** The headers of an upstream answer that a client gets, credentials replaced (the list proxy and the §7 routes). */
export function passedHeaders(headers: { forEach(each: (value: string, name: string) => void): void }, redactor: Redactor): [string, string][] {
  const out: [string, string][] = [];
  headers.forEach((value, name) => {
    if (isPassedHeader(name)) out.push([name, redactor.text(value)]);
  });
  return out;
}

/**
 * Most bytes of a body the proxy reads whole (decoded): an error, or a §7 JSON answer (one Image is at most about
 * 120 kB: a 1024-character id in each of up to 100 variant URLs, plus 1 kB of metadata). A larger one is not
 * Cloudflare's envelope.
 */
export const MAX_ERROR_BODY_BYTES = 1024 * 1024;

export class ErrorBodyTooLarge extends Error {}

/**
 * A body read whole, decoded when gzip, credentials replaced. Throws `ErrorBodyTooLarge` past `maxBytes`, or
 * whatever the stream throws (a reset, an abort by the caller's deadline, a corrupt gzip).
 */
export async function readRedacted(
  body: ReadableStream<Uint8Array>,
  encoding: 'identity' | 'gzip',
  redactor: Redactor,
  maxBytes: number = MAX_ERROR_BODY_BYTES,
): Promise<Uint8Array<ArrayBuffer>> {
  const stream = encoding === 'gzip' ? body.pipeThrough(gunzip()) : body;
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) throw new ErrorBodyTooLarge(`answer over ${maxBytes} bytes`);
      chunks.push(value);
    }
  } catch (error) {
    await reader.cancel(error).catch(() => undefined);
    throw error;
  }
  // Whole before decoding: a secret split between two chunks is found like any other.
  const text = new TextDecoder().decode(await new Blob(chunks as BlobPart[]).arrayBuffer());
  return new TextEncoder().encode(redactor.text(text)) as Uint8Array<ArrayBuffer>;
}
