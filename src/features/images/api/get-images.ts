/** `GET /client/v4/accounts/{account_id}/images/v2`, page by page (CONTRACT.md §2). */
import { infiniteQueryOptions, keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import type { ListImagesResult } from '../../../contract/image';
import { serializeListQuery, type ListQuery } from '../../../contract/list-query';
import { needsIndex, type SearchResult } from '../../../contract/search-query';
import { fetchJson } from '../../../lib/api-client';
import { imageKeys } from './image-keys';
import { listImagesEnvelopeSchema } from './schemas';
import { searchImagesPage } from './search-images';

/** A page of either source: the index's pages add the total and the index's state (docs/CONTRACT.md §8). */
export type ImagesPage = ListImagesResult & Partial<Pick<SearchResult<unknown>, 'total' | 'index'>>;

/** The list URL for one page; `per_page` is always sent, even when it is the API's default. */
export function listImagesUrl(accountId: string, query: ListQuery, continuationToken: string | null): string {
  const search = serializeListQuery({ ...query, continuationToken: continuationToken ?? undefined });
  // serializeListQuery leaves defaults out; the grid sends its page size explicitly.
  const perPage = search.includes('per_page=') ? '' : `per_page=${query.perPage}`;
  const qs = [perPage, search].filter(Boolean).join('&');
  return `/client/v4/accounts/${encodeURIComponent(accountId)}/images/v2?${qs}`;
}

export async function getImagesPage(
  accountId: string,
  query: ListQuery,
  continuationToken: string | null,
  signal?: AbortSignal,
): Promise<ListImagesResult> {
  const envelope = await fetchJson(listImagesUrl(accountId, query, continuationToken), listImagesEnvelopeSchema, {
    signal,
  });
  return envelope.result;
}

export const imagesQueryOptions = (accountId: string, query: ListQuery) =>
  infiniteQueryOptions({
    queryKey: imageKeys.list(accountId, query),
    // A query list v2 cannot answer (q, upload dates, private) reads from the account index instead.
    queryFn: ({ pageParam, signal }): Promise<ImagesPage> =>
      needsIndex(query) ? searchImagesPage(query, pageParam, signal) : getImagesPage(accountId, query, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.continuation_token ?? undefined,
    placeholderData: keepPreviousData,
  });

/** Every loaded page of a list query; `fetchNextPage` follows the continuation token. */
export function useImages(accountId: string, query: ListQuery | null) {
  return useInfiniteQuery({
    ...imagesQueryOptions(accountId, query ?? EMPTY_QUERY),
    enabled: query !== null,
  });
}

const EMPTY_QUERY: ListQuery = { perPage: 100, sortOrder: 'desc', filters: [] };
