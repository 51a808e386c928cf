import { useEffect, useRef } from 'react';
import { useToast } from '../../../components/ui/toast';
import { plural } from '../../../lib/format';
import { navigateSearch } from '../../../lib/use-search-params';
import type { Selection } from './use-selection';

/**
 * A different list query is a different set of images: a selection made in the old one would act on images no
 * longer shown, so it is cleared. Not without a word: a toast says so and offers Undo, which goes back to the old
 * query (a new history entry, as any filter change) with the same images selected.
 */
export function useSelectionFollowsQuery(selection: Selection, queryKey: string): void {
  const notify = useToast();
  const { count, ids, clear, selectAll } = selection;
  const shown = useRef({ key: queryKey, search: typeof window === 'undefined' ? '' : window.location.search });
  const restoring = useRef<{ key: string; ids: readonly string[] } | null>(null);

  useEffect(() => {
    const before = shown.current;
    if (before.key === queryKey) return;
    shown.current = { key: queryKey, search: window.location.search };
    const restore = restoring.current;
    restoring.current = null;
    if (restore?.key === queryKey) return selectAll(restore.ids);
    // A change of the selection alone runs this too, and ends above: the query is the one shown.
    if (count === 0) return;
    const unselected = ids();
    clear();
    notify(`${plural(unselected.length, 'image')} unselected: the query changed`, 'info', {
      label: 'Undo',
      onClick: () => {
        restoring.current = { key: before.key, ids: unselected };
        navigateSearch(() => {
          const params = new URLSearchParams(before.search);
          params.delete('image');
          return params;
        });
      },
    });
  }, [queryKey, count, ids, clear, selectAll, notify]);
}
