/**
 * Image ids in paths. Ids may contain `/` (CONTRACT.md §4), so routes take the rest of the path and this module
 * turns it back into the id; delivery URLs encode each segment so that any id round-trips.
 */
import { badRequest } from '../errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuidShaped(id: string): boolean {
  return UUID.test(id);
}

/** Custom ids are exactly the ids that are not UUID-shaped (a custom id may not look like one). */
export function isCustomId(id: string): boolean {
  return !isUuidShaped(id);
}

export const MAX_ID_LENGTH = 1024;

/**
 * Checks a custom id (CONTRACT.md §4) and throws 400 / 5400 with the reason. Beyond the contract (silent there):
 * no empty segment (`a//b`), no `.` or `..` segment and no control characters, because URL normalisation would change
 * such an id inside a delivery URL (docs/decisions.md).
 */
export function checkCustomId(id: string): void {
  if (id.length === 0) throw badRequest("Invalid id: empty; leave 'id' out to get a generated one");
  if (id.length > MAX_ID_LENGTH) throw badRequest(`Invalid id: ${id.length} characters, maximum ${MAX_ID_LENGTH}`);
  if (id.startsWith('/') || id.endsWith('/')) throw badRequest("Invalid id: must not start or end with '/'");
  if (isUuidShaped(id)) throw badRequest('Invalid id: a custom id must not be UUID-shaped; leave it out to get a UUID');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(id)) throw badRequest('Invalid id: must not contain control characters');
  if (id.split('/').some((segment) => segment === '' || segment === '.' || segment === '..')) {
    throw badRequest("Invalid id: segments between '/' must not be empty, '.' or '..'");
  }
}

/** The id in a path rest such as `folder/a%20b` (one or more segments, each percent-decoded; `%2F` works too). */
export function idFromPath(rest: string): string | null {
  try {
    return rest.split('/').map(decodeURIComponent).join('/');
  } catch {
    return null;
  }
}

/** An id as delivery URL path segments: each segment percent-encoded, `/` kept. */
export function encodeIdPath(id: string): string {
  return id.split('/').map(encodeURIComponent).join('/');
}
