import { describe, expect, it } from 'vitest';
import type { CfImage, ListImagesResult } from '../../../contract/image';
import { idsOf, loadedImages, positionOf } from './loaded-images';

/** Counts every read of a page's images array and of its images' fields, per page. */
function countingPages(pageCount: number, perPage: number) {
  const reads = Array.from({ length: pageCount }, () => 0);
  const pages: ListImagesResult[] = Array.from({ length: pageCount }, (_, k) => {
    const images = Array.from({ length: perPage }, (_, i): CfImage => {
      const image: CfImage = {
        id: `p${k}-${i}`,
        filename: `p${k}-${i}.png`,
        creator: null,
        meta: { page: k },
        requireSignedURLs: false,
        uploaded: '2026-11-22T09:30:00.123Z',
        variants: [],
      };
      return new Proxy(image, {
        get(target, key, receiver) {
          reads[k]! += 1;
          return Reflect.get(target, key, receiver);
        },
      });
    });
    const counted = new Proxy(images, {
      get(target, key, receiver) {
        reads[k]! += 1;
        return Reflect.get(target, key, receiver);
      },
    });
    return { images: counted, continuation_token: k < pageCount - 1 ? `t${k}` : null };
  });
  const reset = () => reads.fill(0);
  return { pages, reads, reset };
}

const plain = (count: number, prefix = 'a'): ListImagesResult => ({
  images: Array.from({ length: count }, (_, i) => ({
    id: `${prefix}${i}`,
    filename: `${prefix}${i}.png`,
    creator: null,
    meta: {},
    requireSignedURLs: false,
    uploaded: '2026-11-22T09:30:00.123Z',
    variants: [],
  })),
  continuation_token: null,
});

describe('loaded images: the cost of a page', () => {
  it('appending page k reads only page k: no earlier page or image is touched', () => {
    const { pages, reads, reset } = countingPages(8, 50);
    let loaded: ListImagesResult[] = [];
    const costs: number[] = [];
    for (let k = 0; k < pages.length; k += 1) {
      reset();
      loaded = [...loaded, pages[k]!];
      const view = loadedImages(loaded);
      expect(view.length).toBe((k + 1) * 50);
      // Earlier pages: not one read. The new page: read.
      expect(reads.slice(0, k).every((n) => n === 0)).toBe(true);
      expect(reads[k]).toBeGreaterThan(0);
      expect(reads.slice(k + 1).every((n) => n === 0)).toBe(true);
      costs.push(reads[k]!);
    }
    // …and the same number of reads for the 8th page as for the 1st: the cost does not grow with what is loaded.
    expect(new Set(costs).size).toBe(1);
  });

  it('the same pages answer the same view, without any work', () => {
    const { pages, reads, reset } = countingPages(3, 20);
    const first = loadedImages(pages);
    reset();
    expect(loadedImages(pages)).toBe(first);
    expect(reads.every((n) => n === 0)).toBe(true);
  });

  it('a lookup by id or by position reads no page and no other image', () => {
    const { pages, reads, reset } = countingPages(10, 100);
    const view = loadedImages(pages);
    reset();
    const position = view.positionOf('p7-42');
    expect(position).toBe(742);
    const image = view[position];
    expect(view.ids[position]).toBe('p7-42');
    expect(positionOf(view, 'p3-3')).toBe(303);
    expect(view.positionOf('nope')).toBe(-1);
    expect(reads.every((n) => n === 0)).toBe(true);
    expect(image?.id).toBe('p7-42');
  });
});

describe('loaded images: an array for every consumer', () => {
  it('reads like the flat list of the pages, in order', () => {
    const pages = [plain(3, 'a'), plain(2, 'b')];
    const view = loadedImages(pages);
    const flat = pages.flatMap((page) => page.images);
    expect(Array.isArray(view)).toBe(true);
    expect(view.length).toBe(5);
    expect([...view]).toEqual(flat);
    expect(view.slice(1, 4)).toEqual(flat.slice(1, 4));
    expect(view.map((image) => image.id)).toEqual(['a0', 'a1', 'a2', 'b0', 'b1']);
    expect(view.findIndex((image) => image.id === 'b0')).toBe(3);
    expect(view.filter((image) => image.id.startsWith('b')).length).toBe(2);
    expect(view[4]?.id).toBe('b1');
    expect(view[5]).toBeUndefined();
    expect(3 in view).toBe(true);
    expect(5 in view).toBe(false);
    expect([...view.ids]).toEqual(['a0', 'a1', 'a2', 'b0', 'b1']);
    expect(new Set(view.ids).size).toBe(5);
    expect(view.ids.indexOf('b0')).toBe(3);
    expect(view.ids.indexOf('b0', 4)).toBe(-1);
    expect(view.ids.indexOf('zz')).toBe(-1);
    expect(view.ids.includes('a2')).toBe(true);
    expect(idsOf(view)).toBe(view.ids);
    expect(Object.keys(view)).toEqual(['0', '1', '2', '3', '4']);
  });

  it('an earlier view keeps its own length after more pages arrive', () => {
    const a = plain(2, 'a');
    const b = plain(2, 'b');
    const before = loadedImages([a]);
    const after = loadedImages([a, b]);
    expect(before.length).toBe(2);
    expect(before[2]).toBeUndefined();
    expect(before.positionOf('b0')).toBe(-1);
    expect(after.positionOf('b0')).toBe(2);
    expect(before).not.toBe(after);
  });

  it('starts afresh when the pages are not an extension of the ones seen (a refetch)', () => {
    const a = plain(2, 'a');
    loadedImages([a, plain(2, 'b')]);
    const other = loadedImages([a, plain(3, 'c')]);
    expect([...other.ids]).toEqual(['a0', 'a1', 'c0', 'c1', 'c2']);
    expect(other.positionOf('b0')).toBe(-1);
  });

  it('is read-only', () => {
    const view = loadedImages([plain(2)]) as unknown as CfImage[];
    expect(() => {
      view[0] = view[1]!;
    }).toThrow(TypeError);
    expect(() => view.push(view[0]!)).toThrow(TypeError);
  });

  it('no pages: an empty list', () => {
    expect(loadedImages(undefined).length).toBe(0);
    expect(loadedImages([]).positionOf('x')).toBe(-1);
  });

  it('positionOf and idsOf work on a plain array too', () => {
    const images = plain(3).images;
    expect(positionOf(images, 'a2')).toBe(2);
    expect(idsOf(images)).toEqual(['a0', 'a1', 'a2']);
  });
});
