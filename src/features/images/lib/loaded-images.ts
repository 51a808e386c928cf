/**
 * The loaded images of one list query, kept the way they arrive (page by page) and indexed as they arrive, so that
 * the cost of a page does not grow with what is already loaded (docs/performance.md "Dashboard"):
 * - appending page k walks page k's images once (its positions and ids are appended; nothing earlier is touched);
 * - a lookup by position is an array read, a lookup by id a `Map` read: neither scans;
 * - what the views get is a read-only array view of the first `length` images (a `Proxy`), so every consumer of
 *   `readonly CfImage[]` (the grid, TanStack Table, the filter panel's key collector) keeps working unchanged while
 *   no flat copy of all pages is ever made. A new page gives a new view (a new identity for React) over the same
 *   append-only storage.
 */
import type { CfImage, ListImagesResult } from '../../../contract/image';

/** The loaded images as a read-only array, plus lookups that do not scan. */
export interface LoadedImages extends ReadonlyArray<CfImage> {
  /** Position of the image with this id, or -1 (a `Map` read). */
  positionOf(id: string): number;
  /** The ids in the same order, as a read-only array view (no copy), with the same `positionOf`. */
  readonly ids: ReadonlyArray<string>;
  /** How many pages these images came in. */
  readonly pageCount: number;
}

/** A read-only array view of `backing[0, length)`; `extra` adds named members. */
function arrayView<T>(backing: readonly T[], length: number, extra: Record<string, unknown>): ReadonlyArray<T> {
  const index = (key: string | symbol): number => {
    if (typeof key !== 'string' || key.length === 0) return -1;
    const c = key.charCodeAt(0);
    if (c < 48 || c > 57) return -1;
    const n = Number(key);
    return Number.isInteger(n) && String(n) === key ? n : -1;
  };
  // Iterating copies the range once (a memcpy of references) and hands out the native iterator: `new Set(ids)` and
  // spreads then cost what they cost on a plain array, not a trap per element.
  const iterate = () => backing.slice(0, length)[Symbol.iterator]();
  return new Proxy([] as T[], {
    get(target, key, receiver) {
      if (key === 'length') return length;
      if (key === Symbol.iterator) return iterate;
      const i = index(key);
      if (i !== -1) return i < length ? backing[i] : undefined;
      if (typeof key === 'string' && Object.prototype.hasOwnProperty.call(extra, key)) return extra[key];
      return Reflect.get(target, key, receiver);
    },
    has(target, key) {
      const i = index(key);
      return i !== -1 ? i < length : Reflect.has(target, key);
    },
    getOwnPropertyDescriptor(target, key) {
      const i = index(key);
      if (i !== -1) {
        return i < length ? { value: backing[i], writable: false, enumerable: true, configurable: true } : undefined;
      }
      const own = Reflect.getOwnPropertyDescriptor(target, key);
      return key === 'length' && own ? { ...own, value: length } : own;
    },
    ownKeys(target) {
      return [...Array.from({ length }, (_, i) => String(i)), ...Reflect.ownKeys(target)];
    },
    set: () => false,
    defineProperty: () => false,
    deleteProperty: () => false,
  });
}

/** Append-only storage of one walk through a list: pages, images and ids in order, positions by id. */
class PageIndex {
  readonly pages: ListImagesResult[] = [];
  /** `ends[k]`: how many images pages 0…k hold. */
  readonly ends: number[] = [];
  readonly images: CfImage[] = [];
  readonly ids: string[] = [];
  readonly positions = new Map<string, number>();

  /** Page k's images only: nothing loaded before is read or copied. */
  append(page: ListImagesResult): void {
    for (const image of page.images) {
      const position = this.images.length;
      this.images.push(image);
      this.ids.push(image.id);
      // Keyset pages never repeat an image; if an answer did, the first position stays the one found by id.
      if (!this.positions.has(image.id)) this.positions.set(image.id, position);
    }
    this.pages.push(page);
    this.ends.push(this.images.length);
  }

  /** How many leading pages of `pages` this index already holds, or -1 when they diverge (another walk). */
  sharedPrefix(pages: readonly ListImagesResult[]): number {
    const n = Math.min(pages.length, this.pages.length);
    for (let k = 0; k < n; k += 1) if (pages[k] !== this.pages[k]) return -1;
    return n;
  }

  /** The first `pageCount` pages as a view. */
  view(pageCount: number): LoadedImages {
    const length = pageCount === 0 ? 0 : (this.ends[pageCount - 1] ?? 0);
    const positions = this.positions;
    const positionOf = (id: string) => {
      const position = positions.get(id);
      return position !== undefined && position < length ? position : -1;
    };
    // `ids.indexOf(id)` (shift-click ranges) answers from the Map too: the same answer as a scan, ids being unique.
    const ids: ReadonlyArray<string> = arrayView(this.ids, length, {
      indexOf: (id: string, from?: number) =>
        from === undefined ? positionOf(id) : Array.prototype.indexOf.call(ids, id, from),
      includes: (id: string) => positionOf(id) !== -1,
      positionOf,
    });
    return arrayView(this.images, length, { ids, pageCount, positionOf }) as LoadedImages;
  }
}

/** One index per walk, found by the walk's first page; one view per pages array (TanStack Query's `data.pages`). */
const indexes = new WeakMap<ListImagesResult, PageIndex>();
const views = new WeakMap<readonly ListImagesResult[], LoadedImages>();
const EMPTY = new PageIndex().view(0);

/**
 * The images of `pages` (every loaded page of one query, in order). Called again with the same pages plus one, it
 * indexes only the new page; with the same array it answers the same view. Pages that are not an extension of the
 * ones seen (a refetch answers new page objects) start a new index.
 */
export function loadedImages(pages: readonly ListImagesResult[] | undefined): LoadedImages {
  const first = pages?.[0];
  if (!pages || !first) return EMPTY;
  const cached = views.get(pages);
  if (cached) return cached;
  let index = indexes.get(first);
  // Either `pages` extends what the index holds (append the rest) or is a prefix of it (a shorter view).
  if (!index || index.sharedPrefix(pages) === -1) {
    index = new PageIndex();
    indexes.set(first, index);
  }
  for (let k = index.pages.length; k < pages.length; k += 1) index.append(pages[k]!);
  const view = index.view(pages.length);
  views.set(pages, view);
  return view;
}

/** Position of `id` in `images`: a `Map` read for loaded images, a scan for any other array. */
export function positionOf(images: readonly CfImage[], id: string): number {
  const loaded = images as Partial<LoadedImages>;
  return typeof loaded.positionOf === 'function' ? loaded.positionOf(id) : images.findIndex((image) => image.id === id);
}

/** The ids of `images`, without a copy when they are loaded images. */
export function idsOf(images: readonly CfImage[]): readonly string[] {
  const loaded = images as Partial<LoadedImages>;
  return loaded.ids ?? images.map((image) => image.id);
}
