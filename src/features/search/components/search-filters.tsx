/**
 * "Uploaded" from/to and "Private" in the filter panel: the index's filters (docs/CONTRACT.md §8), applied as soon
 * as they change and kept in the address bar like the list filters. A date typed with the keyboard passes through
 * years 0002, 0020, 0202 on the way to 2026: it is applied once its year is 1970 or later (a picked date at once), or
 * as it stands on blur or Enter; one history entry per typing (`useTypingEntry`).
 */
import { useId, useState, type KeyboardEvent } from 'react';
import { useSearchParams } from '../../../lib/use-search-params';
import { useTypingEntry } from '../hooks/use-typing-entry';
import { fromDateOf, ltOfToDate, setParam, toDateOf } from '../lib/search-params';

/** A whole `YYYY-MM-DD` from 1970 on: what a person most likely meant, not a year half typed. */
const plausibleDate = (value: string) => /^\d{4}-\d{2}-\d{2}$/.test(value) && value >= '1970-01-01';
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
        <DateField id={`${id}-from`} value={from} apply={(date) => (p) => setParam(p, 'uploaded[gte]', date || null)} />
        <label htmlFor={`${id}-to`}>To</label>
        <DateField id={`${id}-to`} value={to} apply={(date) => (p) => setParam(p, 'uploaded[lt]', date ? ltOfToDate(date) : null)} />
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

interface DateFieldProps {
  id: string;
  /** The date the address bar holds (`YYYY-MM-DD`, or empty). */
  value: string;
  /** The address bar's change for a date (empty: none). */
  apply: (date: string) => (params: URLSearchParams) => URLSearchParams;
}

function DateField({ id, value, apply }: DateFieldProps) {
  const typing = useTypingEntry();
  const [draft, setDraft] = useState(value);
  const [seen, setSeen] = useState(value);
  // Back/forward, Swap dates or a link change the date: the field follows (state adjusted while rendering).
  if (seen !== value) {
    setSeen(value);
    setDraft(value);
  }
  const commit = (date: string) => {
    if (date !== value) typing.write(apply(date));
  };
  return (
    <input
      id={id}
      type="date"
      value={draft}
      onChange={(event) => {
        setDraft(event.target.value);
        if (plausibleDate(event.target.value)) commit(event.target.value);
      }}
      onBlur={() => {
        commit(draft);
        typing.end();
      }}
      onKeyDown={(event: KeyboardEvent<HTMLInputElement>) => {
        if (event.key === 'Enter') commit(draft);
      }}
    />
  );
}
