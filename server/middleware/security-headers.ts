import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';

/** Image sources the dashboard shows: its own routes (local delivery), Cloudflare delivery, thumbnails in memory. */
const IMAGE_SOURCES = ["'self'", 'https://imagedelivery.net', 'data:', 'blob:'];

/**
 * Where the browser posts an upload's bytes in cloudflare mode: the host of the one-time `uploadURL` that direct
 * upload answers (Cloudflare, "Accept user-uploaded images": `https://upload.imagedelivery.net/<hash>/<id>`).
 * Local mode's `uploadURL` is this server itself.
 */
export const CLOUDFLARE_UPLOAD_ORIGIN = 'https://upload.imagedelivery.net';

/**
 * Headers every response carries (CONTRACT.md §6): a Content-Security-Policy without inline scripts,
 * `X-Content-Type-Options: nosniff` and `Referrer-Policy: no-referrer` (delivery URLs carry signatures; no page
 * should leak them as a referrer). Built on Hono's `secureHeaders`, which also sets its other defaults.
 */
export interface SecurityHeaderOptions {
  imageSources?: string[];
  uploadOrigin?: string;
}

export function securityHeaders(options: SecurityHeaderOptions = {}) {
  return secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      // React and the virtualised grid set style attributes; inline styles cannot run code (docs/decisions.md).
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: options.imageSources ?? IMAGE_SOURCES,
      // Direct upload (docs/CONTRACT.md §7): exactly the origin the browser sends files to, nothing else.
      connectSrc: options.uploadOrigin ? ["'self'", options.uploadOrigin] : ["'self'"],
      fontSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'none'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
    xContentTypeOptions: 'nosniff',
    referrerPolicy: 'no-referrer',
    xFrameOptions: 'DENY',
    // HSTS on a loopback http server would be ignored at best; a TLS front end sets its own.
    strictTransportSecurity: false,
    // A route may set a stricter header of its own: local delivery sends SVG originals with a sandboxing CSP
    // (`default-src 'none'; …; sandbox`) so an uploaded SVG opened directly cannot run script. Only this
    // server's own handlers set these headers (the proxy passes no upstream security headers through).
    overwrite: false,
  });
}

/**
 * The same headers as name/value pairs, exactly as the middleware writes them (read from one answer of it), for a
 * transport that sets them itself. On Node they go on the outgoing response before the app answers
 * (`res.setHeader`), where a route's own header still wins as with `overwrite: false`, and the app's answer is
 * written as it was made: setting them afterwards would turn every body into a web stream again (docs/performance.md).
 */
export async function securityHeaderList(options: SecurityHeaderOptions = {}): Promise<[string, string][]> {
  const probe = new Hono();
  probe.use(securityHeaders(options));
  probe.get('/', (c) => c.body(null, 204));
  const response = await probe.request('/');
  return [...response.headers];
}
