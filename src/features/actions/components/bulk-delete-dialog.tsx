/** "Delete N images": the person types N to confirm, then a bulk job deletes them. */
import { useState } from 'react';
import { plural } from '../../../lib/format';
import { useBulkJob } from '../hooks/use-bulk-job';
import { Modal } from './modal';

export function BulkDeleteDialog({ ids, onClose }: { ids: readonly string[]; onClose: () => void }) {
  const { start } = useBulkJob();
  const [typed, setTyped] = useState('');
  const n = ids.length;
  const matches = typed.replace(/[,\s]/g, '') === String(n);
  return (
    <Modal title={`Delete ${plural(n, 'image')}`} onClose={onClose}>
      <form
        className="panel-dialog__body"
        onSubmit={(event) => {
          event.preventDefault();
          if (!matches) return;
          start({ kind: 'delete' }, ids);
          onClose();
        }}
      >
        <p>
          This deletes {plural(n, 'image')} for good: their URLs stop working and there is no undo. The job's report lists
          every image.
        </p>
        <label className="stack-field">
          <span>Type {n} to confirm</span>
          <input value={typed} onChange={(e) => setTyped(e.target.value)} inputMode="numeric" autoComplete="off" data-autofocus />
        </label>
        <div className="form-buttons">
          <button type="submit" className="button button--danger" disabled={!matches}>
            Delete {plural(n, 'image')}
          </button>
          <button type="button" className="button" onClick={onClose}>
            Keep them
          </button>
        </div>
      </form>
    </Modal>
  );
}
