import { statSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { localTestApp, tempDataDir, V1, V2 } from './test-helpers';

type ListBody = { result: { images: { id: string; requireSignedURLs: boolean; variants: string[] }[] } };

describe('createLocalImagesApi', () => {
  // How fast the first start seeds is measured by `npm run bench -- local-store`, not asserted here.
  it('seeds demo images on the first start only, and keeps them across restarts', async () => {
    const dir = tempDataDir();
    const first = await localTestApp({ DEMO_IMAGES: '1200', DEMO_SEED: '3' }, dir);
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
    const t = await localTestApp({ DEMO_IMAGES: '6', DEMO_SEED: '9' });
    try {
      const images = ((await (await t.app.request(`${V2}?per_page=100`)).json()) as ListBody).result.images;
      for (const image of images.filter((i) => !i.requireSignedURLs)) {
        const dims: Record<string, [number, number]> = {};
        for (const url of image.variants) {
          const res = await t.app.request(new URL(url).pathname);
          expect(res.status, url).toBe(200);
          expect(res.headers.get('content-type')).toMatch(/^image\/(png|jpeg|webp|svg\+xml)$/);
          const bytes = Buffer.from(await res.arrayBuffer());
          expect(bytes.length).toBeGreaterThan(500);
          const meta = await sharp(bytes).metadata();
          dims[url.slice(url.lastIndexOf('/') + 1)] = [meta.width, meta.height];
        }
        // Resized straight from the drawing, demo variants must still have the sizes the original would give.
        const [w, h] = dims.original!;
        const fit = (bw: number, bh: number) => {
          const s = Math.min(bw / w, bh / h, 1);
          return [Math.round(w * s), Math.round(h * s)];
        };
        expect(dims.thumbnail).toEqual([320, 320]);
        for (const [name, box] of [['public', fit(1366, 1366)], ['hero', fit(1920, 1080)]] as const) {
          expect(Math.abs(dims[name]![0] - box[0]!), `${name} ${dims[name]} vs ${box}`).toBeLessThanOrEqual(1);
          expect(Math.abs(dims[name]![1] - box[1]!), `${name} ${dims[name]} vs ${box}`).toBeLessThanOrEqual(1);
        }
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
