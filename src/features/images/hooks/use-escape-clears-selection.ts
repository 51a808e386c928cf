import { useEffect } from 'react';
import type { Selection } from './use-selection';

/**
 * Esc anywhere on the page clears the selection, as in file managers, unless a dialog (the detail panel, the
 * filters drawer) is open or the key was already used (a field, a menu closing itself).
 */
export function useEscapeClearsSelection(selection: Selection): void {
  const { count, clear } = selection;
  useEffect(() => {
    if (count === 0) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented) return;
      if (document.querySelector('dialog[open], [role="dialog"]:not([hidden])')) return;
      clear();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [count, clear]);
}
