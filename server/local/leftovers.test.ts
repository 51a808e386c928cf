/**
 * Nothing left behind (docs/CONTRACT.md §4): a delete while a variant is being drawn answers the delete, the drawing
 * ends without a 500 and without files; a restart removes what a crash or an interrupted upload left (temporary
 * files, originals with no record, variant folders with no record).
 */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { localTestApp, tempDataDir, upload, uploadForm, V1 } from './test-helpers';

/** A noisy picture (every variant is a real resize and re-encode), different for each `n`. */
function noisyJpeg(n: number): Promise<Buffer> {
  return sharp({ create: { width: 1000, height: 700, channels: 3, background: '#000', noise: { type: 'gaussian', mean: 40 + (n % 150), sigma: 40 } } })
    .jpeg()
    .toBuffer();
}

/** Every file below `dir`, relative to it. */
function filesBelow(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1));
}

describe('delete while a variant is being drawn', () => {
  it('never answers 500, and leaves no variant folder or original behind (50 tries)', async () => {
    const dir = tempDataDir();
    const t = await localTestApp({}, dir);
    const statuses = new Map<number, number>();
    const unexpected: string[] = [];
    try {
      for (let n = 0; n < 50; n += 1) {
        const image = (await upload(t.app, uploadForm({ file: new Blob([new Uint8Array(await noisyJpeg(n))]) }))).body.result;
        const delivery = (variant: string) => new URL(image.variants.find((v) => v.endsWith(`/${variant}`))!).pathname;
        const draws = ['public', 'hero', 'public', 'thumbnail'].map((variant) => t.app.request(delivery(variant)));
        // The delete lands at a different moment of the drawing each try: at once, or after 1–120 ms.
        if (n % 5 !== 0) await new Promise((resolve) => setTimeout(resolve, (n * 7) % 120));
        const deleted = await t.app.request(`${V1}/${image.id}`, { method: 'DELETE' });
        if (deleted.status !== 200) unexpected.push(`delete ${n}: ${deleted.status} ${await deleted.text()}`);
        for (const res of await Promise.all(draws)) {
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          if (res.status !== 200 && res.status !== 404) unexpected.push(`draw ${n}: ${res.status} ${await res.text()}`);
          else if (res.status === 404) expect(((await res.json()) as { errors: { code: number }[] }).errors[0]!.code).toBe(5404);
          else await res.arrayBuffer();
        }
      }
      expect(unexpected).toEqual([]);
      // Whatever the timing, once every answer is out nothing of the 50 images is left on disk.
      expect(filesBelow(join(dir, 'variants'))).toEqual([]);
      expect(readdirSync(join(dir, 'variants'))).toEqual([]);
      expect(filesBelow(join(dir, 'originals'))).toEqual([]);
      console.log(`delete during render: answers ${JSON.stringify(Object.fromEntries(statuses))}`);
    } finally {
      t.close();
    }
  }, 240_000);
});

describe('restart sweeps what a crash left', () => {
  it('removes temporary files, originals with no record and variant folders with no record; keeps the rest', async () => {
    const dir = tempDataDir();
    const first = await localTestApp({ DEMO_IMAGES: '6' }, dir);
    const kept = (await upload(first.app, uploadForm({ file: new Blob([new Uint8Array(await noisyJpeg(7))]) }))).body.result;
    const keptPublic = await first.app.request(new URL(kept.variants.find((v) => v.endsWith('/public'))!).pathname);
    expect(keptPublic.status).toBe(200);
    const demo = first.local.store.list({ perPage: 10, sortOrder: 'asc', match: (image) => !image.requireSignedURLs }).images[0]!;
    expect((await first.app.request(`/cdn-cgi/imagedelivery/LocalImagesExplorer000/${demo.id}/original`)).status).toBe(200);
    const keptFile = first.local.store.get(kept.id)!.file;
    first.local.close(); // the test plays the crash: files appear that no clean run leaves

    const orphanKey = 'ab'.repeat(32);
    writeFileSync(join(dir, 'originals', `${orphanKey}.png`), 'an original whose row was never inserted');
    writeFileSync(join(dir, 'originals', `${'cd'.repeat(32)}.png.1a2b3c4d5e6f.tmp`), 'half an upload');
    writeFileSync(join(dir, 'originals', 'demo', 's1-99.png.0a0b0c0d0e0f.tmp'), 'half a demo picture');
    mkdirSync(join(dir, 'variants', orphanKey));
    writeFileSync(join(dir, 'variants', orphanKey, 'public.png'), 'a variant of nothing');
    const keptKey = first.local.store.get(kept.id)!.contentKey;
    writeFileSync(join(dir, 'variants', keptKey, 'hero.jpg.abcdefabcdef.tmp'), 'half a variant');
    const before = new Set([...filesBelow(join(dir, 'originals')), ...filesBelow(join(dir, 'variants')).map((f) => `v/${f}`)]);

    const second = await localTestApp({ DEMO_IMAGES: '6' }, dir);
    try {
      const originals = filesBelow(join(dir, 'originals')).sort();
      const variants = filesBelow(join(dir, 'variants')).sort();
      expect(originals.filter((f) => f.endsWith('.tmp'))).toEqual([]);
      expect(variants.filter((f) => f.endsWith('.tmp'))).toEqual([]);
      expect(existsSync(join(dir, 'originals', `${orphanKey}.png`))).toBe(false);
      expect(existsSync(join(dir, 'variants', orphanKey))).toBe(false);
      // What rows name is all still there, and still delivered.
      const stored = [...originals].filter((f) => before.has(f));
      expect(originals).toEqual(stored);
      expect(originals).toContain(keptFile);
      expect(originals).toContain(demo.file);
      expect(variants).toContain(`${keptKey}/public.jpg`);
      // The other folders are the demo thumbnails drawn in the background: each named by a row.
      const rows = second.local.store.references().contentKeys;
      expect(readdirSync(join(dir, 'variants')).filter((key) => !rows.has(key))).toEqual([]);
      for (const url of kept.variants) expect((await second.app.request(new URL(url).pathname)).status, url).toBe(200);
    } finally {
      second.close();
    }
  }, 120_000);
});
