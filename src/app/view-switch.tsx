/** Grid or table (`view=grid|table` in the URL; grid when absent). */
import { GridIcon, TableIcon } from '../components/ui/icons';
import { useSearchParams } from '../lib/use-search-params';

export function ViewSwitch() {
  const [params, navigate] = useSearchParams();
  const view = params.get('view') === 'table' ? 'table' : 'grid';
  const set = (next: 'grid' | 'table') =>
    navigate((p) => {
      if (next === 'grid') p.delete('view');
      else p.set('view', next);
    });
  return (
    <div className="segmented" role="group" aria-label="View">
      <button type="button" aria-pressed={view === 'grid'} onClick={() => set('grid')}>
        <GridIcon /> Grid
      </button>
      <button type="button" aria-pressed={view === 'table'} onClick={() => set('table')}>
        <TableIcon /> Table
      </button>
    </div>
  );
}
