/**
 * The list proxy (CONTRACT.md §3, cloudflare mode): `GET /client/v4/accounts/{id}/images/v2` is validated with the
 * contract module, then forwarded with the server's credentials; the answer is streamed back. Identical concurrent
 * requests share one upstream call, identical later ones may be answered from the cache.
 * Web APIs only (fetch, streams, timers): the same code runs on Node and Workers.
 */
import { Hono } from 'hono';
import { ErrorCode } from '../../src/contract/envelope';
import { canonicalListQuery, parseListQuery } from '../../src/contract/list-query';
import type { AppConfig, CloudflareAuth } from '../config';
import { ApiError } from '../errors';
import type { RequestLogVariables } from '../middleware/request-log';
import { AccountHashSniffer, type AccountHashStore } from './account-hash';
import { ListCache, type CachedAnswer } from './list-cache';
import { SharedAnswer } from './shared-answer';
import { callUpstream, type RetryPolicy } from './upstream';

/** Knobs with production defaults; tests shorten the waits. */
export interface ProxyTuning {
  maxRetries: number;
  retryBaseMs: number;
  maxRetryAfterMs: number;
  /** Most bytes of one answer kept for coalesced joiners and the cache. */
  maxBufferedBytes: number;
  cacheMaxEntries: number;
  cacheMaxBytes: number;
}

export const DEFAULT_PROXY_TUNING: ProxyTuning = {
  maxRetries: 2,
  retryBaseMs: 250,
  maxRetryAfterMs: 10_000,
  maxBufferedBytes: 16 * 1024 * 1024,
  cacheMaxEntries: 200,
  cacheMaxBytes: 64 * 1024 * 1024,
};

export interface ListProxyOptions {
  config: AppConfig;
  accountHash: AccountHashStore;
  fetch?: typeof fetch;
  tuning?: Partial<ProxyTuning>;
}

/** The upstream response headers a client gets (CONTRACT.md §3); everything else, `set-cookie` included, is dropped. */
function isPassedHeader(name: string): boolean {
  return name === 'content-type' || name === 'retry-after' || name.startsWith('ratelimit');
}

function isJson(contentType: string | null): boolean {
  return contentType !== null && /^application\/([a-z0-9.+-]*\+)?json\s*(;|$)/i.test(contentType);
}

/** `Cache-Control: no-cache` (or `no-store`, or `max-age=0`) from the client: skip the cache, then refresh it. */
function wantsFresh(cacheControl: string | undefined): boolean {
  return cacheControl !== undefined && /(^|,)\s*(no-cache|no-store|max-age=0)\s*(,|$)/i.test(cacheControl);
}

function credentialHeaders(auth: CloudflareAuth): Record<string, string> {
  return auth.type === 'token'
    ? { authorization: `Bearer ${auth.token}` }
    : { 'x-auth-email': auth.email, 'x-auth-key': auth.key };
}

type Head = { status: number; headers: [string, string][] };
type Outcome = (Head & { answer: SharedAnswer; attempts: number }) | { error: ApiError; attempts: number };

/** Routes of the proxy. Mount with `app.route('/', …)` after the account check. */
export function createListProxy(options: ListProxyOptions): Hono<{ Variables: RequestLogVariables }> {
  const { config, accountHash } = options;
  const cloudflare = config.cloudflare;
  if (!cloudflare) throw new Error('createListProxy: cloudflare mode needs config.cloudflare');
  const fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
  const tuning = { ...DEFAULT_PROXY_TUNING, ...options.tuning };
  const policy: RetryPolicy = {
    timeoutMs: config.upstreamTimeoutMs,
    maxRetries: tuning.maxRetries,
    retryBaseMs: tuning.retryBaseMs,
    maxRetryAfterMs: tuning.maxRetryAfterMs,
  };
  // Built from scratch: nothing of the client's request (Authorization, Cookie, X-Auth-*, X-Forwarded-*) goes up.
  const baseHeaders: Record<string, string> = {
    accept: 'application/json',
    'user-agent': `cf-images-explorer/${config.version}`,
    ...credentialHeaders(cloudflare.auth),
  };
  const cache = new ListCache({ ttlMs: config.cacheTtlMs, maxEntries: tuning.cacheMaxEntries, maxBytes: tuning.cacheMaxBytes });
  const inFlight = new Map<string, Promise<Outcome>>();

  /** One upstream call, shared by every identical request until its body is complete (or over the buffer cap). */
  function startCall(key: string, upstreamUrl: string, fresh: boolean): Promise<Outcome> {
    const headers = fresh ? { ...baseHeaders, 'cache-control': 'no-cache' } : baseHeaders;
    const call = (async (): Promise<Outcome> => {
      const outcome = await callUpstream(upstreamUrl, headers, policy, fetchImpl);
      if (!outcome.ok) return { error: outcome.error, attempts: outcome.attempts };
      const { response, attempts } = outcome;
      const head: Head = { status: response.status, headers: [['cache-control', 'no-store']] };
      response.headers.forEach((value, name) => {
        if (isPassedHeader(name)) head.headers.push([name, value]);
      });
      // 7503 is decided before streaming: a JSON answer passes through whatever its status (Cloudflare's errors
      // are envelopes); an HTML error page from a load balancer does not.
      if (!isJson(response.headers.get('content-type')) || !response.body) {
        await response.body?.cancel().catch(() => undefined);
        const retryAfter = response.headers.get('retry-after');
        return {
          attempts,
          error: new ApiError(
            502,
            {
              code: ErrorCode.upstreamInvalid,
              message: `Cloudflare API answered ${response.status} with ${response.headers.get('content-type') ?? 'no content type'}, not the JSON envelope`,
            },
            retryAfter ? { headers: { 'retry-after': retryAfter } } : undefined,
          ),
        };
      }
      const sniffer = accountHash.known ? undefined : new AccountHashSniffer(accountHash);
      const answer = new SharedAnswer(response.body, {
        maxBufferedBytes: tuning.maxBufferedBytes,
        keepBody: response.status === 200 && cache.enabled,
        idleTimeoutMs: config.upstreamTimeoutMs,
        abort: outcome.abort,
        onChunk: sniffer ? (chunk) => sniffer.push(chunk) : undefined,
        onClosedToJoiners: () => {
          if (inFlight.get(key) === call) inFlight.delete(key);
        },
      });
      if (response.status === 200 && cache.enabled) {
        void answer.body.then((body) => {
          if (body) cache.set(key, { status: head.status, headers: head.headers, body });
        });
      }
      return { ...head, answer, attempts };
    })();
    inFlight.set(key, call);
    // An error outcome has no body to wait for: later requests try again.
    void call.then((outcome) => {
      if ('error' in outcome && inFlight.get(key) === call) inFlight.delete(key);
    });
    return call;
  }

  const app = new Hono<{ Variables: RequestLogVariables }>();

  app.get('/client/v4/accounts/:account_id/images/v2', async (c) => {
    // Hono answers HEAD with the GET route; a proxied HEAD would start a body nobody reads. Not forwarded.
    if (c.req.method !== 'GET') {
      throw new ApiError(404, { code: ErrorCode.noRoute, message: 'No route for the URI' });
    }
    const accountId = c.req.param('account_id');
    if (accountId !== config.accountId) {
      throw new ApiError(403, { code: ErrorCode.forbidden, message: 'Not the account this server is configured for' });
    }
    const url = new URL(c.req.url);
    const parsed = parseListQuery(url.search);
    if (!parsed.ok) {
      throw new ApiError(400, parsed.errors.map(({ code, message }) => ({ code, message })));
    }
    const key = `${accountId} ${canonicalListQuery(parsed.query)}`;
    const fresh = wantsFresh(c.req.header('cache-control'));

    if (cache.enabled && !fresh) {
      const hit = cache.get(key);
      if (hit) {
        c.set('cache', 'hit');
        c.set('upstreamCalls', 0);
        return cachedResponse(hit);
      }
    }

    const shared = inFlight.get(key);
    if (shared) {
      const outcome = await shared;
      const body = 'answer' in outcome ? outcome.answer.subscribe() : null;
      if ('error' in outcome) {
        c.set('cache', 'coalesced');
        c.set('upstreamCalls', 0);
        throw outcome.error;
      }
      if (body) {
        c.set('cache', 'coalesced');
        c.set('upstreamCalls', 0);
        return new Response(body, { status: outcome.status, headers: outcome.headers });
      }
      // Too late to join (over the buffer cap, or finished and gone): ask upstream ourselves.
    }

    const outcome = await startCall(key, `${cloudflare.baseUrl}/accounts/${accountId}/images/v2${url.search}`, fresh);
    c.set('cache', !cache.enabled ? 'off' : fresh ? 'bypass' : 'miss');
    c.set('upstreamCalls', outcome.attempts);
    if ('error' in outcome) throw outcome.error;
    const body = outcome.answer.subscribe();
    if (!body) throw new ApiError(502, { code: ErrorCode.upstreamUnreachable, message: 'Cloudflare API answer broke off' });
    return new Response(body, { status: outcome.status, headers: outcome.headers });
  });

  return app;
}

function cachedResponse(hit: CachedAnswer): Response {
  return new Response(hit.body, { status: hit.status, headers: hit.headers });
}
