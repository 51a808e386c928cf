/**
 * Reads an upload's `multipart/form-data` (CONTRACT.md §4) into a checked input: the fields with the contract's
 * rules (src/contract/image-writes.ts), the file's size and bytes here. The official `cloudflare` SDK
 * (internal/uploads.ts `addFormValue`) sends every field as a string part, `file` as a file part, and an object
 * `metadata` as one part per leaf: `metadata[status]=active`, `metadata[region][name]=eu-west`,
 * `metadata[tags][]=a`. Those values arrive as strings (the form has no types); a JSON string in `metadata` keeps
 * the types.
 */
import { ErrorCode } from '../../src/contract/envelope';
import { checkUploadFile } from '../../src/contract/image-file';
import { readUploadFields, WRITE_LIMITS } from '../../src/contract/image-writes';
import { ApiError } from '../errors';
import { checkImage } from './image-format';
import type { ImageFormat } from './stored-image';

/** §4's 10 MB; the dashboard refuses a larger file before sending (the same number, from the contract). */
export const MAX_UPLOAD_BYTES = WRITE_LIMITS.maxUploadBytes;

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

export async function readUploadForm(form: FormData): Promise<UploadInput> {
  const { file, id, meta, creator, requireSignedURLs } = readUploadFields(form, { allowUrl: false });
  if (!file) throw new Error('readUploadFields: a file is required without allowUrl');
  return { ...(await readImageFile(file)), id, meta, creator, requireSignedURLs };
}

/** The file rules of §4 (size, then what the bytes are), shared by upload and the direct upload's `uploadURL`. */
export async function readImageFile(file: Blob): Promise<Pick<UploadInput, 'bytes' | 'format' | 'filename'>> {
  // Size and first bytes by the contract's rule, which the proxy applies too; then the decode (image-format.ts).
  await checkUploadFile(file);
  const bytes = new Uint8Array(await file.arrayBuffer());
  const checked = await checkImage(bytes);
  if (!checked.ok) throw new ApiError(415, { code: ErrorCode.unsupportedMedia, message: checked.reason });
  const { format } = checked;
  const name = 'name' in file && typeof file.name === 'string' && file.name !== '' ? file.name : `image.${format}`;
  return { bytes, format, filename: name.slice(0, 255) };
}
