import type { MiddlewareHandler } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONFIG_ELEMENT_ID } from '../../src/lib/config-url';
import { createApp } from '../app';
import { localTestApp, type LocalTestApp } from '../local/test-helpers';
import { SECRETS, startProxyHarness, type ProxyHarness } from '../test-support/proxy-harness';
import { withPageConfig } from './page-config';

/** The dashboard's index.html as the build writes it: scripts in the head. */
const INDEX_HTML = [
  '<!doctype html><html lang="en"><head><meta charset="UTF-8" /><title>x</title>',
  '<script type="module" async crossorigin src="/assets/early-abc.js"></script>',
  '<script type="module" crossorigin src="/assets/index-abc.js"></script>',
  '<link rel="stylesheet" href="/assets/index-abc.css"></head><body><div id="root"></div></body></html>',
].join('\n');

/** Static files as server/node.ts serves them: one script, and index.html for every other GET. */
const assets: MiddlewareHandler = async (c, next) => {
  if (c.req.method !== 'GET') return next();
  if (c.req.path === '/assets/index-abc.js') return c.body('console.log(1)', 200, { 'content-type': 'text/javascript' });
  return c.html(INDEX_HTML, 200, { etag: '"v1"' });
};

/** The data block's JSON, read back the way the browser reads it (src/early.ts). */
function pageConfigOf(html: string): unknown {
  const match = new RegExp(`<script type="application/json" id="${CONFIG_ELEMENT_ID}">([^<]*)</script>`).exec(html);
  expect(match, 'the page has a config block').not.toBeNull();
  return JSON.parse(match![1]!);
}

describe('the config folded into the page', () => {
  it('goes ahead of the first script, and nothing in it can end the script element', () => {
    const html = withPageConfig(INDEX_HTML, { note: '</script><script>alert(1)</script><!--' });
    const block = html.indexOf(`id="${CONFIG_ELEMENT_ID}"`);
    expect(block).toBeGreaterThan(-1);
    expect(block).toBeLessThan(html.indexOf('early-abc.js'));
    expect(html.match(/<\/script>/g)).toHaveLength(3);
    expect(html).not.toContain('<!--');
    expect(pageConfigOf(html)).toEqual({ note: '</script><script>alert(1)</script><!--' });
  });

  it('goes in the head of a page without scripts', () => {
    const html = withPageConfig('<html><head><title>t</title></head><body></body></html>', { a: 1 });
    expect(html.indexOf(CONFIG_ELEMENT_ID)).toBeLessThan(html.indexOf('</head>'));
    expect(pageConfigOf(html)).toEqual({ a: 1 });
  });

  describe('local mode', () => {
    let local: LocalTestApp;
    beforeAll(async () => {
      local = await localTestApp();
    });
    afterAll(() => local.close());

    it('the page at / and at a client-side route carries exactly what /api/config answers, without a validator', async () => {
      const config = await (await local.app.request('/api/config')).json();
      const withAssets = createApp(local.config, { local: local.local, log: false, assets });
      for (const path of ['/', '/?sort_order=asc', '/some/deep/link']) {
        const res = await withAssets.request(path);
        expect(res.status, path).toBe(200);
        expect(res.headers.get('content-type')).toMatch(/^text\/html/);
        expect(res.headers.get('etag')).toBeNull();
        expect(res.headers.get('cache-control')).toBe('no-cache');
        const html = await res.text();
        expect(pageConfigOf(html)).toEqual(config);
        expect(Number(res.headers.get('content-length') ?? Buffer.byteLength(html))).toBe(Buffer.byteLength(html));
      }
    });
  });

  describe('cloudflare mode', () => {
    let h: ProxyHarness;
    beforeAll(async () => {
      h = await startProxyHarness({ assets });
    });
    afterAll(() => h.close());

    it('the page carries what /api/config answers, and no credential (the harness checks every answer for them)', async () => {
      const config = (await h.call(`${h.origin}/api/config`)).json();
      expect(config).toMatchObject({ mode: 'cloudflare' });
      const page = await h.call(`${h.origin}/`);
      expect(page.status).toBe(200);
      expect(pageConfigOf(page.text)).toEqual(config);
      for (const secret of SECRETS) expect(page.text.includes(secret)).toBe(false);
    });

    it('leaves other files as they are', async () => {
      const script = await h.call(`${h.origin}/assets/index-abc.js`);
      expect(script.text).toBe('console.log(1)');
      expect(script.text).not.toContain(CONFIG_ELEMENT_ID);
    });
  });
});
