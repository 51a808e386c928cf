/**
 * The write rules the dashboard checks before sending, as the editor's messages: each is the contract module's rule
 * (src/contract/image-writes.ts, docs/CONTRACT.md §4, §7), the same code the server runs; here only turned into
 * "why not, or null".
 */
import {
  isCustomId,
  metadataBytes as contractMetadataBytes,
  validateCreator,
  validateCustomId,
  validateMetadata,
  WRITE_LIMITS,
} from '../../../contract/image-writes';

export { isCustomId };
export const MAX_METADATA_BYTES = WRITE_LIMITS.maxMetadataBytes;

/** Bytes of `value` as compact UTF-8 JSON (the budget the meter shows); Infinity when nested too deep. */
export function metadataBytes(value: Record<string, unknown>): number {
  return contractMetadataBytes(value);
}

/** Why `value` cannot be stored as metadata, or null when it can. */
export function metadataError(value: unknown): string | null {
  const checked = validateMetadata(value);
  return checked.ok ? null : checked.error.message;
}

/** Why `creator` cannot be stored, or null. */
export function creatorError(creator: string): string | null {
  const checked = validateCreator(creator);
  return checked.ok ? null : checked.error.message;
}

/** Why `id` cannot be a custom id, or null. */
export function customIdError(id: string): string | null {
  const checked = validateCustomId(id);
  return checked.ok ? null : checked.error.message;
}
