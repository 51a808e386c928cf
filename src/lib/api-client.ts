/**
 * Fetches Cloudflare-envelope JSON and turns failures into one error type the UI can show: Cloudflare's own
 * message and code when the envelope has them, the HTTP status otherwise, and `Retry-After` for 429.
 */
// zod/mini: the same validation as zod, tree-shakeable, a fraction of the first-screen bytes.
import type { hc, InferRequestType, InferResponseType } from 'hono/client';
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
 * The dashboard's own routes (`/api/config`, `/api/sign`, `/api/rate-budget`), typed by Hono's typed client for the
 * server's routes (server/app.ts `AppType`): each answer's and body's type is the route's own, written once there.
 * Only the types are used; the calls are plain requests (`callRoute`), which keeps the client and its cookie helpers
 * (4.7 kB) out of the first screen's script (docs/decisions.md).
 */
type Routes = ReturnType<typeof hc<AppType>>['api'];
export type ConfigAnswer = InferResponseType<Routes['config']['$get']>;
export type RateBudgetAnswer = InferResponseType<Routes['rate-budget']['$get']>;
export type SignRequest = InferRequestType<Routes['sign']['$post']>['json'];
export type SignAnswer = InferResponseType<Routes['sign']['$post'], 200>;

/** Where each of those routes is, with its answer's type. */
interface RouteAnswers {
  '/api/config': ConfigAnswer;
  '/api/rate-budget': RateBudgetAnswer;
  '/api/sign': SignAnswer;
}

/**
 * Calls one of the dashboard's own routes and gives its JSON, typed by the server's route; failures throw an
 * `ApiRequestError` as `fetchJson` does. The shape is the server's own (no second schema); only a body that is not
 * JSON is refused. A POST's body is written from `json`, typed by the route.
 */
export async function callRoute<P extends keyof RouteAnswers>(
  path: P,
  init: FetchJsonInit & { json?: P extends '/api/sign' ? SignRequest : never } = {},
): Promise<RouteAnswers[P]> {
  const { json, ...rest } = init;
  const request: FetchJsonInit =
    json === undefined ? rest : { ...rest, method: 'POST', body: JSON.stringify(json), headers: { 'content-type': 'application/json', ...rest.headers } };
  const { response, body } = await send(path, request);
  if (typeof body !== 'object' || body === null) {
    throw new ApiRequestError(`Unexpected answer from ${new URL(response.url || '/', 'http://x').pathname}: not a JSON object`, response.status);
  }
  return body as RouteAnswers[P];
}

export interface FetchJsonInit extends RequestInit {
  /** An answer already on its way for this URL (src/lib/early-requests.ts); when it gives `null`, `url` is fetched. */
  early?: Promise<Response | null>;
}

/**
 * `fetch` + JSON + validation with `schema`. Anything but a 2xx whose body fits `schema` throws an `ApiRequestError`.
 */
export async function fetchJson<T>(url: string, schema: z.ZodMiniType<T>, init: FetchJsonInit = {}): Promise<T> {
  const { response, body } = await send(url, init);
  return checked(url, response, schema, body, []);
}

/** A list inside an answer that `fetchJsonWithItems` checks a slice at a time. */
export interface ItemsAt<H, I> {
  /** Where the list is, for the error's message (`['result', 'images']`). */
  path: readonly string[];
  /** The list in the answer `head` accepted (the head's schema takes its items as `unknown`). */
  at: (head: H) => readonly unknown[];
  /** What each item must be. */
  item: z.ZodMiniType<I>;
}

/** Items checked in one task before the next slice waits for the browser's next task. */
export const ITEMS_PER_SLICE = 200;

/**
 * `fetchJson` for an answer with a long list in it (a page of 1,000 images): the answer without the list's items
 * is checked with `head`, then every item with `items.item`, `ITEMS_PER_SLICE` at a time, each slice in a task of
 * its own, so that no single task of the page's arrival validates the whole page (docs/performance.md). The same
 * checks as one schema over the whole answer, and the same error.
 */
export async function fetchJsonWithItems<H, I>(
  url: string,
  head: z.ZodMiniType<H>,
  items: ItemsAt<H, I>,
  init: FetchJsonInit = {},
): Promise<{ head: H; items: I[] }> {
  const { response, body } = await send(url, init);
  const checkedHead = checked(url, response, head, body, []);
  const list = items.at(checkedHead);
  const out: I[] = new Array<I>(list.length);
  for (let start = 0; start < list.length; start += ITEMS_PER_SLICE) {
    if (start > 0) await nextTask();
    const end = Math.min(list.length, start + ITEMS_PER_SLICE);
    for (let i = start; i < end; i += 1) out[i] = checked(url, response, items.item, list[i], [...items.path, String(i)]);
  }
  return { head: checkedHead, items: out };
}

function send(url: string, init: FetchJsonInit) {
  const { early, ...request } = init;
  const sent = (async () => (await early) ?? (await fetch(url, { ...request, headers: { accept: 'application/json', ...request.headers } })))();
  return answerOf(sent);
}

/** `value` checked by `schema`, or an `ApiRequestError` naming where (`path`, then the issue's own path). */
function checked<T>(url: string, response: Response, schema: z.ZodMiniType<T>, value: unknown, path: readonly string[]): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const at = [...path, ...(issue?.path ?? []).map(String)];
  const where = at.length ? ` at ${at.join('.')}` : '';
  throw new ApiRequestError(`Unexpected answer from ${new URL(url, 'http://x').pathname}${where}: ${issue?.message ?? 'invalid'}`, response.status);
}

/** The browser's next task: what is queued meanwhile (input, a frame, another answer) runs first. */
function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
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
