/**
 * Saved views as React state: read from localStorage (validated, see lib/saved-views.ts), kept in step across
 * tabs through the `storage` event.
 */
import { useCallback, useMemo, useSyncExternalStore } from 'react';
import type { ListQuery } from '../../../contract/list-query';
import {
  SAVED_VIEWS_KEY,
  createView,
  loadSavedViews,
  parseSavedViews,
  storeSavedViews,
  type SavedView,
} from '../lib/saved-views';

const CHANGE_EVENT = 'cfie:savedviewschange';

function subscribe(onChange: () => void): () => void {
  const onStorage = (event: StorageEvent) => {
    if (event.key === null || event.key === SAVED_VIEWS_KEY) onChange();
  };
  window.addEventListener('storage', onStorage);
  window.addEventListener(CHANGE_EVENT, onChange);
  return () => {
    window.removeEventListener('storage', onStorage);
    window.removeEventListener(CHANGE_EVENT, onChange);
  };
}

function readRaw(): string | null {
  try {
    return window.localStorage.getItem(SAVED_VIEWS_KEY);
  } catch {
    return null;
  }
}

export function useSavedViews() {
  const raw = useSyncExternalStore(subscribe, readRaw, () => null);
  const { views, dropped } = useMemo(() => parseSavedViews(raw), [raw]);

  /** Writes and tells every hook in this tab; `false` when the browser refused to store. */
  const write = useCallback((next: SavedView[]) => {
    const stored = storeSavedViews(next);
    window.dispatchEvent(new Event(CHANGE_EVENT));
    return stored;
  }, []);

  // Each change starts from what storage holds now (another tab may have changed it), not from this render's list.
  const save = useCallback(
    (name: string, query: Omit<ListQuery, 'continuationToken'>) => write([...loadSavedViews().views, createView(name, query)]),
    [write],
  );
  const rename = useCallback(
    (id: string, name: string) => write(loadSavedViews().views.map((v) => (v.id === id ? { ...v, name: name.trim() } : v))),
    [write],
  );
  const remove = useCallback((id: string) => write(loadSavedViews().views.filter((v) => v.id !== id)), [write]);
  /** Puts a deleted view back where it was ("Undo"), unless it is there already. */
  const restore = useCallback(
    (view: SavedView, index: number) => {
      const current = loadSavedViews().views;
      if (current.some((v) => v.id === view.id)) return true;
      return write([...current.slice(0, index), view, ...current.slice(index)]);
    },
    [write],
  );

  return { views, dropped, save, rename, remove, restore };
}
