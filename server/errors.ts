/**
 * Errors are thrown where they happen and turned into Cloudflare's envelope in one place (`onError`).
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ErrorCode, errorEnvelope, type ApiMessage } from '../src/contract/envelope';
import { WriteRuleError } from '../src/contract/image-writes';

/** An error answered as `{success:false, errors:[…]}` with the given status. */
export class ApiError extends HTTPException {
  readonly errors: ApiMessage[];

  constructor(status: ContentfulStatusCode, errors: ApiMessage | ApiMessage[], options?: { headers?: HeadersInit }) {
    const list = Array.isArray(errors) ? errors : [errors];
    super(status, { message: list.map((e) => e.message).join('; ') });
    this.errors = list;
    if (options?.headers) {
      const headers = new Headers(options.headers);
      this.headers = headers;
    }
  }

  headers?: Headers;
}

/** `400 / 5400`: the request is invalid; the message says how to fix it. */
export function badRequest(message: string, code: number = ErrorCode.invalidRequest): ApiError {
  return new ApiError(400, { code, message });
}

/**
 * node:http's error for a request body the client broke off (a reset, bad chunk framing), as reading the body throws
 * it (`bodyLimit`, `formData()`): the client's doing, and node:http has answered it already (lib/client-errors.ts).
 */
function isClientAbort(err: Error): boolean {
  return err.message === 'aborted' && (err as Error & { code?: unknown }).code === 'ECONNRESET';
}

/** The one error handler: every error becomes Cloudflare's envelope; unexpected ones are logged, never leaked. */
export function handleError(err: Error, c: Context, log: (line: string) => void = console.error): Response {
  if (err instanceof ApiError) {
    const res = c.json(errorEnvelope(err.errors), err.status);
    err.headers?.forEach((value, key) => res.headers.set(key, value));
    return res;
  }
  if (err instanceof WriteRuleError) return c.json(errorEnvelope(err.apiMessage), err.status);
  if (err instanceof HTTPException) {
    const res = err.getResponse();
    const code = err.status === 401 ? ErrorCode.unauthorized : err.status === 403 ? ErrorCode.forbidden : ErrorCode.invalidRequest;
    const body = errorEnvelope({ code, message: err.message || res.statusText || 'Request refused' });
    const headers = new Headers(res.headers);
    headers.set('content-type', 'application/json');
    return new Response(JSON.stringify(body), { status: err.status, headers });
  }
  if (isClientAbort(err)) {
    // One line, no stack: nobody receives this answer, and the request log shows 400, not 500.
    log(`request body broke off: the client aborted ${c.req.method} ${new URL(c.req.url).pathname}`);
    return c.json(errorEnvelope({ code: ErrorCode.invalidRequest, message: 'The request body broke off before its end' }), 400);
  }
  // The stack says where; the message of an unexpected error is never sent to the client.
  log(`internal error on ${c.req.method} ${new URL(c.req.url).pathname}: ${err.stack ?? err.message}`);
  return c.json(errorEnvelope({ code: ErrorCode.internal, message: 'Internal server error' }), 500);
}
