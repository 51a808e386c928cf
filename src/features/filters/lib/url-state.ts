/**
 * The address bar is the list query (docs/dashboard-filters.md): the contract's own parameters
 * (`per_page`, `sort_order`, `creator`, `meta.<path>[<op>]`) next to the dashboard's (`view`, `image`), which this
 * module keeps untouched. Parsing and writing are the contract module's; this only separates the two kinds.
 */
import {
  isListQueryParam,
  parseListQuery,
  serializeListQuery,
  type ListQuery,
  type ParseResult,
} from '../../../contract/list-query';

/** Whether a parameter belongs to the list query (rewritten on apply) rather than to the dashboard: the contract's. */
export { isListQueryParam };

/** The list query the address bar describes, or the contract's errors for it. */
export function readListQuery(params: URLSearchParams): ParseResult {
  const own = new URLSearchParams();
  for (const [name, value] of params) {
    // Pages are fetched by the grid as the user scrolls; a link always starts at the first page.
    if (isListQueryParam(name) && name !== 'continuation_token') own.append(name, value);
  }
  return parseListQuery(own);
}

/** Whether the address bar holds any list-query parameter at all (a malformed one included). */
export function hasListQueryParams(params: URLSearchParams): boolean {
  for (const name of params.keys()) if (isListQueryParam(name)) return true;
  return false;
}

export interface WriteOptions {
  /**
   * The page size the results use when the link has none (the grid's, smaller than the API's 1000). A query
   * with that size leaves `per_page` out, and any other size is written, 1000 included, so that the link means
   * what the person chose.
   */
  defaultPerPage?: number;
}

/**
 * `params` with its list query replaced by `query`, serialized by the contract module; every other parameter
 * (`view`, `image`, anything unknown) is kept, in its order, after the list query.
 */
export function writeListQuery(
  params: URLSearchParams,
  query: Omit<ListQuery, 'continuationToken'>,
  { defaultPerPage }: WriteOptions = {},
): URLSearchParams {
  let next = new URLSearchParams(serializeListQuery({ ...query, continuationToken: undefined }));
  if (defaultPerPage !== undefined) {
    const perPage: [string, string][] = query.perPage === defaultPerPage ? [] : [['per_page', String(query.perPage)]];
    next = new URLSearchParams([...perPage, ...[...next].filter(([name]) => name !== 'per_page')]);
  }
  for (const [name, value] of params) if (!isListQueryParam(name)) next.append(name, value);
  return next;
}

/** The contract's query string for a list query without the dashboard's parameters, as the API receives it. */
export function listQueryString(query: Omit<ListQuery, 'continuationToken'>): string {
  return serializeListQuery({ ...query, continuationToken: undefined });
}
