/**
 * The dashboard page with `/api/config`'s answer folded in, as a `<script type="application/json">` data block
 * (the CSP's `script-src 'self'` runs no inline code, and a data block is not code). src/early.ts reads it and starts
 * the first list request at once, where it first had to ask for the config and wait for the answer
 * (docs/performance.md "Dashboard"). The answer is exactly what `/api/config` answers: never a secret.
 */
import type { MiddlewareHandler } from 'hono';
import { CONFIG_ELEMENT_ID } from '../../src/lib/config-url';

/**
 * JSON that cannot end the `<script>` element it sits in nor open a comment: every `<` is written as `\u003c`
 * (JSON.parse reads it back as `<`).
 */
function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

/** `html` with the data block ahead of its first script (so it is parsed before any script runs), else in the head. */
export function withPageConfig(html: string, config: unknown): string {
  const block = `<script type="application/json" id="${CONFIG_ELEMENT_ID}">${scriptSafeJson(config)}</script>`;
  const at = html.search(/<script[\s>]/i);
  if (at !== -1) return `${html.slice(0, at)}${block}\n    ${html.slice(at)}`;
  const head = html.search(/<\/head>/i);
  return head === -1 ? `${block}${html}` : `${html.slice(0, head)}${block}\n  ${html.slice(head)}`;
}

/**
 * Middleware around the static assets: an HTML answer (index.html, for `/` and every client-side route) gets the
 * config folded in. The page then changes with the config, so it carries no validator (ETag, Last-Modified) that
 * would let a revalidation keep an older config, and is revalidated on every visit (`no-cache`; it is 2 kB).
 */
export function pageConfig(current: () => Promise<unknown>): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const res = c.res;
    if (res.status !== 200 || !(res.headers.get('content-type') ?? '').startsWith('text/html')) return;
    const html = withPageConfig(await res.text(), await current());
    const headers = new Headers(res.headers);
    for (const name of ['content-length', 'etag', 'last-modified']) headers.delete(name);
    headers.set('cache-control', 'no-cache');
    c.res = undefined;
    c.res = new Response(c.req.method === 'HEAD' ? null : html, { status: 200, headers });
  };
}
