/**
 * The list URL for one page. Its own module, free of React and TanStack Query, because src/early.ts (the first
 * screen's early requests, run before the main bundle) builds the very same URL the app will ask for.
 */
import { serializeListQuery, type ListQuery } from '../../../contract/list-query';

/** The list URL for one page; `per_page` is always sent, even when it is the API's default. */
export function listImagesUrl(accountId: string, query: ListQuery, continuationToken: string | null): string {
  const search = serializeListQuery({ ...query, continuationToken: continuationToken ?? undefined });
  // serializeListQuery leaves defaults out; the grid sends its page size explicitly.
  const perPage = search.includes('per_page=') ? '' : `per_page=${query.perPage}`;
  const qs = [perPage, search].filter(Boolean).join('&');
  return `/client/v4/accounts/${encodeURIComponent(accountId)}/images/v2?${qs}`;
}
