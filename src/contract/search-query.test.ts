/**
 * docs/CONTRACT.md §8, row by row: the parameters `/api/images` adds to list v2 (`q`, `uploaded[gte]`,
 * `uploaded[lt]`, `private`), the facets `key`, and matching. List v2's own rules are list-query.test.ts's.
 */
import { describe, expect, it } from 'vitest';
import { parseListQuery } from './list-query';
import {
  compareFacetValues,
  compileSearchMatcher,
  isSearchQueryParam,
  metadataLeaves,
  needsIndex,
  parseFacetsQuery,
  parseSearchQuery,
  serializeSearchQuery,
  uploadedBound,
  type SearchQuery,
} from './search-query';

function ok(input: string): SearchQuery {
  const result = parseSearchQuery(input);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.query;
}

function messages(input: string): string[] {
  const result = parseSearchQuery(input);
  if (result.ok) throw new Error(`expected errors for ${input}`);
  for (const error of result.errors) {
    expect(error.code).toBe(5400);
    expect(error.status).toBe(400);
  }
  return result.errors.map((e) => e.message);
}

describe('list v2 parameters', () => {
  it('are parsed by the list-query module, with its defaults', () => {
    const input = 'per_page=50&sort_order=asc&creator=ann&meta.status[eq]=active';
    const list = parseListQuery(input);
    expect(list.ok && ok(input)).toStrictEqual(list.ok && list.query);
    expect(ok('')).toStrictEqual({ perPage: 1000, sortOrder: 'desc', filters: [] });
  });

  it('keep their messages, reported together with the search parameters’', () => {
    const errors = messages('per_page=5&q=&private=yes');
    expect(errors).toHaveLength(3);
    expect(errors[0]).toMatch(/per_page/);
    expect(errors.some((m) => m.startsWith('Invalid q'))).toBe(true);
    expect(errors.some((m) => m.startsWith("Invalid private 'yes'"))).toBe(true);
  });
});

describe('q', () => {
  it('takes 1 to 256 characters', () => {
    expect(ok('q=a').q).toBe('a');
    expect(ok(`q=${'x'.repeat(256)}`).q).toHaveLength(256);
    expect(messages(`q=${'x'.repeat(257)}`)[0]).toMatch(/257 characters, must be 1 to 256/);
    expect(messages('q=')[0]).toMatch(/0 characters/);
  });

  it('is percent-decoded and kept as typed (case is folded when matching)', () => {
    expect(ok('q=Invoice%202024%26co').q).toBe('Invoice 2024&co');
  });

  it('given twice is refused', () => {
    expect(messages('q=a&q=b')[0]).toBe("Parameter 'q' given 2 times; give it once");
  });
});

describe('uploaded[gte], uploaded[lt]', () => {
  it('a date is midnight UTC', () => {
    expect(uploadedBound('2026-11-22')).toBe(Date.UTC(2026, 10, 22));
    expect(ok('uploaded%5Bgte%5D=2026-11-22').uploadedGte).toBe('2026-11-22');
  });

  it('a date-time with Z, an offset, or none (UTC), seconds and fractions optional', () => {
    expect(uploadedBound('2026-11-22T09:30:00.123Z')).toBe(Date.UTC(2026, 10, 22, 9, 30, 0, 123));
    expect(uploadedBound('2026-11-22T09:30')).toBe(Date.UTC(2026, 10, 22, 9, 30));
    expect(uploadedBound('2026-11-22T09:30:15+02:00')).toBe(Date.UTC(2026, 10, 22, 7, 30, 15));
    expect(uploadedBound('2026-11-22T09:30:15.123456-01:30')).toBe(Date.UTC(2026, 10, 22, 11, 0, 15, 123));
  });

  it('refuses what names no real day or time, and anything not ISO 8601', () => {
    for (const bad of ['2026-02-30', '2026-13-01', '2026-11-22T24:00', '2026-11-22T09:60', '22/11/2026', 'yesterday', '', '2026-11-22 09:30', '1700000000']) {
      expect(uploadedBound(bad), bad).toBeNull();
    }
    expect(uploadedBound('2024-02-29')).toBe(Date.UTC(2024, 1, 29));
    expect(messages('uploaded[lt]=2026-02-30')[0]).toBe(
      "Invalid uploaded[lt] '2026-02-30': expected an ISO 8601 date or date-time such as 2026-11-22 or 2026-11-22T09:30:00Z",
    );
  });

  it('a range that contains nothing is not an error', () => {
    const q = ok('uploaded[gte]=2026-02-01&uploaded[lt]=2026-01-01');
    expect(compileSearchMatcher(q)(image({ uploaded: '2026-01-15T00:00:00.000Z' }))).toBe(false);
  });
});

describe('private', () => {
  it('true or false', () => {
    expect(ok('private=true').private).toBe(true);
    expect(ok('private=false').private).toBe(false);
    expect(messages('private=1')[0]).toBe("Invalid private '1': must be true or false");
    expect(messages('private=')[0]).toBe("Invalid private '': must be true or false");
  });
});

function image(over: Partial<Parameters<ReturnType<typeof compileSearchMatcher>>[0]> = {}) {
  return {
    id: 'a1b2',
    filename: 'Invoice-2024.PNG',
    creator: null,
    meta: { status: 'active' },
    requireSignedURLs: false,
    uploaded: '2026-11-22T09:30:00.000Z',
    ...over,
  };
}

describe('matching', () => {
  it('q is a case-insensitive substring of the filename or the id', () => {
    expect(compileSearchMatcher(ok('q=invoice-2024.png'))(image())).toBe(true);
    expect(compileSearchMatcher(ok('q=B2'))(image())).toBe(true);
    expect(compileSearchMatcher(ok('q=voice-2025'))(image())).toBe(false);
    // Full Unicode case folding, not ASCII only.
    expect(compileSearchMatcher(ok('q=ÉTÉ'))(image({ filename: 'été.jpg' }))).toBe(true);
  });

  it('gte is inclusive, lt exclusive', () => {
    const at = (uploaded: string) => image({ uploaded });
    const m = compileSearchMatcher(ok('uploaded[gte]=2026-11-22&uploaded[lt]=2026-11-23'));
    expect(m(at('2026-11-22T00:00:00.000Z'))).toBe(true);
    expect(m(at('2026-11-22T23:59:59.999Z'))).toBe(true);
    expect(m(at('2026-11-23T00:00:00.000Z'))).toBe(false);
    expect(m(at('2026-11-21T23:59:59.999Z'))).toBe(false);
    expect(m({ ...at('x'), uploaded: Date.UTC(2026, 10, 22, 12) })).toBe(true);
  });

  it('private is requireSignedURLs', () => {
    expect(compileSearchMatcher(ok('private=true'))(image({ requireSignedURLs: true }))).toBe(true);
    expect(compileSearchMatcher(ok('private=true'))(image())).toBe(false);
    expect(compileSearchMatcher(ok('private=false'))(image())).toBe(true);
  });

  it('combines with list v2 filters by AND', () => {
    expect(compileSearchMatcher(ok('q=invoice&meta.status[eq]=active'))(image())).toBe(true);
    expect(compileSearchMatcher(ok('q=invoice&meta.status[eq]=gone'))(image())).toBe(false);
    expect(compileSearchMatcher(ok('q=invoice&creator='))(image())).toBe(true);
  });
});

describe('serialize', () => {
  it('writes the search parameters readably, then list v2', () => {
    const q = ok('meta.a[eq]=1&private=true&q=x y&uploaded[gte]=2026-01-01');
    expect(serializeSearchQuery(q)).toBe('q=x%20y&uploaded[gte]=2026-01-01&private=true&meta.a[eq]=1');
    expect(ok(serializeSearchQuery(q))).toStrictEqual(q);
  });

  it('needsIndex is true exactly when a search parameter is used', () => {
    expect(needsIndex(ok('meta.a[eq]=1'))).toBe(false);
    expect(needsIndex(ok('private=false'))).toBe(true);
    expect(needsIndex(ok('q=a'))).toBe(true);
    expect(needsIndex(ok('uploaded[lt]=2026-01-01'))).toBe(true);
  });
});

describe('facets', () => {
  it('key is a §2 path', () => {
    const result = parseFacetsQuery('key=region.name&q=x');
    expect(result.ok && result.facets).toStrictEqual({ key: ['region', 'name'], query: ok('q=x') });
    const none = parseFacetsQuery('');
    expect(none.ok && none.facets.key).toBeUndefined();
  });

  it('refuses a bad key with a message that says what a key is', () => {
    for (const bad of ['', 'a..b', 'a[eq]', '.a']) {
      const result = parseFacetsQuery(`key=${encodeURIComponent(bad)}`);
      expect(result.ok, bad).toBe(false);
      if (!result.ok) expect(result.errors[0]?.message).toMatch(/expected a metadata path such as status or region.name/);
    }
    const deep = parseFacetsQuery('key=a.b.c.d.e.f');
    expect(!deep.ok && deep.errors[0]?.message).toBe('Metadata filter nesting too deep: 6 levels, maximum 5 allowed');
    const twice = parseFacetsQuery('key=a&key=b');
    expect(!twice.ok && twice.errors[0]?.message).toBe("Parameter 'key' given 2 times; give it once");
  });

  it('orders by count, then by value', () => {
    const values = [
      { value: 'b', type: 'string' as const, count: 2 },
      { value: 10, type: 'number' as const, count: 2 },
      { value: 9, type: 'number' as const, count: 2 },
      { value: 'a', type: 'string' as const, count: 5 },
    ];
    expect(values.sort(compareFacetValues).map((v) => v.value)).toStrictEqual(['a', 9, 10, 'b']);
  });

  it('metadataLeaves lists scalar leaves a path can name, to depth 5', () => {
    expect(metadataLeaves({ a: 1, b: { c: 'x', d: [1], e: null }, 'f.g': true, h: { i: { j: { k: { l: { m: 1 } } } } } })).toStrictEqual([
      { path: ['a'], value: 1 },
      { path: ['b', 'c'], value: 'x' },
    ]);
  });
});

describe('isSearchQueryParam', () => {
  it("takes list v2's parameters and the index's, nothing else", () => {
    for (const name of ['q', 'uploaded[gte]', 'uploaded[lt]', 'private', 'per_page', 'creator', 'meta.status[eq]']) {
      expect(isSearchQueryParam(name)).toBe(true);
    }
    for (const name of ['view', 'image', 'key', 'uploaded', 'Q']) expect(isSearchQueryParam(name)).toBe(false);
  });
});
