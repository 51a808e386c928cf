/**
 * The upload queue as a dialog: the chosen (or dropped) files, each checked before anything is sent (a refused one
 * says why and stays unsent), the options they are uploaded with, then each file's progress and result; the server's
 * refusals in its own words. A file not yet sent has its own Remove button; focus then goes to the next row's Remove,
 * or to the options when none follows.
 */
import { useEffect, useRef, useState, type Ref } from 'react';
import { plural } from '../../../lib/format';
import { useMetadataDraft } from '../hooks/use-metadata-draft';
import { UNSENT, useUploads, type UploadItem } from '../hooks/use-uploads';
import { creatorError, customIdError } from '../lib/write-rules';
import { MetadataEditor } from './metadata-editor';

export interface UploadDialogProps {
  /**
   * Where focus goes when the dialog closes and nothing had it before (files dropped on the page), or that is gone:
   * the shell's results. Otherwise the dialog gives it back to what had it (Upload images).
   */
  returnFocus?: () => HTMLElement | null;
}

export function UploadDialog({ returnFocus }: UploadDialogProps = {}) {
  const { open, items, close, remove } = useUploads();
  const ref = useRef<HTMLDialogElement>(null);
  const opener = useRef<Element | null>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (open && dialog && !dialog.open) {
      opener.current = document.activeElement;
      dialog.showModal();
    }
    if (!open && dialog?.open) {
      dialog.close();
      const before = opener.current;
      if (!before || before === document.body || !before.isConnected) returnFocus?.()?.focus();
    }
  }, [open, returnFocus]);
  const removeButtons = useRef(new Map<number, HTMLButtonElement>());
  const options = useRef<HTMLFormElement>(null);
  const closeButton = useRef<HTMLButtonElement>(null);
  /** Where focus goes once a removed row is gone: another row's Remove (by key), or the options. */
  const focusNext = useRef<number | 'options' | null>(null);
  useEffect(() => {
    const target = focusNext.current;
    if (target === null) return;
    focusNext.current = null;
    // After the uploads the options are gone: Close, rather than losing focus to the page.
    const element = target === 'options' ? options.current : removeButtons.current.get(target);
    (element ?? closeButton.current)?.focus();
  });
  const removeItem = (key: number) => {
    const after = items.slice(items.findIndex((item) => item.key === key) + 1);
    focusNext.current = after.find((item) => UNSENT.has(item.status))?.key ?? 'options';
    remove(key);
  };
  const count = (status: UploadItem['status']) => items.filter((item) => item.status === status).length;
  const checking = count('checking');
  const waiting = count('waiting');
  const refused = count('refused');
  const uploading = count('uploading');
  const done = count('done');
  const failed = count('failed');
  // The options stay while something can still be sent, or while only refused files are queued (to remove them or add others).
  const showOptions = open && (checking + waiting > 0 || (refused > 0 && uploading + done + failed === 0));
  // Start upload unmounts the options with the focus in them: Close takes it, rather than the page.
  const hadOptions = useRef(false);
  useEffect(() => {
    if (hadOptions.current && !showOptions && open && !ref.current?.contains(document.activeElement)) closeButton.current?.focus();
    hadOptions.current = showOptions;
  }, [showOptions, open]);
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
        <h2 id="upload-title">
          {/* Refused files are not images to upload: counted apart. */}
          Upload {plural(items.length - refused, 'image')}
          {refused > 0 ? `, ${refused} refused` : ''}
        </h2>
        <button ref={closeButton} type="button" className="button" onClick={close}>
          Close
        </button>
      </header>
      <ul className="upload-list" aria-label="Upload queue">
        {items.map((item) => (
          <UploadRow
            key={item.key}
            item={item}
            onRemove={() => removeItem(item.key)}
            removeRef={(button) => {
              if (button) removeButtons.current.set(item.key, button);
              else removeButtons.current.delete(item.key);
            }}
          />
        ))}
      </ul>
      {showOptions ? <UploadOptions ref={options} count={waiting} checking={checking > 0} /> : null}
      {!showOptions && items.length > 0 ? (
        <p className="upload-summary" role="status">
          {uploading > 0
            ? 'Uploading…'
            : `${plural(done, 'image')} uploaded${failed ? `, ${failed} failed` : ''}${refused ? `, ${refused} not sent` : ''}`}
        </p>
      ) : null}
    </dialog>
  );
}

const STATUS_TEXT: Record<UploadItem['status'], (item: UploadItem) => string> = {
  checking: () => 'Checking…',
  waiting: () => 'Waiting',
  // The check's own words (lib/file-check.ts): what is wrong and the limit.
  refused: (item) => item.error ?? 'Not sent',
  uploading: (item) => `Uploading ${Math.round(item.progress * 100)}%`,
  done: () => 'Uploaded',
  failed: (item) => `Failed: ${item.error ?? 'unknown error'}`,
};

function UploadRow({ item, onRemove, removeRef }: { item: UploadItem; onRemove: () => void; removeRef: Ref<HTMLButtonElement> }) {
  const name = item.file.name;
  const nameId = `upload-${item.key}-name`;
  return (
    <li className={`upload-row upload-row--${item.status}`} aria-labelledby={nameId}>
      <span id={nameId} className="upload-row__name" dir="auto" title={name}>
        {name}
      </span>
      {item.status === 'refused' ? null : <progress max={1} value={item.progress} aria-label={`${name} upload progress`} />}
      <span className="upload-row__status">{STATUS_TEXT[item.status](item)}</span>
      {UNSENT.has(item.status) ? (
        <button ref={removeRef} type="button" className="button button--quiet button--small upload-row__remove" aria-label={`Remove ${name}`} onClick={onRemove}>
          ✕
        </button>
      ) : null}
    </li>
  );
}

function UploadOptions({ count, checking, ref }: { count: number; checking: boolean; ref: Ref<HTMLFormElement> }) {
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
      ref={ref}
      // Focus lands here when the last row's Remove is used: Tab goes on to the options.
      tabIndex={-1}
      className="upload-options"
      aria-label="Upload options"
      onSubmit={(event) => {
        event.preventDefault();
        if (problems.length > 0 || !draft.result.value || checking || count === 0) return;
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
      <button type="submit" className="button button--primary" disabled={problems.length > 0 || checking || count === 0}>
        {checking ? 'Checking files…' : `Start upload of ${plural(count, 'file')}`}
      </button>
    </form>
  );
}
