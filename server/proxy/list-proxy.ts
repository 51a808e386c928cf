/**
 * The list proxy (CONTRACT.md §3, cloudflare mode): `GET /client/v4/accounts/{id}/images/v2` is validated with the
 * contract module, then forwarded with the server's credentials; the answer is streamed back. Identical concurrent
 * requests share one upstream call, identical later ones may be answered from the cache.
 * Web APIs only (fetch, streams, timers): the same code runs on Node and Workers.
 *
 * With a raw transport (`rawFetch`, Node: server/proxy/node-upstream.ts) the proxy asks for gzip and passes the
 * compressed bytes through to clients that accept gzip (browsers do); a client that does not gets them decoded.
 * With the runtime's `fetch` (Workers), which decodes on its own, answers are forwarded as that `fetch` gives them.
 */
import { Hono } from 'hono';
import { ErrorCode } from '../../src/contract/envelope';
import { canonicalListQuery, canonicalQueryString, parseListQuery } from '../../src/contract/list-query';
import type { CfImage } from '../../src/contract/image';
import type { AppConfig } from '../config';
import { ApiError } from '../errors';
import type { RequestLogVariables } from '../middleware/request-log';
import { learnAccountHash, type AccountHashStore } from './account-hash';
import { credentialHeaders } from './batch-client';
import { ListCache, type CachedAnswer } from './list-cache';
import { budgeted, type RateBudget } from './rate-budget';
import { SharedAnswer } from './shared-answer';
import { acceptsGzip, bodyEncoding, gunzip } from './gzip';
import { credentialsOf, ErrorBodyTooLarge, passedHeaders, readRedacted, Redactor } from './redact';
import { callUpstream, isJson, type RawUpstreamFetch, type RetryPolicy, type UpstreamFetch, type UpstreamResponse } from './upstream';
import type { ListAnswerFeed } from '../index/list-answer-feed';

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

/** How an idempotent GET upstream is retried (CONTRACT.md §3): the list proxy's and the §7 reads' (image-routes.ts). */
export function retryPolicy(config: AppConfig, tuning: Partial<ProxyTuning> = {}): RetryPolicy {
  const { maxRetries, retryBaseMs, maxRetryAfterMs } = { ...DEFAULT_PROXY_TUNING, ...tuning };
  return { timeoutMs: config.upstreamTimeoutMs, maxRetries, retryBaseMs, maxRetryAfterMs };
}

export interface ListProxyOptions {
  config: AppConfig;
  accountHash: AccountHashStore;
  /** The runtime's `fetch` (or a service binding); default the global one. Ignored when `rawFetch` is given. */
  fetch?: typeof fetch;
  /** A transport that does not decode bodies (Node); the proxy then passes gzip through. */
  rawFetch?: RawUpstreamFetch;
  tuning?: Partial<ProxyTuning>;
  /** The app's upstream budget (server/proxy/rate-budget.ts); none: unlimited. */
  budget?: RateBudget;
  /** Takes the images of successful list answers when it has room for them (the account index, docs/CONTRACT.md §8). */
  listAnswers?: ListAnswerFeed;
}

/** `Cache-Control: no-cache` (or `no-store`, or `max-age=0`) from the client: skip the cache, then refresh it. */
function wantsFresh(cacheControl: string | undefined): boolean {
  return cacheControl !== undefined && /(^|,)\s*(no-cache|no-store|max-age=0)\s*(,|$)/i.test(cacheControl);
}

type Head = {
  status: number;
  headers: [string, string][];
  /** `gzip` when the body is the upstream's compressed bytes (raw transport only). */
  encoding: 'identity' | 'gzip';
};
type Outcome = (Head & { answer: SharedAnswer; attempts: number }) | { error: ApiError; attempts: number };

/** Routes of the proxy. Mount with `app.route('/', …)` after the account check. */
export function createListProxy(options: ListProxyOptions): Hono<{ Variables: RequestLogVariables }> {
  const { config, accountHash } = options;
  const cloudflare = config.cloudflare;
  if (!cloudflare) throw new Error('createListProxy: cloudflare mode needs config.cloudflare');
  const { rawFetch } = options;
  const runtimeFetch = options.fetch ?? ((input, init) => fetch(input, init));
  // Every try takes a request of the shared budget (docs/CONTRACT.md §9); dashboard lists go first.
  const fetchImpl: UpstreamFetch<UpstreamResponse> = budgeted<Parameters<UpstreamFetch>[1], UpstreamResponse>(
    rawFetch ?? ((input, init) => runtimeFetch(input, init)),
    options.budget,
    'list',
  );
  const tuning = { ...DEFAULT_PROXY_TUNING, ...options.tuning };
  const policy = retryPolicy(config, tuning);
  // Built from scratch: nothing of the client's request (Authorization, Cookie, X-Auth-*, X-Forwarded-*) goes up.
  const baseHeaders: Record<string, string> = {
    accept: 'application/json',
    'user-agent': `cf-images-explorer/${config.version}`,
    ...credentialHeaders(cloudflare.auth),
    // Only a raw transport hands gzip over as is; the runtime's fetch negotiates and decodes on its own.
    ...(rawFetch ? { 'accept-encoding': 'gzip' } : {}),
  };
  const redactor = new Redactor(credentialsOf(cloudflare.auth));
  const cache = new ListCache({ ttlMs: config.cacheTtlMs, maxEntries: tuning.cacheMaxEntries, maxBytes: tuning.cacheMaxBytes });
  const inFlight = new Map<string, Promise<Outcome>>();

  /** One upstream call, shared by every identical request until its body is complete (or over the buffer cap). */
  function startCall(key: string, upstreamUrl: string, fresh: boolean): Promise<Outcome> {
    const headers = fresh ? { ...baseHeaders, 'cache-control': 'no-cache' } : baseHeaders;
    const call = (async (): Promise<Outcome> => {
      // Writes noted after this moment win over what this answer shows (server/index/recent-writes.ts).
      const requestedAt = Date.now();
      const outcome = await callUpstream(upstreamUrl, headers, policy, fetchImpl);
      if (!outcome.ok) return { error: outcome.error, attempts: outcome.attempts };
      const { response, attempts } = outcome;
      const encoding = rawFetch ? bodyEncoding(response.headers.get('content-encoding')) : 'identity';
      const head: Head = {
        status: response.status,
        headers: [['cache-control', 'no-store'], ...passedHeaders(response.headers, redactor)],
        encoding: encoding ?? 'identity',
      };
      // 7503 is decided before streaming: a JSON answer passes through whatever its status (Cloudflare's errors
      // are envelopes); an HTML error page from a load balancer does not, nor an encoding the proxy never asked for.
      if (!isJson(response.headers.get('content-type')) || !response.body || encoding === undefined) {
        await response.body?.cancel().catch(() => undefined);
        const retryAfter = response.headers.get('retry-after');
        return {
          attempts,
          error: new ApiError(
            502,
            {
              code: ErrorCode.upstreamInvalid,
              message: redactor.text(
                encoding === undefined
                  ? `Cloudflare API answered ${response.status} in content-encoding ${response.headers.get('content-encoding')}, which the proxy did not ask for`
                  : `Cloudflare API answered ${response.status} with ${response.headers.get('content-type') ?? 'no content type'}, not the JSON envelope`,
              ),
            },
            retryAfter ? { headers: { 'retry-after': redactor.text(retryAfter) } } : undefined,
          ),
        };
      }
      let body = response.body;
      if (response.status < 200 || response.status > 299) {
        // An error may echo the credential (redact.ts): read whole (small), decoded, redacted, and passed on plain.
        const timer = setTimeout(() => outcome.abort(new Error('error body stalled')), config.upstreamTimeoutMs);
        try {
          body = new Response(await readRedacted(body, head.encoding, redactor)).body!;
          head.encoding = 'identity';
        } catch (cause) {
          return {
            attempts,
            error:
              cause instanceof ErrorBodyTooLarge
                ? new ApiError(502, { code: ErrorCode.upstreamInvalid, message: `Cloudflare API answered ${response.status} with an error ${cause.message}, not the JSON envelope` })
                : new ApiError(502, { code: ErrorCode.upstreamUnreachable, message: `Cloudflare API answer ${response.status} broke off` }),
          };
        } finally {
          clearTimeout(timer);
        }
      }
      // The delivery hash is learnt from the whole parsed answer (account-hash.ts), only while it is unknown, one
      // answer at a time.
      const learn = response.status === 200 && accountHash.claim();
      const keep = response.status === 200 && cache.enabled;
      const feed = response.status === 200 && options.listAnswers !== undefined && options.listAnswers.claim();
      const answer = new SharedAnswer(body, {
        maxBufferedBytes: tuning.maxBufferedBytes,
        keepBody: keep || learn || feed,
        idleTimeoutMs: config.upstreamTimeoutMs,
        abort: outcome.abort,
        onClosedToJoiners: () => {
          if (inFlight.get(key) === call) inFlight.delete(key);
        },
      });
      if (keep || learn) {
        void answer.body.then((body) => {
          if (!body) {
            if (learn) accountHash.release();
            return;
          }
          if (keep) cache.set(key, { status: head.status, headers: head.headers, encoding: head.encoding, body });
          if (learn) void learnAccountHash(accountHash, body, head.encoding, 'list');
        });
      }
      const listAnswers = options.listAnswers;
      if (feed && listAnswers) {
        void answer.body
          .then(async (body) => (body ? await listedImages(body, head.encoding) : []))
          .catch(() => [])
          .then((images) => listAnswers.take(images, requestedAt));
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
    const gzipOk = acceptsGzip(c.req.header('accept-encoding'));

    if (cache.enabled && !fresh) {
      const hit = cache.get(key);
      if (hit) {
        c.set('cache', 'hit');
        c.set('upstreamCalls', 0);
        return respond(hit, hit.body, gzipOk);
      }
    }

    const shared = inFlight.get(key);
    if (shared) {
      const outcome = await shared;
      const body = 'answer' in outcome ? ((await outcome.answer.completeSoon()) ?? outcome.answer.subscribe()) : null;
      if ('error' in outcome) {
        c.set('cache', 'coalesced');
        c.set('upstreamCalls', 0);
        throw outcome.error;
      }
      if (body) {
        c.set('cache', 'coalesced');
        c.set('upstreamCalls', 0);
        return respond(outcome, body, gzipOk);
      }
      // Too late to join (over the buffer cap, or finished and gone): ask upstream ourselves.
    }

    // Exactly the question the key names (CONTRACT.md §3): never the client's raw string with unknown parameters.
    const upstreamUrl = `${cloudflare.baseUrl}/accounts/${accountId}/images/v2?${canonicalQueryString(parsed.query)}`;
    const outcome = await startCall(key, upstreamUrl, fresh);
    c.set('cache', !cache.enabled ? 'off' : fresh ? 'bypass' : 'miss');
    c.set('upstreamCalls', outcome.attempts);
    if ('error' in outcome) throw outcome.error;
    const body = (await outcome.answer.completeSoon()) ?? outcome.answer.subscribe();
    if (!body) throw new ApiError(502, { code: ErrorCode.upstreamUnreachable, message: 'Cloudflare API answer broke off' });
    return respond(outcome, body, gzipOk);
  });

  return app;
}

/** The images of a list answer's body (for the index); none when it is not a list envelope. */
async function listedImages(body: Uint8Array<ArrayBuffer>, encoding: 'identity' | 'gzip'): Promise<CfImage[]> {
  const stream = encoding === 'gzip' ? new Blob([body]).stream().pipeThrough(gunzip()) : new Blob([body]).stream();
  const parsed = (await new Response(stream).json()) as { success?: unknown; result?: { images?: unknown } };
  return parsed.success === true && Array.isArray(parsed.result?.images) ? (parsed.result.images as CfImage[]) : [];
}

/**
 * The client's response: gzip bytes as they are for a client that accepts them, decoded for one that does not
 * (rare: browsers accept gzip). Either way the answer varies with `Accept-Encoding`.
 */
function respond(head: Head | CachedAnswer, body: ReadableStream<Uint8Array> | Uint8Array<ArrayBuffer>, gzipOk: boolean): Response {
  if (head.encoding !== 'gzip') return new Response(body, { status: head.status, headers: head.headers });
  if (gzipOk) {
    return new Response(body, { status: head.status, headers: [...head.headers, ['content-encoding', 'gzip'], ['vary', 'accept-encoding']] });
  }
  const stream = body instanceof Uint8Array ? new Blob([body]).stream() : body;
  return new Response(stream.pipeThrough(gunzip()), {
    status: head.status,
    headers: [...head.headers, ['vary', 'accept-encoding']],
  });
}
