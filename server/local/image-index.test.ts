import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ImageIndex } from './image-index';
import type { StoredImage } from './stored-image';

function image(seq: number, uploaded: number, meta: Record<string, unknown> = {}): StoredImage {
  return {
    seq,
    id: `img-${seq}`,
    filename: `${seq}.png`,
    creator: null,
    meta,
    requireSignedURLs: false,
    uploaded,
    format: 'png',
    file: `${seq}.png`,
    contentKey: String(seq),
  };
}

/** Every page of a scan, following the last image as the cursor. */
function walk(index: ImageIndex, perPage: number, sortOrder: 'asc' | 'desc', match: (i: StoredImage) => boolean) {
  const seen: StoredImage[] = [];
  let after: StoredImage | undefined;
  for (;;) {
    const page = index.scan({ perPage, sortOrder, after, match });
    expect(page.images.length).toBeLessThanOrEqual(perPage);
    seen.push(...page.images);
    if (!page.more) return seen;
    expect(page.images.length).toBe(perPage);
    after = page.images.at(-1);
  }
}

describe('ImageIndex', () => {
  it('pages equal a plain sort + filter, ties broken by seq, in both orders', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ uploaded: fc.integer({ min: 0, max: 20 }), keep: fc.boolean() }), { maxLength: 80 }),
        fc.integer({ min: 1, max: 12 }),
        fc.constantFrom('asc' as const, 'desc' as const),
        (rows, perPage, order) => {
          const images = rows.map((r, i) => image(i + 1, r.uploaded, { keep: r.keep }));
          const index = new ImageIndex([...images].reverse());
          const match = (i: StoredImage) => i.meta.keep === true;
          const expected = images
            .filter(match)
            .sort((a, b) => a.uploaded - b.uploaded || a.seq - b.seq)
            .map((i) => i.seq);
          if (order === 'desc') expected.reverse();
          expect(walk(index, perPage, order, match).map((i) => i.seq)).toEqual(expected);
        },
      ),
    );
  });

  it('says "more" only when another matching image follows', () => {
    const index = new ImageIndex([image(1, 10, { k: 1 }), image(2, 20, { k: 1 }), image(3, 30, { k: 0 })]);
    const match = (i: StoredImage) => i.meta.k === 1;
    expect(index.scan({ perPage: 2, sortOrder: 'asc', match }).more).toBe(false);
    expect(index.scan({ perPage: 1, sortOrder: 'asc', match }).more).toBe(true);
    expect(index.scan({ perPage: 1, sortOrder: 'desc', match }).images[0]?.seq).toBe(2);
  });

  it('keeps its order through add, replace and remove', () => {
    const index = new ImageIndex([image(1, 10), image(2, 30)]);
    index.add(image(3, 20));
    index.add(image(4, 40));
    index.replace({ ...image(3, 20), creator: 'x' });
    index.remove(image(2, 30));
    const all = index.scan({ perPage: 10, sortOrder: 'asc', match: () => true }).images;
    expect(all.map((i) => i.seq)).toEqual([1, 3, 4]);
    expect(index.get('img-3')?.creator).toBe('x');
    expect(index.get('img-2')).toBeUndefined();
    expect(() => index.remove(image(2, 30))).toThrow(/out of sync/);
  });

  it('resumes after a cursor that was deleted', () => {
    const images = [1, 2, 3, 4, 5].map((n) => image(n, n * 10));
    const index = new ImageIndex(images);
    index.remove(images[2]!);
    const page = index.scan({ perPage: 10, sortOrder: 'asc', after: images[2], match: () => true });
    expect(page.images.map((i) => i.seq)).toEqual([4, 5]);
    const back = index.scan({ perPage: 10, sortOrder: 'desc', after: images[2], match: () => true });
    expect(back.images.map((i) => i.seq)).toEqual([2, 1]);
  });
});
