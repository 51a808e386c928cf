/**
 * The account index in local mode (docs/CONTRACT.md §8): the store itself, searched through its in-memory keyset
 * index (server/local/image-index.ts) with the contract's matcher. Always `ready`: there is nothing to walk, and the
 * store's writes are the index's writes.
 */
import { scalarAt } from '../../src/contract/list-query';
import {
  SEARCH_LIMITS,
  compareFacetValues,
  compileSearchMatcher,
  metadataLeaves,
  type FacetKeysResult,
  type FacetValue,
  type FacetValueType,
  type FacetsResult,
  type IndexStatus,
  type SearchQuery,
} from '../../src/contract/search-query';
import type { Cursor } from '../lib/continuation-token';
import type { ImageStore } from '../local/image-store';
import type { StoredImage } from '../local/stored-image';
import { cfImageJson } from '../local/to-cf-image';
import { INITIAL_WALK_STATE, type AccountIndex, type SearchPage, type WalkState } from './account-index';

export class LocalStoreIndex implements AccountIndex {
  constructor(private readonly store: ImageStore) {}

  /** Every match, in the query's order. */
  private matches(query: SearchQuery): StoredImage[] {
    return this.store.list({ perPage: Number.MAX_SAFE_INTEGER, sortOrder: query.sortOrder, match: compileSearchMatcher(query) }).images;
  }

  search(query: SearchQuery, after: Cursor | undefined, origin: string): Promise<SearchPage> {
    const match = compileSearchMatcher(query);
    const page = this.store.list({ perPage: query.perPage, sortOrder: query.sortOrder, after, match });
    const total = this.store.list({ perPage: Number.MAX_SAFE_INTEGER, sortOrder: query.sortOrder, match }).images.length;
    const last = page.images.at(-1);
    return Promise.resolve({
      images: page.images.map((image) => cfImageJson(image, origin)),
      next: page.more && last ? { uploaded: last.uploaded, seq: last.seq } : null,
      total,
    });
  }

  facets(query: SearchQuery, key: string[]): Promise<FacetsResult> {
    const counts = new Map<string, FacetValue>();
    let missing = 0;
    for (const image of this.matches(query)) {
      const value = scalarAt(image.meta, key);
      if (value === undefined) {
        missing += 1;
        continue;
      }
      const type = typeof value as FacetValueType;
      const id = `${type}:${String(value)}`;
      const entry = counts.get(id);
      if (entry) entry.count += 1;
      else counts.set(id, { value, type, count: 1 });
    }
    const values = [...counts.values()].sort(compareFacetValues).slice(0, SEARCH_LIMITS.facetValues);
    return Promise.resolve({ key: key.join('.'), values, missing });
  }

  facetKeys(query: SearchQuery): Promise<FacetKeysResult> {
    const counts = new Map<string, number>();
    for (const image of this.matches(query)) {
      for (const path of new Set(metadataLeaves(image.meta).map((leaf) => leaf.path.join('.')))) {
        counts.set(path, (counts.get(path) ?? 0) + 1);
      }
    }
    const keys = [...counts]
      .map(([key, count]) => ({ key, count }))
      .sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
      .slice(0, SEARCH_LIMITS.facetKeys);
    return Promise.resolve({ keys });
  }

  status(): Promise<IndexStatus> {
    // The store is the truth, so the index is as fresh as this moment (docs/decisions.md).
    return Promise.resolve({ state: 'ready', indexed: this.store.size, updated: new Date().toISOString() });
  }

  // The store's own writes keep it current: nothing to add or drop from answers.
  upsert(): Promise<void> {
    return Promise.resolve();
  }

  remove(): Promise<void> {
    return Promise.resolve();
  }

  walkState(): Promise<WalkState> {
    return Promise.resolve({ ...INITIAL_WALK_STATE, completedAt: new Date().toISOString() });
  }

  saveWalkStep(): Promise<void> {
    return Promise.resolve();
  }
}
