import { createMiddleware } from 'hono/factory';
import { ErrorCode } from '../../src/contract/envelope';
import { ApiError } from '../errors';

/** Loopback names every server accepts, any port (CONTRACT.md §6). `URL.hostname` keeps IPv6 brackets. */
const LOOPBACK = ['localhost', '127.0.0.1', '[::1]'];

/** `host[:port]` as the URL parser writes it (lower case, IPv4 shorthand written out), or `null` when it is not one. */
function normalisedHost(host: string): string | null {
  try {
    const url = new URL(`http://${host}`);
    return url.username || url.password || url.pathname !== '/' || url.search || url.hash ? null : url.host;
  } catch {
    return null;
  }
}

export interface HostAllowListOptions {
  /** Extra host names (or `host:port`) accepted besides loopback ones: `ALLOWED_HOSTS`. */
  allowedHosts?: readonly string[];
}

/**
 * DNS-rebinding guard (CONTRACT.md §6): a page on `evil.example` that re-points its name at 127.0.0.1 still sends
 * `Host: evil.example`, so a request whose host is not ours is refused with 403 before any route runs.
 */
export function hostAllowList(options: HostAllowListOptions = {}) {
  const allowed = new Set([...LOOPBACK, ...(options.allowedHosts ?? []).map((h) => h.toLowerCase())]);
  return createMiddleware(async function hostAllowList(c, next) {
    // The request URL's host is the Host header on Node (@hono/node-server builds it from there) and the real
    // host on Workers; it is already lower-cased and punycode-normalised by the URL parser.
    const url = new URL(c.req.url);
    const sent = c.req.header('host');
    // The header as the URL parser writes it, as Node did for the request URL: `127.1` is `127.0.0.1`.
    const header = sent === undefined ? undefined : normalisedHost(sent);
    const hostOk = allowed.has(url.hostname) || allowed.has(url.host);
    const headerOk = header === undefined || header === url.host || (header !== null && allowed.has(header));
    if (!hostOk || !headerOk) {
      throw new ApiError(403, {
        code: ErrorCode.forbidden,
        message: `Host '${(sent ?? url.host).slice(0, 100)}' is not allowed; add it to ALLOWED_HOSTS to serve the dashboard under that name`,
      });
    }
    await next();
  });
}
