import { statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { localTestApp, tempDataDir, V1, V2 } from './test-helpers';

type ListBody = { result: { images: { id: string; requireSignedURLs: boolean; variants: string[] }[] } };

describe('createLocalImagesApi', () => {
  it('seeds demo images on the first start only, quickly, and keeps them across restarts', async () => {
    const dir = tempDataDir();
    const started = performance.now();
    const first = await localTestApp({ DEMO_IMAGES: '1200', DEMO_SEED: '3' }, dir);
    expect(performance.now() - started).toBeLessThan(5000);
    expect(first.local.store.size).toBe(1200);
    const key = first.local.signingKey;
    const ids = ((await (await first.app.request(`${V2}?per_page=10000`)).json()) as ListBody).result.images.map((i) => i.id);
    expect(ids).toHaveLength(1200);
    for (const id of ids) await first.app.request(`${V1}/${id}`, { method: 'DELETE' });
    first.local.close();

    const second = await localTestApp({ DEMO_IMAGES: '1200', DEMO_SEED: '3' }, dir);
    try {
      expect(second.local.store.size).toBe(0);
      expect(second.local.signingKey).toBe(key);
      expect(statSync(join(dir, 'signing-key')).mode & 0o777).toBe(0o600);
      expect(key).toMatch(/^[0-9a-f]{64}$/);
    } finally {
      second.close();
    }
  });

  it('delivers a demo picture for every variant, drawn on first request', async () => {
    const t = await localTestApp({ DEMO_IMAGES: '12', DEMO_SEED: '9' });
    try {
      const images = ((await (await t.app.request(`${V2}?per_page=100`)).json()) as ListBody).result.images;
      const open = images.find((i) => !i.requireSignedURLs)!;
      for (const url of open.variants) {
        const res = await t.app.request(new URL(url).pathname);
        expect(res.status, url).toBe(200);
        expect(res.headers.get('content-type')).toMatch(/^image\/(png|jpeg|webp|svg\+xml)$/);
        expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(500);
      }
    } finally {
      t.close();
    }
  });

  it('uses different data for DEMO_IMAGES=0 (none) and another seed', async () => {
    const none = await localTestApp({ DEMO_IMAGES: '0' });
    const a = await localTestApp({ DEMO_IMAGES: '20', DEMO_SEED: '1' });
    const b = await localTestApp({ DEMO_IMAGES: '20', DEMO_SEED: '2' });
    try {
      expect(none.local.store.size).toBe(0);
      const idsOf = async (t: typeof a) =>
        ((await (await t.app.request(`${V2}?per_page=100`)).json()) as ListBody).result.images.map((i) => i.id);
      expect(await idsOf(a)).not.toEqual(await idsOf(b));
    } finally {
      none.close();
      a.close();
      b.close();
    }
  });
});
