/**
 * The list query the grid shows, read from the address bar: the query string IS the list query (plus `view`
 * and `image`, which the contract module ignores as unknown parameters).
 */
import type { ContractError, ListQuery } from '../../../contract/list-query';
import { parseSearchQuery, type SearchQuery } from '../../../contract/search-query';

/**
 * The API's own default and Cloudflare's largest documented page: browsing 10,000 images costs 10 list requests of
 * the 1,200 per five minutes Cloudflare allows (100 at the former 100 a page). One size for the whole walk: whether
 * a continuation token may be followed with another `per_page` is documented nowhere (docs/decisions.md).
 */
export const GRID_PAGE_SIZE = 1000;
/**
 * How many loaded images may still be ahead of the last one the grid or the table renders when it asks for the next
 * page: half a page of the query, so that a fling through the images (thirty screens a second) finds the next page
 * there rather than waiting at the end of the loaded ones (docs/decisions.md). Sooner, never more often.
 */
export function prefetchImages(perPage: number | undefined): number {
  return Math.ceil((perPage ?? GRID_PAGE_SIZE) / 2);
}

/**
 * The first screen's own request: a wide monitor's first rows. Pages of 1,000 take the server and the browser
 * longer to produce and read than the first screen may wait, so a walk of large pages starts with this small
 * request beside it; its images show until the walk's first page arrives and replaces them. It is a request of
 * its own, never continued: its continuation token is not followed with another `per_page` (docs/decisions.md).
 */
export const FIRST_SCREEN_PAGE_SIZE = 50;

/** The first screen's query for a walk of `query`, or `null` when the walk's own pages are small enough. */
export function firstScreenQuery(query: ListQuery): ListQuery | null {
  return query.perPage >= 4 * FIRST_SCREEN_PAGE_SIZE ? { ...query, perPage: FIRST_SCREEN_PAGE_SIZE } : null;
}

export type GridQueryResult = { ok: true; query: SearchQuery } | { ok: false; errors: ContractError[] };

/** Parses the URL's list parameters. `continuation_token` in a link is ignored: pages are the grid's business. */
export function gridQueryFrom(params: URLSearchParams): GridQueryResult {
  const listParams = new URLSearchParams(params);
  listParams.delete('continuation_token');
  // List v2's parameters and the index's (q, uploaded[gte|lt], private): docs/CONTRACT.md §8.
  const parsed = parseSearchQuery(listParams);
  if (!parsed.ok) return parsed;
  const query: SearchQuery = { ...parsed.query };
  if (!listParams.has('per_page')) query.perPage = GRID_PAGE_SIZE;
  return { ok: true, query };
}
