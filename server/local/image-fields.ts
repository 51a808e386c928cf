/** Rules shared by upload and PATCH for the editable fields (CONTRACT.md §4). Each throws 400 / 5400 with the reason. */
import { badRequest } from '../errors';

export const MAX_METADATA_BYTES = 1024;
export const MAX_CREATOR_LENGTH = 1024;

/** Metadata must be a JSON object of at most 1024 bytes once serialised. Returns a plain copy. */
export function checkMetadata(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw badRequest('Invalid metadata: must be a JSON object such as {"status":"active"}');
  }
  const json = JSON.stringify(value);
  const bytes = Buffer.byteLength(json, 'utf8');
  if (bytes > MAX_METADATA_BYTES) {
    throw badRequest(`Invalid metadata: ${bytes} bytes as JSON, maximum ${MAX_METADATA_BYTES}`);
  }
  // Round-trip: drops undefined and prototypes (objects built from form fields are null-prototype).
  return JSON.parse(json) as Record<string, unknown>;
}

/** A creator of at most 1024 characters; an empty creator is none (`null`). */
export function checkCreator(value: unknown): string | null {
  if (value === null || value === '') return null;
  if (typeof value !== 'string') throw badRequest('Invalid creator: must be a string');
  if (value.length > MAX_CREATOR_LENGTH) {
    throw badRequest(`Invalid creator: ${value.length} characters, maximum ${MAX_CREATOR_LENGTH}`);
  }
  return value;
}

export function privateCustomIdError(): Error {
  return badRequest(
    'Invalid requireSignedURLs: an image with a custom id cannot require signed URLs; upload it without an id to make it private',
  );
}
