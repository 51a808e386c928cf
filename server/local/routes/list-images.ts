/** `GET /client/v4/accounts/:account_id/images/v2` (CONTRACT.md §2), answered from the store's in-memory index. */
import { Hono } from 'hono';
import { successImagesBytes } from '../../../src/contract/envelope';
import { compileMatcher, parseListQuery } from '../../../src/contract/list-query';
import { ApiError } from '../../errors';
import { encodeContinuationToken, parseContinuationToken } from '../../lib/continuation-token';
import type { ImageStore } from '../image-store';
import { cfImageJsonBytes } from '../to-cf-image';

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
    // Each image's JSON is kept as bytes since it was first served (to-cf-image.ts): a page costs copying them into
    // one buffer, which @hono/node-server writes to the socket as it is (docs/performance.md).
    const images = page.images.map((image) => cfImageJsonBytes(image, url.origin));
    return c.body(successImagesBytes(images, { continuation_token: token }), 200, { 'content-type': 'application/json' });
  });

  return app;
}
