/**
 * Saved views: keep the applied query (the search, the filters, the upload dates, Private) under a name; open, rename
 * or delete them later. Focus never drops to the page: after a rename it is on the view, after a delete on the next
 * view, or on the name field when none is left.
 */
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { SearchQuery } from '../../../contract/search-query';
import { useToast } from '../../../components/ui/toast';
import { useSavedViews } from '../hooks/use-saved-views';
import { viewNameProblem, viewQueryString, type SavedView } from '../lib/saved-views';

export interface SavedViewsPanelProps {
  /** The applied query (from the address bar, the index's parameters included), or `null` when the link is malformed. */
  current: Omit<SearchQuery, 'continuationToken'> | null;
  /** Opens a view: its query string, as stored. */
  onOpen: (query: string) => void;
}

export function SavedViewsPanel({ current, onOpen }: SavedViewsPanelProps) {
  const { views, dropped, save, rename, remove, restore } = useSavedViews();
  const notify = useToast();
  const [name, setName] = useState('');
  // Checked against the views as they are now: deleting the view a name clashed with clears the message.
  const [checked, setChecked] = useState(false);
  const problem = checked ? viewNameProblem(name, views) : null;
  const [status, setStatus] = useState('');
  const [renaming, setRenaming] = useState<string | null>(null);
  const id = useId();
  const currentQuery = current ? viewQueryString(current) : null;
  const nameField = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLUListElement>(null);
  /** Where focus goes once the list has re-rendered: a view's Open button (its id), or the name field (`''`). */
  const focusNext = useRef<string | null>(null);
  useEffect(() => {
    const target = focusNext.current;
    if (target === null) return;
    focusNext.current = null;
    const open = [...(list.current?.querySelectorAll<HTMLElement>('[data-view-id]') ?? [])].find((el) => el.dataset.viewId === target);
    (open ?? nameField.current)?.focus();
  });

  const onSave = (event: FormEvent) => {
    event.preventDefault();
    if (!current) return;
    setChecked(true);
    if (viewNameProblem(name, views)) return;
    setStatus(save(name, current) ? `Saved view “${name.trim()}”` : 'The browser refused to store the view');
    setName('');
    setChecked(false);
  };

  return (
    <section className="fb-views" aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>Saved views</h3>
      <form className="fb-views__save" noValidate onSubmit={onSave}>
        <label htmlFor={`${id}-name`}>View name</label>
        <input
          ref={nameField}
          id={`${id}-name`}
          type="text"
          value={name}
          maxLength={200}
          autoComplete="off"
          placeholder="e.g. EU, active"
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? `${id}-name-error` : undefined}
          onChange={(event) => setName(event.target.value)}
        />
        <button type="submit" className="button button--small" disabled={!current}>
          Save view
        </button>
        {problem ? (
          <p id={`${id}-name-error`} className="fb__error">
            {problem}
          </p>
        ) : null}
        <p className="fb-row__hint">Saves the search and the applied filters, in this browser only.</p>
      </form>
      {dropped > 0 ? (
        <p className="fb__error">
          {dropped === 1 ? 'One saved view could not be read' : `${dropped} saved views could not be read`} and {dropped === 1 ? 'is' : 'are'} left out.
        </p>
      ) : null}
      {views.length === 0 ? (
        <p className="muted">No saved views yet.</p>
      ) : (
        <ul ref={list} className="fb-views__list">
          {views.map((view) =>
            renaming === view.id ? (
              <RenameRow
                key={view.id}
                view={view}
                views={views}
                onDone={(newName) => {
                  setRenaming(null);
                  focusNext.current = view.id;
                  if (newName !== null) {
                    rename(view.id, newName);
                    setStatus(`Renamed “${view.name}” to “${newName.trim()}”`);
                  }
                }}
              />
            ) : (
              <li key={view.id} className="fb-views__item">
                <button
                  type="button"
                  className="fb-views__open"
                  data-view-id={view.id}
                  aria-current={view.query === currentQuery ? 'true' : undefined}
                  aria-label={`Open view ${view.name}`}
                  title={view.query ? `?${view.query}` : 'no filters'}
                  onClick={() => {
                    onOpen(view.query);
                    setStatus(`Opened view “${view.name}”`);
                  }}
                >
                  {view.name}
                </button>
                <button
                  type="button"
                  className="button button--quiet button--small"
                  aria-label={`Rename view ${view.name}`}
                  onClick={() => setRenaming(view.id)}
                >
                  Rename
                </button>
                <button
                  type="button"
                  className="button button--quiet button--small"
                  aria-label={`Delete view ${view.name}`}
                  onClick={() => {
                    const index = views.indexOf(view);
                    focusNext.current = (views[index + 1] ?? views[index - 1])?.id ?? '';
                    remove(view.id);
                    setStatus(`Deleted view “${view.name}”`);
                    notify(`Deleted view “${view.name}”`, 'info', {
                      label: 'Undo',
                      onClick: () => {
                        restore(view, index);
                        setStatus(`Restored view “${view.name}”`);
                      },
                    });
                  }}
                >
                  Delete
                </button>
              </li>
            ),
          )}
        </ul>
      )}
      <p aria-live="polite" className="muted fb-views__status">
        {status}
      </p>
    </section>
  );
}

function RenameRow({ view, views, onDone }: { view: SavedView; views: SavedView[]; onDone: (name: string | null) => void }) {
  const [name, setName] = useState(view.name);
  const [problem, setProblem] = useState<string | null>(null);
  const id = useId();
  const submit = () => {
    const trouble = viewNameProblem(name, views, view.id);
    setProblem(trouble);
    if (!trouble) onDone(name);
  };
  return (
    <li className="fb-views__item fb-views__item--renaming">
      <label htmlFor={`${id}-rename`} className="visually-hidden">
        New name for view {view.name}
      </label>
      <input
        id={`${id}-rename`}
        type="text"
        value={name}
        // Opened on purpose by "Rename": the person is here to type.
        autoFocus
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? `${id}-rename-error` : undefined}
        onChange={(event) => setName(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter') {
            event.preventDefault();
            submit();
          } else if (event.key === 'Escape') onDone(null);
        }}
      />
      <button type="button" className="button button--small" onClick={submit}>
        Save name
      </button>
      <button type="button" className="button button--quiet button--small" onClick={() => onDone(null)}>
        Cancel
      </button>
      {problem ? (
        <p id={`${id}-rename-error`} className="fb__error">
          {problem}
        </p>
      ) : null}
    </li>
  );
}
