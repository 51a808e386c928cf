/**
 * `GET /api/images` (docs/CONTRACT.md §8): the account index, for queries list v2 cannot answer (`q`, upload dates,
 * `private`). Same pages and tokens as list v2, plus the total and the index's state.
 */
import { z } from 'zod/mini';
import type { CfImage } from '../../../contract/image';
import { serializeSearchQuery, type IndexStatus, type SearchQuery, type SearchResult } from '../../../contract/search-query';
import { envelopeSchema, fetchJson } from '../../../lib/api-client';
import { imageSchema } from './schemas';

const indexStatusSchema = z.object({
  state: z.enum(['ready', 'building']),
  indexed: z.number(),
  updated: z.nullable(z.string()),
}) satisfies z.ZodMiniType<IndexStatus>;

export const searchResultSchema = z.object({
  images: z.array(imageSchema),
  continuation_token: z.nullable(z.string()),
  total: z.number(),
  index: indexStatusSchema,
}) satisfies z.ZodMiniType<SearchResult<CfImage>>;

const searchEnvelopeSchema = envelopeSchema(searchResultSchema);

/** The search URL for one page; `per_page` is always sent. */
export function searchImagesUrl(query: SearchQuery, continuationToken: string | null): string {
  const search = serializeSearchQuery({ ...query, continuationToken: continuationToken ?? undefined });
  const perPage = search.includes('per_page=') ? '' : `per_page=${query.perPage}`;
  return `/api/images?${[perPage, search].filter(Boolean).join('&')}`;
}

export async function searchImagesPage(
  query: SearchQuery,
  continuationToken: string | null,
  signal?: AbortSignal,
): Promise<SearchResult<CfImage>> {
  return (await fetchJson(searchImagesUrl(query, continuationToken), searchEnvelopeSchema, { signal })).result;
}
