/** The dry run's before/after of one image: what a bulk action would change, without changing it. */
import type { BulkAction } from './bulk-job';
import { applyToMetadata } from './job-steps';
import { isCustomId, metadataError } from './write-rules';

export interface PreviewImage {
  id: string;
  meta?: Record<string, unknown>;
  creator?: string | null;
  requireSignedURLs?: boolean;
}

export interface PreviewRow {
  id: string;
  before: string;
  after: string;
  /** Why the image would be skipped, or that it would not change. */
  note?: string;
}

export const PREVIEW_SIZE = 20;

export function previewRow(image: PreviewImage, action: BulkAction): PreviewRow {
  const id = image.id;
  switch (action.kind) {
    case 'set-key':
    case 'remove-key':
    case 'restore': {
      const before = image.meta ?? {};
      const after = action.kind === 'restore' ? (action.metadata[id] ?? before) : applyToMetadata(before, action);
      const problem = after === before ? 'unchanged' : metadataError(after);
      return { id, before: JSON.stringify(before), after: JSON.stringify(after), ...(problem ? { note: problem === 'unchanged' ? 'unchanged' : `skipped: ${problem}` } : {}) };
    }
    case 'creator':
      return { id, before: image.creator ?? '(none)', after: action.creator ?? '(none)' };
    case 'private': {
      const note = action.value && isCustomId(id) ? 'skipped: an image with a custom id cannot be private' : undefined;
      return { id, before: image.requireSignedURLs ? 'private' : 'public', after: action.value ? 'private' : 'public', ...(note ? { note } : {}) };
    }
    case 'delete':
      return { id, before: 'exists', after: 'deleted' };
  }
}
