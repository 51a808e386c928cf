/**
 * A fake Cloudflare API that is a real HTTP server: a small Hono app on 127.0.0.1, a free port, served by
 * @hono/node-server. It records every request and can be scripted to misbehave the ways a real upstream does
 * (CONTRACT.md §3). Used by the proxy tests, the Workers test, load tests and `bench/proxy.bench.ts`.
 *
 * ```ts
 * const upstream = await startFakeUpstream({ images: 2500 });
 * const config = cloudflareConfig(upstream.baseUrl);           // CLOUDFLARE_BASE_URL
 * upstream.enqueue({ type: 'status', status: 503 }, { type: 'list' }); // next request 503, the one after a page
 * …
 * expect(upstream.requests).toHaveLength(2);
 * await upstream.close();
 * ```
 *
 * Only `GET /client/v4/accounts/{account_id}/images/v2` is scripted; `images/v1/variants` and `images/v1/config`
 * answer a fixed account (two variants, flexible variants on); every other request is recorded and answered
 * 404 / 7003. With `batch` (docs/CONTRACT.md §10) it also issues batch tokens at `images/v1/batch_token` and serves
 * list v2 as the batch host at `/batch/images/v2` (point `CLOUDFLARE_BATCH_URL` at `origin + '/batch'`), sharing the
 * scripted behaviours with the global list route; `batch: 'refuse'` makes that host answer 403 to everything. Scripted behaviours apply to the list route only, one per request, in order; when the queue is empty
 * the default behaviour (`{ type: 'list' }` unless `setDefault` changed it) answers.
 *
 * Like Cloudflare, it answers gzip (`Content-Encoding: gzip`, `Vary: Accept-Encoding`) to a request whose
 * `Accept-Encoding` takes it, identity otherwise; a list page is compressed once and kept, so the fake stays cheap.
 * The streamed behaviours `large` and `slow` are always identity (their chunk timing is the point of them);
 * `truncated` and `stall` cut or stall the gzip bytes when gzip was asked for.
 */
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { serve, type HttpBindings } from '@hono/node-server';
import { Hono, type Context } from 'hono';
import type { CfImage } from '../../src/contract/image';
import { canonicalListQuery, compileMatcher, parseListQuery } from '../../src/contract/list-query';
import { acceptsGzip } from '../proxy/gzip';

/** What the fake does with one list request. */
export type Behaviour =
  /** A real page of the data set: filters, sort order, `per_page` and continuation tokens, like Cloudflare. */
  | { type: 'list' }
  /**
   * Any JSON body with any status and headers. With `chunkBytes` it is sent identity, in pieces of that many bytes
   * 5 ms apart (a value split between two chunks).
   */
  | { type: 'json'; status: number; body: unknown; headers?: Record<string, string>; chunkBytes?: number }
  /** Cloudflare's error envelope with `code`, answered with `status` (e.g. 500, 503, 403 / 10000). */
  | { type: 'status'; status: number; code?: number; message?: string; headers?: Record<string, string> }
  /** 429 in the envelope with `Retry-After` (seconds, or an HTTP date). */
  | { type: 'rate-limit'; retryAfter: string }
  /** An HTML error page, as a load balancer in front of an API sends. */
  | { type: 'html'; status: number }
  /** Never answers (until `close`). */
  | { type: 'hang' }
  /** Destroys the connection before answering (ECONNRESET on the client). */
  | { type: 'reset' }
  /** 200 `application/json`, `bytes` bytes of a page, then the connection is destroyed mid-body. */
  | { type: 'truncated'; bytes?: number }
  /** A valid list answer of about `bytes` bytes (e.g. 20 MB), generated as it is sent. */
  | { type: 'large'; bytes: number }
  /** A valid list answer sent as `chunks` pieces, `intervalMs` apart. */
  | { type: 'slow'; chunks: number; intervalMs: number }
  /** 200 `application/json`, the first bytes of a page, then silence with the connection open. */
  | { type: 'stall' }
  /** Waits `ms`, then does `then`. */
  | { type: 'delay'; ms: number; then: Behaviour };

export interface RecordedRequest {
  method: string;
  /** Path without the query string, e.g. `/client/v4/accounts/…/images/v2`. */
  path: string;
  /** The raw query string with its `?`, or `''`. */
  search: string;
  /** Header names lower-cased. */
  headers: Record<string, string>;
  /** Whether the answer was sent gzip (the request's `Accept-Encoding` took it). */
  gzip: boolean;
  /** When the request arrived (`performance.now()`). */
  at: number;
}

export interface FakeUpstreamOptions {
  /** The data set: a number of generated images (default 100), or the images themselves. */
  images?: number | CfImage[];
  /** Delivery account hash of generated variant URLs. */
  accountHash?: string;
  /** Batch tokens and a batch host (see above); default none (`batch_token` is 404 like any unknown route). */
  batch?: 'ok' | 'refuse';
}

export const FAKE_BATCH_TOKEN = 'fake-batch-token-0123456789';

export interface FakeUpstream {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  /** `origin + '/client/v4'`: what `CLOUDFLARE_BASE_URL` should be. */
  readonly baseUrl: string;
  /** Every request received, in order, whatever its path. */
  readonly requests: RecordedRequest[];
  readonly images: readonly CfImage[];
  /** List requests to the global API only. */
  listRequests(): RecordedRequest[];
  /** List requests to the batch host only (`batch` option). */
  batchListRequests(): RecordedRequest[];
  /** Streamed bodies (`large`, `slow`) the client stopped reading before the end: the proxy gave up on them. */
  readonly cancelledBodies: number;
  /** Queues one-shot behaviours for the next list requests, in order. */
  enqueue(...behaviours: Behaviour[]): void;
  /** What list requests get when the queue is empty. */
  setDefault(behaviour: Behaviour): void;
  /** Forgets recorded requests and queued behaviours; the default goes back to `{ type: 'list' }`. */
  reset(): void;
  /** Resolves once `count` requests in total have arrived. */
  waitForRequests(count: number, timeoutMs?: number): Promise<void>;
  /**
   * The same fake without the TCP hop: a `fetch` that hands the request to the fake's app in-process (recorded
   * like any other). For tests that send thousands of requests (fuzzing); behaviours that act on the socket
   * (`reset`, `truncated`) need the real server.
   */
  inProcessFetch: typeof fetch;
  /** Stops the server, ending hanging and streaming answers. */
  close(): Promise<void>;
}

export const FAKE_ACCOUNT_HASH = 'FakeUpstreamHash000000';

/** Deterministic images, newest first by `uploaded` one minute apart, with a little metadata to filter on. */
export function generateImages(count: number, accountHash = FAKE_ACCOUNT_HASH): CfImage[] {
  const start = Date.UTC(2026, 0, 1);
  return Array.from({ length: count }, (_, i) => {
    const id = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
    return {
      id,
      filename: `photo-${i}.jpg`,
      creator: i % 3 === 0 ? null : `user-${i % 5}`,
      meta: { status: i % 2 === 0 ? 'active' : 'archived', n: i, region: { code: ['IE', 'DE', 'US'][i % 3] } },
      requireSignedURLs: i % 7 === 0,
      uploaded: new Date(start + i * 60_000).toISOString(),
      variants: ['public', 'thumbnail'].map((variant) => `https://imagedelivery.net/${accountHash}/${id}/${variant}`),
    };
  });
}

const encoder = new TextEncoder();
const JSON_HEADERS = { 'content-type': 'application/json; charset=UTF-8' };

function envelopeError(code: number, message: string) {
  return { success: false, errors: [{ code, message }], messages: [], result: null };
}

/** Starts the fake on 127.0.0.1 and a free port. */
export async function startFakeUpstream(options: FakeUpstreamOptions = {}): Promise<FakeUpstream> {
  const images =
    typeof options.images === 'object' ? options.images : generateImages(options.images ?? 100, options.accountHash);
  const requests: RecordedRequest[] = [];
  let queue: Behaviour[] = [];
  let fallback: Behaviour = { type: 'list' };
  const hanging = new Set<() => void>();
  let cancelledBodies = 0;
  const onCancel = () => {
    cancelledBodies += 1;
  };
  const waiters = new Set<() => void>();
  // A page is computed once per query: the fake must be cheap, or the bench measures the fake.
  const pages = new Map<string, Uint8Array<ArrayBuffer>>();
  const gzippedPages = new WeakMap<Uint8Array, Uint8Array<ArrayBuffer>>();
  const gzipped = (body: Uint8Array<ArrayBuffer>): Uint8Array<ArrayBuffer> => {
    let zipped = gzippedPages.get(body);
    if (!zipped) {
      zipped = new Uint8Array(gzipSync(body));
      gzippedPages.set(body, zipped);
    }
    return zipped;
  };
  /** A whole answer, gzip when the request takes it. */
  const whole = (body: string | Uint8Array<ArrayBuffer>, status: number, headers: Record<string, string>, gzip: boolean) => {
    // A scripted `content-encoding` is sent as it is: the tests of what the proxy does with an unexpected one.
    if (!gzip || headers['content-encoding']) return new Response(body, { status, headers });
    const zipped = typeof body === 'string' ? new Uint8Array(gzipSync(body)) : gzipped(body);
    return new Response(zipped, { status, headers: { ...headers, 'content-encoding': 'gzip', vary: 'accept-encoding' } });
  };

  function page(search: string): { status: number; body: Uint8Array<ArrayBuffer> } {
    const parsed = parseListQuery(search);
    if (!parsed.ok) {
      const errors = parsed.errors.map(({ code, message }) => ({ code, message }));
      return { status: 400, body: encoder.encode(JSON.stringify({ ...envelopeError(5400, 'invalid'), errors })) };
    }
    const { perPage, sortOrder, continuationToken } = parsed.query;
    // Tokens are `o<offset>`; anything after the digits is ignored, so a load test can make every request
    // distinct (`o0-17`) without making the fake compute a new page.
    const offset = Number(/^o(\d+)/.exec(continuationToken ?? '')?.[1] ?? 0);
    const memoKey = `${offset} ${canonicalListQuery({ ...parsed.query, continuationToken: undefined })}`;
    const cached = pages.get(memoKey);
    if (cached) return { status: 200, body: cached };
    const matches = compileMatcher(parsed.query);
    const sorted = images.filter(matches).sort((a, b) => (a.uploaded < b.uploaded ? -1 : a.uploaded > b.uploaded ? 1 : a.id < b.id ? -1 : 1));
    if (sortOrder === 'desc') sorted.reverse();
    const slice = sorted.slice(offset, offset + perPage);
    const next = offset + perPage < sorted.length ? `o${offset + perPage}` : null;
    const body = encoder.encode(
      JSON.stringify({ success: true, errors: [], messages: [], result: { images: slice, continuation_token: next } }),
    );
    if (pages.size > 1000) pages.clear();
    pages.set(memoKey, body);
    return { status: 200, body };
  }

  const forever = () => new Promise<void>((resolve) => hanging.add(resolve));
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  async function answer(behaviour: Behaviour, search: string, bindings: HttpBindings, gzip: boolean): Promise<Response> {
    switch (behaviour.type) {
      case 'list': {
        const { status, body } = page(search);
        return whole(body, status, JSON_HEADERS, gzip);
      }
      case 'json': {
        const text = JSON.stringify(behaviour.body);
        const size = behaviour.chunkBytes;
        if (size === undefined) return whole(text, behaviour.status, { ...JSON_HEADERS, ...behaviour.headers }, gzip);
        const bytes = encoder.encode(text);
        let at = 0;
        const stream = new ReadableStream<Uint8Array>({
          async pull(controller) {
            if (at > 0) await sleep(5);
            controller.enqueue(bytes.slice(at, at + size));
            at += size;
            if (at >= bytes.byteLength) controller.close();
          },
        }, { highWaterMark: 0 });
        return new Response(stream, { status: behaviour.status, headers: { ...JSON_HEADERS, ...behaviour.headers } });
      }
      case 'status':
        return whole(
          JSON.stringify(envelopeError(behaviour.code ?? 10000 + behaviour.status, behaviour.message ?? `upstream status ${behaviour.status}`)),
          behaviour.status,
          { ...JSON_HEADERS, ...behaviour.headers },
          gzip,
        );
      case 'rate-limit':
        return whole(
          JSON.stringify(envelopeError(10429, 'Rate limited')),
          429,
          { ...JSON_HEADERS, 'retry-after': behaviour.retryAfter, ratelimit: 'limit=1200, remaining=0, reset=1', 'set-cookie': '__cf_bm=upstream; Path=/' },
          gzip,
        );
      case 'html':
        return whole(`<!DOCTYPE html><html><body><h1>${behaviour.status} Bad Gateway</h1></body></html>`, behaviour.status, { 'content-type': 'text/html; charset=UTF-8' }, gzip);
      case 'hang':
        await forever();
        return new Response(null, { status: 499 });
      case 'reset':
        bindings.incoming.socket.destroy();
        return new Response(null, { status: 499 });
      case 'truncated': {
        const full = gzip ? gzipped(page('').body) : page('').body;
        const part = full.slice(0, Math.min(behaviour.bytes ?? 200, full.byteLength - 1));
        const stream = new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(part);
            setTimeout(() => bindings.incoming.socket.destroy(), 30);
          },
        });
        return new Response(stream, { status: 200, headers: gzip ? { ...JSON_HEADERS, 'content-encoding': 'gzip' } : JSON_HEADERS });
      }
      case 'stall': {
        const full = gzip ? gzipped(page('').body) : page('').body;
        const stream = new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(full.slice(0, 100));
          },
          pull: () => forever(),
        });
        return new Response(stream, { status: 200, headers: gzip ? { ...JSON_HEADERS, 'content-encoding': 'gzip' } : JSON_HEADERS });
      }
      case 'large':
        return new Response(largeBody(behaviour.bytes, images, onCancel), { status: 200, headers: JSON_HEADERS });
      case 'slow':
        return new Response(slowBody(behaviour.chunks, behaviour.intervalMs, images, onCancel), { status: 200, headers: JSON_HEADERS });
      case 'delay':
        await sleep(behaviour.ms);
        return answer(behaviour.then, search, bindings, gzip);
    }
  }

  const app = new Hono<{ Bindings: HttpBindings }>();
  app.use(async (c, next) => {
    const url = new URL(c.req.url);
    const headers: Record<string, string> = {};
    c.req.raw.headers.forEach((value, name) => {
      headers[name] = value;
    });
    requests.push({ method: c.req.method, path: url.pathname, search: url.search, headers, gzip: false, at: performance.now() });
    for (const wake of waiters) wake();
    await next();
  });
  const listRoute = (c: Context<{ Bindings: HttpBindings }>) => {
    const behaviour = queue.shift() ?? fallback;
    const streamed = (b: Behaviour): boolean =>
      b.type === 'delay' ? streamed(b.then) : b.type === 'large' || b.type === 'slow' || (b.type === 'json' && b.chunkBytes !== undefined);
    const gzip = acceptsGzip(c.req.header('accept-encoding')) && !streamed(behaviour);
    const recorded = requests.at(-1);
    if (recorded) recorded.gzip = gzip;
    return answer(behaviour, new URL(c.req.url).search, c.env, gzip);
  };
  app.get('/client/v4/accounts/:account_id/images/v2', listRoute);
  if (options.batch) {
    app.get('/client/v4/accounts/:account_id/images/v1/batch_token', (c) =>
      c.json({ success: true, errors: [], messages: [], result: { token: FAKE_BATCH_TOKEN, expiresAt: new Date(Date.now() + 3_600_000).toISOString() } }),
    );
    app.all('/batch/*', async (c, next) => {
      if (options.batch === 'refuse') return c.json(envelopeError(10000, 'Batch API refused'), 403);
      if (c.req.header('authorization') !== `Bearer ${FAKE_BATCH_TOKEN}`) return c.json(envelopeError(10000, 'Authentication error'), 401);
      await next();
    });
    app.get('/batch/images/v2', listRoute);
  }
  // The account's variants and image settings (CONTRACT.md §11), as Cloudflare answers them.
  app.get('/client/v4/accounts/:account_id/images/v1/variants', (c) =>
    c.json({
      success: true,
      errors: [],
      messages: [],
      result: {
        variants: {
          public: { id: 'public', options: { fit: 'scale-down', width: 1366, height: 768, metadata: 'none' }, neverRequireSignedURLs: false },
          thumbnail: { id: 'thumbnail', options: { fit: 'cover', width: 320, height: 320, metadata: 'none' }, neverRequireSignedURLs: false },
        },
      },
    }),
  );
  app.get('/client/v4/accounts/:account_id/images/v1/config', (c) =>
    c.json({ success: true, errors: [], messages: [], result: { flexible_variants: true } }),
  );
  app.all('*', (c) => c.json(envelopeError(7003, 'No route for the URI'), 404));

  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;

  return {
    origin,
    baseUrl: `${origin}/client/v4`,
    requests,
    images,
    get cancelledBodies() {
      return cancelledBodies;
    },
    listRequests: () => requests.filter((r) => r.method === 'GET' && /^\/client\/v4\/accounts\/[^/]+\/images\/v2$/.test(r.path)),
    batchListRequests: () => requests.filter((r) => r.method === 'GET' && r.path === '/batch/images/v2'),
    enqueue: (...behaviours) => {
      queue.push(...behaviours);
    },
    setDefault: (behaviour) => {
      fallback = behaviour;
    },
    reset: () => {
      requests.length = 0;
      queue = [];
      fallback = { type: 'list' };
    },
    waitForRequests: (count, timeoutMs = 5000) =>
      new Promise<void>((resolve, reject) => {
        if (requests.length >= count) return resolve();
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`fake upstream: ${requests.length} of ${count} requests after ${timeoutMs} ms`));
        }, timeoutMs);
        const check = () => {
          if (requests.length < count) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        };
        waiters.add(check);
      }),
    inProcessFetch: async (input, init) => app.fetch(new Request(input, init)),
    close: async () => {
      for (const release of hanging) release();
      hanging.clear();
      const http = server as unknown as { closeAllConnections?: () => void };
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        http.closeAllConnections?.();
      });
    },
  };
}

const LIST_PREFIX = '{"success":true,"errors":[],"messages":[],"result":{"images":[';
const LIST_SUFFIX = '],"continuation_token":null}}';

/** A list answer of about `bytes` bytes, made of the data set repeated, generated chunk by chunk. */
function largeBody(bytes: number, images: readonly CfImage[], onCancel: () => void): ReadableStream<Uint8Array> {
  const items = images.map((image) => JSON.stringify(image));
  let sent = 0;
  let index = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent === 0) {
        sent += LIST_PREFIX.length;
        controller.enqueue(encoder.encode(LIST_PREFIX));
        return;
      }
      if (sent >= bytes || items.length === 0) {
        controller.enqueue(encoder.encode(LIST_SUFFIX));
        controller.close();
        return;
      }
      const parts: string[] = [];
      let size = 0;
      while (size < 64 * 1024 && sent + size < bytes) {
        const item = `${index === 0 ? '' : ','}${items[index % items.length]}`;
        parts.push(item);
        size += item.length;
        index += 1;
      }
      sent += size;
      controller.enqueue(encoder.encode(parts.join('')));
    },
    cancel: onCancel,
  }, { highWaterMark: 0 });
}

/** A valid list answer in `chunks` pieces, `intervalMs` apart: the prefix first, then images, then the suffix. */
function slowBody(chunks: number, intervalMs: number, images: readonly CfImage[], onCancel: () => void): ReadableStream<Uint8Array> {
  const pieces = [LIST_PREFIX];
  const count = Math.max(0, chunks - 2);
  for (let i = 0; i < count; i += 1) pieces.push(`${i === 0 ? '' : ','}${JSON.stringify(images[i % Math.max(1, images.length)])}`);
  pieces.push(LIST_SUFFIX);
  let timer: ReturnType<typeof setTimeout> | undefined;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const piece = pieces.shift();
      if (piece === undefined) return controller.close();
      if (piece !== LIST_PREFIX) await new Promise((resolve) => (timer = setTimeout(resolve, intervalMs)));
      controller.enqueue(encoder.encode(piece));
      if (pieces.length === 0) controller.close();
    },
    cancel() {
      clearTimeout(timer);
      onCancel();
    },
  }, { highWaterMark: 0 });
}
