/**
 * Writes to one image through the server (docs/CONTRACT.md §7): details, PATCH, DELETE, the original's bytes. A bulk
 * job's requests carry `X-Explorer-Priority: bulk`, so the server gives them the lowest priority and sends them
 * through Cloudflare's batch API (§9, §10); a 429 becomes `RateLimited` and no answer at all `ServerUnreachable`,
 * which the job runner waits out.
 */
import { z } from 'zod/mini';
import { encodeIdPath } from '../../../contract/image-writes';
import { BULK_HEADERS } from '../../../contract/priority';
import { ApiRequestError, envelopeSchema, fetchJson } from '../../../lib/api-client';
import { downloadFile } from '../../../lib/download';
import { RateLimited, ServerUnreachable } from '../lib/job-runner';

/** The fields of an Image the actions read; answers are checked, not trusted. */
export const writtenImageSchema = z.object({
  id: z.string(),
  filename: z.optional(z.string()),
  creator: z.optional(z.nullable(z.string())),
  meta: z.optional(z.record(z.string(), z.unknown())),
  requireSignedURLs: z.optional(z.boolean()),
});
export type WrittenImage = z.infer<typeof writtenImageSchema>;

const imageEnvelope = envelopeSchema(writtenImageSchema);
const emptyEnvelope = envelopeSchema(z.unknown());

/** An id as path segments: each percent-encoded, `/` kept (custom ids may contain `/`). */
export function imagePath(accountId: string, id: string): string {
  return `/client/v4/accounts/${encodeURIComponent(accountId)}/images/v1/${encodeIdPath(id)}`;
}

export interface RequestOptions {
  bulk?: boolean;
  signal?: AbortSignal;
}

async function send<T>(url: string, schema: z.ZodMiniType<T>, init: RequestInit, options: RequestOptions): Promise<T> {
  try {
    return await fetchJson(url, schema, {
      ...init,
      signal: options.signal,
      headers: { ...(init.headers as Record<string, string>), ...(options.bulk ? BULK_HEADERS : {}) },
    });
  } catch (error) {
    if (options.bulk && error instanceof ApiRequestError && error.isRateLimit) {
      throw new RateLimited((error.retryAfterMs ?? 1000) / 1000);
    }
    // Status 0: no answer at all (the request never reached the server, or its connection broke).
    if (options.bulk && error instanceof ApiRequestError && error.status === 0) throw new ServerUnreachable();
    throw error;
  }
}

export async function getImage(accountId: string, id: string, options: RequestOptions = {}): Promise<WrittenImage> {
  return (await send(imagePath(accountId, id), imageEnvelope, {}, options)).result;
}

export interface ImagePatch {
  metadata?: Record<string, unknown>;
  creator?: string | null;
  requireSignedURLs?: boolean;
}

/** PATCH replaces `metadata` as a whole (§7): merge before calling. */
export async function patchImage(accountId: string, id: string, patch: ImagePatch, options: RequestOptions = {}): Promise<WrittenImage> {
  const init = { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify(patch) };
  return (await send(imagePath(accountId, id), imageEnvelope, init, options)).result;
}

export async function deleteImage(accountId: string, id: string, options: RequestOptions = {}): Promise<void> {
  await send(imagePath(accountId, id), emptyEnvelope, { method: 'DELETE' }, options);
}

/** Saves the original's bytes (`…/blob`, through the server: private images too) under the image's filename. */
export async function downloadOriginal(accountId: string, id: string, filename: string): Promise<void> {
  const response = await fetch(`${imagePath(accountId, id)}/blob`);
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { errors?: { message?: string }[] } | null;
    throw new ApiRequestError(body?.errors?.[0]?.message ?? `The server answered ${response.status}`, response.status);
  }
  downloadFile(filename, await response.blob());
}
