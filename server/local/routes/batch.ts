/**
 * Local mode's stand-in for Cloudflare's batch host (docs/CONTRACT.md §10): `/batch/images/v2`, `/batch/images/v1`,
 * `/batch/images/v1/{image_id}` (and `/blob`, `stats`), `/batch/images/v2/direct_upload`, authorised by a token from
 * `GET …/images/v1/batch_token`. Each request is answered by the account route of the same path, so the batch host
 * and the global API cannot drift apart. Point `CLOUDFLARE_BATCH_URL` at `http://HOST:PORT/batch` to test cloudflare
 * mode against it.
 */
import { Hono } from 'hono';
import { ErrorCode } from '../../../src/contract/envelope';
import { ApiError } from '../../errors';
import type { BatchTokens } from '../batch-tokens';

export const BATCH_PREFIX = '/batch';

export function batchRoutes(options: {
  tokens: BatchTokens;
  accountId: string;
  /** Answers a request to an account route (the local routes, with the envelope for errors). */
  dispatch: (request: Request) => Response | Promise<Response>;
}): Hono {
  const app = new Hono();
  app.all(`${BATCH_PREFIX}/images/*`, async (c) => {
    const refusal = options.tokens.refusal(c.req.header('authorization'));
    if (refusal) throw new ApiError(401, { code: ErrorCode.unauthorized, message: refusal });
    const url = new URL(c.req.url);
    const rest = url.pathname.slice(`${BATCH_PREFIX}/images/`.length);
    if (!/^v[12](\/|$)/.test(rest) || /^v1\/batch_token(\/|$)/i.test(rest)) {
      throw new ApiError(404, { code: ErrorCode.noRoute, message: 'No route for the URI' });
    }
    const target = new URL(`/client/v4/accounts/${options.accountId}/images/${rest}${url.search}`, url.origin);
    const headers = new Headers(c.req.raw.headers);
    headers.delete('authorization');
    const method = c.req.method;
    // The body is passed on as it streams in, never read whole here: the account route's own limit (413 past
    // 10 MB for an upload) then stops it as early as on the global API (docs/CONTRACT.md §4).
    const body = method === 'GET' || method === 'HEAD' ? undefined : c.req.raw.body;
    return options.dispatch(new Request(target, { method, headers, body, duplex: 'half' } as RequestInit));
  });
  return app;
}
