import { describe, expect, it } from 'vitest';
import { successEnvelope, successImagesBytes, successImagesJson } from './envelope';

const utf8 = new TextEncoder();
const images = [
  { id: 'a', meta: {} },
  { id: 'odd/ids "quoted" é', meta: { note: 'a "b" \\ c\u2028 ü 🌍' } },
  { id: 'c', meta: { n: 1, nested: { x: [true, null] } } },
];

describe('a page of images from each image’s JSON', () => {
  for (const count of [0, 1, 3]) {
    for (const rest of [{}, { continuation_token: null }, { continuation_token: 'tok', total: 3, index: { state: 'ready' } }]) {
      const page = images.slice(0, count);
      const reference = JSON.stringify(successEnvelope({ images: page, ...rest }));

      it(`is what serialising the envelope writes (${count} images, ${Object.keys(rest).length} other fields), as text`, () => {
        expect(successImagesJson(page.map((image) => JSON.stringify(image)), rest)).toBe(reference);
      });

      it(`is what serialising the envelope writes (${count} images, ${Object.keys(rest).length} other fields), as UTF-8 bytes`, () => {
        const bytes = successImagesBytes(page.map((image) => utf8.encode(JSON.stringify(image))), rest);
        expect(bytes).toEqual(utf8.encode(reference));
      });
    }
  }

  it('reads each image’s bytes where they are, in a shared buffer too (Node’s small buffers are slices of a pool)', () => {
    const [one, two] = [utf8.encode(JSON.stringify(images[1])), utf8.encode(JSON.stringify(images[2]))];
    const pool = new Uint8Array(one.length + two.length + 6).fill(0x78);
    pool.set(one, 2);
    pool.set(two, one.length + 4);
    const slices = [pool.subarray(2, 2 + one.length), pool.subarray(one.length + 4, one.length + 4 + two.length)];
    const bytes = successImagesBytes(slices, { continuation_token: null });
    expect(new TextDecoder().decode(bytes)).toBe(JSON.stringify(successEnvelope({ images: images.slice(1), continuation_token: null })));
  });
});
