/**
 * The proxy's upstream transport on Node (server/node.ts): `node:http` / `node:https` with a keep-alive agent,
 * instead of the global `fetch` (undici). Two reasons, both measured in `bench/proxy.bench.ts` (docs/proxy.md):
 * - the body is handed over **as received**: the proxy asks Cloudflare for gzip and passes the compressed bytes to
 *   clients that accept gzip, where undici's `fetch` always decompresses (and the proxy then re-sent ~20× the bytes);
 * - one thin Web stream over the socket's chunks, instead of undici's fetch machinery per request.
 *
 * It answers the status, a `Headers` and a Web stream of the body (an `UpstreamResponse`), the parts of a `Response`
 * the proxy reads, so everything above it (retries, 7503, coalescing, the cache) is the code Workers run with their
 * own `fetch`; not a whole `Response`, which cost a second object per request on Node (docs/performance.md). Only what the proxy uses is supported: GET, headers, an abort signal; redirects are never
 * followed (a 3xx is returned as is, like `redirect: 'manual'`).
 */
import http from 'node:http';
import https from 'node:https';
import type { RawUpstreamFetch, UpstreamResponse } from './upstream';

export interface NodeUpstreamOptions {
  /** Most concurrent connections per upstream host; more requests queue in the agent. */
  maxSockets?: number;
}

/** Statuses whose response has no body: a web `Response` refuses one. */
const NULL_BODY_STATUS = new Set([101, 103, 204, 205, 304]);

/** A `fetch`-shaped GET over `node:http(s)` whose bodies are never decoded (`content-encoding` describes them). */
export function createNodeUpstreamFetch(options: NodeUpstreamOptions = {}): RawUpstreamFetch {
  const agentOptions = {
    keepAlive: true,
    maxSockets: options.maxSockets ?? 128,
    maxFreeSockets: options.maxSockets ?? 128,
    // Reuse the most recently used connection: the others may idle out and close.
    scheduling: 'lifo' as const,
    // An idle connection is closed after 4 s, or 1 s before the server's `Keep-Alive: timeout=` hint when that is
    // sooner, so a request is rarely sent on a connection the server is closing (undici's default is the same 4 s).
    // Only idle sockets are closed by this; a slow answer is bounded by UPSTREAM_TIMEOUT_MS instead.
    timeout: 4000,
  };
  const httpAgent = new http.Agent(agentOptions);
  const httpsAgent = new https.Agent(agentOptions);

  function get(url: URL, headers: Record<string, string>, signal: AbortSignal | undefined): Promise<UpstreamResponse> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<UpstreamResponse>((resolve, reject) => {
      const secure = url.protocol === 'https:';
      const req = (secure ? https : http).request(url, {
        method: 'GET',
        headers,
        agent: secure ? httpsAgent : httpAgent,
      });
      let response: http.IncomingMessage | undefined;
      const onAbort = () => {
        const reason = signal?.reason instanceof Error ? signal.reason : new Error('aborted');
        req.destroy(reason);
        response?.destroy(reason);
      };
      const forgetSignal = () => signal?.removeEventListener('abort', onAbort);
      signal?.addEventListener('abort', onAbort, { once: true });

      req.on('error', (error) => {
        forgetSignal();
        if (response) return; // the body stream reports it
        // No silent re-send on a reset kept-alive connection: the request may have reached the server, and the
        // contract counts every try (CONTRACT.md §3). The idle timeout below keeps that race rare.
        reject(error);
      });
      req.on('response', (res) => {
        response = res;
        const status = res.statusCode ?? 0;
        if (status < 200 || status > 599) {
          res.destroy();
          forgetSignal();
          return reject(Object.assign(new Error(`status ${status}`), { code: 'EBADSTATUS' }));
        }
        const responseHeaders = new Headers();
        const raw = res.rawHeaders;
        for (let i = 0; i < raw.length; i += 2) responseHeaders.append(raw[i] as string, raw[i + 1] as string);
        res.on('close', forgetSignal);
        if (NULL_BODY_STATUS.has(status)) {
          res.resume();
          resolve({ status, headers: responseHeaders, body: null });
          return;
        }
        resolve({ status, headers: responseHeaders, body: webStreamOf(res) });
      });
      req.end();
    });
  }

  return (input, init) => get(new URL(input), init.headers, init.signal);
}

/**
 * The response's chunks as a Web stream, with backpressure (the socket is paused while the stream is full). A body
 * that ends early (reset, destroyed) errors the stream: the proxy then aborts its client's connection.
 */
function webStreamOf(res: http.IncomingMessage): ReadableStream<Uint8Array> {
  let finished = false;
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        res.on('data', (chunk: Buffer) => {
          controller.enqueue(chunk);
          if ((controller.desiredSize ?? 0) <= 0) res.pause();
        });
        res.on('end', () => {
          finished = true;
          controller.close();
        });
        res.on('error', (error) => {
          if (finished) return;
          finished = true;
          controller.error(error);
        });
        res.on('close', () => {
          if (finished) return;
          finished = true;
          controller.error(Object.assign(new Error('upstream body ended early'), { code: 'ECONNRESET' }));
        });
      },
      pull() {
        if (res.isPaused()) res.resume();
      },
      cancel() {
        finished = true;
        res.destroy();
      },
    },
    { highWaterMark: 2 },
  );
}
