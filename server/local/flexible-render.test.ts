import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { animationOverLimit, boxFor, flexibleCacheName, outputFor, renderFlexible } from './flexible-render';

/** A real 800×600 PNG: red left half, blue right half. */
async function picture(width = 800, height = 600): Promise<Buffer> {
  const half = Math.floor(width / 2);
  return sharp({ create: { width, height, channels: 3, background: '#0000ff' } })
    .composite([{ input: { create: { width: half, height, channels: 3, background: '#ff0000' } }, left: 0, top: 0 }])
    .png()
    .toBuffer();
}

async function size(bytes: Buffer) {
  const meta = await sharp(bytes).metadata();
  return { width: meta.width, height: meta.height, format: meta.format };
}

describe('renderFlexible (CONTRACT.md §11)', () => {
  it('scale-down fits within the box and never enlarges', async () => {
    const source = await picture();
    expect(await size(await renderFlexible(source, 'png', { width: 400, fit: 'scale-down' }, 'png'))).toEqual({ width: 400, height: 300, format: 'png' });
    expect(await size(await renderFlexible(source, 'png', { width: 2000 }, 'png'))).toEqual({ width: 800, height: 600, format: 'png' });
  });
  it('contain enlarges to the box', async () => {
    expect(await size(await renderFlexible(await picture(), 'png', { width: 1600, fit: 'contain' }, 'png'))).toMatchObject({ width: 1600, height: 1200 });
  });
  it('cover fills the box exactly; crop does not enlarge', async () => {
    const source = await picture();
    expect(await size(await renderFlexible(source, 'png', { width: 200, height: 200, fit: 'cover' }, 'png'))).toMatchObject({ width: 200, height: 200 });
    expect(await size(await renderFlexible(source, 'png', { width: 1000, height: 1000, fit: 'crop' }, 'png'))).toMatchObject({ width: 800, height: 600 });
  });
  it('pad fills the whole box with a background', async () => {
    const out = await renderFlexible(await picture(), 'png', { width: 300, height: 300, fit: 'pad' }, 'png');
    expect(await size(out)).toMatchObject({ width: 300, height: 300 });
    const { data, info } = await sharp(out).raw().toBuffer({ resolveWithObject: true });
    // The top row lies in the padding: transparent.
    expect(data[info.channels - 1]).toBe(0);
  });
  it('multiplies the box by dpr', async () => {
    expect(boxFor({ width: 300, height: 100, dpr: 2 })).toEqual({ width: 600, height: 200 });
    expect(boxFor({ width: 9000, dpr: 3 })).toEqual({ width: 12000, height: undefined });
    expect(await size(await renderFlexible(await picture(), 'png', { width: 200, dpr: 2 }, 'png'))).toMatchObject({ width: 400, height: 300 });
  });
  it.each(['webp', 'avif', 'jpeg', 'png'] as const)('writes %s', async (format) => {
    const out = await renderFlexible(await picture(), 'png', { width: 100, quality: 50 }, format);
    expect((await size(out)).format).toBe(format === 'jpeg' ? 'jpeg' : format === 'avif' ? 'heif' : format);
  });
  it('keeps a lower quality smaller', async () => {
    const source = await picture();
    const low = await renderFlexible(source, 'png', { width: 400, quality: 10 }, 'jpeg');
    const high = await renderFlexible(source, 'png', { width: 400, quality: 95 }, 'jpeg');
    expect(low.length).toBeLessThan(high.length);
  });
});

describe('outputFor', () => {
  it('negotiates format=auto from Accept, as Cloudflare does', () => {
    expect(outputFor({}, 'png', 'image/avif,image/webp,*/*')).toBe('avif');
    expect(outputFor({ format: 'auto' }, 'png', 'image/webp,*/*')).toBe('webp');
    expect(outputFor({}, 'jpeg', '*/*')).toBe('jpeg');
    expect(outputFor({}, 'svg', undefined)).toBe('png');
    expect(outputFor({ format: 'jpeg' }, 'png', 'image/avif')).toBe('jpeg');
  });
  it('a type the browser refuses with q=0 is not sent', () => {
    expect(outputFor({}, 'png', 'image/avif;q=0, image/webp, */*')).toBe('webp');
    expect(outputFor({}, 'jpeg', 'image/avif; q=0.0,image/webp;q=0,*/*;q=0.8')).toBe('jpeg');
    expect(outputFor({}, 'png', 'IMAGE/AVIF;Q=0.5')).toBe('avif');
  });
  it('names cache files canonically', () => {
    expect(flexibleCacheName({ width: 400, fit: 'cover' }, 'webp')).toBe('flex_w-400_fit-cover.webp');
    expect(flexibleCacheName({ width: 400 }, 'jpeg')).toBe('flex_w-400.jpg');
    // What is drawn names the file: dpr folded in, the format only as the extension, q only where lossy.
    expect(flexibleCacheName({ width: 200, dpr: 2, format: 'png', quality: 50 }, 'png')).toBe(flexibleCacheName({ width: 400 }, 'png'));
    expect(flexibleCacheName({ width: 400, quality: 50 }, 'webp')).toBe('flex_w-400_q-50.webp');
    expect(flexibleCacheName({ fit: 'cover' }, 'png')).toBe('flex_fit-cover.png');
  });
});

/** A real animated GIF of `frames` distinct frames of `width`×`height`. */
async function animation(width: number, height: number, frames: number): Promise<Buffer> {
  const pictures = await Promise.all(
    Array.from({ length: frames }, (_, i) =>
      sharp({ create: { width, height, channels: 3, background: { r: (i * 37) % 256, g: (i * 91) % 256, b: (i * 53) % 256 } } }).png().toBuffer(),
    ),
  );
  return sharp(pictures, { join: { animated: true } }).gif({ effort: 1 }).toBuffer();
}

describe('animations over 50 megapixels are delivered untransformed, as Cloudflare does', () => {
  it('counts every frame of what is read: 51 frames of 1000×1000 is over, for GIF and WebP output; a still is never', async () => {
    const big = await animation(1000, 1000, 51);
    expect((await sharp(big, { animated: true }).metadata()).pages).toBe(51);
    expect(await animationOverLimit(big, 'gif', { width: 100 }, 'webp')).toBe(true);
    expect(await animationOverLimit(big, 'gif', { width: 100 }, 'gif')).toBe(true);
    expect(await animationOverLimit(big, 'gif', { width: 100 }, 'jpeg')).toBe(false);
    expect(await animationOverLimit(big, 'png', { width: 100 }, 'webp')).toBe(false);
  }, 20_000);
  it('counts what a fit would draw: a small animation enlarged past the limit is over; scale-down never enlarges', async () => {
    const small = await animation(64, 64, 3);
    expect(await animationOverLimit(small, 'gif', { width: 100 }, 'webp')).toBe(false);
    expect(await animationOverLimit(small, 'gif', { width: 5000, height: 5000, fit: 'pad' }, 'webp')).toBe(true);
    expect(await animationOverLimit(small, 'gif', { width: 5000, height: 5000, fit: 'cover' }, 'gif')).toBe(true);
    expect(await animationOverLimit(small, 'gif', { width: 5000, fit: 'contain' }, 'gif')).toBe(true);
    expect(await animationOverLimit(small, 'gif', { width: 4000, fit: 'contain' }, 'gif')).toBe(false);
    expect(await animationOverLimit(small, 'gif', { width: 12000, height: 12000 }, 'gif')).toBe(false);
    expect(await animationOverLimit(small, 'gif', { width: 12000, height: 12000, fit: 'crop' }, 'gif')).toBe(false);
  });
});
