/**
 * `GET /api/images/facets` (docs/CONTRACT.md §8): the metadata keys of the images matching a search, and the most
 * frequent values of one key. The facets panel and the Value suggestions share these queries (and their cache).
 * `404 / 7003` means the server runs without the account index (`INDEX=off`).
 */
import { queryOptions } from '@tanstack/react-query';
import { z } from 'zod/mini';
import type { FacetKeysResult, FacetsResult } from '../../../contract/search-query';
import { ApiRequestError, envelopeSchema, fetchJson } from '../../../lib/api-client';

const facetValueSchema = z.object({
  value: z.union([z.string(), z.number(), z.boolean()]),
  type: z.enum(['string', 'number', 'boolean']),
  count: z.number(),
});

export const facetsResultSchema = z.object({
  key: z.string(),
  values: z.array(facetValueSchema),
  missing: z.number(),
}) satisfies z.ZodMiniType<FacetsResult>;

export const facetKeysResultSchema = z.object({
  keys: z.array(z.object({ key: z.string(), count: z.number() })),
}) satisfies z.ZodMiniType<FacetKeysResult>;

const keysEnvelope = envelopeSchema(facetKeysResultSchema);
const valuesEnvelope = envelopeSchema(facetsResultSchema);

/** The facets URL for a search (`serializeSearchQuery`'s text, without `?`) and, optionally, one key. */
export function facetsUrl(search: string, key?: string): string {
  const params = [search, key === undefined ? '' : `key=${encodeURIComponent(key)}`].filter(Boolean).join('&');
  return `/api/images/facets${params ? `?${params}` : ''}`;
}

/**
 * Under the images feature's root key (`['images']`): whatever invalidates every image query after a write
 * (src/app/action-slots.tsx invalidates the lists) can reach these too.
 */
export const facetKeys = {
  all: ['images', 'facets'] as const,
  keys: (search: string) => [...facetKeys.all, 'keys', search] as const,
  values: (search: string, key: string) => [...facetKeys.all, 'values', search, key] as const,
};

export const facetKeysQueryOptions = (search: string) =>
  queryOptions({
    queryKey: facetKeys.keys(search),
    queryFn: async ({ signal }) => (await fetchJson(facetsUrl(search), keysEnvelope, { signal })).result,
  });

export const facetValuesQueryOptions = (search: string, key: string) =>
  queryOptions({
    queryKey: facetKeys.values(search, key),
    queryFn: async ({ signal }) => (await fetchJson(facetsUrl(search, key), valuesEnvelope, { signal })).result,
  });

/** Whether an error says the server has no account index (`INDEX=off`: 404 / 7003). */
export function isIndexOff(error: unknown): boolean {
  return error instanceof ApiRequestError && error.status === 404;
}
