/**
 * Reads an upload's `multipart/form-data` (CONTRACT.md §4) into a checked input. The official `cloudflare` SDK
 * (internal/uploads.ts `addFormValue`) sends every field as a string part, `file` as a file part, and an object
 * `metadata` as one part per leaf: `metadata[status]=active`, `metadata[region][name]=eu-west`,
 * `metadata[tags][]=a`. Those values arrive as strings (the form has no types); a JSON string in `metadata` keeps
 * the types.
 */
import { ErrorCode } from '../../src/contract/envelope';
import { ApiError, badRequest } from '../errors';
import { checkImage } from './image-format';
import { checkCustomId } from './image-id';
import { checkCreator, checkMetadata, privateCustomIdError } from './image-fields';
import type { ImageFormat } from './stored-image';

export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

export interface UploadInput {
  bytes: Uint8Array;
  format: ImageFormat;
  filename: string;
  /** A checked custom id, or absent for a generated UUID. */
  id?: string;
  meta: Record<string, unknown>;
  creator: string | null;
  requireSignedURLs: boolean;
}

function oneText(form: FormData, name: string): string | undefined {
  const values = form.getAll(name);
  if (values.length > 1) throw badRequest(`Field '${name}' given ${values.length} times; give it once`);
  const value = values[0];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw badRequest(`Field '${name}' must be a text field, not a file`);
  return value;
}

type Tree = { [key: string]: Tree | string | Array<Tree | string> };

/** Builds metadata from `metadata[a][b]=x` / `metadata[tags][]=x` fields (null-prototype objects: no `__proto__` tricks). */
function metadataFromFields(fields: Array<[string, string]>): Record<string, unknown> {
  const root = Object.create(null) as Tree;
  for (const [key, value] of fields) {
    const segments = [...key.slice('metadata'.length).matchAll(/\[([^[\]]*)\]/g)].map((m) => m[1] ?? '');
    const conflict = () => badRequest(`Invalid metadata field '${key.slice(0, 100)}': conflicts with another metadata field`);
    let node: Tree = root;
    for (let i = 0; i < segments.length; i += 1) {
      const segment = segments[i]!;
      const last = i === segments.length - 1;
      if (segment === '') throw badRequest(`Invalid metadata field '${key.slice(0, 100)}': '[]' only after a key`);
      const next = segments[i + 1];
      if (last) {
        if (segment in node) throw conflict();
        node[segment] = value;
      } else if (next === '' && i + 1 === segments.length - 1) {
        const list = (node[segment] ??= []) as Tree[string];
        if (!Array.isArray(list)) throw conflict();
        list.push(value);
        break;
      } else {
        const child = (node[segment] ??= Object.create(null) as Tree);
        if (typeof child !== 'object' || Array.isArray(child)) throw conflict();
        node = child;
      }
    }
  }
  return root as Record<string, unknown>;
}

function readMetadata(form: FormData): Record<string, unknown> {
  const json = oneText(form, 'metadata');
  const fields: Array<[string, string]> = [];
  for (const [key, value] of form) {
    if (!key.startsWith('metadata[')) continue;
    if (!/^metadata(\[[^[\]]*\])+$/.test(key)) throw badRequest(`Invalid metadata field '${key.slice(0, 100)}'`);
    if (typeof value !== 'string') throw badRequest(`Field '${key.slice(0, 100)}' must be a text field, not a file`);
    fields.push([key, value]);
  }
  if (json !== undefined && fields.length > 0) {
    throw badRequest("Give metadata either as one JSON 'metadata' field or as 'metadata[key]' fields, not both");
  }
  if (json !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(json);
    } catch {
      throw badRequest('Invalid metadata: not valid JSON; expected a JSON object such as {"status":"active"}');
    }
    return checkMetadata(parsed);
  }
  return checkMetadata(metadataFromFields(fields));
}

function readRequireSigned(form: FormData): boolean {
  const value = oneText(form, 'requireSignedURLs');
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  throw badRequest(`Invalid requireSignedURLs '${value.slice(0, 20)}': must be true or false`);
}

export async function readUploadForm(form: FormData): Promise<UploadInput> {
  if (form.has('url')) {
    throw badRequest("Uploading from a URL ('url') is not available in local mode; send the image bytes as 'file'");
  }
  const files = form.getAll('file');
  if (files.length === 0) throw badRequest("Missing 'file': send the image as a multipart file field named 'file'");
  if (files.length > 1) throw badRequest(`Field 'file' given ${files.length} times; upload one image per request`);
  const file = files[0];
  if (!(file instanceof Blob)) throw badRequest("Field 'file' must be a file part, not a text field");

  const id = oneText(form, 'id');
  if (id !== undefined) checkCustomId(id);
  const creator = checkCreator(oneText(form, 'creator') ?? null);
  const meta = readMetadata(form);
  const requireSignedURLs = readRequireSigned(form);
  if (requireSignedURLs && id !== undefined) throw privateCustomIdError();

  if (file.size > MAX_UPLOAD_BYTES) {
    throw new ApiError(413, {
      code: ErrorCode.tooLarge,
      message: `File too large: ${file.size} bytes, maximum ${MAX_UPLOAD_BYTES} (10 MB)`,
    });
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  const checked = await checkImage(bytes);
  if (!checked.ok) throw new ApiError(415, { code: ErrorCode.unsupportedMedia, message: checked.reason });
  const { format } = checked;
  const name = 'name' in file && typeof file.name === 'string' && file.name !== '' ? file.name : `image.${format}`;
  return { bytes, format, filename: name.slice(0, 255), id, meta, creator, requireSignedURLs };
}
