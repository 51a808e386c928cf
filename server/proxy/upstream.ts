/**
 * One logical call to the Cloudflare API with the contract's retry rules (CONTRACT.md §3): 429, 502, 503, 504 and
 * connection failures are retried at most twice with backoff, honouring `Retry-After` up to a cap, all within one
 * deadline. Plain `fetch` and timers only, so it runs on Node and Workers alike.
 */
import { ErrorCode } from '../../src/contract/envelope';
import { parseRetryAfter } from '../../src/contract/retry-after';
import { ApiError } from '../errors';

export interface RetryPolicy {
  /** The whole call, retries and waits included, must produce response headers within this. */
  timeoutMs: number;
  /** Retries after the first try. */
  maxRetries: number;
  /** First backoff; doubled per retry, with jitter (a half to the full value). */
  retryBaseMs: number;
  /** Longest `Retry-After` honoured; a longer one is handed to the client instead of waited for. */
  maxRetryAfterMs: number;
}

/**
 * What the proxy reads of an upstream answer. A `Response` is one (the runtime's `fetch`, Workers); the Node
 * transport hands over this much and no more (server/proxy/node-upstream.ts), which spares a `Response` per request.
 */
export interface UpstreamResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly body: ReadableStream<Uint8Array> | null;
}

export type UpstreamOutcome<R extends UpstreamResponse = Response> =
  | {
      ok: true;
      response: R;
      /** Aborts the response body (the caller's idle timeout, or every client gone). */
      abort: (reason?: unknown) => void;
      attempts: number;
    }
  | { ok: false; error: ApiError; attempts: number };

/** What `callUpstream` needs of a transport: the global `fetch` fits, and so does `RawUpstreamFetch`. */
export type UpstreamFetch<R extends UpstreamResponse = Response> = (
  url: string,
  init: { method: 'GET'; headers: Record<string, string>; signal: AbortSignal; redirect: 'manual' },
) => Promise<R>;

/**
 * A transport whose bodies are handed over as received, compressed ones with their `content-encoding`, never
 * decoded (the global `fetch` decodes them). With one the proxy asks for gzip and passes it through
 * (server/proxy/node-upstream.ts). It must not follow redirects.
 */
export type RawUpstreamFetch = (url: string, init: { headers: Record<string, string>; signal?: AbortSignal }) => Promise<UpstreamResponse>;

/** Whether an answer's content type is JSON (Cloudflare's envelope), as the proxy requires of every API answer. */
export function isJson(contentType: string | null): boolean {
  return contentType !== null && /^application\/([a-z0-9.+-]*\+)?json\s*(;|$)/i.test(contentType);
}

const RETRYABLE_STATUS = new Set([429, 502, 503, 504]);

class UpstreamTimeout extends Error {}

/** Calls `url` with GET until an answer worth returning, or the contract's own error. */
export async function callUpstream<R extends UpstreamResponse = Response>(
  url: string,
  headers: Record<string, string>,
  policy: RetryPolicy,
  fetchImpl: UpstreamFetch<R> = fetch as unknown as UpstreamFetch<R>,
): Promise<UpstreamOutcome<R>> {
  const deadline = Date.now() + policy.timeoutMs;
  const timeoutError = () =>
    new ApiError(504, {
      code: ErrorCode.upstreamTimeout,
      message: `Cloudflare API did not answer within ${policy.timeoutMs} ms (UPSTREAM_TIMEOUT_MS)`,
    });

  for (let attempt = 1; ; attempt += 1) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new UpstreamTimeout()), Math.max(0, deadline - Date.now()));
    let response: R;
    try {
      response = await fetchImpl(url, { method: 'GET', headers, signal: controller.signal, redirect: 'manual' });
    } catch (cause) {
      clearTimeout(timer);
      if (cause instanceof ApiError) return { ok: false, error: cause, attempts: attempt }; // the rate budget's 429
      if (controller.signal.aborted) return { ok: false, error: timeoutError(), attempts: attempt };
      const error = new ApiError(502, {
        code: ErrorCode.upstreamUnreachable,
        message: `Cloudflare API unreachable: ${describeNetworkError(cause)}`,
      });
      const delay = backoff(policy, attempt);
      if (attempt > policy.maxRetries || Date.now() + delay >= deadline) return { ok: false, error, attempts: attempt };
      await sleep(delay);
      continue;
    }
    clearTimeout(timer);

    if (RETRYABLE_STATUS.has(response.status) && attempt <= policy.maxRetries) {
      const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
      const delay = retryAfter ?? backoff(policy, attempt);
      if (delay <= policy.maxRetryAfterMs && Date.now() + delay < deadline) {
        await response.body?.cancel().catch(() => undefined);
        await sleep(delay);
        continue;
      }
    }
    return { ok: true, response, abort: (reason) => controller.abort(reason), attempts: attempt };
  }
}

function backoff(policy: RetryPolicy, attempt: number): number {
  const base = policy.retryBaseMs * 2 ** (attempt - 1);
  return Math.round(base / 2 + (Math.random() * base) / 2);
}

/** A short reason without the URL or headers (the URL is the configured base, harmless, but keep lines short). */
function describeNetworkError(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const code = typeof cause === 'object' && cause !== null && 'code' in cause ? String(cause.code) : undefined;
  if (code) return code;
  return error instanceof Error ? error.message.slice(0, 200) : 'connection failed';
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
