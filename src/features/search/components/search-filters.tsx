/**
 * "Uploaded" from/to and "Private" in the filter panel: the index's filters (docs/CONTRACT.md §8), applied as soon
 * as they change and kept in the address bar like the list filters.
 */
import { useId } from 'react';
import { useSearchParams } from '../../../lib/use-search-params';
import { fromDateOf, ltOfToDate, setParam, toDateOf } from '../lib/search-params';
import './search.css';

export function SearchFilters() {
  const [params, navigate] = useSearchParams();
  const id = useId();
  const priv = params.get('private');
  return (
    <div className="search-filters">
      <fieldset className="search-filters__dates">
        <legend>Uploaded</legend>
        <label htmlFor={`${id}-from`}>From</label>
        <input
          id={`${id}-from`}
          type="date"
          value={fromDateOf(params.get('uploaded[gte]'))}
          onChange={(e) => navigate((p) => setParam(p, 'uploaded[gte]', e.target.value || null))}
        />
        <label htmlFor={`${id}-to`}>To</label>
        <input
          id={`${id}-to`}
          type="date"
          value={toDateOf(params.get('uploaded[lt]'))}
          onChange={(e) => navigate((p) => setParam(p, 'uploaded[lt]', e.target.value ? ltOfToDate(e.target.value) : null))}
        />
      </fieldset>
      <label htmlFor={`${id}-private`} className="search-filters__label">
        Private
      </label>
      <select
        id={`${id}-private`}
        value={priv === 'true' ? 'true' : priv === 'false' ? 'false' : ''}
        onChange={(e) => navigate((p) => setParam(p, 'private', e.target.value || null))}
      >
        <option value="">Any</option>
        <option value="true">Private</option>
        <option value="false">Public</option>
      </select>
    </div>
  );
}
