/**
 * The account index (docs/CONTRACT.md §8): one interface, one implementation per back end, chosen once where the app
 * is built (`createApp` options). Routes never ask which one they have.
 * - local mode: `LocalStoreIndex` (local-store-index.ts), the store itself, always `ready`;
 * - cloudflare mode on Node: `SqlIndex` over better-sqlite3 in `DATA_DIR/index.sqlite` (sqlite-index.ts);
 * - cloudflare mode on Workers: the same `SqlIndex` over D1, binding `INDEX_DB` (d1-index.ts).
 * Asynchronous throughout, because D1 is.
 */
import type { CfImage } from '../../src/contract/image';
import type { FacetKeysResult, FacetsResult, IndexStatus, SearchQuery } from '../../src/contract/search-query';
import type { Cursor } from '../lib/continuation-token';

/** One page of a search: list v2's page plus the total (§8). */
export interface SearchPage {
  /** Each image as its JSON text, `JSON.stringify` of its `CfImage` (the route joins them: no parse, no re-serialising). */
  images: string[];
  /** Position of the last image when more follow, else `null`. */
  next: Cursor | null;
  total: number;
}

/**
 * Where a walk of the account stands (index-walker.ts). Saved with every page, so that a restart resumes it.
 * `generation` numbers walks; every image the walk (or a live answer) sees is stamped with it, and a complete walk
 * drops the images an older generation saw last.
 */
export interface WalkState {
  generation: number;
  phase: 'idle' | 'walking';
  /** The next page's continuation token while walking (`null`: the first page). */
  token: string | null;
  /** Pages and images of the current (or last) walk. */
  pages: number;
  seen: number;
  startedAt: string | null;
  /** The end of the last complete walk: `null` until the first one completes (the index is `building`). */
  completedAt: string | null;
  /** Why the last step failed, for the log and the status; cleared by the next good page. */
  error: string | null;
}

export const INITIAL_WALK_STATE: WalkState = {
  generation: 0,
  phase: 'idle',
  token: null,
  pages: 0,
  seen: 0,
  startedAt: null,
  completedAt: null,
  error: null,
};

export interface AccountIndex {
  /**
   * One page of images matching `query` after `after` (in `query.sortOrder`), with the total of matches.
   * `origin` is the request's own: back ends whose delivery URLs are the server's own (local mode) build them from it.
   */
  search(query: SearchQuery, after: Cursor | undefined, origin: string): Promise<SearchPage>;
  /** The most frequent values of metadata `key` among the matches (§8), or, without `key`, the keys present. */
  facets(query: SearchQuery, key: string[]): Promise<FacetsResult>;
  facetKeys(query: SearchQuery): Promise<FacetKeysResult>;
  status(): Promise<IndexStatus>;
  /** Adds or replaces images as an answer showed them (a list page, a details answer, a write). */
  upsert(images: readonly CfImage[]): Promise<void>;
  /**
   * Set when a write runs on the server's own thread (SQLite on Node): how many images a background recording of a
   * list answer writes per turn of the event loop (server/index/list-answer-feed.ts). Unset: a page is one write.
   */
  readonly recordSlice?: number;
  remove(ids: readonly string[]): Promise<void>;
  /** The saved walk state (`INITIAL_WALK_STATE` before the first walk). */
  walkState(): Promise<WalkState>;
  /**
   * Saves a walk step atomically: the page's images (stamped with `state.generation`) and the new state; with
   * `complete`, also drops the images no walk of this generation saw.
   */
  saveWalkStep(images: readonly CfImage[], state: WalkState, complete: boolean): Promise<void>;
}

/** What the app is given: the index, and how to stop what it runs (a walk loop, a database). */
export interface AccountIndexHandle {
  index: AccountIndex;
  /** One line for the startup log: where the index lives and how it is kept. */
  describe: string;
  close?(): void;
}
