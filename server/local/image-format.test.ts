/**
 * Uploads that could never render are refused at upload (docs/CONTRACT.md §7): 415 / 5455 saying why (truncated or
 * corrupt, more than 100 megapixels, magic bytes and content that disagree); what is accepted renders every variant.
 */
import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localTestApp, upload, uploadForm, V2, type LocalTestApp } from './test-helpers';

let t: LocalTestApp;
beforeAll(async () => {
  t = await localTestApp();
});
afterAll(() => t.close());

function chunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A whole, valid PNG of `width`×`height` black pixels (1-bit grey: a few kilobytes even at 20,000×20,000). */
function blackPng(width: number, height: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([1, 0, 0, 0, 0], 8); // bit depth 1, greyscale, deflate, adaptive filter, no interlace
  const rows = Buffer.alloc((1 + Math.ceil(width / 8)) * height); // filter byte 0 + zero bits, per row
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

async function refused(bytes: Uint8Array, name = 'x.png') {
  const before = t.local.store.size;
  const { status, body } = await upload(t.app, uploadForm({ file: new Blob([new Uint8Array(bytes)]) }, name));
  expect(status, JSON.stringify(body)).toBe(415);
  expect(body.errors[0]!.code).toBe(5455);
  expect(t.local.store.size).toBe(before); // nothing stored
  return body.errors[0]!.message;
}

describe('upload decodes the image before storing it', () => {
  it('refuses a truncated PNG, saying it is truncated or corrupt', async () => {
    const whole = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#000', noise: { type: 'gaussian', mean: 120, sigma: 50 } } })
      .png()
      .toBuffer();
    const message = await refused(whole.subarray(0, Math.floor(whole.length * 0.6)));
    expect(message).toMatch(/PNG/);
    expect(message).toMatch(/cannot be decoded/);
    expect(message).toMatch(/truncated or corrupt/);
  });

  it('refuses a truncated JPEG too', async () => {
    const whole = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#000', noise: { type: 'gaussian', mean: 120, sigma: 50 } } })
      .jpeg()
      .toBuffer();
    expect(await refused(whole.subarray(0, Math.floor(whole.length * 0.5)), 'x.jpg')).toMatch(/JPEG.*cannot be decoded/);
  });

  it('refuses a PNG declaring 12,000×12,000 (144 megapixels), naming the size and the limit', async () => {
    const message = await refused(blackPng(12_000, 12_000));
    expect(message).toContain('12000×12000');
    expect(message).toMatch(/too large/);
    expect(message).toContain('100 megapixels');
  });

  it('says a 20,000×20,000 file is too large, not that it is not an image', async () => {
    const message = await refused(blackPng(20_000, 20_000));
    expect(message).toContain('20000×20000');
    expect(message).toMatch(/too large/);
    expect(message).not.toMatch(/not a PNG/);
  });

  it('refuses a file whose magic bytes name one type and whose content is another', async () => {
    const png = await sharp({ create: { width: 30, height: 20, channels: 3, background: '#3366cc' } }).png().toBuffer();
    // A GIF signature on a PNG's content.
    const gifHeaded = Buffer.concat([Buffer.from('GIF89a', 'latin1'), png.subarray(6)]);
    expect(await refused(gifHeaded, 'x.gif')).toMatch(/starts like a GIF/);
    // A WebP container holding a JPEG.
    const jpeg = await sharp({ create: { width: 30, height: 20, channels: 3, background: '#3366cc' } }).jpeg().toBuffer();
    const riff = Buffer.concat([Buffer.from('RIFF', 'latin1'), Buffer.alloc(4), Buffer.from('WEBPVP8 ', 'latin1'), jpeg]);
    expect(await refused(riff, 'x.webp')).toMatch(/starts like a WebP/);
  });

  it('still says "not a PNG, JPEG…" for what is no image at all', async () => {
    expect(await refused(Buffer.from('just some text, no image'), 'x.txt')).toMatch(/not a PNG, JPEG, GIF, WebP or SVG/);
  });

  it('accepts a large image within the limit, and every stored image renders every variant', async () => {
    const { status } = await upload(t.app, uploadForm({ file: new Blob([new Uint8Array(blackPng(9000, 9000))]) }, 'big.png'));
    expect(status).toBe(200);
    const images = ((await (await t.app.request(`${V2}?per_page=100`)).json()) as { result: { images: { variants: string[] }[] } })
      .result.images;
    expect(images.length).toBeGreaterThan(0);
    for (const image of images) {
      for (const url of image.variants) expect((await t.app.request(new URL(url).pathname)).status, url).toBe(200);
    }
  }, 120_000);
});
