import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Hono } from 'hono';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleError } from '../../errors';
import { signUrl } from '../../lib/signing';
import { localTestApp, pngBytes, upload, uploadForm, type LocalTestApp } from '../test-helpers';

let t: LocalTestApp;
let landscape: { id: string; variants: string[] };

const path = (url: string) => {
  const u = new URL(url);
  return u.pathname + u.search;
};

async function get(url: string, headers: Record<string, string> = {}) {
  const res = await t.app.request(path(url), { headers });
  return { res, bytes: Buffer.from(await res.arrayBuffer()) };
}

beforeAll(async () => {
  t = await localTestApp();
  const big = await sharp({ create: { width: 2400, height: 1600, channels: 3, background: '#884422' } }).jpeg().toBuffer();
  landscape = (await upload(t.app, uploadForm({ file: new Blob([new Uint8Array(big)]), id: 'photos/big landscape' }))).body.result;
});
afterAll(() => t.close());

describe('GET /cdn-cgi/imagedelivery/…', () => {
  it('renders each variant to its size, in the original’s format', async () => {
    const sizes: Record<string, [number, number]> = {
      thumbnail: [320, 320],
      public: [1366, 911],
      hero: [1620, 1080],
      original: [2400, 1600],
    };
    for (const url of landscape.variants) {
      const variant = url.slice(url.lastIndexOf('/') + 1);
      const { res, bytes } = await get(url);
      expect(res.status, variant).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/jpeg');
      const meta = await sharp(bytes).metadata();
      expect([meta.width, meta.height], variant).toEqual(sizes[variant]);
    }
  });

  it('never enlarges within public/hero, and cover-crops thumbnails', async () => {
    const small = (await upload(t.app, uploadForm({ file: new Blob([new Uint8Array(await pngBytes(100, 40))]) }))).body.result;
    const dims = async (variant: number) => {
      const m = await sharp((await get(small.variants[variant]!)).bytes).metadata();
      return [m.width, m.height, m.format];
    };
    expect(await dims(0)).toEqual([320, 320, 'png']);
    expect(await dims(1)).toEqual([100, 40, 'png']);
    expect(await dims(2)).toEqual([100, 40, 'png']);
  });

  it('caches rendered variants on disk and answers 304 to a matching If-None-Match', async () => {
    const { res, bytes } = await get(landscape.variants[0]!);
    const etag = res.headers.get('etag');
    expect(etag).toMatch(/^"[0-9a-f]{64}-thumbnail"$/);
    expect(res.headers.get('cache-control')).toMatch(/max-age=\d+/);
    expect(existsSync(join(t.dataDir, 'variants', etag!.slice(1, 65), 'thumbnail.jpg'))).toBe(true);
    const again = await get(landscape.variants[0]!);
    expect(again.bytes.equals(bytes)).toBe(true);
    const cached = await get(landscape.variants[0]!, { 'if-none-match': `W/"x", ${etag}` });
    expect(cached.res.status).toBe(304);
    expect(cached.bytes.length).toBe(0);
    expect(cached.res.headers.get('etag')).toBe(etag);
    expect((await get(landscape.variants[0]!, { 'if-none-match': '"other"' })).res.status).toBe(200);
  });

  it('rasterises SVG for resized variants and serves the original SVG under a restrictive CSP', async () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><script>alert(1)</script><rect width="40" height="20" fill="red"/></svg>';
    const image = (await upload(t.app, uploadForm({ file: new Blob([svg]) }, 'x.svg'))).body.result;
    const thumb = await get(image.variants[0]!);
    expect(thumb.res.headers.get('content-type')).toBe('image/png');
    expect((await sharp(thumb.bytes).metadata()).format).toBe('png');
    // The local routes set the SVG policy; checked on them alone because the app-wide security headers may replace it.
    const routes = new Hono();
    routes.route('/', t.local.routes);
    routes.onError(handleError);
    const original = await routes.request(path(image.variants[3]!));
    expect(original.headers.get('content-type')).toBe('image/svg+xml');
    expect(original.headers.get('content-security-policy')).toMatch(/default-src 'none'.*sandbox/);
    expect(await original.text()).toBe(svg);
    // Through the whole app, the app-wide security headers keep the stricter SVG policy.
    const viaApp = await get(image.variants[3]!);
    expect(viaApp.res.headers.get('content-security-policy')).toMatch(/default-src 'none'.*sandbox/);
    expect(viaApp.res.headers.get('content-security-policy')).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(viaApp.res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('refuses a private image without a valid, unexpired signature (403), and serves it with one', async () => {
    const image = (await upload(t.app, uploadForm({ file: new Blob([new Uint8Array(await pngBytes())]), requireSignedURLs: 'true' }))).body.result;
    const url = image.variants[0]!;
    const now = Math.floor(Date.now() / 1000);
    const signed = await signUrl(url, t.local.signingKey, now + 60);
    const expired = await signUrl(url, t.local.signingKey, now - 1);
    const wrongKey = await signUrl(url, 'another-key', now + 60);
    const otherVariant = signed.replace('/thumbnail?', '/original?');
    for (const bad of [url, expired, wrongKey, otherVariant, `${url}?exp=${now + 60}&sig=zz`]) {
      const { res, bytes } = await get(bad);
      expect(res.status, bad).toBe(403);
      const body = JSON.parse(bytes.toString()) as { success: boolean; errors: { code: number; message: string }[] };
      expect(body.success).toBe(false);
      expect(body.errors[0]?.message).toMatch(/signed URL/);
    }
    const ok = await get(signed);
    expect(ok.res.status).toBe(200);
    expect(ok.res.headers.get('content-type')).toBe('image/png');
    expect(ok.res.headers.get('cache-control')).toMatch(/^private/);
  });

  it('keeps an animated GIF animated in resized variants', async () => {
    const frame = (color: string) => sharp({ create: { width: 40, height: 30, channels: 3, background: color } }).png().toBuffer();
    const gif = await sharp([await frame('#f00'), await frame('#00f')], { join: { animated: true } }).gif().toBuffer();
    const image = (await upload(t.app, uploadForm({ file: new Blob([new Uint8Array(gif)]) }, 'anim.gif'))).body.result;
    const { res, bytes } = await get(image.variants[0]!);
    expect(res.headers.get('content-type')).toBe('image/gif');
    const meta = await sharp(bytes, { animated: true }).metadata();
    expect([meta.pages, meta.width, meta.pageHeight]).toEqual([2, 320, 320]);
  });

  it('answers HEAD with the headers and no body', async () => {
    const res = await t.app.request(path(landscape.variants[1]!), { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    expect(res.headers.get('etag')).toMatch(/-public"$/);
    expect((await res.arrayBuffer()).byteLength).toBe(0);
  });

  it('answers 404 / 5404 for an unknown hash, image or variant', async () => {
    const id = encodeURIComponent('photos') + '/' + encodeURIComponent('big landscape');
    for (const p of [
      `/cdn-cgi/imagedelivery/WrongHash/${id}/public`,
      `/cdn-cgi/imagedelivery/LocalImagesExplorer000/nope/public`,
      `/cdn-cgi/imagedelivery/LocalImagesExplorer000/${id}/gigantic`,
      `/cdn-cgi/imagedelivery/LocalImagesExplorer000/public`,
    ]) {
      const res = await t.app.request(p);
      expect(res.status, p).toBe(404);
      expect(((await res.json()) as { errors: { code: number }[] }).errors[0]?.code).toBe(5404);
    }
  });

  it('answers 400 / 5400 "malformed path" for a bad percent-escape, not "No image with id \'\'"', async () => {
    for (const p of [
      `/cdn-cgi/imagedelivery/LocalImagesExplorer000/%E0%A4%A/public`,
      `/cdn-cgi/imagedelivery/LocalImagesExplorer000/a%ZZb/thumbnail`,
      `/cdn-cgi/imagedelivery/LocalImagesExplorer000/photos/%/original`,
    ]) {
      const res = await t.app.request(p);
      expect(res.status, p).toBe(400);
      const error = ((await res.json()) as { errors: { code: number; message: string }[] }).errors[0]!;
      expect(error.code).toBe(5400);
      expect(error.message).toMatch(/^Malformed delivery path: .*percent-encoding/);
    }
  });

  it('answers concurrent first requests for one variant alike (one render shared)', async () => {
    const image = (await upload(t.app, uploadForm({ file: new Blob([new Uint8Array(await pngBytes(900, 700, '#0a0'))]) }))).body.result;
    const results = await Promise.all(Array.from({ length: 6 }, () => get(image.variants[1]!)));
    for (const r of results) {
      expect(r.res.status).toBe(200);
      expect(r.bytes.equals(results[0]!.bytes)).toBe(true);
    }
  });
});
