/**
 * The upload's file rules the server and the dashboard share (docs/CONTRACT.md §4, §7): the 10 MB maximum, and the
 * format named by the first bytes, never by the name or the type. Real pictures, drawn by sharp.
 */
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { checkUploadFile, IMAGE_FORMAT_NAMES, SNIFF_BYTES, sniffImageFormat } from './image-file';
import { WRITE_LIMITS, WriteRuleError } from './image-writes';

const text = (s: string) => new TextEncoder().encode(s);
const picture = () => sharp({ create: { width: 4, height: 3, channels: 3, background: '#3a7' } });

describe('sniffImageFormat', () => {
  it('names PNG, JPEG, GIF and WebP from their magic bytes', async () => {
    expect(sniffImageFormat(await picture().png().toBuffer())).toBe('png');
    expect(sniffImageFormat(await picture().jpeg().toBuffer())).toBe('jpeg');
    expect(sniffImageFormat(await picture().gif().toBuffer())).toBe('gif');
    expect(sniffImageFormat(await picture().webp().toBuffer())).toBe('webp');
  });

  it('needs no more than the first SNIFF_BYTES', async () => {
    const noise = Uint8Array.from({ length: 128 * 128 * 3 }, (_, i) => (i * 7919) % 251);
    const jpeg = await sharp(noise, { raw: { width: 128, height: 128, channels: 3 } }).jpeg({ quality: 95 }).toBuffer();
    expect(jpeg.length).toBeGreaterThan(SNIFF_BYTES);
    expect(sniffImageFormat(jpeg.subarray(0, SNIFF_BYTES))).toBe('jpeg');
  });

  it('takes SVG as text: optional BOM, whitespace, XML declaration, comments and doctype, then <svg', () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="3"/>';
    expect(sniffImageFormat(text(svg))).toBe('svg');
    expect(sniffImageFormat(text(`\uFEFF \n${svg}`))).toBe('svg');
    expect(sniffImageFormat(text(`<?xml version="1.0" encoding="UTF-8"?>\n<!-- drawn by hand -->\n${svg}`))).toBe('svg');
    expect(sniffImageFormat(text(`<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "x.dtd">${svg}`))).toBe('svg');
    expect(sniffImageFormat(text('<svg>\n</svg>'))).toBe('svg');
  });

  it('refuses text, HTML, a fake .png and other RIFF files', () => {
    expect(sniffImageFormat(text('Read me first.\n'))).toBeNull();
    expect(sniffImageFormat(text('<html><body><svg></svg></body></html>'))).toBeNull();
    expect(sniffImageFormat(text('<svgish/>'))).toBeNull();
    expect(sniffImageFormat(text('hello, not a picture'))).toBeNull();
    expect(sniffImageFormat(text('RIFF\0\0\0\0WAVEfmt '))).toBeNull();
    expect(sniffImageFormat(new Uint8Array([0x89, 0x50, 0x4e, 0x47]))).toBeNull();
    expect(sniffImageFormat(new Uint8Array())).toBeNull();
  });

  it('the maximum is 10 MB, counted as 10 × 1024 × 1024 bytes', () => {
    expect(WRITE_LIMITS.maxUploadBytes).toBe(10_485_760);
    expect(Object.values(IMAGE_FORMAT_NAMES).join(', ')).toBe('PNG, JPEG, GIF, WebP, SVG');
  });
});

describe('checkUploadFile: the file rules that need no decoder, as the local API and the proxy answer them', () => {
  const refusal = async (file: Blob) => {
    try {
      await checkUploadFile(file);
    } catch (error) {
      if (error instanceof WriteRuleError) return { status: error.status, ...error.apiMessage };
      throw error;
    }
    return null;
  };

  it('names the format of a file whose first bytes name one', async () => {
    expect(await checkUploadFile(new Blob([new Uint8Array(await picture().png().toBuffer())]))).toBe('png');
    expect(await checkUploadFile(new Blob([text('<svg xmlns="http://www.w3.org/2000/svg"/>')]))).toBe('svg');
  });

  it('refuses a text file and an empty file with 415 / 5455, a larger file with 413 / 5413', async () => {
    expect(await refusal(new Blob([text('hello\n')]))).toMatchObject({ status: 415, code: 5455, message: expect.stringMatching(/^Unsupported file: not a PNG/) });
    expect(await refusal(new Blob([]))).toMatchObject({ status: 415, code: 5455, message: expect.stringMatching(/empty/) });
    const big = new Blob([new Uint8Array(await picture().png().toBuffer()), new Uint8Array(WRITE_LIMITS.maxUploadBytes)]);
    expect(await refusal(big)).toMatchObject({ status: 413, code: 5413, message: expect.stringMatching(/^File too large: \d+ bytes, maximum 10485760/) });
  });
});
