/**
 * Local routes of docs/CONTRACT.md §7 and §10 beside upload/get/patch/delete (routes/images.ts): stats, the blob,
 * drafts (details and delete), direct upload with its one-time `uploadURL`, and batch tokens. Mounted before
 * routes/images.ts: what is not theirs falls through to it (`next()`).
 */
import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { ErrorCode, successEnvelope } from '../../../src/contract/envelope';
import { LOCAL_VARIANTS } from '../../../src/contract/image';
import {
  encodeIdPath,
  idFromPath,
  parseImagePath,
  readDirectUploadForm,
  readDirectUploadText,
  WRITE_LIMITS,
} from '../../../src/contract/image-writes';
import { LOCAL_ACCOUNT_HASH } from '../../config';
import { ApiError, badRequest } from '../../errors';
import { blobHeaders } from '../../lib/original-headers';
import type { BatchTokens } from '../batch-tokens';
import type { Draft, Drafts } from '../drafts';
import type { ImageStore } from '../image-store';
import type { Originals } from '../originals';
import { CONTENT_TYPES } from '../stored-image';
import { conflict, storeUpload } from '../store-upload';
import { DELIVERY_PREFIX, toCfImage } from '../to-cf-image';
import { readImageFile } from '../upload-form';
import { limitBody, MAX_BODY_BYTES } from './images';

export const UPLOAD_PREFIX = '/cdn-cgi/imageupload';

export interface ImageExtrasOptions {
  store: ImageStore;
  originals: Originals;
  drafts: Drafts;
  batchTokens: BatchTokens;
  /** `LOCAL_IMAGES_ALLOWED`: the stats' `allowed`. */
  imagesAllowed: number;
}

const V1 = '/client/v4/accounts/:account_id/images/v1';

function notFound(id: string): ApiError {
  return new ApiError(404, { code: ErrorCode.notFound, message: `No image with id '${id.slice(0, 100)}'` });
}

function pathRest(url: string, marker: string): string {
  const path = new URL(url).pathname;
  return path.slice(path.indexOf(marker) + marker.length);
}

/** A draft as `GET …/images/v1/{id}` answers it: the Image shape with `draft: true`, no filename yet. */
function draftImage(draft: Draft, origin: string) {
  const base = `${origin}${DELIVERY_PREFIX}/${LOCAL_ACCOUNT_HASH}/${encodeIdPath(draft.id)}/`;
  return {
    id: draft.id,
    filename: '',
    creator: draft.creator,
    meta: draft.meta,
    requireSignedURLs: draft.requireSignedURLs,
    uploaded: new Date(draft.created).toISOString(),
    variants: LOCAL_VARIANTS.map((variant) => base + variant),
    draft: true,
  };
}

async function formOf(request: Request, what: string): Promise<FormData> {
  try {
    return await request.formData();
  } catch {
    throw badRequest(`Invalid multipart/form-data body: could not be parsed; ${what}`);
  }
}

export function imageExtrasRoutes(options: ImageExtrasOptions): Hono {
  const { store, originals, drafts, batchTokens } = options;
  const app = new Hono();

  app.get(`${V1}/*`, async (c, next) => {
    const target = parseImagePath(pathRest(c.req.url, '/images/v1/'));
    if (target.kind === 'stats') {
      return c.json(successEnvelope({ count: { current: store.size, allowed: options.imagesAllowed } }));
    }
    if (target.kind === 'batch_token') return c.json(successEnvelope(batchTokens.issue()));
    if (target.kind === 'blob') {
      const image = store.get(target.id);
      if (!image) throw notFound(target.id);
      let bytes: Buffer;
      try {
        bytes = await originals.read(image.file);
      } catch {
        throw notFound(target.id); // deleted meanwhile
      }
      return c.body(new Uint8Array(bytes), 200, {
        'content-type': CONTENT_TYPES[image.format],
        'content-length': String(bytes.length),
        'cache-control': 'private, no-store',
        ...blobHeaders(image.filename),
      });
    }
    if (target.kind === 'image' && !store.get(target.id)) {
      const draft = drafts.find(target.id);
      if (draft && draft.expiry > Date.now()) return c.json(successEnvelope(draftImage(draft, new URL(c.req.url).origin)));
    }
    return next();
  });

  app.delete(`${V1}/*`, async (c, next) => {
    const target = parseImagePath(pathRest(c.req.url, '/images/v1/'));
    if (target.kind === 'image' && !store.get(target.id) && drafts.remove(target.id)) return c.json(successEnvelope({}));
    return next();
  });

  app.post(
    '/client/v4/accounts/:account_id/images/v2/direct_upload',
    limitBody(WRITE_LIMITS.maxPatchBodyBytes, `a direct upload's fields may be at most ${WRITE_LIMITS.maxPatchBodyBytes} bytes`),
    async (c) => {
      const type = c.req.header('content-type') ?? '';
      const now = Date.now();
      let fields;
      if (/^multipart\/form-data\b/i.test(type)) {
        fields = readDirectUploadForm(await formOf(c.req.raw, 'send the fields as multipart/form-data or JSON'), now);
      } else {
        fields = readDirectUploadText(await c.req.text(), now);
      }
      const id = fields.id ?? randomUUID();
      if (store.get(id) || drafts.has(id)) throw conflict(id);
      drafts.create(id, fields, fields.expiry);
      const uploadURL = `${new URL(c.req.url).origin}${UPLOAD_PREFIX}/${LOCAL_ACCOUNT_HASH}/${encodeIdPath(id)}`;
      return c.json(successEnvelope({ id, uploadURL }));
    },
  );

  app.post(`${UPLOAD_PREFIX}/*`, limitBody(MAX_BODY_BYTES, 'the file may be at most 10 MB'), async (c) => {
    const rest = pathRest(c.req.url, `${UPLOAD_PREFIX}/`);
    const slash = rest.indexOf('/');
    const id = slash < 0 ? null : idFromPath(rest.slice(slash + 1));
    if (slash < 0 || rest.slice(0, slash) !== LOCAL_ACCOUNT_HASH || !id) {
      throw new ApiError(404, { code: ErrorCode.notFound, message: 'No upload URL here: get one from POST …/images/v2/direct_upload' });
    }
    const claim = drafts.claim(id);
    if ('refused' in claim) {
      if (claim.refused === 'expired') {
        throw new ApiError(410, { code: ErrorCode.uploadExpired, message: 'This upload URL has expired: ask for a new one (POST …/images/v2/direct_upload)' });
      }
      if (claim.refused === 'busy' || store.get(id)) {
        throw new ApiError(409, { code: ErrorCode.conflict, message: 'This upload URL was used already: each one takes one file; ask for a new one' });
      }
      throw notFound(id);
    }
    let done = false;
    try {
      if (!/^multipart\/form-data\b/i.test(c.req.header('content-type') ?? '')) {
        throw badRequest("Expected a multipart/form-data body with the image in a 'file' field");
      }
      const form = await formOf(c.req.raw, "send the image in a 'file' field");
      const files = form.getAll('file');
      const file = files[0];
      if (files.length !== 1 || !(file instanceof Blob)) {
        throw badRequest("Expected exactly one 'file' part: the upload URL takes one image");
      }
      const { draft } = claim;
      const input = { ...(await readImageFile(file)), meta: draft.meta, creator: draft.creator, requireSignedURLs: draft.requireSignedURLs };
      const image = await storeUpload(store, originals, input, id);
      done = true;
      return c.json(successEnvelope(toCfImage(image, new URL(c.req.url).origin)));
    } finally {
      drafts.release(id, done);
    }
  });

  return app;
}
