/**
 * The selected images the grid has not loaded ("Select all matching" selects every image the query matches, the grid
 * loads a page at a time): read again from the grid's own question, 1,000 a page, until every selected id is found.
 * Copy and export then act on the whole selection, as the bulk jobs do. Bulk priority: this must not hold up the
 * grid's pages (docs/CONTRACT.md §9).
 */
import { z } from 'zod/mini';
import type { CfImage } from '../../../contract/image';
import { BULK_HEADERS } from '../../../contract/priority';
import type { SearchQuery } from '../../../contract/search-query';
import { envelopeSchema, fetchJson } from '../../../lib/api-client';
import { imageSchema } from './schemas';
import { matchingPageUrl } from './search-images';

const pageSchema = envelopeSchema(z.object({ images: z.array(imageSchema), continuation_token: z.nullable(z.string()) }));
const WALK_PAGE_SIZE = 1000;

/**
 * The images with the ids in `wanted`, in the query's order, walking its pages from the first until all are found
 * (or the pages end: an image deleted meanwhile is not found, and is left out).
 */
export async function fetchSelectedImages(
  accountId: string,
  query: SearchQuery,
  wanted: ReadonlySet<string>,
  signal?: AbortSignal,
): Promise<CfImage[]> {
  const found: CfImage[] = [];
  const seen = new Set<string>();
  let token: string | null = null;
  do {
    const url = matchingPageUrl(accountId, { ...query, perPage: WALK_PAGE_SIZE }, token);
    const page: z.infer<typeof pageSchema>['result'] = (await fetchJson(url, pageSchema, { headers: BULK_HEADERS, signal })).result;
    for (const image of page.images) {
      if (!wanted.has(image.id) || seen.has(image.id)) continue;
      seen.add(image.id);
      found.push(image as CfImage);
    }
    token = page.continuation_token;
  } while (token !== null && found.length < wanted.size);
  return found;
}
