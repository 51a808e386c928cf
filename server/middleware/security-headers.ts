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
export function securityHeaders(options: { imageSources?: string[]; uploadOrigin?: string } = {}) {
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
