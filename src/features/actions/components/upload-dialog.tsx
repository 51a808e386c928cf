/**
 * The upload queue as a dialog: the chosen (or dropped) files, the options they are uploaded with, then each file's
 * progress and result; errors in the server's words.
 */
import { useEffect, useRef, useState } from 'react';
import { plural } from '../../../lib/format';
import { useMetadataDraft } from '../hooks/use-metadata-draft';
import { useUploads, type UploadItem } from '../hooks/use-uploads';
import { creatorError, customIdError } from '../lib/write-rules';
import { MetadataEditor } from './metadata-editor';

export function UploadDialog() {
  const { open, items, close } = useUploads();
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (open && dialog && !dialog.open) dialog.showModal();
    if (!open && dialog?.open) dialog.close();
  }, [open]);
  const waiting = items.filter((item) => item.status === 'waiting');
  const done = items.filter((item) => item.status === 'done').length;
  const failed = items.filter((item) => item.status === 'failed').length;
  return (
    <dialog
      ref={ref}
      className="panel-dialog"
      aria-labelledby="upload-title"
      onCancel={(event) => {
        event.preventDefault();
        close();
      }}
    >
      <header className="panel-dialog__header">
        <h2 id="upload-title">Upload {plural(items.length, 'image')}</h2>
        <button type="button" className="button" onClick={close}>
          Close
        </button>
      </header>
      <ul className="upload-list" aria-label="Upload queue">
        {items.map((item) => (
          <UploadRow key={item.key} item={item} />
        ))}
      </ul>
      {waiting.length > 0 && open ? <UploadOptions count={waiting.length} /> : null}
      {waiting.length === 0 && items.length > 0 ? (
        <p className="upload-summary" role="status">
          {done + failed < items.length ? 'Uploading…' : `${plural(done, 'image')} uploaded${failed ? `, ${failed} failed` : ''}`}
        </p>
      ) : null}
    </dialog>
  );
}

function UploadRow({ item }: { item: UploadItem }) {
  const status =
    item.status === 'waiting'
      ? 'Waiting'
      : item.status === 'uploading'
        ? `Uploading ${Math.round(item.progress * 100)}%`
        : item.status === 'done'
          ? 'Uploaded'
          : `Failed: ${item.error ?? 'unknown error'}`;
  return (
    <li className={`upload-row upload-row--${item.status}`}>
      <span className="upload-row__name">{item.file.name}</span>
      <progress max={1} value={item.progress} aria-label={`${item.file.name} upload progress`} />
      <span className="upload-row__status">{status}</span>
    </li>
  );
}

function UploadOptions({ count }: { count: number }) {
  const { start } = useUploads();
  const draft = useMetadataDraft({});
  const [creator, setCreator] = useState('');
  const [isPrivate, setPrivate] = useState(false);
  const [customId, setCustomId] = useState('');
  const single = count === 1;
  const problems = [...draft.result.errors];
  const creatorProblem = creatorError(creator);
  if (creatorProblem) problems.push(creatorProblem);
  const idProblem = single && customId !== '' ? customIdError(customId) : null;
  if (idProblem) problems.push(idProblem);
  if (single && customId !== '' && isPrivate) problems.push('An image with a custom id cannot be private');
  return (
    <form
      className="upload-options"
      aria-label="Upload options"
      onSubmit={(event) => {
        event.preventDefault();
        if (problems.length > 0 || !draft.result.value) return;
        start({
          metadata: draft.result.value,
          ...(creator ? { creator } : {}),
          ...(isPrivate ? { requireSignedURLs: true } : {}),
          ...(single && customId ? { id: customId } : {}),
        });
      }}
    >
      <MetadataEditor draft={draft} label="Metadata for every file" />
      <div className="upload-options__fields">
        <label className="stack-field">
          <span>Creator</span>
          <input value={creator} onChange={(e) => setCreator(e.target.value)} placeholder="optional" />
        </label>
        {single ? (
          <label className="stack-field">
            <span>Custom id</span>
            <input value={customId} onChange={(e) => setCustomId(e.target.value)} placeholder="optional, e.g. products/shoe-1" />
          </label>
        ) : null}
        <label className="switch-field">
          <input type="checkbox" role="switch" checked={isPrivate} onChange={(e) => setPrivate(e.target.checked)} />
          <span>Private (requires signed URLs)</span>
        </label>
      </div>
      {problems.length > draft.result.errors.length ? (
        <ul className="meta-editor__errors">
          {problems.slice(draft.result.errors.length).map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      ) : null}
      <button type="submit" className="button button--primary" disabled={problems.length > 0}>
        Start upload of {plural(count, 'file')}
      </button>
    </form>
  );
}
