import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliveryUrlWith } from '../../../src/contract/variants';
import { isLargeRender } from '../variants';
import { localTestApp, upload, uploadForm, V1, type LocalTestApp } from '../test-helpers';

let t: LocalTestApp;
let photo: { id: string; variants: string[] };
let secret: { id: string; variants: string[] };

const path = (url: string) => {
  const u = new URL(url);
  return u.pathname + u.search;
};

async function get(last: string, image = photo, headers: Record<string, string> = {}) {
  const res = await t.app.request(path(deliveryUrlWith(image.variants[0]!, last)), { headers });
  return { res, bytes: Buffer.from(await res.arrayBuffer()) };
}

beforeAll(async () => {
  t = await localTestApp();
  const big = await sharp({ create: { width: 1600, height: 1200, channels: 3, background: '#2266aa' } }).jpeg().toBuffer();
  photo = (await upload(t.app, uploadForm({ file: new Blob([new Uint8Array(big)]) }))).body.result;
  secret = (await upload(t.app, uploadForm({ file: new Blob([new Uint8Array(big)]), requireSignedURLs: 'true' }))).body.result;
});
afterAll(() => t.close());

describe('flexible variants in local delivery (CONTRACT.md §11)', () => {
  it('renders the requested width, height, fit and format', async () => {
    const { res, bytes } = await get('w=400,h=400,fit=cover,format=webp,q=70');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/webp');
    // Embeddable by any page, as imagedelivery.net is.
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    const meta = await sharp(bytes).metadata();
    expect([meta.width, meta.height, meta.format]).toEqual([400, 400, 'webp']);
  });
  it('accepts the long spellings and dpr', async () => {
    const meta = await sharp((await get('width=300,dpr=2,format=png')).bytes).metadata();
    expect([meta.width, meta.height, meta.format]).toEqual([600, 450, 'png']);
  });
  it('negotiates format=auto from Accept and says it varies', async () => {
    const avif = await get('w=200', photo, { accept: 'image/avif,image/webp,*/*' });
    expect(avif.res.headers.get('content-type')).toBe('image/avif');
    expect(avif.res.headers.get('vary')).toBe('Accept');
    const plain = await get('w=200', photo, { accept: '*/*' });
    expect(plain.res.headers.get('content-type')).toBe('image/jpeg');
  });
  it('caches each rendering once under a canonical name, and answers 304', async () => {
    const first = await get('w=123,fit=contain,format=png');
    const again = await get('width=123,fit=contain,format=png');
    expect(again.bytes.equals(first.bytes)).toBe(true);
    const etag = first.res.headers.get('etag')!;
    expect((await get('w=123,fit=contain,format=png', photo, { 'if-none-match': etag })).res.status).toBe(304);
    const cached = readdirSync(join(t.dataDir, 'variants')).flatMap((dir) => readdirSync(join(t.dataDir, 'variants', dir)));
    expect(cached.filter((name) => name.startsWith('flex_w-123'))).toEqual(['flex_w-123_fit-contain.png']);
  });
  it.each([
    ['w=0', "'w' must be a whole number from 1 to 12000"],
    ['w=400,blur=2', "Unknown flexible variant option 'blur'"],
    ['fit=stretch', "'fit' must be one of"],
    ['q=101', "'q' must be a whole number from 1 to 100"],
    ['dpr=4', "'dpr' must be a number from 1 to 3"],
  ])('refuses %s with 400 naming the option', async (last, message) => {
    const { res, bytes } = await get(last);
    expect(res.status).toBe(400);
    const body = JSON.parse(bytes.toString());
    expect(body.success).toBe(false);
    expect(body.errors[0].code).toBe(5400);
    expect(body.errors[0].message).toContain(message);
  });
  it('refuses flexible variants of a private image (403), as Cloudflare does', async () => {
    const { res, bytes } = await get('w=100', secret);
    expect(res.status).toBe(403);
    expect(JSON.parse(bytes.toString()).errors[0].message).toContain('requires signed URLs');
  });
});

describe('an animation over 50 megapixels drawn (CONTRACT.md §11, as Cloudflare)', () => {
  it('is delivered as stored, untransformed; a smaller rendering of it is drawn animated', async () => {
    const frames = await Promise.all(
      ['#ff0000', '#00ff00', '#0000ff'].map((background) => sharp({ create: { width: 64, height: 64, channels: 3, background } }).png().toBuffer()),
    );
    const gif = await sharp(frames, { join: { animated: true } }).gif().toBuffer();
    const animated = (await upload(t.app, uploadForm({ file: new Blob([new Uint8Array(gif)]) }, 'moving.gif'))).body.result as { id: string; variants: string[] };
    // 3 frames padded to 5000×5000: 75 megapixels to draw.
    const huge = await get('w=5000,h=5000,fit=pad,format=webp', animated);
    expect(huge.res.status).toBe(200);
    expect(huge.res.headers.get('content-type')).toBe('image/gif');
    expect(huge.bytes.equals(gif)).toBe(true);
    const small = await get('w=32,format=webp', animated);
    expect(small.res.headers.get('content-type')).toBe('image/webp');
    const meta = await sharp(small.bytes, { animated: true }).metadata();
    expect([meta.width, meta.pageHeight, meta.pages]).toEqual([32, 32, 3]);
  });
});

describe('a large flexible render and the grid’s thumbnails', () => {
  it('a rendering is large past 4 megapixels drawn, dpr counted; one side given counts as a square; no size is large', () => {
    expect(isLargeRender({ width: 400, height: 300 })).toBe(false);
    expect(isLargeRender({ width: 2000 })).toBe(false);
    expect(isLargeRender({ width: 2000, height: 2001 })).toBe(true);
    expect(isLargeRender({ height: 1500, dpr: 2 })).toBe(true);
    expect(isLargeRender({ fit: 'cover' })).toBe(true);
  });

  it('do not wait for each other: a 36-megapixel rendering has its own lane, and a thumbnail asked after it comes first', async () => {
    const picture = await sharp({ create: { width: 1600, height: 1200, channels: 3, background: '#aa6622' } }).jpeg().toBuffer();
    const other = (await upload(t.app, uploadForm({ file: new Blob([new Uint8Array(picture)]) }))).body.result as typeof photo;
    const done: string[] = [];
    const large = get('w=6000,h=6000,fit=pad,format=png').then(({ res }) => {
      expect(res.status).toBe(200);
      done.push('large');
    });
    // The large rendering has taken its slot by now.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const thumbnail = get('thumbnail', other).then(({ res }) => {
      expect(res.status).toBe(200);
      done.push('thumbnail');
    });
    await Promise.all([large, thumbnail]);
    expect(done).toEqual(['thumbnail', 'large']);
  });
});

describe('a delete while a flexible variant is being drawn (CONTRACT.md §4)', () => {
  it('answers 404 as if the delete came first, and leaves no rendering on disk', async () => {
    const picture = await sharp({ create: { width: 1600, height: 1200, channels: 3, background: '#118844' } }).jpeg().toBuffer();
    const doomed = (await upload(t.app, uploadForm({ file: new Blob([new Uint8Array(picture)]) }))).body.result as typeof photo;
    const renderings = () => readdirSync(join(t.dataDir, 'variants'), { recursive: true }).map(String).filter((name) => name.includes('w-6000'));
    const before = renderings();
    const drawing = get('w=6000,h=6000,fit=pad,format=png', doomed);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const deleted = await t.app.request(`${V1}/${doomed.id}`, { method: 'DELETE' });
    expect(deleted.status).toBe(200);
    const { res, bytes } = await drawing;
    expect(res.status).toBe(404);
    expect((JSON.parse(bytes.toString()) as { success: boolean }).success).toBe(false);
    expect(renderings()).toEqual(before);
  });
});
