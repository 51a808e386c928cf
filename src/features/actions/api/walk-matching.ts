/**
 * Every image the current filters match, walked page by page through list v2 (docs/CONTRACT.md §2), not only the
 * pages the grid has loaded. Bulk priority: the walk is part of bulk work and must not hold up the grid's pages.
 */
import { z } from 'zod/mini';
import { envelopeSchema, fetchJson } from '../../../lib/api-client';
import { BULK_HEADERS } from '../../../contract/priority';

const pageResultSchema = z.object({ images: z.array(z.object({ id: z.string() })), continuation_token: z.nullable(z.string()) });
const pageSchema = envelopeSchema(pageResultSchema);

/** `pageUrl(token)` is the list URL of one page (the app shell builds it from the filters, 1,000 per page). */
export async function walkMatchingIds(
  pageUrl: (continuationToken: string | null) => string,
  onProgress: (found: number) => void,
  signal?: AbortSignal,
): Promise<string[]> {
  const ids: string[] = [];
  const seen = new Set<string>();
  let token: string | null = null;
  do {
    const page: z.infer<typeof pageResultSchema> = (await fetchJson(pageUrl(token), pageSchema, { headers: BULK_HEADERS, signal })).result;
    for (const image of page.images) {
      if (seen.has(image.id)) continue;
      seen.add(image.id);
      ids.push(image.id);
    }
    onProgress(ids.length);
    token = page.continuation_token;
  } while (token !== null);
  return ids;
}
