/**
 * Every image the current filters match, walked page by page through list v2 (docs/CONTRACT.md §2), not only the
 * pages the grid has loaded. Bulk priority: the walk is part of bulk work and must not hold up the grid's pages.
 */
import { z } from 'zod/mini';
import { envelopeSchema, fetchJson } from '../../../lib/api-client';
import { BULK_HEADERS } from '../../../contract/priority';

const pageResultSchema = z.object({
  images: z.array(z.object({ id: z.string() })),
  continuation_token: z.nullable(z.string()),
  // An index page (docs/CONTRACT.md §8) says whether the index has seen the whole account yet.
  index: z.optional(z.object({ state: z.string() })),
});
const pageSchema = envelopeSchema(pageResultSchema);

export interface MatchingIds {
  ids: string[];
  /** The account index was still being built: more images may match than it knew of. */
  partial: boolean;
}

/**
 * `pageUrl(token)` is the URL of one page of the grid's own query (list v2, or the account index for a search; the
 * app shell builds it, 1,000 per page).
 */
export async function walkMatchingIds(
  pageUrl: (continuationToken: string | null) => string,
  onProgress: (found: number) => void,
  signal?: AbortSignal,
): Promise<MatchingIds> {
  const ids: string[] = [];
  let partial = false;
  const seen = new Set<string>();
  let token: string | null = null;
  do {
    const page: z.infer<typeof pageResultSchema> = (await fetchJson(pageUrl(token), pageSchema, { headers: BULK_HEADERS, signal })).result;
    for (const image of page.images) {
      if (seen.has(image.id)) continue;
      seen.add(image.id);
      ids.push(image.id);
    }
    if (page.index?.state === 'building') partial = true;
    onProgress(ids.length);
    token = page.continuation_token;
  } while (token !== null);
  return { ids, partial };
}
