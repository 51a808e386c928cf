/**
 * The write rules the dashboard checks before sending (docs/CONTRACT.md §4, §7): metadata is a JSON object of at
 * most 1,024 bytes as compact UTF-8 JSON, nested at most 32 levels; a creator has at most 1,024 characters; a custom
 * id cannot be private. The server checks the same rules again and its message is what a person finally sees.
 */

export const MAX_METADATA_BYTES = 1024;
export const MAX_METADATA_DEPTH = 32;
export const MAX_CREATOR_LENGTH = 1024;

const encoder = new TextEncoder();

/** Bytes of `value` as compact JSON (UTF-8), the size Cloudflare counts. */
export function metadataBytes(value: unknown): number {
  return encoder.encode(JSON.stringify(value) ?? '').length;
}

function depthOf(value: unknown): number {
  if (typeof value !== 'object' || value === null) return 0;
  let deepest = 0;
  for (const item of Object.values(value)) deepest = Math.max(deepest, depthOf(item));
  return deepest + 1;
}

/** Why `value` cannot be stored as metadata, or null when it can. */
export function metadataError(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return 'Metadata must be a JSON object such as {"status":"active"}';
  }
  const depth = depthOf(value);
  if (depth > MAX_METADATA_DEPTH) return `Metadata is nested ${depth} levels deep, at most ${MAX_METADATA_DEPTH}`;
  const bytes = metadataBytes(value);
  if (bytes > MAX_METADATA_BYTES) return `Metadata is ${bytes} bytes as JSON, at most ${MAX_METADATA_BYTES}: remove or shorten keys`;
  return null;
}

/** Why `creator` cannot be stored, or null. */
export function creatorError(creator: string): string | null {
  return creator.length > MAX_CREATOR_LENGTH
    ? `Creator is ${creator.length} characters, at most ${MAX_CREATOR_LENGTH}`
    : null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Custom ids are the ids that are not UUID-shaped; Cloudflare refuses to make them private (docs/CONTRACT.md §4). */
export function isCustomId(id: string): boolean {
  return !UUID.test(id);
}
