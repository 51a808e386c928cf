/**
 * Fetches Cloudflare-envelope JSON and turns failures into one error type the UI can show: Cloudflare's own
 * message and code when the envelope has them, the HTTP status otherwise, and `Retry-After` for 429.
 */
// zod/mini: the same validation as zod, tree-shakeable, a fraction of the first-screen bytes.
import { z } from 'zod/mini';
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

export interface FetchJsonInit extends RequestInit {
  /** An answer already on its way for this URL (src/lib/early-requests.ts); when it gives `null`, `url` is fetched. */
  early?: Promise<Response | null>;
}

/**
 * `fetch` + JSON + validation with `schema`. Anything but a 2xx whose body fits `schema` throws an `ApiRequestError`.
 */
export async function fetchJson<T>(url: string, schema: z.ZodMiniType<T>, init: FetchJsonInit = {}): Promise<T> {
  let response: Response;
  const { early, ...request } = init;
  try {
    response = (await early) ?? (await fetch(url, { ...request, headers: { accept: 'application/json', ...request.headers } }));
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
