import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProxyHarness, type ProxyHarness } from '../test-support/proxy-harness';
import { localTestApp, type LocalTestApp } from '../local/test-helpers';

describe('/api/config variants and flexible variants (CONTRACT.md §11)', () => {
  let h: ProxyHarness;
  let local: LocalTestApp;
  beforeAll(async () => {
    h = await startProxyHarness();
    local = await localTestApp();
  });
  afterAll(async () => {
    await h.close();
    local.close();
  });

  it('local mode: the four local variants with their sizes, flexible variants on', async () => {
    const body = (await (await local.app.request('/api/config')).json()) as Record<string, unknown>;
    expect(body.flexibleVariants).toBe(true);
    expect(body.variants).toEqual([
      { name: 'thumbnail', width: 320, height: 320, fit: 'cover', neverRequireSignedURLs: false },
      { name: 'public', width: 1366, height: 1366, fit: 'scale-down', neverRequireSignedURLs: false },
      { name: 'hero', width: 1920, height: 1080, fit: 'scale-down', neverRequireSignedURLs: false },
      { name: 'original', width: null, height: null, fit: null, neverRequireSignedURLs: false },
    ]);
  });

  it("cloudflare mode: read from the account by the server, once for ten minutes", async () => {
    const first = (await h.call(`${h.origin}/api/config`)).json() as Record<string, unknown>;
    expect(first.flexibleVariants).toBe(true);
    expect(first.variants).toEqual([
      { name: 'public', width: 1366, height: 768, fit: 'scale-down', neverRequireSignedURLs: false },
      { name: 'thumbnail', width: 320, height: 320, fit: 'cover', neverRequireSignedURLs: false },
    ]);
    await h.call(`${h.origin}/api/config`);
    const reads = h.upstream.requests.filter((r) => /\/images\/v1\/(variants|config)$/.test(r.path));
    expect(reads.map((r) => r.path.split('/').at(-1)).sort()).toEqual(['config', 'variants']);
    for (const r of reads) expect(r.headers.authorization).toMatch(/^Bearer /);
  });
});
