/**
 * "Edit metadata of N images": set or remove one metadata key (merged into each image's own metadata), set the
 * creator, or make the images private or public. "Preview changes" is the dry run: how many images, and the
 * before/after of the first 20, read from the server now; "Apply to N images" starts the job.
 */
import { useId, useState } from 'react';
import { plural } from '../../../lib/format';
import { useBulkJob } from '../hooks/use-bulk-job';
import type { BulkAction } from '../lib/bulk-job';
import { parseRowValue, type RowType } from '../lib/metadata-rows';
import { PREVIEW_SIZE, previewRow, type PreviewRow } from '../lib/preview';
import { creatorError, metadataError } from '../lib/write-rules';
import { Modal } from './modal';

type Change = 'set-key' | 'remove-key' | 'creator' | 'private' | 'public';
const CHANGES: { id: Change; label: string }[] = [
  { id: 'set-key', label: 'Set key' },
  { id: 'remove-key', label: 'Remove key' },
  { id: 'creator', label: 'Set creator' },
  { id: 'private', label: 'Make private' },
  { id: 'public', label: 'Make public' },
];

function buildAction(change: Change, key: string, type: RowType, value: string, creator: string): { action?: BulkAction; error?: string } {
  if (change === 'private' || change === 'public') return { action: { kind: 'private', value: change === 'private' } };
  if (change === 'creator') {
    const error = creatorError(creator);
    return error ? { error } : { action: { kind: 'creator', creator: creator === '' ? null : creator } };
  }
  if (key === '') return { error: 'Enter the key' };
  if (change === 'remove-key') return { action: { kind: 'remove-key', key } };
  const parsed = parseRowValue({ type, value });
  if (!parsed.ok) return { error: parsed.error };
  const alone = metadataError({ [key]: parsed.value });
  return alone ? { error: alone } : { action: { kind: 'set-key', key, value: parsed.value } };
}

export function BulkEditDialog({ ids, onClose }: { ids: readonly string[]; onClose: () => void }) {
  const { start, client } = useBulkJob();
  const applyHint = useId();
  const [change, setChange] = useState<Change>('set-key');
  const [key, setKey] = useState('');
  const [type, setType] = useState<RowType>('string');
  const [value, setValue] = useState('');
  const [creator, setCreator] = useState('');
  const [preview, setPreview] = useState<{ action: BulkAction; rows: PreviewRow[] } | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const n = plural(ids.length, 'image');
  const built = buildAction(change, key, type, value, creator);

  const edit = <T,>(set: (v: T) => void) => (v: T) => {
    set(v);
    setPreview(null);
  };

  const runPreview = async () => {
    if (!built.action) return;
    setLoading(true);
    setError(null);
    try {
      const first = ids.slice(0, PREVIEW_SIZE);
      const images = await Promise.all(
        first.map((id) => client.get(id).then((image) => image, (e: unknown) => ({ id, failed: e instanceof Error ? e.message : String(e) }))),
      );
      const action = built.action;
      setPreview({
        action,
        rows: images.map((image) =>
          'failed' in image ? { id: image.id, before: '—', after: '—', note: `cannot read: ${image.failed}` } : previewRow(image, action),
        ),
      });
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setLoading(false);
    }
  };

  return (
    <Modal title={`Edit metadata of ${n}`} onClose={onClose} wide>
      <div className="panel-dialog__body">
        <fieldset className="choice-group">
          <legend>Change</legend>
          {CHANGES.map((c) => (
            <label key={c.id}>
              <input type="radio" name="bulk-change" checked={change === c.id} onChange={() => edit(setChange)(c.id)} />
              {c.label}
            </label>
          ))}
        </fieldset>
        {change === 'set-key' || change === 'remove-key' ? (
          <div className="bulk-fields">
            <label className="stack-field">
              <span>Key</span>
              <input value={key} onChange={(e) => edit(setKey)(e.target.value)} placeholder="e.g. reviewed" />
            </label>
            {change === 'set-key' ? (
              <>
                <label className="stack-field">
                  <span>Value type</span>
                  <select value={type} onChange={(e) => edit(setType)(e.target.value as RowType)}>
                    <option value="string">Text</option>
                    <option value="number">Number</option>
                    <option value="boolean">Boolean</option>
                    <option value="json">JSON</option>
                  </select>
                </label>
                <label className="stack-field">
                  <span>Value</span>
                  <input value={value} onChange={(e) => edit(setValue)(e.target.value)} placeholder={type === 'boolean' ? 'true or false' : 'value'} />
                </label>
              </>
            ) : null}
          </div>
        ) : null}
        {change === 'creator' ? (
          <label className="stack-field">
            <span>Creator</span>
            <input value={creator} onChange={(e) => edit(setCreator)(e.target.value)} placeholder="empty removes the creator" />
          </label>
        ) : null}
        <p className="hint">
          Each image's metadata is read and merged before it is written, so other keys stay as they are. An image whose metadata
          would pass 1,024 bytes is skipped and listed in the report.
        </p>
        {built.error && (key !== '' || change === 'creator') ? <p className="form-error">{built.error}</p> : null}
        {error ? (
          <p className="form-error" role="alert">
            {error}
          </p>
        ) : null}
        <div className="form-buttons">
          <button type="button" className="button" disabled={!built.action || loading} onClick={() => void runPreview()}>
            Preview changes
          </button>
          <button
            type="button"
            className="button button--primary"
            disabled={!preview}
            aria-describedby={preview ? undefined : applyHint}
            onClick={() => {
              if (!preview) return;
              start(preview.action, ids);
              onClose();
            }}
          >
            Apply to {n}
          </button>
        </div>
        {preview ? null : (
          <p className="hint" id={applyHint}>
            Preview the changes first: Apply writes what the preview shows.
          </p>
        )}
        {loading ? <p role="status">Reading the first images…</p> : null}
        {preview ? <PreviewTable total={ids.length} rows={preview.rows} /> : null}
      </div>
    </Modal>
  );
}

function PreviewTable({ total, rows }: { total: number; rows: PreviewRow[] }) {
  return (
    <section className="preview" aria-label="Preview">
      <p role="status">
        {plural(total, 'image')} will be changed{total > rows.length ? `; the first ${rows.length} are shown` : ''}.
      </p>
      <table className="preview__table">
        <thead>
          <tr>
            <th scope="col">Image</th>
            <th scope="col">Before</th>
            <th scope="col">After</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id}>
              <td className="mono">{row.id}</td>
              <td className="mono">{row.before}</td>
              <td className="mono">
                {row.after}
                {row.note ? <span className="preview__note"> ({row.note})</span> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
