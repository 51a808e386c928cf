/**
 * Bulk actions on a set of images (the selection, or every image the filters match): "Edit metadata of N images"
 * (set or remove a key, set the creator, make private or public; with a dry run first) and "Delete N images" (the
 * person types the number). Both start a bulk job (use-bulk-job.tsx).
 */
import { useState } from 'react';
import { plural } from '../../../lib/format';
import { useBulkJob } from '../hooks/use-bulk-job';
import { BulkDeleteDialog } from './bulk-delete-dialog';
import { BulkEditDialog } from './bulk-edit-dialog';

export function BulkActions({ ids }: { ids: readonly string[] }) {
  const { job } = useBulkJob();
  const [open, setOpen] = useState<'edit' | 'delete' | null>(null);
  const busy = job?.status === 'running' || job?.status === 'paused';
  const n = plural(ids.length, 'image');
  if (ids.length === 0) return null;
  return (
    <>
      <button type="button" className="button button--small" disabled={busy} onClick={() => setOpen('edit')} title={busy ? 'A bulk job is unfinished' : undefined}>
        Edit metadata of {n}
      </button>
      <button type="button" className="button button--small button--danger" disabled={busy} onClick={() => setOpen('delete')}>
        Delete {n}
      </button>
      {open === 'edit' ? <BulkEditDialog ids={ids} onClose={() => setOpen(null)} /> : null}
      {open === 'delete' ? <BulkDeleteDialog ids={ids} onClose={() => setOpen(null)} /> : null}
    </>
  );
}
