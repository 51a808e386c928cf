import { createMiddleware } from 'hono/factory';
import { ErrorCode } from '../../src/contract/envelope';
import { ApiError } from '../errors';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Cross-site request forgery guard (CONTRACT.md §6): a write (`POST`, `PATCH`, `DELETE`, and `PUT` for good measure)
 * is refused with 403 / 9109 when its `Origin` is present and not this server's own, or when the browser says
 * `Sec-Fetch-Site: cross-site`. Requests without either header (curl, the SDK) are not browsers' cross-site requests.
 *
 * "Own" compares host and port, not the scheme: behind a TLS-terminating proxy the server sees `http:` while the
 * browser's `Origin` says `https:` (docs/decisions.md).
 */
export function sameOriginWrites() {
  return createMiddleware(async function sameOriginWrites(c, next) {
    if (SAFE_METHODS.has(c.req.method)) return next();
    const origin = c.req.header('origin');
    const fetchSite = c.req.header('sec-fetch-site')?.toLowerCase();
    if (fetchSite === 'cross-site' || (origin !== undefined && !isOwnOrigin(origin, c.req.url))) {
      throw new ApiError(403, {
        code: ErrorCode.forbidden,
        message: 'Cross-origin write refused: this request did not come from the dashboard itself',
      });
    }
    await next();
  });
}

function isOwnOrigin(origin: string, requestUrl: string): boolean {
  if (!URL.canParse(origin)) return false; // includes `Origin: null` from sandboxed frames
  const parsed = new URL(origin);
  return (parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.host === new URL(requestUrl).host;
}
