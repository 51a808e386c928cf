/** `GET /client/v4/accounts/{account_id}/images/v2`, page by page (CONTRACT.md §2). */
import { infiniteQueryOptions, keepPreviousData, queryOptions, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type { ListImagesResult } from '../../../contract/image';
import type { ListQuery } from '../../../contract/list-query';
import { needsIndex, type SearchResult } from '../../../contract/search-query';
import { fetchJsonWithItems } from '../../../lib/api-client';
import { takeEarlyResponse } from '../../../lib/early-requests';
import { imageKeys } from './image-keys';
import { listImagesUrl } from './list-url';
import { imageSchema, listImagesHeadSchema } from './schemas';
import { searchImagesPage } from './search-images';

/** A page of either source: the index's pages add the total and the index's state (docs/CONTRACT.md §8). */
export type ImagesPage = ListImagesResult & Partial<Pick<SearchResult<unknown>, 'total' | 'index'>>;

export { listImagesUrl };

export async function getImagesPage(
  accountId: string,
  query: ListQuery,
  continuationToken: string | null,
  signal?: AbortSignal,
  slot: 'list' | 'first-screen' = 'list',
): Promise<ListImagesResult> {
  const url = listImagesUrl(accountId, query, continuationToken);
  // The first page may already be on its way: src/early.ts asked for it while the main bundle downloaded.
  const early = continuationToken === null ? takeEarlyResponse(slot, url) : undefined;
  const { head, items } = await fetchJsonWithItems(
    url,
    listImagesHeadSchema,
    { path: ['result', 'images'], at: (envelope) => envelope.result.images, item: imageSchema },
    { signal, early },
  );
  return { images: items, continuation_token: head.result.continuation_token };
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
    // Pages are kept as they arrive and indexed once (lib/loaded-images.ts). Structural sharing would compare every
    // loaded image with its previous copy each time a page arrives: work that grows with what is loaded.
    structuralSharing: false,
  });

/** Every loaded page of a list query; `fetchNextPage` follows the continuation token. */
export function useImages(accountId: string, query: ListQuery | null) {
  return useInfiniteQuery({
    ...imagesQueryOptions(accountId, query ?? EMPTY_QUERY),
    enabled: query !== null,
  });
}

const EMPTY_QUERY: ListQuery = { perPage: 1000, sortOrder: 'desc', filters: [] };

/**
 * The first screen of a walk of large pages: one small page, asked for beside the walk's first page and shown
 * until that arrives (lib/grid-query.ts `firstScreenQuery`). Never continued; dropped from the cache a few seconds
 * after nothing shows it (long enough for the prefetch in src/app/start-loading.ts to reach the grid).
 */
export const firstScreenQueryOptions = (accountId: string, query: ListQuery) =>
  queryOptions({
    queryKey: imageKeys.firstScreen(accountId, query),
    // Under a search the first screen is the index's too: list v2 would show images the search does not match.
    queryFn: ({ signal }): Promise<ImagesPage> =>
      needsIndex(query) ? searchImagesPage(query, null, signal) : getImagesPage(accountId, query, null, signal, 'first-screen'),
    gcTime: 5_000,
  });

/** The first screen's page for `query` (idle when `query` is null or `enabled` is false). */
export function useFirstScreen(accountId: string, query: ListQuery | null, enabled: boolean) {
  return useQuery({ ...firstScreenQueryOptions(accountId, query ?? EMPTY_QUERY), enabled: enabled && query !== null });
}
