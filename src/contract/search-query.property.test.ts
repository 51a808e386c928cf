/**
 * Generated inputs for the search-query contract (docs/CONTRACT.md §8): valid searches survive serialise → parse,
 * hostile query strings never throw and get short 5400 errors, and matching agrees with a plain reading of §8.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_REPORTED_ERRORS, compileMatcher, parseListQuery } from './list-query';
import {
  SEARCH_LIMITS,
  compileSearchMatcher,
  parseFacetsQuery,
  parseSearchQuery,
  serializeSearchQuery,
  uploadedBound,
  type SearchQuery,
} from './search-query';

const trickyChar = fc.oneof(
  { weight: 1, arbitrary: fc.constantFrom('&', '=', '%', '+', '#', '?', ' ', '|', '[', ']', '/', '\u0000', '🙂', 'É', 'é', 'İ', 'ß') },
  { weight: 3, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
);
const text = (min: number, max: number) => fc.string({ unit: trickyChar, minLength: min, maxLength: max });

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const isoDate = fc
  .date({ min: new Date(Date.UTC(1970, 0, 1)), max: new Date(Date.UTC(2100, 0, 1)), noInvalidDate: true })
  .chain((d) =>
    fc.constantFrom(
      d.toISOString().slice(0, 10),
      d.toISOString(),
      d.toISOString().slice(0, 16),
      `${d.toISOString().slice(0, 19)}+${pad(d.getUTCHours() % 14)}:30`,
    ),
  );

const listPart = fc.constantFrom('', 'per_page=10', 'sort_order=asc', 'creator=', 'meta.status[eq]=active', 'meta.n[gte]=3&creator=ann');

const validSearch: fc.Arbitrary<SearchQuery> = fc
  .tuple(
    listPart,
    fc.option(text(SEARCH_LIMITS.minQLength, 40), { nil: undefined }),
    fc.option(isoDate, { nil: undefined }),
    fc.option(isoDate, { nil: undefined }),
    fc.option(fc.boolean(), { nil: undefined }),
  )
  .map(([list, q, gte, lt, priv]) => {
    const parsed = parseListQuery(list);
    if (!parsed.ok) throw new Error(list);
    return {
      ...parsed.query,
      ...(q === undefined ? {} : { q }),
      ...(gte === undefined ? {} : { uploadedGte: gte }),
      ...(lt === undefined ? {} : { uploadedLt: lt }),
      ...(priv === undefined ? {} : { private: priv }),
    };
  });

describe('serialise → parse', () => {
  it('gives back every valid search unchanged', () => {
    fc.assert(
      fc.property(validSearch, (q) => {
        expect(parseSearchQuery(serializeSearchQuery(q))).toStrictEqual({ ok: true, query: q });
        expect(parseSearchQuery(new URLSearchParams(serializeSearchQuery(q)))).toStrictEqual({ ok: true, query: q });
      }),
      { numRuns: 1000 },
    );
  });

  it('every ISO date the generator makes is a bound', () => {
    fc.assert(
      fc.property(isoDate, (d) => {
        expect(uploadedBound(d)).not.toBeNull();
      }),
    );
  });

  it('uploadedBound agrees with Date.parse on full date-times with Z', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date(0), max: new Date(Date.UTC(9999, 0, 1)), noInvalidDate: true }), (d) => {
        expect(uploadedBound(d.toISOString())).toBe(d.getTime());
      }),
    );
  });
});

const soup = fc
  .array(
    fc.oneof(
      fc.constantFrom('q', 'q=', 'private', 'true', 'uploaded[gte]', 'uploaded%5Blt%5D', '=', '&', '2026-01-01', 'T', 'Z', 'key', 'meta.a[eq]', '%', '%ZZ', 'per_page'),
      fc.string({ unit: 'binary', maxLength: 4 }),
    ),
    { maxLength: 40 },
  )
  .map((xs) => xs.join(''));

describe('hostile query strings', () => {
  it('never throw; answer ok or at most 10 short 5400 errors', () => {
    fc.assert(
      fc.property(fc.oneof(soup, fc.string({ unit: 'binary' }), fc.webQueryParameters()), (input) => {
        for (const result of [parseSearchQuery(input), parseFacetsQuery(input)]) {
          if (result.ok) continue;
          expect(result.errors.length).toBeGreaterThan(0);
          expect(result.errors.length).toBeLessThanOrEqual(MAX_REPORTED_ERRORS);
          for (const error of result.errors) {
            expect(error.code).toBe(5400);
            expect(error.message.length).toBeLessThanOrEqual(400);
          }
        }
        const parsed = parseSearchQuery(input);
        if (parsed.ok) expect(parseSearchQuery(serializeSearchQuery(parsed.query))).toStrictEqual(parsed);
      }),
      { numRuns: 2000 },
    );
  });
});

const needleChar = fc.constantFrom('a', 'B', 'é', 'É', '-', '1', '.', 'İ');
const imageArb = fc.record({
  id: fc.string({ unit: needleChar, minLength: 1, maxLength: 8 }),
  filename: fc.string({ unit: needleChar, maxLength: 10 }),
  creator: fc.constantFrom(null, 'ann'),
  meta: fc.constantFrom({}, { status: 'active' }, { n: 3 }, { n: 4, status: 'x' }),
  requireSignedURLs: fc.boolean(),
  uploaded: fc.integer({ min: Date.UTC(2025, 11, 30), max: Date.UTC(2026, 0, 3) }),
});

describe('compileSearchMatcher', () => {
  it('agrees with a plain reading of §8', () => {
    let matched = 0;
    fc.assert(
      fc.property(
        imageArb,
        fc.option(fc.string({ unit: needleChar, minLength: 1, maxLength: 3 }), { nil: undefined }),
        fc.option(fc.constantFrom('2025-12-31', '2026-01-01T12:00Z', '2026-01-02'), { nil: undefined }),
        fc.option(fc.constantFrom('2026-01-01', '2026-01-02T00:00:00.000+01:00'), { nil: undefined }),
        fc.option(fc.boolean(), { nil: undefined }),
        listPart,
        (img, q, gte, lt, priv, list) => {
          const parsed = parseSearchQuery(
            serializeSearchQuery({ q, uploadedGte: gte, uploadedLt: lt, private: priv }) + (list ? `&${list}` : ''),
          );
          if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
          const query = parsed.query;
          const expected =
            (q === undefined || img.filename.toLowerCase().includes(q.toLowerCase()) || img.id.toLowerCase().includes(q.toLowerCase())) &&
            (gte === undefined || img.uploaded >= new Date(gte.length === 10 ? `${gte}T00:00:00Z` : gte).getTime()) &&
            (lt === undefined || img.uploaded < new Date(lt.length === 10 ? `${lt}T00:00:00Z` : lt).getTime()) &&
            (priv === undefined || img.requireSignedURLs === priv) &&
            compileMatcher(query)(img);
          if (expected) matched += 1;
          expect(compileSearchMatcher(query)(img)).toBe(expected);
          expect(compileSearchMatcher(query)({ ...img, uploaded: new Date(img.uploaded).toISOString() })).toBe(expected);
        },
      ),
      { numRuns: 2000 },
    );
    expect(matched).toBeGreaterThan(50);
  });
});
