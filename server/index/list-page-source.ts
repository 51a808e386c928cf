/**
 * Where the walk gets its pages (index-walker.ts): list v2, `per_page=1000`, oldest first (so that images uploaded
 * during a walk come last and are seen by it). One HTTP request per page and no retries of its own: a failed page is
 * the walker's to try again later. Web APIs only (Node and Workers).
 *
 * In cloudflare mode the pages come from the app's one `BatchClient` (`batchPageSource`): through the batch API
 * (docs/CONTRACT.md §10, outside the global limit), or, while the batch host is unavailable, through the global API
 * at the `walk` priority of the app's one `RateBudget` (§9: at most half of it, after people's list requests, and
 * paused with everything else by a Cloudflare 429). A budget that says "not now", or a 429 from either host, is
 * `WalkThrottledError`: the walker waits and tries the same page again.
 */
import { LIMITS } from '../../src/contract/list-query';
import type { CfImage } from '../../src/contract/image';
import { ApiError } from '../errors';
import type { BatchClient } from '../proxy/batch-client';
import { StaleTokenError, WalkThrottledError, type ListPage, type PageSource } from './index-walker';

export interface ListPageSourceOptions {
  /** One GET of list v2 with this query string (no `?`); the answer as upstream gave it. */
  get: (query: string, signal: AbortSignal) => Promise<Response>;
  timeoutMs: number;
}

export const WALK_PAGE_SIZE = LIMITS.perPageDefault;

/** The query string of one walk page. */
export function walkPageQuery(token: string | null): string {
  const query = new URLSearchParams({ per_page: String(WALK_PAGE_SIZE), sort_order: 'asc' });
  if (token !== null) query.set('continuation_token', token);
  return query.toString();
}

export function listPageSource(options: ListPageSourceOptions): PageSource {
  return {
    async fetchPage(token) {
      let response: Response;
      try {
        response = await options.get(walkPageQuery(token), AbortSignal.timeout(options.timeoutMs));
      } catch (error) {
        // The rate budget's 429 / 7429: the walk's share (or the whole budget) is spent for now.
        if (error instanceof ApiError && error.status === 429) throw new WalkThrottledError(error.message);
        throw error;
      }
      if (response.status === 429) {
        await response.body?.cancel().catch(() => undefined);
        throw new WalkThrottledError(`list v2 answered 429 (retry-after ${response.headers.get('retry-after') ?? 'not given'})`);
      }
      let body: { success?: boolean; errors?: { message?: string }[]; result?: { images?: CfImage[]; continuation_token?: string | null } };
      try {
        body = (await response.json()) as typeof body;
      } catch {
        throw new Error(`list v2 answered ${response.status} with something that is not the JSON envelope`);
      }
      if (!response.ok || body.success !== true || !Array.isArray(body.result?.images)) {
        const why = body.errors?.map((e) => e.message).join('; ') || `status ${response.status}`;
        if (response.status === 400 && token !== null) throw new StaleTokenError(`list v2 refused the continuation token: ${why}`);
        throw new Error(`list v2 answered ${response.status}: ${why}`);
      }
      return { images: body.result.images, continuationToken: body.result.continuation_token ?? null } satisfies ListPage;
    },
  };
}

/** Cloudflare mode, Node and Workers alike: the walk's pages through the app's batch client (see above). */
export function batchPageSource(batch: BatchClient, timeoutMs: number): PageSource {
  return listPageSource({ get: (query, signal) => batch.listPage(query, signal), timeoutMs });
}
