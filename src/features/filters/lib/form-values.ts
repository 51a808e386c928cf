/**
 * The filter builder's form values and their mapping to and from the contract's `ListQuery`. The form keeps what a
 * person edits (a field path as typed, chips as a list, page size as text); the query is what the API receives.
 */
import {
  LIMITS,
  filterKeyParts,
  isListOperator,
  isOperator,
  operatorValueType,
  parseListQuery,
  type ListQuery,
  type MetaFilter,
  type Operator,
  type SortOrder,
} from '../../../contract/list-query';
import { isListQueryParam } from './url-state';

export interface FilterRowValues {
  /** The metadata path as typed: `region.name`. */
  path: string;
  operator: Operator;
  /** The value for scalar operators (`'true'` / `'false'` for `eq:boolean`). */
  value: string;
  /** The chips for list operators (`in`, `in:string`, `in:number`). */
  list: string[];
  /**
   * Set only on a row opened from a link whose operator is none of the contract's (`meta.status[bogus]`: `bogus`;
   * `meta.status` without brackets: `''`). The row then shows no operator, with the contract's message, until the
   * person chooses one; `operator` holds a stand-in meanwhile (`eq`, so the value shows as typed).
   */
  writtenOperator?: string;
}

export type CreatorMode = 'any' | 'none' | 'exactly';

export interface FilterFormValues {
  filters: FilterRowValues[];
  creatorMode: CreatorMode;
  creator: string;
  sortOrder: SortOrder;
  /** A link's `sort_order` that is neither order: kept to show it beside Sort order until one is chosen. */
  writtenSortOrder?: string;
  /** Text, so that a wrong entry can be shown back with the contract's message. */
  perPage: string;
}

export const EMPTY_ROW: FilterRowValues = { path: '', operator: 'eq', value: '', list: [] };

export const DEFAULT_FORM_VALUES: FilterFormValues = {
  filters: [],
  creatorMode: 'any',
  creator: '',
  sortOrder: LIMITS.sortOrderDefault,
  perPage: String(LIMITS.perPageDefault),
};

/** Splits a path as typed. Surrounding spaces are dropped: a trailing space in a field name is a typo far more often than a key. */
export function splitPath(path: string): string[] {
  return path.trim().split('.');
}

function rowFromFilter(filter: MetaFilter): FilterRowValues {
  const list = isListOperator(filter.operator);
  return {
    path: filter.path.join('.'),
    operator: filter.operator,
    value: list ? '' : filter.value,
    list: list ? filter.value.split('|') : [],
  };
}

export function queryToFormValues(query: Omit<ListQuery, 'continuationToken'>): FilterFormValues {
  return {
    filters: query.filters.map(rowFromFilter),
    creatorMode: query.creator === undefined ? 'any' : query.creator === '' ? 'none' : 'exactly',
    creator: query.creator ?? '',
    sortOrder: query.sortOrder,
    perPage: String(query.perPage),
  };
}

/** The filter a row stands for (valid or not: the contract module judges it). */
export function rowToFilter(row: FilterRowValues): MetaFilter {
  return {
    path: splitPath(row.path),
    operator: row.operator,
    value: isListOperator(row.operator) ? row.list.join('|') : row.value,
  };
}

/** The query that valid form values describe. */
export function formValuesToQuery(values: FilterFormValues): Omit<ListQuery, 'continuationToken'> {
  return {
    perPage: /^[0-9]+$/.test(values.perPage) ? Number(values.perPage) : LIMITS.perPageDefault,
    sortOrder: values.sortOrder,
    creator: values.creatorMode === 'any' ? undefined : values.creatorMode === 'none' ? '' : values.creator,
    filters: values.filters.map(rowToFilter),
  };
}

/**
 * Form values for whatever the address bar holds, even when the contract refuses it: a malformed link opens in the
 * builder as written, so that the person sees each mistake beside the control that fixes it. Every `meta.`
 * parameter becomes a row, field and value as written: a path too deep or with an empty part keeps its text (the
 * Field shows the contract's message), an unknown or missing operator leaves the Operator unset (see
 * `writtenOperator`). The page also lists every problem above the results.
 */
export function searchToFormValues(params: URLSearchParams): FilterFormValues {
  const own = new URLSearchParams([...params].filter(([name]) => isListQueryParam(name)));
  const parsed = parseListQuery(own);
  if (parsed.ok) return queryToFormValues(parsed.query);

  const values: FilterFormValues = { ...DEFAULT_FORM_VALUES, filters: [] };
  const perPage = own.get('per_page');
  if (perPage !== null) values.perPage = perPage;
  const sortOrder = own.get('sort_order');
  if (sortOrder === 'asc' || sortOrder === 'desc') values.sortOrder = sortOrder;
  else if (sortOrder !== null) values.writtenSortOrder = sortOrder;
  const creator = own.get('creator');
  if (creator !== null) {
    values.creatorMode = creator === '' ? 'none' : 'exactly';
    values.creator = creator;
  }
  for (const [name, value] of own) {
    const row = rowFromParam(name, value);
    if (row) values.filters.push(row);
  }
  return values;
}

/** The row for one `meta.` parameter as written (see `searchToFormValues`); `null` for any other parameter. */
export function rowFromParam(name: string, value: string): FilterRowValues | null {
  const parts = filterKeyParts(name);
  if (!parts) return null;
  const path = parts.path.split('.');
  if (parts.operator !== null && isOperator(parts.operator)) return rowFromFilter({ path, operator: parts.operator, value });
  return { ...EMPTY_ROW, path: parts.path, value, writtenOperator: parts.operator ?? '' };
}

/**
 * A row after its operator changed: the value follows into the new control where it makes sense (text into a
 * first chip, chips back into text when there is one), and a true/false switch always holds `true` or `false`.
 */
export function convertRowForOperator(written: FilterRowValues, operator: Operator): FilterRowValues {
  // An operator chosen: whatever a link wrote in its place is gone.
  const { writtenOperator: _written, ...row } = written;
  const wasList = isListOperator(row.operator);
  const isList = isListOperator(operator);
  const wasBoolean = operatorValueType(row.operator) === 'boolean';
  if (isList) {
    const list = wasList ? row.list : row.value === '' || wasBoolean ? [] : splitChips(row.value);
    return { ...row, operator, list, value: '' };
  }
  const carried = wasList ? (row.list.length === 1 ? (row.list[0] as string) : '') : wasBoolean ? '' : row.value;
  const value = operatorValueType(operator) === 'boolean' ? (carried === 'true' || (wasBoolean && row.value === 'true') ? 'true' : 'false') : carried;
  return { ...row, operator, value, list: [] };
}

/** Chips typed or pasted at once: `a|b`, `a, b` (the contract joins list values with `|`, so none can hold one). */
export function splitChips(text: string): string[] {
  return text
    .split(/[|,]/)
    .map((chip) => chip.trim())
    .filter((chip) => chip !== '');
}
