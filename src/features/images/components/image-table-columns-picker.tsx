/**
 * The table's column picker: a disclosure button with one checkbox per column that can be hidden. The choice is a habit
 * rather than part of a link, so it is kept in localStorage (hidden column ids), read defensively.
 */
import type { ColumnVisibilityState, ReactTable } from '@tanstack/react-table';
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import type { CfImage } from '../../../contract/image';
import { parseJson, storedValue, useStoredValue } from '../../../lib/local-store';
import type { tableFeatureSet } from './table-columns';

const KEY = 'cfie:table-hidden-columns:v1';

/** Stored as the list of hidden column ids (src/lib/local-store.ts). */
const hiddenColumns = storedValue<ColumnVisibilityState>(KEY, {
  parse: (raw) => {
    const ids = parseJson(raw);
    if (!Array.isArray(ids)) return {};
    return Object.fromEntries(ids.filter((id): id is string => typeof id === 'string').map((id) => [id, false]));
  },
  serialize: (visibility) => JSON.stringify(Object.entries(visibility).filter(([, visible]) => visible === false).map(([id]) => id)),
});

/** Column visibility as `useState`, written through to localStorage. */
export function useStoredColumnVisibility() {
  const visibility = useStoredValue(hiddenColumns);
  const set = useCallback((update: ColumnVisibilityState | ((old: ColumnVisibilityState) => ColumnVisibilityState)) => {
    hiddenColumns.update((old) => (typeof update === 'function' ? update(old) : update));
  }, []);
  return [visibility, set] as const;
}

/** A disclosure button and its panel; Escape or a click outside closes it, focus returns to the button. */
export function TableColumnPicker({ table }: { table: ReactTable<typeof tableFeatureSet, CfImage> }) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointer);
    return () => document.removeEventListener('pointerdown', onPointer);
  }, [open]);

  const columns = table.getAllLeafColumns().filter((column) => column.getCanHide());
  const hidden = columns.filter((column) => !column.getIsVisible()).length;
  const label = (header: unknown, fallback: string) => (typeof header === 'string' ? header : fallback);
  return (
    <div
      ref={root}
      className="image-table__picker"
      onKeyDown={(event) => {
        if (event.key === 'Escape' && open) {
          setOpen(false);
          button.current?.focus();
        }
      }}
    >
      <button
        ref={button}
        type="button"
        className="button button--small"
        aria-expanded={open}
        aria-controls={`${id}-panel`}
        onClick={() => setOpen((o) => !o)}
      >
        Columns{hidden > 0 ? ` (${hidden} hidden)` : ''}
      </button>
      {open ? (
        <fieldset id={`${id}-panel`} className="image-table__picker-panel" aria-describedby={`${id}-hint`}>
          <legend>Columns</legend>
          <p id={`${id}-hint`} className="muted">
            Metadata keys seen in the loaded images, nested keys with a dot.
          </p>
          <div className="image-table__picker-actions">
            <button type="button" className="button button--small" onClick={() => table.setColumnVisibility({})}>
              Show all
            </button>
            <button
              type="button"
              className="button button--small"
              onClick={() =>
                table.setColumnVisibility(
                  Object.fromEntries(columns.filter((c) => c.id.startsWith('meta:')).map((c) => [c.id, false])),
                )
              }
            >
              Hide metadata
            </button>
          </div>
          <ul>
            {columns.map((column) => (
              <li key={column.id}>
                <label>
                  <input type="checkbox" checked={column.getIsVisible()} onChange={() => column.toggleVisibility()} />
                  {label(column.columnDef.header, column.id)}
                </label>
              </li>
            ))}
          </ul>
        </fieldset>
      ) : null}
    </div>
  );
}
