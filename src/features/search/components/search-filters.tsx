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
  const from = fromDateOf(params.get('uploaded[gte]'));
  const to = toDateOf(params.get('uploaded[lt]'));
  // `YYYY-MM-DD` compares as text. One day (From = To) is a range; From after To matches nothing.
  const reversed = from !== '' && to !== '' && from > to;
  const swap = () =>
    navigate((p) => {
      setParam(p, 'uploaded[gte]', to);
      return setParam(p, 'uploaded[lt]', ltOfToDate(from));
    });
  return (
    <div className="search-filters">
      <fieldset className="search-filters__dates">
        <legend>Uploaded</legend>
        <label htmlFor={`${id}-from`}>From</label>
        <input
          id={`${id}-from`}
          type="date"
          value={from}
          onChange={(e) => navigate((p) => setParam(p, 'uploaded[gte]', e.target.value || null))}
        />
        <label htmlFor={`${id}-to`}>To</label>
        <input
          id={`${id}-to`}
          type="date"
          value={to}
          onChange={(e) => navigate((p) => setParam(p, 'uploaded[lt]', e.target.value ? ltOfToDate(e.target.value) : null))}
        />
        {reversed ? (
          <p className="search-filters__reversed" role="alert">
            From is after To: no image can match.{' '}
            <button type="button" className="button button--quiet button--small" onClick={swap}>
              Swap dates
            </button>
          </p>
        ) : null}
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
