/**
 * Actions on the image the detail panel shows (docs/CONTRACT.md §7): "Edit metadata" (with creator and the private
 * switch), "Download original" and "Delete image" (asks first). Shown only when the server allows writes; the app
 * shell decides that and puts this in the panel's slot.
 */
import { useEffect, useRef, useState } from 'react';
import { useToast } from '../../../components/ui/toast';
import { addLeaveGuard } from '../../../lib/leave-guard';
import { deleteImage, downloadOriginal, patchImage, type ImagePatch } from '../api/image-requests';
import { useMetadataDraft } from '../hooks/use-metadata-draft';
import { creatorError, isCustomId } from '../lib/write-rules';
import { MetadataEditor } from './metadata-editor';

export interface EditableImage {
  id: string;
  filename: string;
  creator: string | null;
  meta: Record<string, unknown>;
  requireSignedURLs: boolean;
}

export interface ImageActionsProps {
  accountId: string;
  image: EditableImage;
  /** After a change; `newId` when the server gave the image a new id (a change of `requireSignedURLs` may). */
  onChanged: (newId?: string) => void;
  onDeleted: () => void;
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

export function ImageActions({ accountId, image, onChanged, onDeleted }: ImageActionsProps) {
  const notify = useToast();
  const [mode, setMode] = useState<'idle' | 'edit' | 'confirm-delete'>('idle');
  const [busy, setBusy] = useState(false);
  const editButton = useRef<HTMLButtonElement>(null);
  /** The open editor's answer to Esc (EditForm sets it), wherever the focus is in this section. */
  const escapeRef = useRef<(() => void) | null>(null);
  // When the editor closes, focus goes back to what opened it, not to the page.
  const closeEditor = () => {
    setMode('idle');
    editButton.current?.focus();
  };
  const [error, setError] = useState<string | null>(null);

  const remove = async () => {
    setBusy(true);
    setError(null);
    try {
      await deleteImage(accountId, image.id);
      notify(`Deleted ${image.filename}`);
      // The panel may go on to another image with these same controls: start it afresh, focus where it was.
      setMode('idle');
      onDeleted();
      editButton.current?.focus();
    } catch (e) {
      setError(message(e));
    } finally {
      setBusy(false);
    }
  };

  const download = async () => {
    try {
      await downloadOriginal(accountId, image.id, image.filename);
    } catch (e) {
      notify(`Could not download: ${message(e)}`, 'error');
    }
  };

  return (
    <section
      className="image-actions"
      aria-label="Change this image"
      onKeyDown={(event) => {
        // Esc leaves the editor, not the whole panel (EditForm decides whether changes are discarded).
        if (event.key !== 'Escape' || event.nativeEvent.isComposing || mode !== 'edit' || !escapeRef.current) return;
        event.preventDefault();
        event.stopPropagation();
        escapeRef.current();
      }}
    >
      <div className="image-actions__buttons">
        <button ref={editButton} type="button" className="button" aria-expanded={mode === 'edit'} onClick={() => setMode(mode === 'edit' ? 'idle' : 'edit')}>
          Edit metadata
        </button>
        <button type="button" className="button" onClick={() => void download()}>
          Download original
        </button>
        <button type="button" className="button button--danger" onClick={() => setMode('confirm-delete')} disabled={busy}>
          Delete image
        </button>
      </div>
      {mode === 'confirm-delete' ? (
        <div className="confirm" role="group" aria-label="Confirm delete">
          <p>
            Delete <strong>{image.filename}</strong> for good? Its URLs stop working; this cannot be undone.
          </p>
          <button type="button" className="button button--danger" onClick={() => void remove()} disabled={busy}>
            Delete for good
          </button>
          <button type="button" className="button" onClick={() => setMode('idle')}>
            Keep it
          </button>
        </div>
      ) : null}
      {mode === 'edit' ? (
        <EditForm
          key={image.id}
          accountId={accountId}
          image={image}
          onSaved={(newId) => {
            closeEditor();
            onChanged(newId);
          }}
          onCancel={closeEditor}
          escapeRef={escapeRef}
        />
      ) : null}
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
    </section>
  );
}

function EditForm({
  accountId,
  image,
  onSaved,
  onCancel,
  escapeRef,
}: {
  accountId: string;
  image: EditableImage;
  onSaved: (newId?: string) => void;
  onCancel: () => void;
  escapeRef: { current: (() => void) | null };
}) {
  const notify = useToast();
  const draft = useMetadataDraft(image.meta);
  const [creator, setCreator] = useState(image.creator ?? '');
  const [isPrivate, setPrivate] = useState(image.requireSignedURLs);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const customId = isCustomId(image.id);
  /** Esc (or a move to another image) came once with changes made: the next one discards them. */
  const [discarding, setDiscarding] = useState<'escape' | 'move' | null>(null);
  const changed =
    creator !== (image.creator ?? '') ||
    isPrivate !== image.requireSignedURLs ||
    JSON.stringify(draft.result.value ?? null) !== JSON.stringify(image.meta ?? {});
  // With changes made, only a second Esc discards them.
  useEffect(() => {
    escapeRef.current = () => {
      if (!changed || discarding) onCancel();
      else setDiscarding('escape');
    };
    return () => {
      escapeRef.current = null;
    };
  });
  // The panel's ←/→ and Previous/Next would show another image and drop the draft: the same two steps.
  useEffect(() =>
    addLeaveGuard(() => {
      if (!changed || discarding === 'move') return true;
      setDiscarding('move');
      return false;
    }),
  );
  const problems = [...draft.result.errors, creatorError(creator)].filter((p): p is string => Boolean(p));
  if (isPrivate && !image.requireSignedURLs && customId) problems.push('An image with a custom id cannot be made private');

  const save = async () => {
    if (!draft.result.value || problems.length > 0) return;
    const patch: ImagePatch = { metadata: draft.result.value };
    if (creator !== (image.creator ?? '')) patch.creator = creator === '' ? null : creator;
    if (isPrivate !== image.requireSignedURLs) patch.requireSignedURLs = isPrivate;
    setSaving(true);
    setError(null);
    try {
      const written = await patchImage(accountId, image.id, patch);
      const renamed = written.id !== image.id ? written.id : undefined;
      notify(renamed ? `Saved; Cloudflare gave the image a new id: ${renamed}` : `Saved ${image.filename}`);
      onSaved(renamed);
    } catch (e) {
      setError(message(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <form
      className="edit-form"
      aria-label={`Edit ${image.filename}`}
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <MetadataEditor draft={draft} />
      <label className="stack-field">
        <span>Creator</span>
        <input value={creator} onChange={(e) => setCreator(e.target.value)} placeholder="not set" />
      </label>
      <label className="switch-field">
        <input type="checkbox" role="switch" checked={isPrivate} onChange={(e) => setPrivate(e.target.checked)} disabled={customId && !image.requireSignedURLs} />
        <span>Private (requires signed URLs)</span>
      </label>
      {customId && !image.requireSignedURLs ? <p className="hint">Images with a custom id cannot be private.</p> : null}
      {isPrivate !== image.requireSignedURLs ? (
        <p className="hint">Cloudflare may give the image a new id when this changes; the panel follows it.</p>
      ) : null}
      {problems.length > 0 && draft.result.errors.length === 0 ? (
        <ul className="meta-editor__errors">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      ) : null}
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      {discarding && changed ? (
        <p className="hint" role="status">
          {discarding === 'escape'
            ? 'Press Esc again to discard your changes, or save them.'
            : 'Press Previous or Next (←/→) again to discard your changes, or save them.'}
        </p>
      ) : null}
      <div className="form-buttons">
        <button type="submit" className="button button--primary" disabled={saving || problems.length > 0}>
          Save metadata
        </button>
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
