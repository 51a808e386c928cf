/**
 * What a bulk action does to one image. Metadata edits read the image first and write the merged metadata, because
 * PATCH replaces metadata as a whole (docs/CONTRACT.md §7); an image whose merged metadata would break the rules is
 * skipped and reported, never truncated.
 */
import type { BulkAction, StepResult } from './bulk-job';
import { isCustomId, metadataError } from './write-rules';

export interface ImageClient {
  get(id: string): Promise<{ id: string; meta?: Record<string, unknown> }>;
  patch(
    id: string,
    patch: { metadata?: Record<string, unknown>; creator?: string | null; requireSignedURLs?: boolean },
  ): Promise<{ id: string }>;
  delete(id: string): Promise<void>;
}

/** `meta` with the action applied (a copy); the same object when nothing changes. */
export function applyToMetadata(meta: Record<string, unknown>, action: BulkAction): Record<string, unknown> {
  if (action.kind === 'set-key') {
    if (Object.hasOwn(meta, action.key) && JSON.stringify(meta[action.key]) === JSON.stringify(action.value)) return meta;
    const next = { ...meta };
    Object.defineProperty(next, action.key, { value: action.value, enumerable: true, writable: true, configurable: true });
    return next;
  }
  if (action.kind === 'remove-key') {
    if (!Object.hasOwn(meta, action.key)) return meta;
    const next = { ...meta };
    delete next[action.key];
    return next;
  }
  return meta;
}

const isNotFound = (error: unknown) => typeof error === 'object' && error !== null && (error as { status?: number }).status === 404;

export async function performStep(client: ImageClient, action: BulkAction, id: string): Promise<StepResult> {
  switch (action.kind) {
    case 'delete':
      try {
        await client.delete(id);
      } catch (error) {
        // Gone already (another tab, or the request went through just before a reload): the goal is met.
        if (isNotFound(error)) return { outcome: 'done', error: 'already deleted' };
        throw error;
      }
      return { outcome: 'done' };
    case 'set-key':
    case 'remove-key': {
      const previous = (await client.get(id)).meta ?? {};
      const next = applyToMetadata(previous, action);
      if (next === previous) return { outcome: 'done', error: 'unchanged' };
      const problem = metadataError(next);
      if (problem) return { outcome: 'skipped', error: problem };
      const written = await client.patch(id, { metadata: next });
      return { outcome: 'done', previous, ...(written.id !== id ? { newId: written.id } : {}) };
    }
    case 'creator':
      await client.patch(id, { creator: action.creator });
      return { outcome: 'done' };
    case 'private': {
      if (action.value && isCustomId(id)) {
        return { outcome: 'skipped', error: 'An image with a custom id cannot require signed URLs' };
      }
      const written = await client.patch(id, { requireSignedURLs: action.value });
      return { outcome: 'done', ...(written.id !== id ? { newId: written.id } : {}) };
    }
    case 'restore': {
      const metadata = action.metadata[id];
      if (!metadata) return { outcome: 'skipped', error: 'No previous metadata recorded' };
      await client.patch(id, { metadata });
      return { outcome: 'done' };
    }
  }
}
