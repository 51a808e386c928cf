import { createMiddleware } from 'hono/factory';

/** Where log lines go. Node: `console.log`; tests pass an array's `push` to read them. */
export type LogSink = (line: string) => void;

/** What handlers report to the request log through context variables. */
export interface RequestLogVariables {
  /** Upstream calls this request made (0 when answered from the cache or by a coalesced call). */
  upstreamCalls?: number;
  /** How the list cache served the request. */
  cache?: 'hit' | 'miss' | 'bypass' | 'coalesced' | 'off';
}

export interface RequestLogOptions {
  sink?: LogSink;
  /** Secret values that must never be printed, whatever carried them (tokens, keys, passwords). */
  secrets?: readonly (string | undefined)[];
  /** Longest query string printed; the rest is cut. */
  maxQueryLength?: number;
  now?: () => number;
}

/** Parameter names whose values are never logged. `continuation_token` is an opaque page cursor, not a secret. */
const SECRET_PARAM = /sig|secret|pass|auth|key|token|cred|session|cookie/i;
const PUBLIC_PARAMS = new Set(['continuation_token']);

/** The query string as logged: secret-looking parameters redacted, long ones cut. */
export function redactQuery(search: string, maxLength = 300): string {
  if (search === '' || search === '?') return '';
  const params = new URLSearchParams(search);
  for (const name of new Set(params.keys())) {
    if (SECRET_PARAM.test(name) && !PUBLIC_PARAMS.has(name)) params.set(name, 'REDACTED');
  }
  const text = params.toString();
  return `?${text.length > maxLength ? `${text.slice(0, maxLength)}…` : text}`;
}

/**
 * One readable line per request: `GET /path?query 200 12ms upstream=1 cache=miss`. The time is until the response
 * headers (a streamed body may take longer). Headers are never logged; secret-looking query parameters are redacted
 * and every configured secret value is scrubbed from the line as a last line of defence.
 */
export function requestLog(options: RequestLogOptions = {}) {
  const { sink = console.log, maxQueryLength = 300, now = () => performance.now() } = options;
  const secrets = (options.secrets ?? []).filter((s): s is string => typeof s === 'string' && s.length >= 4);
  return createMiddleware<{ Variables: RequestLogVariables }>(async function requestLog(c, next) {
    const started = now();
    await next();
    const url = new URL(c.req.url);
    let line = `${c.req.method} ${url.pathname}${redactQuery(url.search, maxQueryLength)} ${c.res.status} ${Math.round(now() - started)}ms`;
    const upstreamCalls = c.get('upstreamCalls');
    const cache = c.get('cache');
    if (upstreamCalls !== undefined) line += ` upstream=${upstreamCalls}`;
    if (cache !== undefined) line += ` cache=${cache}`;
    for (const secret of secrets) line = line.replaceAll(secret, 'REDACTED');
    sink(line);
  });
}
