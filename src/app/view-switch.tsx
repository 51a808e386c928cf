/**
 * Grid or table (`view=grid|table` in the URL; grid when absent). A radio group (WAI-ARIA APG "Radio Group"): one
 * choice of two, one tab stop, arrow keys move and choose.
 */
import { useRef, type KeyboardEvent } from 'react';
import { GridIcon, TableIcon } from '../components/ui/icons';
import { useSearchParams } from '../lib/use-search-params';
import { setView, viewFrom, type View } from '../lib/view-param';

const VIEWS = [
  { id: 'grid', label: 'Grid', Icon: GridIcon },
  { id: 'table', label: 'Table', Icon: TableIcon },
] as const;

export function ViewSwitch() {
  const [params, navigate] = useSearchParams();
  const view = viewFrom(params);
  const buttons = useRef<(HTMLButtonElement | null)[]>([]);
  const set = (next: View) => navigate((p) => setView(p, next));
  const onKeyDown = (event: KeyboardEvent) => {
    const step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[event.key];
    if (step === undefined) return;
    event.preventDefault();
    const index = (VIEWS.findIndex((v) => v.id === view) + step + VIEWS.length) % VIEWS.length;
    const next = VIEWS[index];
    if (!next) return;
    set(next.id);
    buttons.current[index]?.focus();
  };
  return (
    <div className="segmented" role="radiogroup" aria-label="View" onKeyDown={onKeyDown}>
      {VIEWS.map(({ id, label, Icon }, index) => (
        <button
          key={id}
          ref={(element) => {
            buttons.current[index] = element;
          }}
          type="button"
          role="radio"
          aria-checked={view === id}
          tabIndex={view === id ? 0 : -1}
          onClick={() => set(id)}
        >
          <Icon /> {label}
        </button>
      ))}
    </div>
  );
}
