/**
 * Generated inputs for the list-query contract (CONTRACT.md §2): valid queries survive serialize → parse unchanged,
 * hostile query strings never throw and always get short contract errors, and matching agrees with a plain reading
 * of the contract's matching table.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  LIMITS,
  MAX_REPORTED_ERRORS,
  OPERATORS,
  canonicalListQuery,
  compileMatcher,
  filterKey,
  isListOperator,
  operatorValueType,
  parseListQuery,
  serializeListQuery,
  type ListQuery,
  type MetaFilter,
  type Operator,
} from './list-query';

const MAX_MESSAGE = 400;

/** Characters that mean something in a query string or in the key grammar, mixed with any code point. */
const trickyChar = fc.oneof(
  { weight: 1, arbitrary: fc.constantFrom('&', '=', '%', '+', '#', '?', ' ', '|', ':', '/', '\\', '\u0000', '\n', '"', "'", '$', '🙂', 'é', '\u200b') },
  { weight: 3, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
);
const text = (constraints: { minLength?: number; maxLength?: number } = {}) => fc.string({ unit: trickyChar, ...constraints });

/** A path segment: non-empty, no `.`, `[` or `]`. */
const segment = text({ minLength: 1, maxLength: 12 }).filter((s) => !/[.[\]]/.test(s));
const path = fc.array(segment, { minLength: 1, maxLength: LIMITS.maxDepth });

/** A number in the contract's syntax, finite. */
const numberText = fc
  .tuple(
    fc.boolean(),
    fc.oneof(fc.constant('0'), fc.bigInt({ min: 1n, max: 10n ** 30n }).map(String)),
    fc.option(fc.stringMatching(/^[0-9]{1,8}$/), { nil: undefined }),
    fc.option(fc.tuple(fc.constantFrom('e', 'E'), fc.constantFrom('', '+', '-'), fc.integer({ min: 0, max: 400 })), {
      nil: undefined,
    }),
  )
  .map(
    ([negative, int, frac, exp]) =>
      `${negative ? '-' : ''}${int}${frac === undefined ? '' : `.${frac}`}${exp ? `${exp[0]}${exp[1]}${exp[2]}` : ''}`,
  )
  .filter((s) => Number.isFinite(Number(s)));

function scalarValue(type: ReturnType<typeof operatorValueType>, inList: boolean): fc.Arbitrary<string> {
  if (type === 'number') return numberText;
  if (type === 'boolean') return fc.constantFrom('true', 'false');
  const any = fc.oneof(text({ maxLength: 20 }), numberText, fc.constantFrom('true', 'false', ''));
  return inList ? any.filter((s) => !s.includes('|')) : any;
}

function valueFor(operator: Operator): fc.Arbitrary<string> {
  const type = operatorValueType(operator);
  if (!isListOperator(operator)) return scalarValue(type, false);
  return fc.array(scalarValue(type, true), { minLength: 1, maxLength: LIMITS.maxListValues }).map((xs) => xs.join('|'));
}

const filter: fc.Arbitrary<MetaFilter> = fc
  .tuple(path, fc.constantFrom(...OPERATORS))
  .chain(([p, operator]) => valueFor(operator).map((value) => ({ path: p, operator, value })));

const filters = fc.uniqueArray(filter, { maxLength: LIMITS.maxFilters, selector: filterKey });

/** A valid ListQuery, with optional properties absent (not undefined), as parseListQuery builds them. */
const validQuery: fc.Arbitrary<ListQuery> = fc
  .record({
    perPage: fc.oneof(fc.integer({ min: LIMITS.perPageMin, max: LIMITS.perPageMax }), fc.constantFrom(10, 1000, 10_000)),
    sortOrder: fc.constantFrom('asc', 'desc'),
    continuationToken: fc.option(text({ minLength: 1, maxLength: 32 }), { nil: undefined }),
    creator: fc.option(
      fc.oneof(fc.constant(''), text({ maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 1024 })),
      { nil: undefined },
    ),
    filters,
  })
  .filter(
    (q) =>
      (q.continuationToken === undefined || q.continuationToken.length <= LIMITS.maxContinuationTokenLength) &&
      (q.creator === undefined || q.creator.length <= LIMITS.maxCreatorLength),
  )
  .map(({ continuationToken, creator, ...rest }) => ({
    ...rest,
    ...(continuationToken === undefined ? {} : { continuationToken }),
    ...(creator === undefined ? {} : { creator }),
  }));

/** Pieces of query strings, well-formed or not. */
const soupPiece = fc.oneof(
  fc.constantFrom(
    '&', '=', '%', '[', ']', '.', '|', '+', '?', '#', ';',
    'meta.', 'meta', 'meta.a', 'meta.a.b.c.d.e.f', '[eq]', '[eq:number]', '[in]', '[in:number]', '[gte]', '[foo]', '[]',
    '%5B', '%5D', '%5b', '%2E', '%7C', '%E0%A4%A', '%C3', '%FF', '%%', '%2', '%00', '%F0%9F%99%82',
    'per_page', 'sort_order', 'continuation_token', 'creator', 'asc', 'desc', '10', '1e400', '01', '.5', 'true',
    '__proto__', 'constructor', 'toString',
  ),
  fc.string({ unit: 'binary', maxLength: 4 }),
  numberText,
);
const soup = fc.array(soupPiece, { maxLength: 60 }).map((pieces) => pieces.join(''));
/** Key=value pairs built from the soup, so that many reach the filter rules. */
const soupPairs = fc
  .array(fc.tuple(fc.oneof(soup, fc.constantFrom('meta.a[eq]', 'meta.n[in:number]', 'creator')), soup), { maxLength: 12 })
  .map((pairs) => pairs.map(([k, v]) => `${k}=${v}`).join('&'));

const hostile = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.string({ unit: 'binary-ascii', maxLength: 500 }),
  fc.string({ unit: 'grapheme' }),
  soup,
  soupPairs,
  fc.webQueryParameters(),
);

/** What every answer of parseListQuery must look like. */
function checkResult(input: string): void {
  const result = parseListQuery(input);
  if (result.ok) {
    const q = result.query;
    expect(Number.isInteger(q.perPage) && q.perPage >= LIMITS.perPageMin && q.perPage <= LIMITS.perPageMax).toBe(true);
    expect(q.filters.length).toBeLessThanOrEqual(LIMITS.maxFilters);
    // Whatever parses once parses the same way again from its serialized form.
    expect(parseListQuery(serializeListQuery(q))).toStrictEqual(result);
    return;
  }
  expect(result.errors.length).toBeGreaterThan(0);
  expect(result.errors.length).toBeLessThanOrEqual(MAX_REPORTED_ERRORS);
  for (const error of result.errors) {
    expect(error.code).toBe(5400);
    expect(error.status).toBe(400);
    expect(typeof error.message).toBe('string');
    expect(error.message.length).toBeGreaterThan(0);
    expect(error.message.length).toBeLessThanOrEqual(MAX_MESSAGE);
  }
}

describe('serialize → parse', () => {
  it('gives back every valid query unchanged', () => {
    fc.assert(
      fc.property(validQuery, (q) => {
        expect(parseListQuery(serializeListQuery(q))).toStrictEqual({ ok: true, query: q });
        expect(parseListQuery(new URLSearchParams(serializeListQuery(q)))).toStrictEqual({ ok: true, query: q });
        expect(parseListQuery(`?${serializeListQuery(q)}`)).toStrictEqual({ ok: true, query: q });
      }),
      { numRuns: 1000 },
    );
  });

  it('keeps the canonical form', () => {
    fc.assert(
      fc.property(validQuery, (q) => {
        const parsed = parseListQuery(serializeListQuery(q));
        expect(parsed.ok && canonicalListQuery(parsed.query)).toBe(canonicalListQuery(q));
      }),
    );
  });
});

describe('hostile query strings', () => {
  it('never throw; answer ok or a non-empty list of short 5400 errors', () => {
    fc.assert(
      fc.property(hostile, (input) => {
        checkResult(input);
      }),
      { numRuns: 2000 },
    );
  });

  it('the same holds for huge inputs', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ unit: 'binary', minLength: 10_000, maxLength: 50_000 }), fc.array(soupPairs, { minLength: 50, maxLength: 200 }).map((xs) => xs.join('&'))),
        (input) => {
          checkResult(input);
        },
      ),
      { numRuns: 25 },
    );
  });

  it('a megabyte of parameters is answered quickly', () => {
    const inputs = [
      'meta.a[eq]=x&'.repeat(80_000),
      `meta.${'a.'.repeat(300_000)}b[eq]=1`,
      `meta.a[in:number]=${'1|'.repeat(300_000)}1`,
      `creator=${'%E0%A4%A'.repeat(100_000)}`,
      `per_page=${'9'.repeat(1_000_000)}`,
    ];
    const started = Date.now();
    for (const input of inputs) checkResult(input);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

describe('canonicalListQuery', () => {
  it('is the same for queries that differ only in filter order', () => {
    fc.assert(
      fc.property(
        validQuery.chain((q) =>
          fc.tuple(fc.constant(q), fc.shuffledSubarray(q.filters, { minLength: q.filters.length })),
        ),
        ([q, shuffled]) => {
          expect(canonicalListQuery({ ...q, filters: shuffled })).toBe(canonicalListQuery(q));
        },
      ),
    );
  });

  it('differs exactly when the queries differ as sets of filters or in another parameter', () => {
    const pair = validQuery.chain((a) =>
      fc.tuple(
        fc.constant(a),
        fc.oneof(
          validQuery,
          fc.constant({ ...a, filters: [...a.filters].reverse() }),
          fc.constant({ ...a, perPage: a.perPage === 10 ? 11 : 10 }),
          fc.constant({ ...a, filters: a.filters.slice(1) }),
        ),
      ),
    );
    fc.assert(
      fc.property(pair, ([a, b]) => {
        const sortedKeys = (q: ListQuery) =>
          JSON.stringify(q.filters.map((f) => `${filterKey(f)}=${f.value}`).sort());
        const equivalent =
          a.perPage === b.perPage &&
          a.sortOrder === b.sortOrder &&
          a.continuationToken === b.continuationToken &&
          a.creator === b.creator &&
          sortedKeys(a) === sortedKeys(b);
        expect(canonicalListQuery(a) === canonicalListQuery(b)).toBe(equivalent);
      }),
    );
  });
});

/** The contract's matching table, read plainly: an oracle for compileMatcher. */
function referenceMatch(q: Pick<ListQuery, 'creator' | 'filters'>, image: { creator: string | null; meta: unknown }): boolean {
  if (q.creator !== undefined) {
    const hasCreator = image.creator !== null && image.creator !== '';
    if (q.creator === '' ? hasCreator : image.creator !== q.creator) return false;
  }
  return q.filters.every((f) => {
    let v: unknown = image.meta;
    for (const key of f.path) {
      if (typeof v !== 'object' || v === null || Array.isArray(v) || !Object.hasOwn(v, key)) return false;
      v = (v as Record<string, unknown>)[key];
    }
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') return false;
    const [op, type] = f.operator.split(':') as [string, string | undefined];
    const asNumber = (s: string) => (/^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$/.test(s) && Number.isFinite(Number(s)) ? Number(s) : null);
    const eqString = (s: string) => typeof v === 'string' && v === s;
    const eqNumber = (s: string) => typeof v === 'number' && asNumber(s) !== null && v === asNumber(s);
    const eqBoolean = (s: string) => typeof v === 'boolean' && (s === 'true' || s === 'false') && v === (s === 'true');
    const eq = (s: string) =>
      type === 'string' ? eqString(s) : type === 'number' ? eqNumber(s) : type === 'boolean' ? eqBoolean(s) : eqString(s) || eqNumber(s) || eqBoolean(s);
    if (op === 'eq') return eq(f.value);
    if (op === 'in') return f.value.split('|').some(eq);
    const bound = asNumber(f.value);
    if (typeof v !== 'number' || bound === null) return false;
    return op === 'gt' ? v > bound : op === 'gte' ? v >= bound : op === 'lt' ? v < bound : v <= bound;
  });
}

/** Metadata that sometimes holds, along a filter's path, a value close to the filter's own. */
function metaNear(q: ListQuery): fc.Arbitrary<unknown> {
  const scalarFor = (f: MetaFilter): fc.Arbitrary<unknown> => {
    const elements = f.value.split('|');
    const numbers = elements.map(Number).filter(Number.isFinite);
    const near: fc.WeightedArbitrary<unknown>[] = [
      { weight: 6, arbitrary: fc.constantFrom(f.value, ...elements) },
      { weight: 1, arbitrary: fc.constantFrom(true, false, null, 'true', '5', 5, [], {}) },
      { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
    ];
    if (numbers.length > 0) {
      const nearNumber = fc.tuple(fc.constantFrom(...numbers), fc.constantFrom(-1, 0, 0, 1)).map(([n, d]) => n + d);
      near.push({ weight: 4, arbitrary: nearNumber });
    }
    return fc.oneof(...near);
  };
  if (q.filters.length === 0) return fc.jsonValue({ maxDepth: 3 });
  return fc
    .tuple(...q.filters.map((f) => fc.tuple(fc.constant(f.path), scalarFor(f), fc.integer({ min: 0, max: f.path.length }))))
    .map((entries) => {
      const meta: Record<string, unknown> = {};
      for (const [p, value, cut] of entries) {
        // Occasionally cut the path short so a scalar or a missing key sits on the way.
        const used = cut === 0 ? p.slice(0, -1) : p;
        let node: Record<string, unknown> = meta;
        for (const key of used.slice(0, -1)) {
          const next = Object.hasOwn(node, key) ? node[key] : undefined;
          if (typeof next !== 'object' || next === null || Array.isArray(next)) {
            const fresh: Record<string, unknown> = {};
            Object.defineProperty(node, key, { value: fresh, enumerable: true, writable: true, configurable: true });
            node = fresh;
          } else node = next as Record<string, unknown>;
        }
        const last = used[used.length - 1];
        if (last !== undefined) Object.defineProperty(node, last, { value, enumerable: true, writable: true, configurable: true });
      }
      return meta;
    });
}

describe('compileMatcher', () => {
  it('never throws, for any JSON meta and any creator', () => {
    fc.assert(
      fc.property(validQuery, fc.jsonValue(), fc.option(fc.string(), { nil: null }), (q, meta, creator) => {
        expect(typeof compileMatcher(q)({ creator, meta })).toBe('boolean');
      }),
      { numRuns: 1000 },
    );
  });

  it('agrees with a plain reading of the contract table', () => {
    let matched = 0;
    fc.assert(
      fc.property(
        validQuery
          // One filter half of the time: with several, AND makes a match rare.
          .chain((q) => fc.constantFrom(q, { ...q, filters: q.filters.slice(0, 1) }))
          .chain((q) => fc.tuple(fc.constant(q), metaNear(q), fc.constantFrom(null, '', 'u', q.creator ?? 'x'))),
        ([q, meta, creator]) => {
          const image = { creator, meta };
          const expected = referenceMatch(q, image);
          if (expected) matched += 1;
          expect(compileMatcher(q)(image)).toBe(expected);
        },
      ),
      { numRuns: 2000 },
    );
    // The generator must reach matches too, or this proves little.
    expect(matched).toBeGreaterThan(100);
  });

  it('a filter on a value found at its path matches, untyped eq included', () => {
    fc.assert(
      fc.property(path, fc.oneof(text({ maxLength: 10 }), numberText), (p, value) => {
        let meta: unknown = value;
        for (const key of [...p].reverse()) meta = Object.defineProperty({}, key, { value: meta, enumerable: true });
        const filterOf = (operator: Operator): MetaFilter => ({ path: p, operator, value });
        expect(compileMatcher({ filters: [filterOf('eq')] })({ creator: null, meta })).toBe(true);
        expect(compileMatcher({ filters: [filterOf('eq:string')] })({ creator: null, meta })).toBe(true);
        expect(compileMatcher({ filters: [filterOf('eq:number')] })({ creator: null, meta })).toBe(false);
      }),
    );
  });
});
