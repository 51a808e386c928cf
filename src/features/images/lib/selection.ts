/**
 * Selection as a file manager does it: click selects one, ctrl/cmd-click toggles one, shift-click selects the
 * range from the anchor (the last plain or ctrl click), ctrl+shift-click adds that range. Pure, so the grid and
 * the table view share it and it is tested without a DOM.
 *
 * "Select all" costs the same with 100 or 100,000 images loaded (docs/performance.md "Dashboard"): it keeps the
 * list it selected (`all`, answering membership without a scan when it is the loaded images' ids) and the ids taken
 * out of it since, rather than a set of every id. The list of selected ids is made only when an action asks for it.
 */
export interface SelectionState {
  /** The selected ids; while `all` is set, the ids taken out of it instead. */
  picked: ReadonlySet<string>;
  /** Everything in this list is selected (but `picked`): what "Select all" saw. */
  all: AllOf | null;
  /** Where shift-click ranges start. */
  anchor: string | null;
}

/** A list selected whole. */
export interface AllOf {
  readonly count: number;
  has(id: string): boolean;
  ids(): readonly string[];
}

export interface ClickModifiers {
  shift?: boolean;
  /** Ctrl on Windows/Linux, Cmd on macOS. */
  toggle?: boolean;
}

export const emptySelection: SelectionState = { picked: new Set(), all: null, anchor: null };

/** `order` as a list selected whole: membership by its `positionOf` when it has one (loaded ids), else a `Set` made once. */
function allOf(order: readonly string[]): AllOf {
  const count = order.length;
  const positionOf = (order as { positionOf?: (id: string) => number }).positionOf;
  if (positionOf) {
    return {
      count,
      has: (id) => {
        const position = positionOf(id);
        return position !== -1 && position < count;
      },
      ids: () => [...order].slice(0, count),
    };
  }
  let set: Set<string> | undefined;
  return { count, has: (id) => (set ??= new Set(order)).has(id), ids: () => order };
}

export function isSelected(state: SelectionState, id: string): boolean {
  return state.all ? state.all.has(id) && !state.picked.has(id) : state.picked.has(id);
}

export function selectedCount(state: SelectionState): number {
  return state.all ? state.all.count - state.picked.size : state.picked.size;
}

/** The selected ids, in the order they were shown for "Select all", else in the order they were picked. */
export function selectedIds(state: SelectionState): readonly string[] {
  if (!state.all) return [...state.picked];
  const ids = state.all.ids();
  return state.picked.size === 0 ? ids : ids.filter((id) => !state.picked.has(id));
}

/** The same selection as a plain set of ids (to add to it what "all" does not cover). */
function explicit(state: SelectionState): Set<string> {
  return new Set(state.all ? selectedIds(state) : state.picked);
}

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
    const picked = modifiers.toggle ? explicit(state) : new Set<string>();
    for (const each of range) picked.add(each);
    return { picked, all: null, anchor: state.anchor };
  }
  if (modifiers.toggle) return toggleSelection(state, id);
  return { picked: new Set([id]), all: null, anchor: id };
}

/** Flips one id (ctrl/cmd-click, Space, the card's checkbox). */
export function toggleSelection(state: SelectionState, id: string): SelectionState {
  if (state.all && !state.all.has(id)) {
    // An image loaded after "Select all": the selection becomes a plain set once.
    const picked = explicit(state);
    picked.add(id);
    return { picked, all: null, anchor: id };
  }
  // Picked ids are few (those ctrl-clicked, or taken out of "all"): copying them stays cheap.
  const picked = new Set(state.picked);
  if (picked.has(id)) picked.delete(id);
  else picked.add(id);
  return { picked, all: state.all, anchor: id };
}

export function selectAll(order: readonly string[]): SelectionState {
  return { picked: new Set(), all: allOf(order), anchor: order[0] ?? null };
}

/** The selection without `ids` (images deleted meanwhile); the same state when none of them was selected. */
export function deselect(state: SelectionState, ids: readonly string[]): SelectionState {
  const gone = ids.filter((id) => isSelected(state, id));
  if (gone.length === 0) return state;
  const picked = new Set(state.picked);
  // Under "all", `picked` holds the ids taken out; otherwise the ids selected.
  for (const id of gone) {
    if (state.all) picked.add(id);
    else picked.delete(id);
  }
  return { picked, all: state.all, anchor: state.anchor };
}
