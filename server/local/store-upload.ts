/**
 * Stores a checked upload: the original first (durably), then the row; the file is removed again when the row is
 * not inserted and nobody else uses it. Shared by `POST …/images/v1` and the direct upload's `uploadURL`.
 */
import { ErrorCode } from '../../src/contract/envelope';
import { ApiError } from '../errors';
import { DuplicateIdError, type ImageStore } from './image-store';
import type { Originals } from './originals';
import type { StoredImage } from './stored-image';
import type { UploadInput } from './upload-form';

export function conflict(id: string): ApiError {
  return new ApiError(409, { code: ErrorCode.conflict, message: `An image with id '${id.slice(0, 100)}' exists; choose another id` });
}

export async function storeUpload(store: ImageStore, originals: Originals, input: UploadInput, id: string): Promise<StoredImage> {
  const { file, contentKey } = await originals.store(input.bytes, input.format);
  let inserted = false;
  try {
    const image = store.insert({
      id,
      filename: input.filename,
      creator: input.creator,
      meta: input.meta,
      requireSignedURLs: input.requireSignedURLs,
      uploaded: Date.now(),
      format: input.format,
      file,
      contentKey,
    });
    inserted = true;
    return image;
  } catch (error) {
    if (error instanceof DuplicateIdError) throw conflict(id);
    throw error;
  } finally {
    originals.release(file);
    if (!inserted && store.fileUsers(file) === 0) await originals.remove(file, contentKey);
  }
}
