/**
 * The list query the grid shows, read from the address bar: the query string IS the list query (plus `view`
 * and `image`, which the contract module ignores as unknown parameters).
 */
import type { ContractError } from '../../../contract/list-query';
import { SEARCH_PARAMS, parseSearchQuery, type SearchQuery } from '../../../contract/search-query';

/** Smaller than the API's 1000: the first screen needs ~40 cards, and smaller pages arrive sooner. */
export const GRID_PAGE_SIZE = 100;

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

/** The list parameters a link may carry; "Clear" removes these and keeps `view`. */
export function isListParam(name: string): boolean {
  return (
    ['per_page', 'sort_order', 'creator', 'continuation_token', ...SEARCH_PARAMS].includes(name) || name.startsWith('meta.')
  );
}
