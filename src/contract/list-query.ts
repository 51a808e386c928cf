/**
 * The list-query contract (CONTRACT.md §2): the one place that knows the rules of
 * `GET /accounts/{account_id}/images/v2`. The proxy validates with it, the local Images API parses and
 * matches with it, the dashboard's filter builder validates and serializes with it. Pure TypeScript, no
 * dependencies, runs in Node, Workers and the browser.
 */
import { ErrorCode, type ApiMessage } from './envelope';

export const OPERATORS = [
  'eq',
  'eq:string',
  'eq:number',
  'eq:boolean',
  'in',
  'in:string',
  'in:number',
  'gt',
  'gt:number',
  'gte',
  'gte:number',
  'lt',
  'lt:number',
  'lte',
  'lte:number',
] as const;
export type Operator = (typeof OPERATORS)[number];

export const SORT_ORDERS = ['asc', 'desc'] as const;
export type SortOrder = (typeof SORT_ORDERS)[number];

/** The contract's limits, exported so that the UI and the tests use the same numbers. */
export const LIMITS = {
  perPageMin: 10,
  perPageMax: 10_000,
  perPageDefault: 1000,
  sortOrderDefault: 'desc' as SortOrder,
  maxFilters: 5,
  maxDepth: 5,
  maxListValues: 10,
  maxCreatorLength: 1024,
  maxContinuationTokenLength: 32,
} as const;

/** One metadata filter: `meta.<path>[<operator>]=<value>`. `value` is the decoded raw string (`4|5` for lists). */
export interface MetaFilter {
  path: string[];
  operator: Operator;
  value: string;
}

export interface ListQuery {
  perPage: number;
  sortOrder: SortOrder;
  /** Absent on the first page. */
  continuationToken?: string;
  /** Absent: no creator filter. `''`: only images without a creator. Otherwise exact match. */
  creator?: string;
  /** Combined with AND. */
  filters: MetaFilter[];
}

/** An error with the contract's code and the HTTP status to answer it with. */
export interface ContractError extends ApiMessage {
  status: 400;
}

export type ParseResult = { ok: true; query: ListQuery } | { ok: false; errors: ContractError[] };

/** The kind of value an operator takes: `any` accepts whatever parses (untyped `eq` / `in`). */
export type OperatorValueType = 'string' | 'number' | 'boolean' | 'any';

export function operatorValueType(operator: Operator): OperatorValueType {
  const [, type] = operator.split(':');
  if (type === 'string' || type === 'number' || type === 'boolean') return type;
  return operator === 'eq' || operator === 'in' ? 'any' : 'number';
}

/** `in`, `in:string`, `in:number`: the value is a `|`-separated list. */
export function isListOperator(operator: Operator): boolean {
  return operator.startsWith('in');
}

/** `gt`, `gte`, `lt`, `lte` (and their `:number` forms). */
export function isRangeOperator(operator: Operator): boolean {
  return /^(gt|gte|lt|lte)(:number)?$/.test(operator);
}

export function isOperator(value: string): value is Operator {
  return (OPERATORS as readonly string[]).includes(value);
}

const NUMBER_PATTERN = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$/;

/** The contract's number syntax, finite. `null` when `text` is not a number. */
export function parseNumber(text: string): number | null {
  if (!NUMBER_PATTERN.test(text)) return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : null;
}

/** The parameter name of a filter, as a person would write it: `meta.region.name[eq]`. */
export function filterKey(filter: Pick<MetaFilter, 'path' | 'operator'>): string {
  return `meta.${filter.path.join('.')}[${filter.operator}]`;
}

function invalid(message: string): ContractError {
  return { code: ErrorCode.invalidRequest, message, status: 400 };
}

/**
 * Checks a filter's value against its operator. Returns the contract's error, or `null` when valid.
 * The filter builder calls this too, so that the browser says exactly what the server would.
 */
export function checkFilterValue(filter: MetaFilter): ContractError | null {
  const key = filterKey(filter);
  const type = operatorValueType(filter.operator);
  const elements = isListOperator(filter.operator) ? filter.value.split('|') : [filter.value];
  if (elements.length > LIMITS.maxListValues) {
    return invalid(
      `Too many values in 'in' filter: ${elements.length} provided, maximum ${LIMITS.maxListValues} allowed`,
    );
  }
  for (const element of elements) {
    // Both the element and the key come from the request and are unbounded (a path segment has no length limit).
    if (type === 'number' && parseNumber(element) === null) {
      return invalid(
        `Invalid number '${truncate(element, 50)}' for metadata filter '${truncate(key)}': expected a number such as 5, -2 or 4.5`,
      );
    }
    if (type === 'boolean' && element !== 'true' && element !== 'false') {
      return invalid(
        `Invalid boolean '${truncate(element, 50)}' for metadata filter '${truncate(key)}': expected true or false`,
      );
    }
  }
  return null;
}

const FILTER_KEY_PATTERN = /^meta\.([^[\]]*)\[([^[\]]*)\]$/;

/** Parses a `meta.` parameter name into path and operator, or the contract's error. */
export function parseFilterKey(key: string): { path: string[]; operator: Operator } | ContractError {
  const match = FILTER_KEY_PATTERN.exec(key);
  const segments = match?.[1]?.split('.') ?? [];
  if (!match || segments.some((segment) => segment === '')) {
    return invalid(
      `Invalid metadata filter parameter '${truncate(key)}': expected meta.<field>[<operator>], e.g. meta.status[eq]=active`,
    );
  }
  if (segments.length > LIMITS.maxDepth) {
    return invalid(
      `Metadata filter nesting too deep: ${segments.length} levels, maximum ${LIMITS.maxDepth} allowed`,
    );
  }
  const operator = match[2] ?? '';
  const operatorError = checkOperator(operator);
  if (operatorError) return operatorError;
  return { path: segments, operator: operator as Operator };
}

/** The contract's error for an operator that is not one of {@link OPERATORS}, or `null`. */
export function checkOperator(operator: string): ContractError | null {
  return isOperator(operator) ? null : invalid(`Unsupported metadata filter operator: '${truncate(operator)}'`);
}

/**
 * The field and the operator of a `meta.` parameter name as written, even one the contract refuses:
 * `meta.status[bogus]` gives `status` and `bogus`, `meta.status` gives `status` and `null` (no brackets). The
 * operator is the last bracketed part. Not a check: {@link parseFilterKey} judges the name. `null` for a name
 * that is not a `meta.` parameter.
 */
export function filterKeyParts(key: string): { path: string; operator: string | null } | null {
  if (!key.startsWith('meta.')) return null;
  const rest = key.slice('meta.'.length);
  const open = rest.lastIndexOf('[');
  if (open === -1) return { path: rest, operator: null };
  return { path: rest.slice(0, open), operator: rest.slice(open + 1, rest.endsWith(']') ? -1 : undefined) };
}

function isContractError(value: object): value is ContractError {
  return 'code' in value;
}

/** How many errors one answer lists at most (docs/decisions.md). */
export const MAX_REPORTED_ERRORS = 10;

const SCALAR_PARAMS = ['per_page', 'sort_order', 'continuation_token', 'creator'] as const;

/** Whether a query parameter belongs to the list query (a scalar or a `meta.` filter) rather than being unknown. */
export function isListQueryParam(name: string): boolean {
  return (SCALAR_PARAMS as readonly string[]).includes(name) || name.startsWith('meta.');
}

/**
 * Parses a list query string (with or without `?`) into a typed query, or into the errors found (the first
 * {@link MAX_REPORTED_ERRORS}: a request of thousands of bad parameters must not get an answer many times its size).
 * Unknown parameters are ignored, as Cloudflare does. A scalar parameter given twice is refused rather than
 * guessing which one Cloudflare would read (docs/decisions.md).
 */
export function parseListQuery(input: string | URLSearchParams): ParseResult {
  const params = typeof input === 'string' ? new URLSearchParams(input.startsWith('?') ? input.slice(1) : input) : input;
  const errors: ContractError[] = [];
  const query: ListQuery = { perPage: LIMITS.perPageDefault, sortOrder: LIMITS.sortOrderDefault, filters: [] };

  for (const name of SCALAR_PARAMS) {
    const values = params.getAll(name);
    if (values.length > 1) errors.push(invalid(`Parameter '${name}' given ${values.length} times; give it once`));
  }

  const perPage = params.get('per_page');
  if (perPage !== null) {
    // Any run of ASCII digits, leading zeros included ("digits only"); a huge one is out of range, not malformed.
    const n = /^[0-9]+$/.test(perPage) ? Number(perPage) : NaN;
    if (!(n >= LIMITS.perPageMin && n <= LIMITS.perPageMax)) {
      errors.push(
        invalid(
          `Invalid per_page '${truncate(perPage)}': must be a whole number from ${LIMITS.perPageMin} to ${LIMITS.perPageMax}`,
        ),
      );
    } else query.perPage = n;
  }

  const sortOrder = params.get('sort_order');
  if (sortOrder !== null) {
    if (sortOrder === 'asc' || sortOrder === 'desc') query.sortOrder = sortOrder;
    else errors.push(invalid(`Invalid sort_order '${truncate(sortOrder)}': must be 'asc' or 'desc'`));
  }

  const token = params.get('continuation_token');
  if (token !== null && token !== '') {
    if (token.length > LIMITS.maxContinuationTokenLength) {
      errors.push(
        invalid(
          `Invalid continuation_token: ${token.length} characters, maximum ${LIMITS.maxContinuationTokenLength}; use the token from the previous page`,
        ),
      );
    } else query.continuationToken = token;
  }

  const creator = params.get('creator');
  if (creator !== null) {
    if (creator.length > LIMITS.maxCreatorLength) {
      errors.push(invalid(`Invalid creator: ${creator.length} characters, maximum ${LIMITS.maxCreatorLength}`));
    } else query.creator = creator;
  }

  const seen = new Set<string>();
  let filterCount = 0;
  for (const [key, value] of params) {
    if (!key.startsWith('meta.')) continue;
    filterCount += 1;
    if (seen.has(key)) {
      errors.push(
        invalid(
          `Metadata filter '${truncate(key)}' given more than once; to match several values use one 'in' filter with values joined by '|', e.g. meta.status[in]=active|pending`,
        ),
      );
      continue;
    }
    seen.add(key);
    const parsedKey = parseFilterKey(key);
    if (isContractError(parsedKey)) {
      errors.push(parsedKey);
      continue;
    }
    const filter: MetaFilter = { ...parsedKey, value };
    const valueError = checkFilterValue(filter);
    if (valueError) errors.push(valueError);
    else query.filters.push(filter);
  }
  if (filterCount > LIMITS.maxFilters) {
    errors.unshift(invalid(`Too many metadata filters: ${filterCount} provided, maximum ${LIMITS.maxFilters} allowed`));
  }

  return errors.length > 0 ? { ok: false, errors: errors.slice(0, MAX_REPORTED_ERRORS) } : { ok: true, query };
}

/**
 * Long hostile input must not make long error messages. Keeps the head and the tail, so that a long filter key
 * still shows its `[operator]`, and never cuts a surrogate pair in half.
 */
function truncate(text: string, max = 100): string {
  if (text.length <= max) return text;
  let headEnd = Math.ceil(max * 0.6);
  if (isSurrogate(text.charCodeAt(headEnd - 1), 0xd800)) headEnd -= 1;
  let tailStart = text.length - Math.floor(max * 0.4);
  if (isSurrogate(text.charCodeAt(tailStart), 0xdc00)) tailStart += 1;
  return `${text.slice(0, headEnd)}…${text.slice(tailStart)}`;
}

/** High (`base` 0xD800) or low (`base` 0xDC00) surrogate. */
function isSurrogate(code: number, base: 0xd800 | 0xdc00): boolean {
  return code >= base && code <= base + 0x3ff;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Percent-encodes a query component but leaves `[`, `]`, `:` and `|` readable, as Cloudflare's examples write them.
 * Everything else is encoded as `encodeURIComponent` does (`&`, `=`, `+`, `#`, `%`, spaces…), so `URLSearchParams`
 * reads the text back unchanged. Exported for links in the address bar (src/lib/use-search-params.ts).
 */
export function encodeQueryComponent(text: string): string {
  // encodeURIComponent throws on a lone surrogate (text typed into an input can hold one); U+FFFD is what
  // URLSearchParams would make of it anyway.
  return encodeURIComponent(text.replace(LONE_SURROGATE, '\uFFFD'))
    .replace(/%5B/g, '[')
    .replace(/%5D/g, ']')
    .replace(/%3A/g, ':')
    .replace(/%7C/g, '|');
}

/**
 * Serializes a query to a query string without `?`. Defaults are left out (unless `explicitDefaults`), so
 * `parseListQuery(serializeListQuery(q))` gives `q` back for every valid `q`.
 */
export function serializeListQuery(
  query: Partial<ListQuery>,
  options: { explicitDefaults?: boolean; encode?: (text: string) => string } = {},
): string {
  const parts: string[] = [];
  const encode = options.encode ?? encodeQueryComponent;
  const add = (key: string, value: string) => parts.push(`${encode(key)}=${encode(value)}`);
  const explicit = options.explicitDefaults === true;
  const perPage = query.perPage ?? (explicit ? LIMITS.perPageDefault : undefined);
  const sortOrder = query.sortOrder ?? (explicit ? LIMITS.sortOrderDefault : undefined);
  if (perPage !== undefined && (explicit || perPage !== LIMITS.perPageDefault)) add('per_page', String(perPage));
  if (sortOrder !== undefined && (explicit || sortOrder !== LIMITS.sortOrderDefault)) add('sort_order', sortOrder);
  if (query.creator !== undefined) add('creator', query.creator);
  for (const filter of query.filters ?? []) add(filterKey(filter), filter.value);
  // An empty token means the first page (docs/decisions.md), the same as no token.
  if (query.continuationToken !== undefined && query.continuationToken !== '') add('continuation_token', query.continuationToken);
  return parts.join('&');
}

/** Filters in a fixed order (by key, then value), as `[key, value]` pairs next to the filters themselves. */
function canonicalFilters(filters: readonly MetaFilter[]): { pair: readonly [string, string]; filter: MetaFilter }[] {
  return filters
    .map((filter) => ({ pair: [filterKey(filter), filter.value] as const, filter }))
    .sort(({ pair: [ka, va] }, { pair: [kb, vb] }) => (ka < kb ? -1 : ka > kb ? 1 : va < vb ? -1 : va > vb ? 1 : 0));
}

/**
 * A canonical string for "the same list query" (CONTRACT.md §3, coalescing and caching): filters in a fixed
 * order, defaults made explicit.
 */
export function canonicalListQuery(query: ListQuery): string {
  // `[key, value]` pairs, not the filter objects: their property order or extra properties must not matter.
  return JSON.stringify([
    query.perPage,
    query.sortOrder,
    query.continuationToken || null,
    query.creator ?? null,
    canonicalFilters(query.filters).map(({ pair }) => pair),
  ]);
}

/**
 * The query string that says exactly what `canonicalListQuery` identifies, and nothing else: defaults explicit,
 * filters in the canonical order, unknown parameters gone. What the proxy forwards (CONTRACT.md §3), so that one
 * cache key is always one upstream question. Encoded as the official SDK encodes (`meta.status%5Beq%5D=active`).
 */
export function canonicalQueryString(query: ListQuery): string {
  const filters = canonicalFilters(query.filters).map(({ filter }) => filter);
  return serializeListQuery({ ...query, filters }, { explicitDefaults: true, encode: encodeStrict });
}

/** `encodeURIComponent`, with a lone surrogate as U+FFFD (what `URLSearchParams` reads it as) instead of a throw. */
function encodeStrict(text: string): string {
  return encodeURIComponent(text.replace(LONE_SURROGATE, '\uFFFD'));
}

/** What matching needs of an image. */
export interface MatchableImage {
  creator: string | null;
  meta: unknown;
}

type Predicate = (value: string | number | boolean) => boolean;

/** The exact values an `eq…` / `in…` filter accepts, by type (CONTRACT.md §2, the matching table). */
export interface AcceptedValues {
  strings: Set<string>;
  numbers: Set<number>;
  booleans: Set<boolean>;
}

/**
 * The values an equality or list filter (`eq`, `eq:*`, `in`, `in:*`) matches: typed operators accept their type,
 * untyped ones every type the value parses as (`eq=5` accepts `"5"` and `5`). Range operators accept an interval,
 * not a set: see `isRangeOperator`.
 */
export function acceptedValues(filter: MetaFilter): AcceptedValues {
  const type = operatorValueType(filter.operator);
  const elements = isListOperator(filter.operator) ? filter.value.split('|') : [filter.value];
  const accepted: AcceptedValues = { strings: new Set(), numbers: new Set(), booleans: new Set() };
  for (const element of elements) {
    if (type === 'string' || type === 'any') accepted.strings.add(element);
    if (type === 'number' || type === 'any') {
      const n = parseNumber(element);
      if (n !== null) accepted.numbers.add(n);
    }
    if ((type === 'boolean' || type === 'any') && (element === 'true' || element === 'false')) {
      accepted.booleans.add(element === 'true');
    }
  }
  return accepted;
}

/** A test on a scalar value found in metadata, for one operator and raw value. */
function valuePredicate(filter: MetaFilter): Predicate {
  if (isRangeOperator(filter.operator)) {
    const bound = parseNumber(filter.value) ?? NaN;
    const op = filter.operator.split(':')[0];
    if (op === 'gt') return (v) => typeof v === 'number' && v > bound;
    if (op === 'gte') return (v) => typeof v === 'number' && v >= bound;
    if (op === 'lt') return (v) => typeof v === 'number' && v < bound;
    return (v) => typeof v === 'number' && v <= bound;
  }
  const { strings, numbers, booleans } = acceptedValues(filter);
  return (v) => {
    if (typeof v === 'string') return strings.has(v);
    if (typeof v === 'number') return numbers.has(v);
    return booleans.has(v);
  };
}

/** The value at `path` in `meta` (own properties of plain objects only), or `undefined` when any step is missing. */
export function metadataValue(meta: unknown, path: readonly string[]): unknown {
  let current: unknown = meta;
  for (const segment of path) {
    if (typeof current !== 'object' || current === null || Array.isArray(current)) return undefined;
    if (!Object.prototype.hasOwnProperty.call(current, segment)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

/** {@link metadataValue}, but `undefined` unless it is a string, number or boolean: all a filter can match. */
export function scalarAt(meta: unknown, path: readonly string[]): string | number | boolean | undefined {
  const value = metadataValue(meta, path);
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : undefined;
}

/**
 * Compiles the creator and metadata filters of a query into one predicate. Compile once per request, then call it
 * for every candidate image: the sets and parsed numbers are built only once.
 */
export function compileMatcher(query: Pick<ListQuery, 'creator' | 'filters'>): (image: MatchableImage) => boolean {
  const tests = query.filters.map((filter) => {
    const predicate = valuePredicate(filter);
    const path = filter.path;
    return (meta: unknown) => {
      const value = scalarAt(meta, path);
      return value !== undefined && predicate(value);
    };
  });
  const creator = query.creator;
  return (image) => {
    if (creator !== undefined) {
      if (creator === '' ? image.creator !== null && image.creator !== '' : image.creator !== creator) return false;
    }
    for (const test of tests) if (!test(image.meta)) return false;
    return true;
  };
}

/** Whether one image matches a query's creator and metadata filters. */
export function matchesImage(query: Pick<ListQuery, 'creator' | 'filters'>, image: MatchableImage): boolean {
  return compileMatcher(query)(image);
}
