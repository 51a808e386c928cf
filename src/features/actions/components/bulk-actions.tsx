/**
 * Bulk actions on a set of images (the selection, or every image the filters match): "Edit metadata of N images"
 * (set or remove a key, set the creator, make private or public; with a dry run first) and "Delete N images" (the
 * person types the number). Both start a bulk job (use-bulk-job.tsx).
 */
import { lazy, useState } from 'react';
import { OnDemand } from '../../../components/ui/on-demand';
import { plural } from '../../../lib/format';
import { useBulkJob } from '../hooks/use-bulk-job';

// Fetched when one is first opened: no first screen shows them (on-demand.tsx).
const BulkEditDialog = lazy(() => import('./bulk-edit-dialog').then((m) => ({ default: m.BulkEditDialog })));
const BulkDeleteDialog = lazy(() => import('./bulk-delete-dialog').then((m) => ({ default: m.BulkDeleteDialog })));

/**
 * `count` labels the buttons; `ids` is asked for the list only when a dialog opens (with 100,000 selected, making it
 * on every change of the selection would be a long task each time), and the dialog keeps that list.
 */
export function BulkActions({ count, ids }: { count: number; ids: () => readonly string[] }) {
  const { job } = useBulkJob();
  const [open, setOpen] = useState<{ kind: 'edit' | 'delete'; ids: readonly string[] } | null>(null);
  const busy = job?.status === 'running' || job?.status === 'paused';
  const n = plural(count, 'image');
  if (count === 0) return null;
  return (
    <>
      <button type="button" className="button button--small" disabled={busy} onClick={() => setOpen({ kind: 'edit', ids: ids() })} title={busy ? 'A bulk job is unfinished' : undefined}>
        Edit metadata of {n}
      </button>
      <button type="button" className="button button--small button--danger" disabled={busy} onClick={() => setOpen({ kind: 'delete', ids: ids() })}>
        Delete {n}
      </button>
      <OnDemand what={open?.kind === 'delete' ? 'The delete dialog' : 'The edit dialog'}>
        {open?.kind === 'edit' ? <BulkEditDialog ids={open.ids} onClose={() => setOpen(null)} /> : null}
        {open?.kind === 'delete' ? <BulkDeleteDialog ids={open.ids} onClose={() => setOpen(null)} /> : null}
      </OnDemand>
    </>
  );
}
