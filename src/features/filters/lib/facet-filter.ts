/**
 * A facet value turned into a filter (docs/CONTRACT.md §8, "clicking a value adds that filter"): the typed `eq`
 * whose value type is the facet's, so that the filter matches exactly the images the count stood for (`"5"` and
 * `5` are different values, counted apart). Which operator takes which type is the contract's
 * (`operatorValueType`); this only picks among its operators.
 */
import {
  LIMITS,
  OPERATORS,
  filterKey,
  isListOperator,
  isRangeOperator,
  operatorValueType,
  parseFilterKey,
  type ListQuery,
  type MetaFilter,
  type Operator,
} from '../../../contract/list-query';
import {
  parseSearchQuery,
  serializeSearchQuery,
  type FacetValue,
  type FacetValueType,
  type SearchQuery,
} from '../../../contract/search-query';
import { TOO_MANY_FILTERS_REASON } from './filter-form-schema';

/** The equality operator of the contract that takes exactly values of `type`: `eq:string`, `eq:number`, `eq:boolean`. */
export function operatorForValueType(type: FacetValueType): Operator {
  const operator = OPERATORS.find((op) => !isListOperator(op) && !isRangeOperator(op) && operatorValueType(op) === type);
  // Every scalar type has one (checked by a test); untyped `eq` would also match other types.
  return operator ?? 'eq';
}

/** The filter a facet value of metadata `path` (`region.name`) stands for. */
export function facetFilter(path: string, facet: Pick<FacetValue, 'value' | 'type'>): MetaFilter {
  return { path: path.split('.'), operator: operatorForValueType(facet.type), value: String(facet.value) };
}

export type AddFilterResult = { ok: true; query: Omit<ListQuery, 'continuationToken'> } | { ok: false; reason: string };

/**
 * `query` with `filter` added. The same key (path and operator) already there is replaced, since the contract
 * refuses a key given twice; a sixth filter is refused with the reason the builder gives.
 */
export function addFilter(query: Omit<ListQuery, 'continuationToken'>, filter: MetaFilter): AddFilterResult {
  const key = filterKey(filter);
  const others = query.filters.filter((f) => filterKey(f) !== key);
  if (others.length >= LIMITS.maxFilters) {
    return { ok: false, reason: TOO_MANY_FILTERS_REASON };
  }
  return { ok: true, query: { ...query, filters: [...others, filter] } };
}

/**
 * The search the facets are asked for, from the address bar: every filter of the results (list v2's and the
 * index's) without the page size, order or token, which do not change what matches. `null` for a malformed link.
 * With `without`, the filters on that metadata path are left out (the values a filter on it could choose from).
 */
export function facetsSearchOf(params: URLSearchParams, without?: string): string | null {
  const parsed = parseSearchQuery(params);
  if (!parsed.ok) return null;
  const query: Partial<SearchQuery> = { ...parsed.query, perPage: undefined, sortOrder: undefined, continuationToken: undefined };
  if (without !== undefined) query.filters = parsed.query.filters.filter((f) => f.path.join('.') !== without);
  return serializeSearchQuery(query);
}

/** Whether `path` is a metadata path a filter (and so the facets route's `key`) can name. */
export function isFilterablePath(path: string): boolean {
  return path !== '' && !('code' in parseFilterKey(`meta.${path}[eq]`));
}
