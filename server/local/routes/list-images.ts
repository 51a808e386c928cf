/** `GET /client/v4/accounts/:account_id/images/v2` (CONTRACT.md §2), answered from the store's in-memory index. */
import { Hono } from 'hono';
import { successImagesJson } from '../../../src/contract/envelope';
import { compileMatcher, parseListQuery } from '../../../src/contract/list-query';
import { ApiError } from '../../errors';
import { encodeContinuationToken, parseContinuationToken } from '../../lib/continuation-token';
import type { ImageStore } from '../image-store';
import { cfImageJson } from '../to-cf-image';

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
    // Each image's JSON is kept since it was first served (to-cf-image.ts): a page costs joining its strings.
    const images = page.images.map((image) => cfImageJson(image, url.origin));
    return c.body(successImagesJson(images, { continuation_token: token }), 200, { 'content-type': 'application/json' });
  });

  return app;
}
