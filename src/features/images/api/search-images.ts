/**
 * `GET /api/images` (docs/CONTRACT.md §8): the account index, for queries list v2 cannot answer (`q`, upload dates,
 * `private`). Same pages and tokens as list v2, plus the total and the index's state.
 */
import { z } from 'zod/mini';
import type { CfImage } from '../../../contract/image';
import { needsIndex, serializeSearchQuery, type IndexStatus, type SearchQuery, type SearchResult } from '../../../contract/search-query';
import { envelopeSchema, fetchJsonWithItems } from '../../../lib/api-client';
import { listImagesUrl } from './list-url';
import { imageSchema } from './schemas';

const indexStatusSchema = z.object({
  state: z.enum(['ready', 'building']),
  indexed: z.number(),
  updated: z.nullable(z.string()),
}) satisfies z.ZodMiniType<IndexStatus>;

const searchFields = {
  continuation_token: z.nullable(z.string()),
  total: z.number(),
  index: indexStatusSchema,
};

export const searchResultSchema = z.object({ images: z.array(imageSchema), ...searchFields }) satisfies z.ZodMiniType<
  SearchResult<CfImage>
>;

/** The answer with its images left for `imageSchema`, a slice at a time (`fetchJsonWithItems`), as list pages are. */
const searchHeadSchema = envelopeSchema(z.object({ images: z.array(z.unknown()), ...searchFields }));

/** The search URL for one page; `per_page` is always sent. */
export function searchImagesUrl(query: SearchQuery, continuationToken: string | null): string {
  const search = serializeSearchQuery({ ...query, continuationToken: continuationToken ?? undefined });
  const perPage = search.includes('per_page=') ? '' : `per_page=${query.perPage}`;
  return `/api/images?${[perPage, search].filter(Boolean).join('&')}`;
}

/**
 * The URL of one page of whatever `query` asks, as the grid asks it: list v2, or the account index when the query
 * needs it (`q`, upload dates, `private`). Anything that walks "every matching image" must walk this, or it walks
 * more than the grid shows.
 */
export function matchingPageUrl(accountId: string, query: SearchQuery, continuationToken: string | null): string {
  return needsIndex(query) ? searchImagesUrl(query, continuationToken) : listImagesUrl(accountId, query, continuationToken);
}

export async function searchImagesPage(
  query: SearchQuery,
  continuationToken: string | null,
  signal?: AbortSignal,
): Promise<SearchResult<CfImage>> {
  const { head, items } = await fetchJsonWithItems(
    searchImagesUrl(query, continuationToken),
    searchHeadSchema,
    { path: ['result', 'images'], at: (envelope) => envelope.result.images, item: imageSchema },
    { signal },
  );
  return { ...head.result, images: items };
}
