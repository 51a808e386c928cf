/**
 * Upload through direct upload (docs/CONTRACT.md §7): ask the server for a one-time `uploadURL` (it holds the
 * credentials), then send the file there from the browser, so that in cloudflare mode the bytes go to Cloudflare
 * (`upload.imagedelivery.net`) and not through this server. XMLHttpRequest rather than fetch: it reports upload
 * progress.
 */
import { z } from 'zod/mini';
import { envelopeSchema, fetchJson } from '../../../lib/api-client';
import { writtenImageSchema, type WrittenImage } from './image-requests';

const directUploadEnvelope = envelopeSchema(z.object({ id: z.string(), uploadURL: z.string() }));

export interface UploadFields {
  id?: string;
  metadata?: Record<string, unknown>;
  creator?: string;
  requireSignedURLs?: boolean;
}

export async function createDirectUpload(accountId: string, fields: UploadFields): Promise<{ id: string; uploadURL: string }> {
  const form = new FormData();
  if (fields.id) form.set('id', fields.id);
  if (fields.metadata && Object.keys(fields.metadata).length > 0) form.set('metadata', JSON.stringify(fields.metadata));
  if (fields.creator) form.set('creator', fields.creator);
  if (fields.requireSignedURLs) form.set('requireSignedURLs', 'true');
  const url = `/client/v4/accounts/${encodeURIComponent(accountId)}/images/v2/direct_upload`;
  return (await fetchJson(url, directUploadEnvelope, { method: 'POST', body: form })).result;
}

/** The server's (or Cloudflare's) words when it refuses, else the status. */
function errorMessage(xhr: XMLHttpRequest): string {
  try {
    const body = JSON.parse(xhr.responseText) as { errors?: { message?: string }[] };
    const message = body.errors?.[0]?.message;
    if (message) return message;
  } catch {
    // not JSON
  }
  return xhr.status === 0 ? 'The upload could not reach the server' : `The upload was answered ${xhr.status} ${xhr.statusText}`.trim();
}

/** Posts `file` to a one-time upload URL; `onProgress` gets the fraction sent (0–1). */
export function sendToUploadUrl(
  uploadURL: string,
  file: File,
  onProgress: (fraction: number) => void,
  signal?: AbortSignal,
): Promise<WrittenImage> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', uploadURL);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      if (xhr.status < 200 || xhr.status >= 300) return reject(new Error(errorMessage(xhr)));
      try {
        const body = JSON.parse(xhr.responseText) as { result?: unknown };
        const image = writtenImageSchema.safeParse(body.result);
        if (image.success) resolve(image.data);
        else reject(new Error('The upload was answered without the image'));
      } catch {
        reject(new Error('The upload was answered with something that is not JSON'));
      }
    };
    xhr.onerror = () => reject(new Error(errorMessage(xhr)));
    xhr.onabort = () => reject(new DOMException('Upload cancelled', 'AbortError'));
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    const form = new FormData();
    form.set('file', file, file.name);
    xhr.send(form);
  });
}
