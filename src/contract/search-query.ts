/**
 * The search-query contract (docs/CONTRACT.md §8): `GET /api/images` takes everything list v2 takes (§2, owned by
 * list-query.ts and reused here, never restated) plus `q`, `uploaded[gte]`, `uploaded[lt]` and `private`.
 * `GET /api/images/facets` takes the same plus `key`. Pure TypeScript: the server, the index back ends and the
 * dashboard all parse, serialise and match with this module.
 */
import { ErrorCode } from './envelope';
import {
  MAX_REPORTED_ERRORS,
  compileMatcher,
  encodeQueryComponent,
  isListQueryParam,
  parseFilterKey,
  parseListQuery,
  serializeListQuery,
  type ContractError,
  type ListQuery,
} from './list-query';

export const SEARCH_LIMITS = {
  minQLength: 1,
  maxQLength: 256,
  /** How many values a facet lists at most (§8). */
  facetValues: 50,
  /** How many metadata keys the facets route lists at most without `key` (docs/decisions.md). */
  facetKeys: 200,
} as const;

export interface SearchQuery extends ListQuery {
  /** Case-insensitive substring of the filename or the id. */
  q?: string;
  /** `uploaded[gte]` as given (a date or a date-time); see {@link uploadedBound}. */
  uploadedGte?: string;
  /** `uploaded[lt]` as given. */
  uploadedLt?: string;
  /** `requireSignedURLs` must equal this. */
  private?: boolean;
}

export type SearchParseResult = { ok: true; query: SearchQuery } | { ok: false; errors: ContractError[] };

/** The search parameters this module adds to list v2, as they appear in a query string. */
export const SEARCH_PARAMS = ['q', 'uploaded[gte]', 'uploaded[lt]', 'private'] as const;

/** Whether a query parameter belongs to a search: list v2's (`isListQueryParam`) or one of {@link SEARCH_PARAMS}. */
export function isSearchQueryParam(name: string): boolean {
  return isListQueryParam(name) || (SEARCH_PARAMS as readonly string[]).includes(name);
}

function invalid(message: string): ContractError {
  return { code: ErrorCode.invalidRequest, message, status: 400 };
}

function shorten(text: string, max = 60): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`;
}

const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})?)?$/;

/**
 * Milliseconds since the epoch for an ISO 8601 date (`2026-11-22`, midnight UTC) or date-time
 * (`2026-11-22T09:30`, `…:00.123Z`, `…+02:00`; without an offset it is UTC, docs/decisions.md), or `null` when the
 * text is neither or names no real day or time (`2026-02-30`, `25:00`).
 */
export function uploadedBound(text: string): number | null {
  const m = DATE_TIME.exec(text);
  if (!m) return null;
  const [, y, mo, d, h = '00', mi = '00', s = '00', frac = '', zone = 'Z'] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return null;
  const date = new Date(Date.UTC(2000, month - 1, day));
  date.setUTCFullYear(year);
  if (date.getUTCDate() !== day) return null;
  let offsetMinutes = 0;
  if (zone !== 'Z') {
    const oh = Number(zone.slice(1, 3));
    const om = Number(zone.slice(4, 6));
    if (oh > 23 || om > 59) return null;
    offsetMinutes = (zone.startsWith('-') ? -1 : 1) * (oh * 60 + om);
  }
  const ms = Number(frac.padEnd(3, '0').slice(0, 3));
  return date.getTime() + ((hour * 60 + minute - offsetMinutes) * 60 + second) * 1000 + ms;
}

/**
 * Parses an `/api/images` query string: list v2's rules through `parseListQuery`, then the search parameters.
 * Errors of both are reported together (at most {@link MAX_REPORTED_ERRORS}).
 */
export function parseSearchQuery(input: string | URLSearchParams): SearchParseResult {
  const params = typeof input === 'string' ? new URLSearchParams(input.startsWith('?') ? input.slice(1) : input) : input;
  const list = parseListQuery(params);
  const errors: ContractError[] = list.ok ? [] : [...list.errors];
  const extra: Omit<SearchQuery, keyof ListQuery> = {};

  for (const name of SEARCH_PARAMS) {
    const values = params.getAll(name);
    if (values.length > 1) errors.push(invalid(`Parameter '${name}' given ${values.length} times; give it once`));
  }

  const q = params.get('q');
  if (q !== null) {
    if (q.length < SEARCH_LIMITS.minQLength || q.length > SEARCH_LIMITS.maxQLength) {
      errors.push(
        invalid(
          `Invalid q: ${q.length} characters, must be ${SEARCH_LIMITS.minQLength} to ${SEARCH_LIMITS.maxQLength} (part of a filename or an id); leave q out to match every image`,
        ),
      );
    } else extra.q = q;
  }

  for (const [name, field] of [
    ['uploaded[gte]', 'uploadedGte'],
    ['uploaded[lt]', 'uploadedLt'],
  ] as const) {
    const value = params.get(name);
    if (value === null) continue;
    if (uploadedBound(value) === null) {
      errors.push(
        invalid(
          `Invalid ${name} '${shorten(value)}': expected an ISO 8601 date or date-time such as 2026-11-22 or 2026-11-22T09:30:00Z`,
        ),
      );
    } else extra[field] = value;
  }

  const priv = params.get('private');
  if (priv !== null) {
    if (priv === 'true' || priv === 'false') extra.private = priv === 'true';
    else errors.push(invalid(`Invalid private '${shorten(priv)}': must be true or false`));
  }

  if (errors.length > 0 || !list.ok) return { ok: false, errors: errors.slice(0, MAX_REPORTED_ERRORS) };
  return { ok: true, query: { ...list.query, ...extra } };
}

/** Whether a query needs the index: it uses a parameter list v2 does not have. */
export function needsIndex(query: Partial<SearchQuery>): boolean {
  return query.q !== undefined || query.uploadedGte !== undefined || query.uploadedLt !== undefined || query.private !== undefined;
}

/**
 * Serialises without `?`, defaults left out: `parseSearchQuery(serializeSearchQuery(q))` gives `q` back for every
 * valid `q`. The search parameters come first, then list v2's in `serializeListQuery`'s order.
 */
export function serializeSearchQuery(query: Partial<SearchQuery>): string {
  const parts: string[] = [];
  const add = (key: string, value: string) => parts.push(`${encodeQueryComponent(key)}=${encodeQueryComponent(value)}`);
  if (query.q !== undefined) add('q', query.q);
  if (query.uploadedGte !== undefined) add('uploaded[gte]', query.uploadedGte);
  if (query.uploadedLt !== undefined) add('uploaded[lt]', query.uploadedLt);
  if (query.private !== undefined) add('private', String(query.private));
  const list = serializeListQuery(query);
  if (list) parts.push(list);
  return parts.join('&');
}

/** What matching a search needs of an image; `uploaded` in ms or as ISO text. */
export interface SearchableImage {
  id: string;
  filename: string;
  creator: string | null;
  meta: unknown;
  requireSignedURLs: boolean;
  uploaded: number | string;
}

/** The lower-cased form `q` is compared in (JavaScript's full Unicode case mapping, not SQLite's ASCII-only one). */
export function searchFold(text: string): string {
  return text.toLowerCase();
}

/** The bounds of a query's upload range in ms: `gte` inclusive, `lt` exclusive. */
export function uploadedRange(query: Pick<SearchQuery, 'uploadedGte' | 'uploadedLt'>): { gte?: number; lt?: number } {
  const gte = query.uploadedGte === undefined ? null : uploadedBound(query.uploadedGte);
  const lt = query.uploadedLt === undefined ? null : uploadedBound(query.uploadedLt);
  return { ...(gte === null ? {} : { gte }), ...(lt === null ? {} : { lt }) };
}

/**
 * Compiles every filter of a search (list v2's through `compileMatcher`, plus `q`, the upload range and `private`)
 * into one predicate. Compile once per request.
 */
export function compileSearchMatcher(query: SearchQuery): (image: SearchableImage) => boolean {
  const listMatch = compileMatcher(query);
  const needle = query.q === undefined ? undefined : searchFold(query.q);
  const { gte, lt } = uploadedRange(query);
  const priv = query.private;
  return (image) => {
    if (priv !== undefined && image.requireSignedURLs !== priv) return false;
    if (gte !== undefined || lt !== undefined) {
      const at = typeof image.uploaded === 'number' ? image.uploaded : Date.parse(image.uploaded);
      if (gte !== undefined && !(at >= gte)) return false;
      if (lt !== undefined && !(at < lt)) return false;
    }
    if (needle !== undefined && !searchFold(image.filename).includes(needle) && !searchFold(image.id).includes(needle)) {
      return false;
    }
    return listMatch(image);
  };
}

/** `GET /api/images/facets`: the search, plus the metadata path whose values to count (absent: list the keys). */
export interface FacetsQuery {
  query: SearchQuery;
  key?: string[];
}

export type FacetsParseResult = { ok: true; facets: FacetsQuery } | { ok: false; errors: ContractError[] };

/** Parses a facets query string; `key` follows §2's path grammar (1 to 5 segments joined by `.`). */
export function parseFacetsQuery(input: string | URLSearchParams): FacetsParseResult {
  const params = typeof input === 'string' ? new URLSearchParams(input.startsWith('?') ? input.slice(1) : input) : input;
  const search = parseSearchQuery(params);
  const errors: ContractError[] = search.ok ? [] : [...search.errors];
  const keys = params.getAll('key');
  let key: string[] | undefined;
  if (keys.length > 1) errors.push(invalid(`Parameter 'key' given ${keys.length} times; give it once`));
  else if (keys.length === 1) {
    const parsed = parseFilterKey(`meta.${keys[0]}[eq]`);
    if ('code' in parsed) {
      errors.push(
        parsed.message.startsWith('Metadata filter nesting too deep')
          ? parsed
          : invalid(
              `Invalid key '${shorten(keys[0] ?? '')}': expected a metadata path such as status or region.name (1 to 5 non-empty names joined by '.', without '[' or ']')`,
            ),
      );
    } else key = parsed.path;
  }
  if (errors.length > 0 || !search.ok) return { ok: false, errors: errors.slice(0, MAX_REPORTED_ERRORS) };
  return { ok: true, facets: { query: search.query, ...(key ? { key } : {}) } };
}

/** `result.index` of `/api/images` (§8). */
export interface IndexStatus {
  state: 'ready' | 'building';
  indexed: number;
  /** ISO time of the last complete walk, or `null`. */
  updated: string | null;
}

/** `result` of `/api/images`: list v2's, plus the total and the index's state. */
export interface SearchResult<Image> {
  images: Image[];
  continuation_token: string | null;
  total: number;
  index: IndexStatus;
}

export type FacetValueType = 'string' | 'number' | 'boolean';

export interface FacetValue {
  value: string | number | boolean;
  type: FacetValueType;
  count: number;
}

/** `result` of `/api/images/facets?key=…` (§8). */
export interface FacetsResult {
  key: string;
  values: FacetValue[];
  /** Matching images without a scalar at `key`. */
  missing: number;
}

/** `result` of `/api/images/facets` without `key` (docs/decisions.md): the metadata paths of the matching images. */
export interface FacetKeysResult {
  keys: { key: string; count: number }[];
}

/**
 * Facet order (§8): largest count first, ties by value (type, then the value: numbers numerically, strings by
 * code unit, false before true).
 */
export function compareFacetValues(a: FacetValue, b: FacetValue): number {
  if (a.count !== b.count) return b.count - a.count;
  if (a.type !== b.type) return a.type < b.type ? -1 : 1;
  if (a.type === 'number') return (a.value as number) - (b.value as number);
  return a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
}

/** The scalar leaves of metadata, as facet paths (`region.name`) within §2's depth; arrays and objects are not values. */
export function metadataLeaves(meta: unknown, maxDepth = 5): { path: string[]; value: string | number | boolean }[] {
  const out: { path: string[]; value: string | number | boolean }[] = [];
  const walk = (node: unknown, path: string[]) => {
    if (typeof node === 'string' || typeof node === 'number' || typeof node === 'boolean') {
      if (path.length > 0) out.push({ path, value: node });
      return;
    }
    if (typeof node !== 'object' || node === null || Array.isArray(node) || path.length >= maxDepth) return;
    for (const [key, value] of Object.entries(node)) {
      // A key a filter path cannot name (empty, or with `.`, `[`, `]`) cannot be a facet either.
      if (key === '' || /[.[\]]/.test(key)) continue;
      walk(value, [...path, key]);
    }
  };
  walk(meta, []);
  return out;
}
