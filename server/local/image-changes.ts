/** PATCH body (CONTRACT.md §4): JSON `{metadata?, creator?, requireSignedURLs?}`; unknown fields are ignored. */
import { badRequest } from '../errors';
import { checkCreator, checkMetadata } from './image-fields';
import type { ImageChanges } from './image-store';

export function readImageChanges(body: unknown): ImageChanges {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw badRequest('Invalid body: expected a JSON object such as {"metadata":{"status":"active"}}');
  }
  const fields = body as Record<string, unknown>;
  const changes: ImageChanges = {};
  if (fields.metadata !== undefined) changes.meta = checkMetadata(fields.metadata);
  if (fields.creator !== undefined) changes.creator = checkCreator(fields.creator);
  if (fields.requireSignedURLs !== undefined) {
    if (typeof fields.requireSignedURLs !== 'boolean') throw badRequest('Invalid requireSignedURLs: must be true or false');
    changes.requireSignedURLs = fields.requireSignedURLs;
  }
  return changes;
}
