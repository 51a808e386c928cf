/**
 * Fetches Cloudflare-envelope JSON and turns failures into one error type the UI can show: Cloudflare's own
 * message and code when the envelope has them, the HTTP status otherwise, and `Retry-After` for 429.
 */
// zod/mini: the same validation as zod, tree-shakeable, a fraction of the first-screen bytes.
import { hc, type ClientResponse } from 'hono/client';
import { z } from 'zod/mini';
import type { AppType } from '../../server/app';
import type { ApiMessage } from '../contract/envelope';
import { parseRetryAfter } from '../contract/retry-after';

/** A request to this dashboard's server that failed: unreachable, an error envelope, or an unexpected answer. */
export class ApiRequestError extends Error {
  override readonly name = 'ApiRequestError';
  /** When the answer arrived (ms since the epoch), to turn `retryAfterMs` into a time. */
  readonly receivedAt = Date.now();
  constructor(
    message: string,
    readonly status: number,
    readonly errors: ApiMessage[] = [],
    /** Milliseconds to wait, from `Retry-After` (429 / 503). */
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
  }
  /** The first Cloudflare error code, when the server sent one. */
  get code(): number | null {
    return this.errors[0]?.code ?? null;
  }
  get isRateLimit(): boolean {
    return this.status === 429;
  }
}

const messageSchema = z.object({ code: z.number(), message: z.string() });
const errorEnvelopeSchema = z.object({ success: z.literal(false), errors: z.array(messageSchema) });

async function readJson(response: Response): Promise<unknown> {
  try {
    return await response.json();
  } catch {
    return undefined;
  }
}

/**
 * The answer to `request`, once it is a 2xx; throws an `ApiRequestError` when the server cannot be reached or answers
 * anything else (an `AbortError` is passed on as is).
 */
async function answerOf(request: Promise<Response>): Promise<{ response: Response; body: unknown }> {
  let response: Response;
  try {
    response = await request;
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiRequestError('The server could not be reached. Check that cf-images-explorer is running.', 0);
  }
  const body = await readJson(response);
  if (!response.ok) {
    const envelope = errorEnvelopeSchema.safeParse(body);
    const errors = envelope.success ? envelope.data.errors : [];
    const message = errors[0]?.message ?? `The server answered ${response.status} ${response.statusText}`.trim();
    throw new ApiRequestError(message, response.status, errors, parseRetryAfter(response.headers.get('retry-after')));
  }
  return { response, body };
}

/**
 * Hono's typed client for this dashboard's own routes (`/api/config`, `/api/sign`, `/api/rate-budget`): their
 * answers' types come from the server's routes (server/app.ts `AppType`), written once there.
 */
export const api = hc<AppType>('/', { headers: { accept: 'application/json' } });

/**
 * Sends a call of `api` and gives its JSON, typed by the server's route; failures throw an `ApiRequestError`
 * as `fetchJson` does. The shape is the server's own (no second schema); only a body that is not JSON is refused.
 */
export async function callApi<T>(request: Promise<ClientResponse<T>>): Promise<T> {
  const { response, body } = await answerOf(request as unknown as Promise<Response>);
  if (typeof body !== 'object' || body === null) {
    throw new ApiRequestError(`Unexpected answer from ${new URL(response.url || '/', 'http://x').pathname}: not a JSON object`, response.status);
  }
  return body as T;
}

export interface FetchJsonInit extends RequestInit {
  /** An answer already on its way for this URL (src/lib/early-requests.ts); when it gives `null`, `url` is fetched. */
  early?: Promise<Response | null>;
}

/**
 * `fetch` + JSON + validation with `schema`. Anything but a 2xx whose body fits `schema` throws an `ApiRequestError`.
 */
export async function fetchJson<T>(url: string, schema: z.ZodMiniType<T>, init: FetchJsonInit = {}): Promise<T> {
  const { early, ...request } = init;
  const sent = (async () => (await early) ?? (await fetch(url, { ...request, headers: { accept: 'application/json', ...request.headers } })))();
  const { response, body } = await answerOf(sent);
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
    throw new ApiRequestError(`Unexpected answer from ${new URL(url, 'http://x').pathname}${where}: ${issue?.message ?? 'invalid'}`, response.status);
  }
  return parsed.data;
}

/** A success envelope around `result`. */
export function envelopeSchema<T extends z.ZodMiniType>(result: T) {
  return z.object({
    success: z.literal(true),
    errors: z.array(messageSchema),
    messages: z.optional(z.array(messageSchema)),
    result,
  });
}
