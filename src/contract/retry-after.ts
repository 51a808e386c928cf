/**
 * `Retry-After` (RFC 9110 §10.2.3), read by the proxy (from Cloudflare's 429/503) and by the dashboard (from the
 * server's): delta-seconds or an HTTP date.
 */

/** The wait `Retry-After` asks for, in milliseconds; `null` when absent or invalid. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (value === null) return null;
  const text = value.trim();
  if (/^[0-9]{1,9}$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}
