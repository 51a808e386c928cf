/**
 * The list query the grid shows, read from the address bar: the query string IS the list query (plus `view`
 * and `image`, which the contract module ignores as unknown parameters).
 */
import { parseListQuery, type ContractError, type ListQuery } from '../../../contract/list-query';

/** Smaller than the API's 1000: the first screen needs ~40 cards, and smaller pages arrive sooner. */
export const GRID_PAGE_SIZE = 100;

export type GridQueryResult = { ok: true; query: ListQuery } | { ok: false; errors: ContractError[] };

/** Parses the URL's list parameters. `continuation_token` in a link is ignored: pages are the grid's business. */
export function gridQueryFrom(params: URLSearchParams): GridQueryResult {
  const listParams = new URLSearchParams(params);
  listParams.delete('continuation_token');
  const parsed = parseListQuery(listParams);
  if (!parsed.ok) return parsed;
  const query: ListQuery = { ...parsed.query };
  if (!listParams.has('per_page')) query.perPage = GRID_PAGE_SIZE;
  return { ok: true, query };
}
