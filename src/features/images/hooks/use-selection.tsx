/** The selection, shared by the grid, the table view and the bulk actions of one images workspace. */
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import {
  clickSelection,
  deselect,
  emptySelection,
  isSelected,
  selectAll as selectAllIds,
  selectedCount,
  selectedIds,
  toggleSelection,
  type ClickModifiers,
  type SelectionState,
} from '../lib/selection';

export interface Selection {
  count: number;
  isSelected: (id: string) => boolean;
  /** The selected ids, made when asked (an action), not on every change: "Select all" of 100,000 stays one step. */
  ids: () => readonly string[];
  /** A click on an image: `order` is the ids as shown, for shift ranges. */
  click: (id: string, order: readonly string[], modifiers?: ClickModifiers) => void;
  toggle: (id: string) => void;
  selectAll: (order: readonly string[]) => void;
  /** Takes these ids out (images deleted meanwhile). */
  remove: (ids: readonly string[]) => void;
  clear: () => void;
}

const SelectionContext = createContext<Selection | null>(null);

export function SelectionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SelectionState>(emptySelection);
  const click = useCallback(
    (id: string, order: readonly string[], modifiers?: ClickModifiers) =>
      setState((s) => clickSelection(s, order, id, modifiers)),
    [],
  );
  const toggle = useCallback((id: string) => setState((s) => toggleSelection(s, id)), []);
  const selectAll = useCallback((order: readonly string[]) => setState(selectAllIds(order)), []);
  const remove = useCallback((ids: readonly string[]) => setState((s) => deselect(s, ids)), []);
  const clear = useCallback(() => setState((s) => (selectedCount(s) === 0 ? s : emptySelection)), []);
  const value = useMemo<Selection>(
    () => ({
      count: selectedCount(state),
      isSelected: (id) => isSelected(state, id),
      ids: () => selectedIds(state),
      click,
      toggle,
      selectAll,
      remove,
      clear,
    }),
    [state, click, toggle, selectAll, remove, clear],
  );
  return <SelectionContext value={value}>{children}</SelectionContext>;
}

export function useSelection(): Selection {
  const selection = useContext(SelectionContext);
  if (!selection) throw new Error('useSelection needs a <SelectionProvider> (ImagesProvider)');
  return selection;
}
