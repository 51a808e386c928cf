/**
 * CONTRACT.md §2, "Matching": what a parsed list query matches. Queries are written as query strings and parsed,
 * so these tests also hold the parser and the matcher to one another.
 */
import { describe, expect, it } from 'vitest';
import { OPERATORS, compileMatcher, matchesImage, parseListQuery, type MatchableImage, type Operator } from './list-query';

function matcher(query: string): (image: MatchableImage) => boolean {
  const result = parseListQuery(query);
  if (!result.ok) throw new Error(`expected ok for ${query}: ${JSON.stringify(result.errors)}`);
  return compileMatcher(result.query);
}

/** Whether an image with this `meta` (and no creator) matches the query. */
function matchesMeta(query: string, meta: unknown): boolean {
  return matcher(query)({ creator: null, meta });
}

/** A value valid for each operator, that `'x'`, `5` or `true` matches (see the sanity check below). */
function validValue(operator: Operator): string {
  if (operator === 'eq:boolean') return 'true';
  if (operator === 'in:number') return '5|6';
  if (operator.startsWith('in')) return '5|x';
  if (operator === 'eq' || operator === 'eq:string') return 'x';
  if (operator.startsWith('gt:') || operator === 'gt') return '4';
  if (operator.startsWith('lt:') || operator === 'lt') return '6';
  return '5';
}

describe('walking meta along the path', () => {
  it('finds nested scalars', () => {
    expect(matchesMeta('meta.region.name[eq]=eu-west', { region: { name: 'eu-west' } })).toBe(true);
    expect(matchesMeta('meta.a.b.c.d.e[eq:number]=1', { a: { b: { c: { d: { e: 1 } } } } })).toBe(true);
    expect(matchesMeta('meta.region.name[eq]=eu-west', { region: { name: 'us-east' } })).toBe(false);
  });

  const noMatch: Array<[string, unknown]> = [
    ['a missing key', { other: 'x' }],
    ['null at the end', { v: null }],
    ['an array at the end', { v: ['x', 5, true] }],
    ['an empty array at the end', { v: [] }],
    ['an object at the end', { v: { x: 'x' } }],
    ['an empty object at the end', { v: {} }],
    ['meta is null', null],
    ['meta is undefined', undefined],
    ['meta is an array', [{ v: 'x' }]],
    ['meta is a string', 'x'],
    ['meta is a number', 5],
  ];

  it.each(noMatch)('%s: no match, for every operator', (_, meta) => {
    for (const operator of OPERATORS) {
      expect(matchesMeta(`meta.v[${operator}]=${validValue(operator)}`, meta), operator).toBe(false);
    }
  });

  const scalars: Array<[string, unknown]> = [
    ['a string', 'x'],
    ['a number', 5],
    ['a boolean', true],
    ['null', null],
    ['an array', [{ v: 'x' }]],
  ];

  it.each(scalars)('%s on the way: no match, for every operator', (_, onTheWay) => {
    for (const operator of OPERATORS) {
      expect(matchesMeta(`meta.p.v[${operator}]=${validValue(operator)}`, { p: onTheWay }), operator).toBe(false);
    }
  });

  it('an array index is not a path segment', () => {
    expect(matchesMeta('meta.tags.0[eq]=x', { tags: ['x'] })).toBe(false);
    expect(matchesMeta('meta.tags.length[eq:number]=1', { tags: ['x'] })).toBe(false);
    expect(matchesMeta('meta.s.length[eq:number]=1', { s: 'x' })).toBe(false);
  });

  it('the same value matches for every operator where it is found (sanity check of the table above)', () => {
    const meta = { v: 'x', n: 5, b: true };
    for (const operator of OPERATORS) {
      const field = operator === 'eq:boolean' ? 'b' : operator === 'eq' || operator.endsWith(':string') ? 'v' : 'n';
      expect(matchesMeta(`meta.${field}[${operator}]=${validValue(operator)}`, meta), operator).toBe(true);
    }
  });
});

describe('prototype keys never match inherited properties', () => {
  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'prototype'])(
    'meta.%s[...] on {} matches nothing',
    (key) => {
      for (const operator of OPERATORS) {
        expect(matchesMeta(`meta.${key}[${operator}]=${validValue(operator)}`, {}), operator).toBe(false);
      }
      expect(matchesMeta(`meta.${key}.name[eq]=Object`, {})).toBe(false);
      expect(matchesMeta(`meta.${key}.length[eq:number]=0`, {})).toBe(false);
    },
  );

  it('an inherited scalar is not metadata', () => {
    const meta: unknown = Object.create({ status: 'active', n: 5 });
    expect(matchesMeta('meta.status[eq]=active', meta)).toBe(false);
    expect(matchesMeta('meta.n[gte]=0', meta)).toBe(false);
  });

  it('a polluted Object.prototype does not leak into matching', () => {
    const proto = Object.prototype as Record<string, unknown>;
    proto.polluted = 'yes';
    try {
      expect(matchesMeta('meta.polluted[eq]=yes', {})).toBe(false);
      expect(matchesMeta('meta.a.polluted[eq]=yes', { a: {} })).toBe(false);
    } finally {
      delete proto.polluted;
    }
  });

  it('own keys with those names, as JSON.parse makes them, do match', () => {
    const meta: unknown = JSON.parse('{"__proto__": {"a": "b"}, "constructor": "c", "toString": 1}');
    expect(matchesMeta('meta.__proto__.a[eq]=b', meta)).toBe(true);
    expect(matchesMeta('meta.constructor[eq:string]=c', meta)).toBe(true);
    expect(matchesMeta('meta.toString[eq:number]=1', meta)).toBe(true);
  });

  it('works on objects without a prototype', () => {
    const meta = Object.assign(Object.create(null) as Record<string, unknown>, { status: 'active' });
    expect(matchesMeta('meta.status[eq]=active', meta)).toBe(true);
  });
});

describe('eq and its typed forms', () => {
  const cases: Array<[query: string, matching: unknown[], notMatching: unknown[]]> = [
    ['meta.v[eq:string]=active', ['active'], ['Active', 'active ', ' active', true, 0]],
    ['meta.v[eq:string]=5', ['5'], [5, '5.0', ' 5']],
    ['meta.v[eq:string]=', [''], [0, false, ' ']],
    ['meta.v[eq:number]=5', [5, 5.0], ['5', '5.0', 5.000001, true]],
    ['meta.v[eq:number]=5.0', [5], ['5.0', '5']],
    ['meta.v[eq:number]=1e3', [1000], ['1e3', '1000']],
    ['meta.v[eq:number]=-0', [0, -0], ['0', '-0', false]],
    ['meta.v[eq:number]=0.1', [0.1], [0.1000001]],
    ['meta.v[eq:boolean]=true', [true], ['true', 1, false]],
    ['meta.v[eq:boolean]=false', [false], ['false', 0, '', true]],
    ['meta.v[eq]=active', ['active'], ['ACTIVE', true]],
    ['meta.v[eq]=5', ['5', 5], ['5.0', 6, true]],
    ['meta.v[eq]=5.0', ['5.0', 5], ['5']],
    ['meta.v[eq]=-1.5e2', ['-1.5e2', -150], ['-150']],
    ['meta.v[eq]=01', ['01'], [1, '1']],
    ['meta.v[eq]=true', ['true', true], [false, 'True', 1]],
    ['meta.v[eq]=false', ['false', false], [true, 0, '']],
    ['meta.v[eq]=', [''], [0, false]],
    ['meta.v[eq]=a+b', ['a b'], ['a+b']],
    ['meta.v[eq]=%C3%BC', ['ü'], ['u\u0308']],
  ];

  it.each(cases)('%s', (query, matching, notMatching) => {
    for (const v of matching) expect(matchesMeta(query, { v }), JSON.stringify(v)).toBe(true);
    for (const v of notMatching) expect(matchesMeta(query, { v }), JSON.stringify(v)).toBe(false);
  });
});

describe('in and its typed forms', () => {
  const cases: Array<[query: string, matching: unknown[], notMatching: unknown[]]> = [
    ['meta.v[in]=pending|deleted|flagged', ['pending', 'flagged'], ['active', 'pending|deleted', '']],
    ['meta.v[in]=a|5|true', ['a', 5, '5', true, 'true'], ['b', 6, false, 'false']],
    ['meta.v[in]=a||b', ['a', '', 'b'], [0, false]],
    ['meta.v[in]=', [''], [0]],
    ['meta.v[in:string]=4|5', ['4', '5'], [4, 5, '6']],
    ['meta.v[in:number]=4|5', [4, 5, 5.0], ['4', '5', 6, true]],
    ['meta.v[in:number]=4.0|1e1', [4, 10], ['4.0', '1e1']],
  ];

  it.each(cases)('%s', (query, matching, notMatching) => {
    for (const v of matching) expect(matchesMeta(query, { v }), JSON.stringify(v)).toBe(true);
    for (const v of notMatching) expect(matchesMeta(query, { v }), JSON.stringify(v)).toBe(false);
  });

  it('ten elements, each one matching', () => {
    const values = Array.from({ length: 10 }, (_, i) => i * 10);
    const match = matcher(`meta.v[in:number]=${values.join('|')}`);
    for (const v of values) expect(match({ creator: null, meta: { v } })).toBe(true);
    expect(match({ creator: null, meta: { v: 5 } })).toBe(false);
  });
});

describe('gt, gte, lt, lte (and :number): numbers only', () => {
  const forms = (op: string) => [op, `${op}:number`];

  it.each([
    ['gt', [5.5, 6, 1e9], [5, 4, -6]],
    ['gte', [5, 5.5, 6], [4.999, -5]],
    ['lt', [4.999, -5, 0], [5, 6]],
    ['lte', [5, 4, -1e9], [5.0001, 6]],
  ] as const)('%s 5', (op, matching, notMatching) => {
    for (const operator of forms(op)) {
      const query = `meta.v[${operator}]=5`;
      for (const v of matching) expect(matchesMeta(query, { v }), `${operator} ${v}`).toBe(true);
      for (const v of notMatching) expect(matchesMeta(query, { v }), `${operator} ${v}`).toBe(false);
    }
  });

  it('never match strings or booleans, even numeric-looking ones', () => {
    for (const op of ['gt', 'gte', 'lt', 'lte']) {
      for (const operator of forms(op)) {
        for (const v of ['5', '6', '4', '', 'abc', true, false]) {
          expect(matchesMeta(`meta.v[${operator}]=5`, { v }), `${operator} ${JSON.stringify(v)}`).toBe(false);
        }
      }
    }
  });

  it('compare with negative, fractional and exponent bounds', () => {
    expect(matchesMeta('meta.v[gt]=-1.5', { v: -1 })).toBe(true);
    expect(matchesMeta('meta.v[lt]=1e-3', { v: 0 })).toBe(true);
    expect(matchesMeta('meta.v[gte:number]=1E3', { v: 999 })).toBe(false);
    expect(matchesMeta('meta.v[lte]=-0', { v: 0 })).toBe(true);
  });
});

describe('filters combine with AND', () => {
  it('every filter must hold', () => {
    const query = 'meta.status[eq]=active&meta.priority[eq:number]=5';
    expect(matchesMeta(query, { status: 'active', priority: 5 })).toBe(true);
    expect(matchesMeta(query, { status: 'active', priority: 4 })).toBe(false);
    expect(matchesMeta(query, { status: 'paused', priority: 5 })).toBe(false);
    expect(matchesMeta(query, { status: 'active' })).toBe(false);
  });

  it('a range from two operators on one path', () => {
    const query = 'meta.n[gte]=1&meta.n[lte]=5';
    expect([0, 1, 3, 5, 6].map((n) => matchesMeta(query, { n }))).toStrictEqual([false, true, true, true, false]);
  });

  it('contradictory filters are not an error: they match nothing', () => {
    for (const query of [
      'meta.n[gt]=5&meta.n[lt]=3',
      'meta.s[eq:string]=a&meta.s[in:string]=b',
      'meta.s[eq:number]=1&meta.s[eq:string]=1',
      'meta.b[eq:boolean]=true&meta.b[eq]=false',
    ]) {
      expect(parseListQuery(query).ok, query).toBe(true);
      const match = matcher(query);
      for (const meta of [{ n: 4 }, { s: 'a' }, { s: 'b' }, { s: 1 }, { s: '1' }, { b: true }, { b: false }]) {
        expect(match({ creator: null, meta }), `${query} ${JSON.stringify(meta)}`).toBe(false);
      }
    }
  });

  it('no filters match every meta, JSON or not', () => {
    const match = matcher('');
    for (const meta of [{}, null, undefined, [], 'x', { a: 1 }]) expect(match({ creator: null, meta })).toBe(true);
  });
});

describe('creator', () => {
  const images: MatchableImage[] = [
    { creator: null, meta: {} },
    { creator: '', meta: {} },
    { creator: 'user123', meta: {} },
    { creator: 'User123', meta: {} },
    { creator: 'user1234', meta: {} },
    { creator: 'a b', meta: {} },
  ];
  const matching = (query: string) => images.filter(matcher(query)).map((image) => image.creator);

  it('absent: every image', () => {
    expect(matching('')).toStrictEqual(images.map((image) => image.creator));
  });

  it('empty: only images without a creator (an empty creator is none)', () => {
    expect(matching('creator=')).toStrictEqual([null, '']);
  });

  it('otherwise exact and case-sensitive', () => {
    expect(matching('creator=user123')).toStrictEqual(['user123']);
    expect(matching('creator=user')).toStrictEqual([]);
    expect(matching('creator=a+b')).toStrictEqual(['a b']);
  });

  it('combines with metadata filters (AND)', () => {
    const match = matcher('meta.status[eq]=active&creator=user123');
    expect(match({ creator: 'user123', meta: { status: 'active' } })).toBe(true);
    expect(match({ creator: 'other', meta: { status: 'active' } })).toBe(false);
    expect(match({ creator: 'user123', meta: { status: 'paused' } })).toBe(false);
  });
});

describe('matchesImage', () => {
  it('is compileMatcher applied once', () => {
    const query = { creator: 'u', filters: [{ path: ['n'], operator: 'gt' as const, value: '1' }] };
    for (const image of [
      { creator: 'u', meta: { n: 2 } },
      { creator: 'u', meta: { n: 1 } },
      { creator: null, meta: { n: 2 } },
    ]) {
      expect(matchesImage(query, image)).toBe(compileMatcher(query)(image));
    }
    expect(matchesImage(query, { creator: 'u', meta: { n: 2 } })).toBe(true);
  });
});
