import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { boxFor, flexibleCacheName, outputFor, renderFlexible } from './flexible-render';

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
  it('names cache files canonically', () => {
    expect(flexibleCacheName({ width: 400, fit: 'cover' }, 'webp')).toBe('flex_w-400_fit-cover.webp');
    expect(flexibleCacheName({ width: 400 }, 'jpeg')).toBe('flex_w-400.jpg');
  });
});
