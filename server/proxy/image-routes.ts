/**
 * Cloudflare mode's §7 routes (docs/CONTRACT.md §7): details, blob, stats, PATCH, DELETE, upload and direct upload,
 * each validated with the contract module (src/contract/image-writes.ts) exactly as the local API validates it, then
 * forwarded to the same path under `CLOUDFLARE_BASE_URL` with the server's credentials. One allow-list: what is not
 * below is never forwarded, and `keys`, `variants`, `config`, `batch_token` and anything below them are no route
 * (404 / 7003) whatever the encoding of the path. Writes need `ALLOW_WRITES=true` (403 / 7403 otherwise, checked
 * before anything else). Every call takes a request of the rate budget; requests marked
 * `X-Explorer-Priority: bulk` (the dashboard's bulk jobs) go last and through the batch API when it is available.
 * A write (or a details answer) that succeeds updates the account index before the answer is sent (§8), so that
 * `/api/images` shows it at once.
 */
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { ErrorCode } from '../../src/contract/envelope';
import {
  encodeIdPath,
  imagePatchBody,
  parseImagePath,
  parseImagePatch,
  readDirectUploadForm,
  readDirectUploadText,
  readUploadFields,
  WRITE_LIMITS,
  type ImageFields,
} from '../../src/contract/image-writes';
import { checkUploadFile } from '../../src/contract/image-file';
import type { CfImage } from '../../src/contract/image';
import type { AppConfig } from '../config';
import type { AccountIndex } from '../index/account-index';
import { ApiError, badRequest } from '../errors';
import { blobHeaders } from '../lib/original-headers';
import { detailsAnswerHash, type AccountHashStore } from './account-hash';
import { credentialHeaders, type BatchClient } from './batch-client';
import { retryPolicy, type ProxyTuning } from './list-proxy';
import { budgeted, type BudgetPriority, type RateBudget } from './rate-budget';
import { SharedAnswer } from './shared-answer';
import { callUpstream, isJson } from './upstream';
import { credentialsOf, ErrorBodyTooLarge, passedHeaders, readRedacted, Redactor } from './redact';
import { isBulkPriority, PRIORITY_HEADER } from '../../src/contract/priority';
import type { RecentWrites } from '../index/recent-writes';

/** Cloudflare's own upload limit (the contract's, §4); the proxy refuses a larger file before forwarding it. */
export const MAX_PROXY_UPLOAD_BYTES = WRITE_LIMITS.maxUploadBytes;

export interface ImageRoutesOptions {
  config: AppConfig;
  budget: RateBudget;
  batch?: BatchClient;
  accountHash: AccountHashStore;
  fetch?: typeof fetch;
  /** The account index (docs/CONTRACT.md §8), kept up to date from every successful write and details answer. */
  index?: Pick<AccountIndex, 'upsert' | 'remove'>;
  /** Where the images recorded from these answers are noted, so that an older list answer does not undo them. */
  recentWrites?: RecentWrites;
  log?: (line: string) => void;
  /** Retry knobs, as the list proxy's (tests shorten the waits). */
  tuning?: Partial<ProxyTuning>;
}

/**
 * What a successful answer tells the index: the image a write answered, the image a details GET read (which a
 * write since its request was sent overrides, as for list answers: recent-writes.ts), or that an image is gone.
 */
type IndexUpdate = { kind: 'written' } | { kind: 'read' } | { kind: 'removed'; id: string };

/** The Image of a details, PATCH or upload answer; `undefined` for anything else (a draft is not listed, §7). */
function answeredImage(text: string): CfImage | undefined {
  try {
    const body = JSON.parse(text) as { success?: unknown; result?: Partial<CfImage> & { draft?: unknown } };
    const image = body.result;
    if (body.success !== true || !image || typeof image.id !== 'string' || typeof image.uploaded !== 'string' || image.draft === true) return undefined;
    return {
      id: image.id,
      filename: typeof image.filename === 'string' ? image.filename : '',
      creator: typeof image.creator === 'string' ? image.creator : null,
      meta: image.meta !== null && typeof image.meta === 'object' && !Array.isArray(image.meta) ? image.meta : {},
      requireSignedURLs: image.requireSignedURLs === true,
      uploaded: image.uploaded,
      variants: Array.isArray(image.variants) ? image.variants.filter((v): v is string => typeof v === 'string') : [],
    };
  } catch {
    return undefined;
  }
}

const V1 = '/client/v4/accounts/:account_id/images/v1';

function noRoute(): ApiError {
  return new ApiError(404, { code: ErrorCode.noRoute, message: 'No route for the URI' });
}

function writesDisabled(): ApiError {
  return new ApiError(403, {
    code: ErrorCode.writesDisabled,
    message: 'Writes are disabled on this server: set ALLOW_WRITES=true (the API token needs Images Write)',
  });
}

function pathRest(c: Context): string {
  const path = new URL(c.req.url).pathname;
  const marker = '/images/v1/';
  const at = path.indexOf(marker);
  return at < 0 ? '' : path.slice(at + marker.length);
}

function priorityOf(c: Context): BudgetPriority {
  return isBulkPriority(c.req.header(PRIORITY_HEADER)) ? 'bulk' : 'list';
}

/** The fields of an upload or direct upload as Cloudflare's multipart form, built from the checked values only. */
function appendFields(form: FormData, fields: ImageFields): void {
  if (fields.id !== undefined) form.append('id', fields.id);
  if (Object.keys(fields.meta).length > 0) form.append('metadata', JSON.stringify(fields.meta));
  if (fields.creator !== null) form.append('creator', fields.creator);
  if (fields.requireSignedURLs) form.append('requireSignedURLs', 'true');
}

async function readForm(c: Context): Promise<FormData> {
  if (!/^multipart\/form-data\b/i.test(c.req.header('content-type') ?? '')) {
    throw badRequest("Expected a multipart/form-data body with the image in a 'file' field (or a 'url')");
  }
  try {
    return await c.req.raw.formData();
  } catch {
    throw badRequest('Invalid multipart/form-data body: could not be parsed');
  }
}

function limit(maxSize: number, what: string) {
  return bodyLimit({
    maxSize,
    onError: () => {
      throw new ApiError(413, { code: ErrorCode.tooLarge, message: `Request too large: ${what}` });
    },
  });
}

export function createImageRoutes(options: ImageRoutesOptions): Hono {
  const { config, budget, batch, accountHash, index, recentWrites } = options;
  const log = options.log ?? console.log;
  const cloudflare = config.cloudflare;
  if (!cloudflare) throw new Error('createImageRoutes: cloudflare mode needs config.cloudflare');
  const fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
  const accountUrl = `${cloudflare.baseUrl}/accounts/${config.accountId}`;
  // Every answer's passed headers, the proxy's own messages about them, and JSON bodies (CONTRACT.md §3).
  const redactor = new Redactor(credentialsOf(cloudflare.auth));

  const policy = retryPolicy(config, options.tuning);
  const timedOut = () =>
    new ApiError(504, { code: ErrorCode.upstreamTimeout, message: `Cloudflare API did not answer within ${config.upstreamTimeoutMs} ms (UPSTREAM_TIMEOUT_MS)` });

  const requireWrites = async (_c: Context, next: () => Promise<void>) => {
    if (!config.writes.allowed) throw writesDisabled();
    await next();
  };

  /**
   * One call upstream: via the batch client for bulk work, otherwise the global API within the budget. A GET
   * (details, blob, stats) is idempotent and is retried like the list proxy's (callUpstream, CONTRACT.md §3).
   */
  async function forward(
    c: Context,
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    path: string,
    body?: BodyInit,
    headers: Record<string, string> = {},
    stream = false,
    update?: IndexUpdate,
  ) {
    const priority = priorityOf(c);
    // Writes noted after this moment win over what a details answer shows (server/index/recent-writes.ts).
    const requestedAt = Date.now();
    const deadline = requestedAt + config.upstreamTimeoutMs;
    const url = `${accountUrl}${path}`;
    const upstreamHeaders = { accept: 'application/json', 'user-agent': `cf-images-explorer/${config.version}`, ...headers, ...credentialHeaders(cloudflare!.auth) };
    let response: Response;
    let abort: (reason?: unknown) => void;
    if (method === 'GET' && !(priority === 'bulk' && batch)) {
      const outcome = await callUpstream(url, upstreamHeaders, policy, budgeted(fetchImpl, budget, priority));
      if (!outcome.ok) throw outcome.error;
      ({ response, abort } = outcome);
    } else {
      const controller = new AbortController();
      abort = (reason) => controller.abort(reason);
      const timer = setTimeout(() => controller.abort(), config.upstreamTimeoutMs);
      try {
        if (priority === 'bulk' && batch) {
          response = await batch.request({ method, path, body, headers, signal: controller.signal }, 'bulk');
        } else {
          await budget.acquire(priority, controller.signal);
          response = await fetchImpl(url, { method, body, headers: upstreamHeaders, signal: controller.signal, redirect: 'manual' });
          if (response.status === 429) budget.noteResponse(429, response.headers.get('retry-after'));
        }
      } catch (error) {
        if (error instanceof ApiError) throw error;
        if (controller.signal.aborted) throw timedOut();
        throw new ApiError(502, { code: ErrorCode.upstreamUnreachable, message: 'Cloudflare API unreachable' });
      } finally {
        clearTimeout(timer);
      }
    }
    const out = new Headers([['cache-control', 'no-store'], ...passedHeaders(response.headers, redactor)]);
    const type = response.headers.get('content-type');
    if (stream && response.ok && !isJson(type) && response.body) {
      // The blob: streamed as it comes, given up (the client's connection aborted) when it stalls for the deadline.
      // Its length only when the bytes pass as they came: fetch decodes gzip, and a compressed length on the decoded
      // body would cut it short (§7: the original's bytes).
      const length = response.headers.get('content-length');
      const encoding = response.headers.get('content-encoding');
      if (length !== null && (encoding === null || /^\s*identity\s*$/i.test(encoding))) out.set('content-length', length);
      // A download, sandboxed, as local mode serves it (an SVG opened from this origin is a document).
      for (const [name, value] of Object.entries(blobHeaders())) out.set(name, value);
      const blob = new SharedAnswer(response.body, { maxBufferedBytes: 0, keepBody: false, idleTimeoutMs: config.upstreamTimeoutMs, abort });
      return new Response(blob.subscribe(), { status: response.status, headers: out });
    }
    if (!isJson(type)) {
      await response.body?.cancel().catch(() => undefined);
      throw new ApiError(502, {
        code: ErrorCode.upstreamInvalid,
        message: redactor.text(`Cloudflare API answered ${response.status} with ${type ?? 'no content type'}, not the JSON envelope`),
      });
    }
    // The JSON answer is read whole, up to MAX_ERROR_BODY_BYTES (redact.ts: an Image is far smaller), within what is
    // left of the deadline; a larger, stalled or cut body is an envelope.
    let text: string;
    let late = false;
    const timer = setTimeout(() => {
      late = true;
      abort(new Error('upstream body stalled'));
    }, Math.max(0, deadline - Date.now()));
    try {
      text = response.body ? new TextDecoder().decode(await readRedacted(response.body, 'identity', redactor)) : '';
    } catch (cause) {
      if (cause instanceof ErrorBodyTooLarge) {
        abort(cause);
        throw new ApiError(502, {
          code: ErrorCode.upstreamInvalid,
          message: `Cloudflare API answered ${response.status} with an ${cause.message}, not the JSON envelope`,
        });
      }
      throw late ? timedOut() : new ApiError(502, { code: ErrorCode.upstreamUnreachable, message: `Cloudflare API answer ${response.status} broke off` });
    } finally {
      clearTimeout(timer);
    }
    if (response.ok) {
      learnHash(text);
      if (update) await updateIndex(update, text, requestedAt);
    }
    out.set('content-type', 'application/json');
    return new Response(text, { status: response.status, headers: out });
  }

  /** Before the answer goes out: the next search sees the write. The index failing never fails the write. */
  async function updateIndex(update: IndexUpdate, text: string, requestedAt: number): Promise<void> {
    if (!index) return;
    try {
      if (update.kind === 'removed') {
        recentWrites?.note(update.id);
        await index.remove([update.id]);
      } else {
        const image = answeredImage(text);
        // A details GET overtaken by a DELETE or PATCH shows the image as it was: recording it would undo the write.
        const current = image && (update.kind === 'written' || !recentWrites || recentWrites.unchangedSince([image], requestedAt).length > 0);
        if (image && current) {
          recentWrites?.note(image.id);
          await index.upsert([image]);
        }
      }
    } catch (error) {
      log(`index: could not record a write: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** The delivery hash from a details answer's parsed `variants`, by the rule of account-hash.ts (CONTRACT.md §3). */
  function learnHash(text: string): void {
    if (accountHash.known) return;
    try {
      const hash = detailsAnswerHash(JSON.parse(text));
      if (hash !== undefined) accountHash.learn(hash);
    } catch {
      // not an image answer
    }
  }

  const app = new Hono();

  app.get(`${V1}/*`, async (c) => {
    if (pathRest(c) === '') throw noRoute(); // HEAD never gets here (app.ts)
    const target = parseImagePath(pathRest(c));
    switch (target.kind) {
      case 'stats':
        return forward(c, 'GET', '/images/v1/stats');
      case 'image':
        return forward(c, 'GET', `/images/v1/${encodeIdPath(target.id)}`, undefined, {}, false, { kind: 'read' });
      case 'blob':
        return forward(c, 'GET', `/images/v1/${encodeIdPath(target.id)}/blob`, undefined, { accept: '*/*' }, true);
      default:
        throw noRoute();
    }
  });

  app.on(['PATCH', 'DELETE'], `${V1}/*`, requireWrites, limit(WRITE_LIMITS.maxPatchBodyBytes, `a PATCH body may be at most ${WRITE_LIMITS.maxPatchBodyBytes} bytes`), async (c) => {
    const target = parseImagePath(pathRest(c));
    if (target.kind !== 'image') throw noRoute();
    const path = `/images/v1/${encodeIdPath(target.id)}`;
    if (c.req.method === 'DELETE') return forward(c, 'DELETE', path, undefined, {}, false, { kind: 'removed', id: target.id });
    const patch = parseImagePatch(await c.req.text());
    return forward(c, 'PATCH', path, JSON.stringify(imagePatchBody(patch)), { 'content-type': 'application/json' }, false, { kind: 'written' });
  });

  app.post(V1, requireWrites, limit(MAX_PROXY_UPLOAD_BYTES + 256 * 1024, 'the file may be at most 10 MB'), async (c) => {
    const fields = readUploadFields(await readForm(c), { allowUrl: true });
    const form = new FormData();
    if (fields.file) {
      // The local API's file rules (size, first bytes), so that what it refuses is never forwarded (§7).
      await checkUploadFile(fields.file);
      const name = 'name' in fields.file && typeof fields.file.name === 'string' ? fields.file.name : 'image';
      form.append('file', fields.file, name);
    }
    if (fields.url !== undefined) form.append('url', fields.url);
    appendFields(form, fields);
    return forward(c, 'POST', '/images/v1', form, {}, false, { kind: 'written' });
  });

  app.post(
    '/client/v4/accounts/:account_id/images/v2/direct_upload',
    requireWrites,
    limit(WRITE_LIMITS.maxPatchBodyBytes, `a direct upload's fields may be at most ${WRITE_LIMITS.maxPatchBodyBytes} bytes`),
    async (c) => {
      const now = Date.now();
      let fields;
      if (/^multipart\/form-data\b/i.test(c.req.header('content-type') ?? '')) {
        fields = readDirectUploadForm(await readForm(c), now);
      } else {
        fields = readDirectUploadText(await c.req.text(), now);
      }
      const form = new FormData();
      appendFields(form, fields);
      form.append('expiry', new Date(fields.expiry).toISOString());
      return forward(c, 'POST', '/images/v2/direct_upload', form);
    },
  );

  return app;
}
