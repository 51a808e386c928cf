/**
 * Local-only image routes (CONTRACT.md §4): upload (`POST …/images/v1`) and one image (`GET`/`PATCH`/`DELETE
 * …/images/v1/{image_id}`). Ids may contain `/`, so the one-image routes take the rest of the path.
 */
import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { ErrorCode, successEnvelope } from '../../../src/contract/envelope';
import { ApiError, badRequest } from '../../errors';
import { isCustomId, parseImagePath, parseImagePatch, privateCustomIdError, WRITE_LIMITS } from '../../../src/contract/image-writes';
import type { ImageStore } from '../image-store';
import type { Originals } from '../originals';
import { toCfImage } from '../to-cf-image';
import { conflict, storeUpload } from '../store-upload';
import { MAX_UPLOAD_BYTES, readUploadForm } from '../upload-form';

/** Room for the other fields and the multipart framing on top of the 10 MB file. */
export const MAX_BODY_BYTES = MAX_UPLOAD_BYTES + 256 * 1024;

function notFound(id: string): ApiError {
  return new ApiError(404, { code: ErrorCode.notFound, message: `No image with id '${id.slice(0, 100)}'` });
}

/**
 * The image id in `/client/v4/accounts/<id>/images/v1/<image id…>`, from the raw (still encoded) path, read with the
 * contract's rules (§7); `keys`, `variants`, `config` and what lies below them are no route here (404 / 7003).
 */
export function imageIdOf(url: string): string {
  const path = new URL(url).pathname;
  const marker = '/images/v1/';
  const target = parseImagePath(path.slice(path.indexOf(marker) + marker.length));
  if (target.kind !== 'image') throw new ApiError(404, { code: ErrorCode.noRoute, message: 'No route for the URI' });
  return target.id;
}

/** Refuses a body over `maxSize` with 413 / 5413, from Content-Length before reading it, or once a chunked body passes it. */
export function limitBody(maxSize: number, what: string) {
  return bodyLimit({
    maxSize,
    onError: () => {
      throw new ApiError(413, { code: ErrorCode.tooLarge, message: `Request too large: ${what}` });
    },
  });
}

/** `drafts`: ids reserved by direct uploads (server/local/drafts.ts), refused to an upload like stored ids. */
export function imageRoutes(store: ImageStore, originals: Originals, drafts?: { has(id: string): boolean }): Hono {
  const app = new Hono();

  app.post(
    '/client/v4/accounts/:account_id/images/v1',
    limitBody(MAX_BODY_BYTES, `the file may be at most ${MAX_UPLOAD_BYTES} bytes (10 MB)`),
    async (c) => {
      if (!/^multipart\/form-data\b/i.test(c.req.header('content-type') ?? '')) {
        throw badRequest("Expected a multipart/form-data body with the image in a 'file' field");
      }
      let form: FormData;
      try {
        form = await c.req.raw.formData();
      } catch {
        throw badRequest('Invalid multipart/form-data body: could not be parsed');
      }
      const input = await readUploadForm(form);
      const id = input.id ?? randomUUID();
      if (store.get(id) || drafts?.has(id)) throw conflict(id);
      const image = await storeUpload(store, originals, input, id);
      return c.json(successEnvelope(toCfImage(image, new URL(c.req.url).origin)));
    },
  );

  app.get('/client/v4/accounts/:account_id/images/v1/*', (c) => {
    const id = imageIdOf(c.req.url);
    const image = store.get(id);
    if (!image) throw notFound(id);
    return c.json(successEnvelope(toCfImage(image, new URL(c.req.url).origin)));
  });

  const maxPatch = WRITE_LIMITS.maxPatchBodyBytes;
  app.patch('/client/v4/accounts/:account_id/images/v1/*', limitBody(maxPatch, `a PATCH body may be at most ${maxPatch} bytes`), async (c) => {
    const id = imageIdOf(c.req.url);
    const changes = parseImagePatch(await c.req.text());
    const current = store.get(id);
    if (!current) throw notFound(id);
    if (changes.requireSignedURLs && isCustomId(id)) throw privateCustomIdError();
    const image = store.update(id, changes)!;
    return c.json(successEnvelope(toCfImage(image, new URL(c.req.url).origin)));
  });

  app.delete('/client/v4/accounts/:account_id/images/v1/*', async (c) => {
    const id = imageIdOf(c.req.url);
    const image = store.delete(id);
    if (!image) throw notFound(id);
    if (store.fileUsers(image.file) === 0) await originals.remove(image.file, image.contentKey);
    return c.json(successEnvelope({}));
  });

  return app;
}
