/**
 * Selection as a file manager does it: click selects one, ctrl/cmd-click toggles one, shift-click selects the
 * range from the anchor (the last plain or ctrl click), ctrl+shift-click adds that range. Pure, so the grid and
 * the table view share it and it is tested without a DOM.
 */
export interface SelectionState {
  selected: ReadonlySet<string>;
  /** Where shift-click ranges start. */
  anchor: string | null;
}

export interface ClickModifiers {
  shift?: boolean;
  /** Ctrl on Windows/Linux, Cmd on macOS. */
  toggle?: boolean;
}

export const emptySelection: SelectionState = { selected: new Set(), anchor: null };

/** The ids from `a` to `b` inclusive, in `order`; `[b]` when `a` is no longer in the list. */
export function rangeBetween(order: readonly string[], a: string, b: string): string[] {
  const from = order.indexOf(a);
  const to = order.indexOf(b);
  if (from === -1 || to === -1) return [b];
  return order.slice(Math.min(from, to), Math.max(from, to) + 1);
}

/** The selection after clicking `id` with `modifiers`; `order` is the ids as shown. */
export function clickSelection(
  state: SelectionState,
  order: readonly string[],
  id: string,
  modifiers: ClickModifiers = {},
): SelectionState {
  if (modifiers.shift && state.anchor !== null) {
    const range = rangeBetween(order, state.anchor, id);
    const selected = modifiers.toggle ? new Set([...state.selected, ...range]) : new Set(range);
    return { selected, anchor: state.anchor };
  }
  if (modifiers.toggle) return toggleSelection(state, id);
  return { selected: new Set([id]), anchor: id };
}

/** Flips one id (ctrl/cmd-click, Space, the card's checkbox). */
export function toggleSelection(state: SelectionState, id: string): SelectionState {
  const selected = new Set(state.selected);
  if (selected.has(id)) selected.delete(id);
  else selected.add(id);
  return { selected, anchor: id };
}

export function selectAll(order: readonly string[]): SelectionState {
  return { selected: new Set(order), anchor: order[0] ?? null };
}
