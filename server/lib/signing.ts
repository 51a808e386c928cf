/**
 * Signed delivery URLs, Cloudflare's algorithm (CONTRACT.md §5, "Serve private images"): HMAC-SHA256 over
 * `path?query` (no host), keyed with the signing key's UTF-8 bytes, lower-case hex, appended as `sig`.
 * Web Crypto only, so the same code runs on Node and Workers.
 */

const encoder = new TextEncoder();
const keyCache = new Map<string, Promise<CryptoKey>>();

function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keyCache.get(secret);
  if (!key) {
    key = crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
      'sign',
      'verify',
    ]);
    keyCache.set(secret, key);
  }
  return key;
}

function toHex(buffer: ArrayBuffer): string {
  return Array.from(new Uint8Array(buffer), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** Lower-case hex HMAC-SHA256 of `message`. */
export async function hmacHex(secret: string, message: string): Promise<string> {
  return toHex(await crypto.subtle.sign('HMAC', await hmacKey(secret), encoder.encode(message)));
}

const LOCAL_DELIVERY_PREFIX = '/cdn-cgi/imagedelivery';

/**
 * The path a signature covers: `/<hash>/<id>/<variant>`, as on imagedelivery.net. For the local delivery route
 * (`/cdn-cgi/imagedelivery/<hash>/…`) the prefix is left out, so one key and one algorithm serve both
 * (docs/decisions.md).
 */
export function signedPathOf(pathname: string): string {
  return pathname.startsWith(`${LOCAL_DELIVERY_PREFIX}/`) ? pathname.slice(LOCAL_DELIVERY_PREFIX.length) : pathname;
}

/**
 * Signs a delivery URL: sets `exp` (seconds since the epoch) then appends `sig`. Any existing `exp`/`sig` is replaced.
 */
export async function signUrl(url: string, secret: string, expiresAt: number): Promise<string> {
  const parsed = new URL(url);
  parsed.searchParams.delete('sig');
  parsed.searchParams.set('exp', String(expiresAt));
  const toSign = `${signedPathOf(parsed.pathname)}?${parsed.searchParams.toString()}`;
  parsed.searchParams.set('sig', await hmacHex(secret, toSign));
  return parsed.toString();
}

/**
 * Verifies `exp`/`sig` of a delivery request. `pathname` is the request's path (the local prefix is handled by
 * `signedPathOf`).
 */
export async function verifySignedPath(
  pathname: string,
  searchParams: URLSearchParams,
  secret: string,
  nowSeconds: number,
): Promise<boolean> {
  const sig = searchParams.get('sig');
  const exp = searchParams.get('exp');
  if (!sig || !exp || !/^[0-9]{1,12}$/.test(exp) || !/^[0-9a-f]{64}$/.test(sig)) return false;
  if (Number(exp) < nowSeconds) return false;
  const rest = new URLSearchParams(searchParams);
  rest.delete('sig');
  const message = `${signedPathOf(pathname)}?${rest.toString()}`;
  const bytes = new Uint8Array(sig.match(/../g)!.map((h) => parseInt(h, 16)));
  // crypto.subtle.verify compares in constant time.
  return crypto.subtle.verify('HMAC', await hmacKey(secret), bytes, encoder.encode(message));
}
