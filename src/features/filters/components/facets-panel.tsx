/**
 * "Facets" (docs/CONTRACT.md §8, `GET /api/images/facets`): the metadata keys of the images the results come from,
 * each opening to its most frequent values with counts. Clicking a value adds the typed filter that matches what was
 * counted (lib/facet-filter.ts), in the address bar like any other filter; clicking it again takes it away.
 * Closed until opened, so that a query costs no facet request unless someone looks. Loaded lazily.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { memo, useId, useMemo, useState } from 'react';
import { LIMITS, filterKey, type ListQuery, type MetaFilter } from '../../../contract/list-query';
import type { FacetValue } from '../../../contract/search-query';
import { formatCount } from '../../../lib/format';
import { useSearchParams } from '../../../lib/use-search-params';
import { facetKeysQueryOptions, facetValuesQueryOptions, isIndexOff } from '../api/facets';
import { addFilter, facetFilter, facetsSearchOf } from '../lib/facet-filter';
import { TOO_MANY_FILTERS_REASON } from '../lib/filter-form-schema';
import { readListQuery, writeListQuery } from '../lib/url-state';
import './facets.css';

export interface FacetsPanelProps {
  /** The page size the results use when the link has no `per_page` (kept out of the link, as the builder does). */
  defaultPerPage: number;
}

type Query = Omit<ListQuery, 'continuationToken'>;

export default memo(function FacetsPanel({ defaultPerPage }: FacetsPanelProps) {
  const [open, setOpen] = useState(false);
  const [params, navigate] = useSearchParams();
  const id = useId();
  const search = useMemo(() => facetsSearchOf(params), [params]);
  const query = useMemo((): Query | null => {
    const read = readListQuery(params);
    if (!read.ok) return null;
    const { continuationToken: _, ...rest } = read.query;
    return { ...rest, perPage: params.has('per_page') ? rest.perPage : defaultPerPage };
  }, [params, defaultPerPage]);

  const apply = (next: Query) => navigate((p) => writeListQuery(p, next, { defaultPerPage }));

  return (
    <section className="facets" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`} className="facets__heading">
        <button
          type="button"
          className="facets__toggle"
          aria-expanded={open}
          aria-controls={`${id}-body`}
          onClick={() => setOpen(!open)}
        >
          <span className="facets__chevron" aria-hidden="true" />
          Facets
        </button>
      </h2>
      {open ? (
        <div id={`${id}-body`} className="facets__body">
          {search === null || query === null ? (
            <p className="muted">Facets show once the link’s filters are valid.</p>
          ) : (
            <FacetKeys search={search} query={query} onApply={apply} />
          )}
        </div>
      ) : null}
    </section>
  );
});

function FacetKeys({ search, query, onApply }: { search: string; query: Query; onApply: (query: Query) => void }) {
  const keys = useQuery({ ...facetKeysQueryOptions(search), placeholderData: keepPreviousData });
  const [opened, setOpened] = useState<ReadonlySet<string>>(() => new Set());
  const full = query.filters.length >= LIMITS.maxFilters;
  const id = useId();

  if (keys.isPending) return <p className="muted" role="status">Loading facets…</p>;
  if (keys.isError && !keys.data) {
    return isIndexOff(keys.error) ? (
      <p className="muted">Facets need the account index, which this server runs without (INDEX=off).</p>
    ) : (
      <FacetError message={keys.error.message} onRetry={() => void keys.refetch()} />
    );
  }
  const list = keys.data?.keys ?? [];
  if (list.length === 0) return <p className="muted">No metadata in the matching images.</p>;

  const toggle = (key: string) =>
    setOpened((before) => {
      const next = new Set(before);
      if (!next.delete(key)) next.add(key);
      return next;
    });

  return (
    <>
      <p className="facets__hint muted">
        Metadata of the matching images. Open a key, then pick a value to filter by it.
      </p>
      {full ? (
        <p id={`${id}-full`} className="facets__hint">
          {TOO_MANY_FILTERS_REASON}
        </p>
      ) : null}
      <ul className={keys.isPlaceholderData ? 'facets__keys facets__keys--stale' : 'facets__keys'} aria-busy={keys.isFetching || undefined}>
        {list.map(({ key, count }) => {
          const isOpen = opened.has(key);
          return (
            <li key={key} className="facets__key">
              <button
                type="button"
                className="facets__key-toggle"
                aria-expanded={isOpen}
                aria-controls={isOpen ? `${id}-${key}` : undefined}
                onClick={() => toggle(key)}
              >
                <span className="facets__chevron" aria-hidden="true" />
                <span className="facets__key-name">{key}</span>{' '}
                <span className="facets__count">
                  {formatCount(count)}
                  <span className="visually-hidden"> {count === 1 ? 'image' : 'images'}</span>
                </span>
              </button>
              {isOpen ? (
                <FacetValues
                  id={`${id}-${key}`}
                  search={search}
                  facetKey={key}
                  query={query}
                  fullId={full ? `${id}-full` : undefined}
                  onApply={onApply}
                />
              ) : null}
            </li>
          );
        })}
      </ul>
    </>
  );
}

interface FacetValuesProps {
  id: string;
  search: string;
  facetKey: string;
  query: Query;
  /** Set when the query holds the most filters it may: values not already applied cannot be added. */
  fullId?: string;
  onApply: (query: Query) => void;
}

function FacetValues({ id, search, facetKey, query, fullId, onApply }: FacetValuesProps) {
  const values = useQuery({ ...facetValuesQueryOptions(search, facetKey), placeholderData: keepPreviousData });
  const applied = useMemo(() => new Set(query.filters.map((f) => `${filterKey(f)}=${f.value}`)), [query.filters]);

  let body;
  if (values.isPending) body = <p className="muted">Loading values…</p>;
  else if (values.isError && !values.data) body = <FacetError message={values.error.message} onRetry={() => void values.refetch()} />;
  else {
    const { values: list = [], missing = 0 } = values.data ?? {};
    const mixed = new Set(list.map((v) => v.type)).size > 1;
    body = (
      <>
        {list.length === 0 ? <p className="muted">No text, number or true/false values here.</p> : null}
        <ul className="facets__values">
          {list.map((value) => {
            const filter = facetFilter(facetKey, value);
            const on = applied.has(`${filterKey(filter)}=${filter.value}`);
            const result = on ? null : addFilter(query, filter);
            return (
              <li key={`${value.type}:${String(value.value)}`}>
                <button
                  type="button"
                  className="facets__value"
                  aria-pressed={on}
                  disabled={result !== null && !result.ok}
                  aria-describedby={result !== null && !result.ok ? fullId : undefined}
                  onClick={() => {
                    if (on) onApply(withoutFilter(query, filter));
                    else if (result?.ok) onApply(result.query);
                  }}
                >
                  <span className="facets__value-text">{valueText(value)}</span>{' '}
                  {mixed ? <span className="facets__type">{TYPE_NAMES[value.type]}</span> : null}{' '}
                  <span className="facets__count">
                    {formatCount(value.count)}
                    <span className="visually-hidden"> {value.count === 1 ? 'image' : 'images'}</span>
                  </span>
                </button>
              </li>
            );
          })}
        </ul>
        {missing > 0 ? <p className="facets__hint muted">{formatCount(missing)} without a value here</p> : null}
      </>
    );
  }
  return (
    <div id={id} className="facets__panel" aria-busy={values.isFetching || undefined}>
      {body}
    </div>
  );
}

const TYPE_NAMES: Record<FacetValue['type'], string> = { string: 'text', number: 'number', boolean: 'true/false' };

function valueText(value: FacetValue): string {
  if (value.type === 'string') return value.value === '' ? '(empty text)' : String(value.value);
  return String(value.value);
}

function withoutFilter(query: Query, filter: MetaFilter): Query {
  const key = filterKey(filter);
  return { ...query, filters: query.filters.filter((f) => !(filterKey(f) === key && f.value === filter.value)) };
}

function FacetError({ message, onRetry }: { message: string; onRetry: () => void }) {
  return (
    <div className="facets__error" role="alert">
      <p>The facets could not be loaded: {message}</p>
      <button type="button" className="button button--small" onClick={onRetry}>
        Retry
      </button>
    </div>
  );
}
