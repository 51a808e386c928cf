/**
 * Saved views as React state: read from localStorage (validated, see lib/saved-views.ts), kept in step across
 * tabs through the `storage` event.
 */
import { useCallback } from 'react';
import type { SearchQuery } from '../../../contract/search-query';
import { storedValue, useStoredValue } from '../../../lib/local-store';
import { SAVED_VIEWS_KEY, createView, parseSavedViews, type LoadedViews, type SavedView } from '../lib/saved-views';

/** One store for every hook of the page (src/lib/local-store.ts); other tabs' changes arrive by the `storage` event. */
const savedViews = storedValue<LoadedViews>(SAVED_VIEWS_KEY, {
  parse: parseSavedViews,
  serialize: (loaded) => JSON.stringify(loaded.views),
});

export function useSavedViews() {
  const { views, dropped } = useStoredValue(savedViews);

  /** Writes and tells every hook; `false` when the browser refused to store. */
  const write = useCallback(
    (change: (current: SavedView[]) => SavedView[]) => savedViews.update((current) => ({ views: change(current.views), dropped: 0 })),
    [],
  );

  // Each change starts from what storage holds now (another tab may have changed it), not from this render's list.
  const save = useCallback(
    (name: string, query: Omit<SearchQuery, 'continuationToken'>) => write((current) => [...current, createView(name, query)]),
    [write],
  );
  const rename = useCallback(
    (id: string, name: string) => write((current) => current.map((v) => (v.id === id ? { ...v, name: name.trim() } : v))),
    [write],
  );
  const remove = useCallback((id: string) => write((current) => current.filter((v) => v.id !== id)), [write]);
  /** Puts a deleted view back where it was ("Undo"), unless it is there already. */
  const restore = useCallback(
    (view: SavedView, index: number) =>
      write((current) => (current.some((v) => v.id === view.id) ? current : [...current.slice(0, index), view, ...current.slice(index)])),
    [write],
  );

  return { views, dropped, save, rename, remove, restore };
}
