/**
 * The in-memory view of the store: every image sorted by `(uploaded, seq)` ascending, metadata already parsed.
 * SQLite stays the durable truth; this only answers list queries fast (binary search to the keyset position, then
 * a scan with the contract module's matcher). Kept in sync by `ImageStore` on every write.
 */
import type { SortOrder } from '../../src/contract/list-query';
import type { Cursor } from '../lib/continuation-token';
import type { StoredImage } from './stored-image';

export function compareKeys(a: Cursor, b: Cursor): number {
  return a.uploaded - b.uploaded || a.seq - b.seq;
}

export interface ScanOptions {
  perPage: number;
  sortOrder: SortOrder;
  /** Start strictly after this position (in `sortOrder`). */
  after?: Cursor;
  match: (image: StoredImage) => boolean;
}

export interface ScanResult {
  images: StoredImage[];
  /** Whether at least one more matching image follows the last one returned. */
  more: boolean;
}

export class ImageIndex {
  private readonly rows: StoredImage[] = [];
  private readonly byId = new Map<string, StoredImage>();

  /** Builds the index from rows in any order. */
  constructor(rows: Iterable<StoredImage> = []) {
    for (const row of rows) {
      this.rows.push(row);
      this.byId.set(row.id, row);
    }
    this.rows.sort(compareKeys);
  }

  get size(): number {
    return this.rows.length;
  }

  get(id: string): StoredImage | undefined {
    return this.byId.get(id);
  }

  /** Index of the first row whose key is greater than `key` (rows are unique by seq, so ≥ and > differ only on it). */
  private upperBound(key: Cursor): number {
    let lo = 0;
    let hi = this.rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareKeys(this.rows[mid]!, key) <= 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Index of the first row whose key is not less than `key`. */
  private lowerBound(key: Cursor): number {
    let lo = 0;
    let hi = this.rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareKeys(this.rows[mid]!, key) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  add(image: StoredImage): void {
    const at = this.upperBound(image);
    // New uploads are the newest almost always: a push, not a splice.
    if (at === this.rows.length) this.rows.push(image);
    else this.rows.splice(at, 0, image);
    this.byId.set(image.id, image);
  }

  /** Replaces an image whose sort key did not change (PATCH). */
  replace(image: StoredImage): void {
    const at = this.lowerBound(image);
    if (this.rows[at]?.seq !== image.seq) throw new Error(`index out of sync for ${image.id}`);
    this.rows[at] = image;
    this.byId.set(image.id, image);
  }

  remove(image: StoredImage): void {
    const at = this.lowerBound(image);
    if (this.rows[at]?.seq !== image.seq) throw new Error(`index out of sync for ${image.id}`);
    this.rows.splice(at, 1);
    this.byId.delete(image.id);
  }

  /** One page of matching images in `sortOrder`, plus whether more follow (one match of look-ahead). */
  scan({ perPage, sortOrder, after, match }: ScanOptions): ScanResult {
    const rows = this.rows;
    const images: StoredImage[] = [];
    if (sortOrder === 'asc') {
      for (let i = after ? this.upperBound(after) : 0; i < rows.length; i += 1) {
        const row = rows[i]!;
        if (!match(row)) continue;
        if (images.length === perPage) return { images, more: true };
        images.push(row);
      }
    } else {
      for (let i = (after ? this.lowerBound(after) : rows.length) - 1; i >= 0; i -= 1) {
        const row = rows[i]!;
        if (!match(row)) continue;
        if (images.length === perPage) return { images, more: true };
        images.push(row);
      }
    }
    return { images, more: false };
  }
}
