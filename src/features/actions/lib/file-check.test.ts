/**
 * The upload queue's check before sending (docs/actions.md): size and the first bytes, in a person's words. Decoding
 * is the server's (docs/CONTRACT.md §7): a PNG signature on garbage passes here.
 */
import { describe, expect, it } from 'vitest';
import { WRITE_LIMITS } from '../../../contract/image-writes';
import { uploadFileProblem } from './file-check';

/** A 1×1 PNG. */
const PNG = Uint8Array.from(
  atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=='),
  (c) => c.charCodeAt(0),
);
const NOT_AN_IMAGE = 'Not an image Cloudflare accepts: PNG, JPEG, GIF, WebP or SVG';

describe('uploadFileProblem', () => {
  it('lets a real image through, whatever its name and type say', async () => {
    expect(await uploadFileProblem(new File([PNG], 'photo.png', { type: 'image/png' }))).toBeNull();
    expect(await uploadFileProblem(new File([PNG], 'no-extension', { type: '' }))).toBeNull();
    expect(await uploadFileProblem(new File(['<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>'], 'icon.svg'))).toBeNull();
  });

  it('refuses a text file and a text file named .png, from their bytes', async () => {
    expect(await uploadFileProblem(new File(['Read me first.\n'], 'readme.txt', { type: 'text/plain' }))).toBe(NOT_AN_IMAGE);
    expect(await uploadFileProblem(new File(['hello, not a picture'], 'fake.png', { type: 'image/png' }))).toBe(NOT_AN_IMAGE);
  });

  it('refuses an empty file', async () => {
    expect(await uploadFileProblem(new File([], 'empty.png', { type: 'image/png' }))).toBe('Empty file: there is nothing to upload');
  });

  it('refuses a file over 10 MB with its size, before reading it', async () => {
    const big = new File([PNG, new Uint8Array(Math.round(12.3 * 1024 * 1024) - PNG.length)], 'big.png');
    expect(await uploadFileProblem(big)).toBe('Too large: 12.3 MB, at most 10 MB');
    const justOver = new File([PNG, new Uint8Array(WRITE_LIMITS.maxUploadBytes + 1 - PNG.length)], 'just-over.png');
    expect(await uploadFileProblem(justOver)).toBe('Too large: 10,485,761 bytes, at most 10,485,760 (10 MB)');
    const atMost = new File([PNG, new Uint8Array(WRITE_LIMITS.maxUploadBytes - PNG.length)], 'at-most.png');
    expect(await uploadFileProblem(atMost)).toBeNull();
  });
});
