/** `GET /client/v4/accounts/:account_id/images/v2` (CONTRACT.md §2), answered from the store's in-memory index. */
import { Hono } from 'hono';
import { compileMatcher, parseListQuery } from '../../../src/contract/list-query';
import { ApiError } from '../../errors';
import { encodeContinuationToken, parseContinuationToken } from '../../lib/continuation-token';
import type { ImageStore } from '../image-store';
import { cfImageJson } from '../to-cf-image';

/**
 * The answer is `JSON.stringify(successEnvelope({ images, continuation_token }))`, byte for byte, but written from
 * each image's JSON kept since it was first served (to-cf-image.ts): a page of 1000 costs joining 1000 strings,
 * not serialising 1000 objects (docs/performance.md).
 */
const PAGE_HEAD = '{"success":true,"errors":[],"messages":[],"result":{"images":[';

export function listImagesRoutes(store: ImageStore): Hono {
  const app = new Hono();

  app.get('/client/v4/accounts/:account_id/images/v2', (c) => {
    const url = new URL(c.req.url);
    const parsed = parseListQuery(url.search);
    if (!parsed.ok) throw new ApiError(400, parsed.errors.map(({ code, message }) => ({ code, message })));
    const { query } = parsed;
    const after = query.continuationToken === undefined ? undefined : parseContinuationToken(query.continuationToken);
    const page = store.list({
      perPage: query.perPage,
      sortOrder: query.sortOrder,
      after,
      match: compileMatcher(query),
    });
    const last = page.images.at(-1);
    const token = page.more && last ? encodeContinuationToken(last) : null;
    const images = page.images.map((image) => cfImageJson(image, url.origin));
    const body = `${PAGE_HEAD}${images.join(',')}],"continuation_token":${JSON.stringify(token)}}}`;
    return c.body(body, 200, { 'content-type': 'application/json' });
  });

  return app;
}
