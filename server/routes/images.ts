/**
 * `GET /api/images` and `GET /api/images/facets` (docs/CONTRACT.md §8): search the account index. The index is
 * whatever `createApp` was given (the local store, SQLite or D1); these routes never ask which.
 */
import { Hono } from 'hono';
import { successEnvelope, successImagesJson } from '../../src/contract/envelope';
import type { CfImage } from '../../src/contract/image';
import { parseFacetsQuery, parseSearchQuery, type SearchResult } from '../../src/contract/search-query';
import { ApiError } from '../errors';
import { encodeContinuationToken, parseContinuationToken } from '../lib/continuation-token';
import type { AccountIndex } from '../index/account-index';

function refuse(errors: { code: number; message: string }[]): never {
  throw new ApiError(400, errors.map(({ code, message }) => ({ code, message })));
}

export function createImageSearchRoutes(index: AccountIndex): Hono {
  const app = new Hono();

  app.get('/api/images', async (c) => {
    const url = new URL(c.req.url);
    const parsed = parseSearchQuery(url.search);
    if (!parsed.ok) refuse(parsed.errors);
    const { query } = parsed;
    const after = query.continuationToken === undefined ? undefined : parseContinuationToken(query.continuationToken);
    const [page, status] = await Promise.all([index.search(query, after, url.origin), index.status()]);
    const rest: Omit<SearchResult<CfImage>, 'images'> = {
      continuation_token: page.next ? encodeContinuationToken(page.next) : null,
      total: page.total,
      index: status,
    };
    return c.body(successImagesJson(page.images, rest), 200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  });

  app.get('/api/images/facets', async (c) => {
    const parsed = parseFacetsQuery(new URL(c.req.url).search);
    if (!parsed.ok) refuse(parsed.errors);
    const { query, key } = parsed.facets;
    c.header('cache-control', 'no-store');
    return c.json(successEnvelope(key ? await index.facets(query, key) : await index.facetKeys(query)));
  });

  return app;
}
