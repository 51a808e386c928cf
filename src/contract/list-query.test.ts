/**
 * CONTRACT.md §2, row by row: parsing and validation of the list query (per_page, sort_order, continuation_token,
 * creator, meta.* filters) with the contract's codes and messages. Matching lives in list-query.match.test.ts,
 * generated inputs in list-query.property.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { ErrorCode } from './envelope';
import {
  LIMITS,
  MAX_REPORTED_ERRORS,
  OPERATORS,
  canonicalListQuery,
  checkFilterValue,
  checkOperator,
  filterKey,
  filterKeyParts,
  parseFilterKey,
  parseListQuery,
  parseNumber,
  serializeListQuery,
  type ContractError,
  type ListQuery,
  type Operator,
} from './list-query';

function expectOk(input: string | URLSearchParams): ListQuery {
  const result = parseListQuery(input);
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.errors)}`);
  return result.query;
}

/** Every error of the list query is code 5400, status 400, with a message. */
function expectErrors(input: string | URLSearchParams): ContractError[] {
  const result = parseListQuery(input);
  if (result.ok) throw new Error(`expected errors for ${JSON.stringify(input)}, got ${JSON.stringify(result.query)}`);
  expect(result.errors.length).toBeGreaterThan(0);
  for (const error of result.errors) {
    expect(error.code).toBe(5400);
    expect(error.status).toBe(400);
    expect(error.message.length).toBeGreaterThan(0);
  }
  return result.errors;
}

/** Exactly one error, and its message. */
function expectOneError(input: string): string {
  const errors = expectErrors(input);
  expect(errors, JSON.stringify(errors)).toHaveLength(1);
  return errors[0]!.message;
}

const enc = encodeURIComponent;

describe('defaults and the query string itself', () => {
  it('an empty query is the first page, 1000 per page, newest first, no filters', () => {
    expect(expectOk('')).toStrictEqual({ perPage: 1000, sortOrder: 'desc', filters: [] });
    expect(LIMITS.perPageDefault).toBe(1000);
    expect(LIMITS.sortOrderDefault).toBe('desc');
  });

  it('accepts a leading ? and a URLSearchParams', () => {
    expect(expectOk('?per_page=20')).toStrictEqual(expectOk('per_page=20'));
    expect(expectOk(new URLSearchParams({ per_page: '20', 'meta.a[eq]': 'x' }))).toStrictEqual(
      expectOk('per_page=20&meta.a[eq]=x'),
    );
  });

  it('ignores unknown parameters', () => {
    expect(expectOk('foo=bar&page=2&meta=1&meta[eq]=x&Meta.a[eq]=x&metadata.a[eq]=x&per_pag=5&PER_PAGE=1')).toStrictEqual({
      perPage: 1000,
      sortOrder: 'desc',
      filters: [],
    });
  });

  it('decodes + as a space, as URLSearchParams does ("percent-decoded as usual")', () => {
    expect(expectOk('creator=a+b').creator).toBe('a b');
    expect(expectOk('creator=a%2Bb').creator).toBe('a+b');
    expect(expectOk('meta.a[eq]=x+y').filters[0]?.value).toBe('x y');
    expect(expectOk('meta.first+name[eq]=x').filters[0]?.path).toStrictEqual(['first name']);
  });

  it('percent-decodes keys and values: the SDK sends meta.status%5Beq%5D=active', () => {
    const expected = [{ path: ['status'], operator: 'eq', value: 'active' }];
    expect(expectOk('meta.status%5Beq%5D=active').filters).toStrictEqual(expected);
    expect(expectOk('meta%2Estatus%5beq%5d=active').filters).toStrictEqual(expected);
    expect(expectOk('meta.n%5Bgte%3Anumber%5D=5').filters).toStrictEqual([
      { path: ['n'], operator: 'gte:number', value: '5' },
    ]);
    expect(expectOk('meta.s[in]=a%7Cb%7Cc').filters[0]?.value).toBe('a|b|c');
    expect(expectOk(`creator=${enc('José ✓ 𝄞')}`).creator).toBe('José ✓ 𝄞');
  });

  it('invalid percent escapes are decoded leniently (U+FFFD), never thrown', () => {
    expect(expectOk('creator=%E0%A4%A').creator).toBe('\uFFFD%A');
    expect(expectOk('creator=%').creator).toBe('%');
    expect(expectOk('creator=%zz').creator).toBe('%zz');
  });

  it('collects every error of a request at once, each with code 5400 and status 400', () => {
    const errors = expectErrors('per_page=5&sort_order=up&creator=' + 'c'.repeat(1025) + '&meta.a=1&meta.b[foo]=1');
    expect(errors).toHaveLength(5);
    expect(ErrorCode.invalidRequest).toBe(5400);
  });
});

describe('per_page: digits only, 10 ≤ n ≤ 10000', () => {
  it.each([
    ['10', 10],
    ['11', 11],
    ['500', 500],
    ['1000', 1000],
    ['9999', 9999],
    ['10000', 10000],
    ['010', 10],
    ['000000000010', 10],
  ])('per_page=%s is %i', (text, n) => {
    expect(expectOk(`per_page=${text}`).perPage).toBe(n);
  });

  it.each(['9', '0', '10001', '99999', '', '-10', '+10', '%2B10', '10.0', '10.', '1e3', '%2010', '10%20', '0x10', 'abc', '１０', '10,0', '9'.repeat(400), '1'.repeat(30)])(
    'per_page=%s is refused, naming per_page and the limits',
    (text) => {
      const message = expectOneError(`per_page=${text}`);
      expect(message).toContain('per_page');
      expect(message).toContain('10');
      expect(message).toContain('10000');
      expect(message.length).toBeLessThan(400);
    },
  );
});

describe('sort_order: asc or desc', () => {
  it('defaults to desc and takes asc or desc', () => {
    expect(expectOk('').sortOrder).toBe('desc');
    expect(expectOk('sort_order=asc').sortOrder).toBe('asc');
    expect(expectOk('sort_order=desc').sortOrder).toBe('desc');
  });

  it.each(['ASC', 'Desc', '', 'up', 'asc%20', 'ascending', '1'])('sort_order=%s is refused', (text) => {
    const message = expectOneError(`sort_order=${text}`);
    expect(message).toContain('sort_order');
    expect(message).toContain("'asc' or 'desc'");
  });
});

describe('continuation_token: opaque, at most 32 characters', () => {
  it('absent or empty is the first page', () => {
    expect(expectOk('')).not.toHaveProperty('continuationToken');
    expect(expectOk('continuation_token=')).not.toHaveProperty('continuationToken');
  });

  it('keeps tokens of 1 to 32 characters as given', () => {
    expect(expectOk('continuation_token=a').continuationToken).toBe('a');
    const token = 'AbC-_~.0123456789012345678901234';
    expect(token).toHaveLength(32);
    expect(expectOk(`continuation_token=${token}`).continuationToken).toBe(token);
    expect(expectOk(`continuation_token=${enc('a/b+c=d&e')}`).continuationToken).toBe('a/b+c=d&e');
  });

  it('refuses 33 characters, naming the parameter and the limit', () => {
    const message = expectOneError(`continuation_token=${'t'.repeat(33)}`);
    expect(message).toContain('continuation_token');
    expect(message).toContain('32');
    expect(expectOneError(`continuation_token=${'t'.repeat(100_000)}`).length).toBeLessThan(400);
  });
});

describe('creator: absent, empty, or exact; at most 1024 characters', () => {
  it('absent: no creator filter', () => {
    expect(expectOk('')).not.toHaveProperty('creator');
  });

  it('creator= (empty): only images without a creator', () => {
    expect(expectOk('creator=').creator).toBe('');
    expect(expectOk('creator').creator).toBe('');
  });

  it('otherwise the exact value, unicode included', () => {
    expect(expectOk('creator=user123').creator).toBe('user123');
    expect(expectOk(`creator=${enc(' User 123 ')}`).creator).toBe(' User 123 ');
    expect(expectOk(`creator=${enc('ユーザー🙂')}`).creator).toBe('ユーザー🙂');
  });

  it('takes 1024 characters and refuses 1025, naming the parameter and the limit', () => {
    expect(expectOk(`creator=${'c'.repeat(1024)}`).creator).toHaveLength(1024);
    const message = expectOneError(`creator=${'c'.repeat(1025)}`);
    expect(message).toContain('creator');
    expect(message).toContain('1024');
    expect(message.length).toBeLessThan(400);
  });

  it('counts characters as UTF-16 code units, like String#length, maxlength and zod (docs/decisions.md)', () => {
    expect(expectOk(`creator=${enc('🙂'.repeat(512))}`).creator).toHaveLength(1024);
    expect(expectOneError(`creator=${enc('🙂'.repeat(512) + 'c')}`)).toContain('1025');
  });
});

describe('a scalar parameter given twice is refused (docs/decisions.md)', () => {
  it.each([
    ['per_page', '20'],
    ['sort_order', 'asc'],
    ['continuation_token', 'abc'],
    ['creator', 'x'],
  ])('%s twice', (name, value) => {
    const errors = expectErrors(`${name}=${value}&${name}=${value}`);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toBe(`Parameter '${name}' given 2 times; give it once`);
  });

  it('also when one of the two is empty', () => {
    expect(expectOneError('creator=&creator=x')).toContain("'creator' given 2 times");
    expect(expectOneError('continuation_token=&continuation_token=')).toContain('continuation_token');
  });
});

describe('metadata filter keys: meta.<path>[<operator>]', () => {
  it.each([
    ['meta.a[eq]', ['a']],
    ['meta.a.b[eq]', ['a', 'b']],
    ['meta.a.b.c[eq]', ['a', 'b', 'c']],
    ['meta.a.b.c.d[eq]', ['a', 'b', 'c', 'd']],
    ['meta.first.second.third.fourth.fifth[eq]', ['first', 'second', 'third', 'fourth', 'fifth']],
  ])('%s has the path %j', (key, path) => {
    expect(expectOk(`${key}=x`).filters).toStrictEqual([{ path, operator: 'eq', value: 'x' }]);
  });

  it('a segment may hold anything but . [ ]: spaces, unicode, :, |, =, &, %', () => {
    const segment = 'a b:ü|=&%🙂-_/';
    expect(expectOk(`${enc(`meta.${segment}[eq]`)}=x`).filters[0]?.path).toStrictEqual([segment]);
  });

  it('6 levels: the contract message', () => {
    expect(expectOneError('meta.a.b.c.d.e.f[eq]=x')).toBe(
      'Metadata filter nesting too deep: 6 levels, maximum 5 allowed',
    );
    expect(expectOneError('meta.a.b.c.d.e.f.g[eq:number]=1')).toBe(
      'Metadata filter nesting too deep: 7 levels, maximum 5 allowed',
    );
  });

  it.each([
    'meta.status',
    'meta.',
    'meta.[eq]',
    'meta.a..b[eq]',
    'meta..a[eq]',
    'meta.a.[eq]',
    'meta.a[eq]x',
    'meta.a[eq][eq]',
    'meta.a[eq',
    'meta.aeq]',
    'meta.a]b[eq]',
    'meta.a[b[eq]',
    'meta.a[e]q]',
    'meta.a.b.c.d.e.f..g[eq]',
  ])('%s does not fit the grammar: 400 naming the parameter', (key) => {
    const message = expectOneError(`${enc(key)}=active`);
    expect(message).toBe(
      `Invalid metadata filter parameter '${key}': expected meta.<field>[<operator>], e.g. meta.status[eq]=active`,
    );
  });

  it('names the parameter verbatim even when it holds $ replacement patterns', () => {
    for (const key of ["meta.$'x", 'meta.$`x', 'meta.$&', 'meta.$$', 'meta.$1']) {
      expect(expectOneError(`${enc(key)}=1`)).toContain(`'${key}'`);
    }
  });

  it('shortens a very long parameter name in the message but keeps its head and tail', () => {
    const key = `meta.${'a'.repeat(10_000)}`;
    const message = expectOneError(`${key}=1`);
    expect(message.length).toBeLessThan(400);
    expect(message).toContain("'meta.aaa");
    expect(message).toContain('…');
  });

  it.each(OPERATORS.map((operator) => [operator]))('operator %s is supported', (operator) => {
    const value = operator === 'eq:boolean' ? 'true' : '5';
    expect(expectOk(`meta.a[${operator}]=${value}`).filters).toStrictEqual([{ path: ['a'], operator, value }]);
  });

  it('supports exactly the 15 operators of the contract', () => {
    expect([...OPERATORS].sort()).toStrictEqual(
      [
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
      ].sort(),
    );
  });

  it.each(['foo', 'EQ', 'Eq', 'eq:', 'eq:str', 'eq:String', 'ne', 'neq', 'in:boolean', 'gt:string', 'lt:boolean', 'contains', ' eq', 'eq ', ''])(
    "operator '%s' is unsupported: the contract message",
    (operator) => {
      expect(expectOneError(`${enc(`meta.a[${operator}]`)}=1`)).toBe(`Unsupported metadata filter operator: '${operator}'`);
    },
  );

  it('a very long operator is shortened in the message', () => {
    const message = expectOneError(`meta.a[${'x'.repeat(5000)}]=1`);
    expect(message.startsWith("Unsupported metadata filter operator: 'xxx")).toBe(true);
    expect(message.length).toBeLessThan(400);
  });

  it('parseFilterKey and filterKey are inverse on valid keys', () => {
    const parsed = parseFilterKey('meta.region.name[in:string]');
    expect(parsed).toStrictEqual({ path: ['region', 'name'], operator: 'in:string' });
    expect(filterKey(parsed as { path: string[]; operator: Operator })).toBe('meta.region.name[in:string]');
    expect(parseFilterKey('meta.a')).toMatchObject({ code: 5400, status: 400 });
  });

  it('checkOperator gives the message parseFilterKey gives', () => {
    for (const operator of OPERATORS) expect(checkOperator(operator)).toBeNull();
    expect(checkOperator('bogus')).toStrictEqual(parseFilterKey('meta.a[bogus]'));
  });

  it.each([
    ['meta.status[bogus]', { path: 'status', operator: 'bogus' }],
    ['meta.status[eq]', { path: 'status', operator: 'eq' }],
    ['meta.status', { path: 'status', operator: null }],
    ['meta.status[]', { path: 'status', operator: '' }],
    ['meta.status[eq', { path: 'status', operator: 'eq' }],
    ['meta.[eq]', { path: '', operator: 'eq' }],
    ['meta.a.b.c.d.e.f[gt]', { path: 'a.b.c.d.e.f', operator: 'gt' }],
    ['meta.a[b].c[in]', { path: 'a[b].c', operator: 'in' }],
  ])('filterKeyParts reads %s as written, valid or not', (key, parts) => {
    expect(filterKeyParts(key)).toStrictEqual(parts);
  });

  it('filterKeyParts leaves other parameters alone', () => {
    expect(filterKeyParts('creator')).toBeNull();
    expect(filterKeyParts('metadata[eq]')).toBeNull();
  });
});

describe('how many filters', () => {
  const keys = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((name) => `meta.${name}[eq]=x`);

  it('takes 5 filters', () => {
    expect(expectOk(keys.slice(0, 5).join('&')).filters).toHaveLength(5);
  });

  it('refuses 6 or more with the contract message', () => {
    expect(expectOneError(keys.slice(0, 6).join('&'))).toBe('Too many metadata filters: 6 provided, maximum 5 allowed');
    expect(expectOneError(keys.join('&'))).toBe('Too many metadata filters: 7 provided, maximum 5 allowed');
  });

  it('the count is of meta. parameters, valid or not, and comes first', () => {
    const errors = expectErrors([...keys.slice(0, 5), 'meta.bad=1'].join('&'));
    expect(errors.map((error) => error.message)).toStrictEqual([
      'Too many metadata filters: 6 provided, maximum 5 allowed',
      "Invalid metadata filter parameter 'meta.bad': expected meta.<field>[<operator>], e.g. meta.status[eq]=active",
    ]);
  });

  it('the same key twice is refused, saying to join in values with |', () => {
    const message = expectOneError('meta.a[eq]=x&meta.a[eq]=y');
    expect(message).toContain("'meta.a[eq]'");
    expect(message).toContain("'in'");
    expect(message).toContain("'|'");
  });

  it('the same key twice counts even when one is percent-encoded and both values are equal', () => {
    expect(expectOneError('meta.a[eq]=x&meta.a%5Beq%5D=x')).toContain('more than once');
  });

  it('two operators on one path are two filters: fine', () => {
    expect(expectOk('meta.n[gte]=1&meta.n[lte]=5').filters).toStrictEqual([
      { path: ['n'], operator: 'gte', value: '1' },
      { path: ['n'], operator: 'lte', value: '5' },
    ]);
    expect(expectOk('meta.s[eq]=a&meta.s[eq:string]=a&meta.s[in]=a').filters).toHaveLength(3);
  });

  it('keeps filters in request order', () => {
    expect(expectOk('meta.b[eq]=1&meta.a[eq]=2').filters.map((f) => f.path[0])).toStrictEqual(['b', 'a']);
  });
});

const NUMBER_OPERATORS: Operator[] = ['eq:number', 'gt', 'gt:number', 'gte', 'gte:number', 'lt', 'lt:number', 'lte', 'lte:number'];

describe('number values: ^-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?$, finite', () => {
  it.each([
    ['0', 0],
    ['-0', -0],
    ['5', 5],
    ['-2', -2],
    ['4.5', 4.5],
    ['5.0', 5],
    ['0.0001', 0.0001],
    ['123456789', 123456789],
    ['1e3', 1000],
    ['1E3', 1000],
    ['1e+3', 1000],
    ['1e-3', 0.001],
    ['-1.5e10', -1.5e10],
    ['1e308', 1e308],
    ['1e-400', 0],
  ])('%s is the number %d', (text, n) => {
    expect(parseNumber(text)).toBe(n);
    for (const operator of NUMBER_OPERATORS) {
      expect(expectOk(`meta.n[${operator}]=${enc(text)}`).filters[0]?.value).toBe(text);
    }
  });

  it.each(['01', '00', '-01', '1.', '.5', '-.5', '+1', ' 1', '1 ', '', '-', '1e', 'e5', '1e5.5', '1e400', '-1e400', '1E999', 'NaN', 'Infinity', '-Infinity', '0x10', '0b1', '1_000', '1,5', '--1', '١', '５', 'five', '1e+', '\n1'])(
    '%j is not a number, for every operator that needs one',
    (text) => {
      expect(parseNumber(text)).toBeNull();
      for (const operator of NUMBER_OPERATORS) {
        const key = `meta.n[${operator}]`;
        const message = expectOneError(`${key}=${enc(text)}`);
        expect(message).toContain(`'${key}'`);
      }
      const message = expectOneError(`meta.n[in:number]=1|${enc(text)}`);
      expect(message).toContain("'meta.n[in:number]'");
    },
  );

  it('a bad number of any length gives a short message', () => {
    const message = expectOneError(`meta.n[eq:number]=${'x'.repeat(100_000)}`);
    expect(message.length).toBeLessThan(400);
    const longKey = `meta.${'p'.repeat(100_000)}[gte]`;
    const keyMessage = expectOneError(`${longKey}=x`);
    expect(keyMessage.length).toBeLessThan(400);
    expect(keyMessage).toContain('[gte]');
  });

  it('does not cut a surrogate pair when shortening', () => {
    const message = expectOneError(`meta.n[eq:number]=${enc('🙂'.repeat(200))}`);
    expect(message).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
  });

  it('untyped eq and in take numbers and anything else as strings', () => {
    expect(expectOk('meta.n[eq]=01&meta.m[in]=.5|+1').filters).toHaveLength(2);
  });
});

describe('boolean values: exactly true or false', () => {
  it('takes true and false', () => {
    expect(expectOk('meta.b[eq:boolean]=true').filters[0]?.value).toBe('true');
    expect(expectOk('meta.b[eq:boolean]=false').filters[0]?.value).toBe('false');
  });

  it.each(['TRUE', 'True', 'FALSE', '1', '0', 'yes', 'no', '', 'true%20', '%20false', 'truee'])(
    'eq:boolean=%s is refused, naming the parameter',
    (text) => {
      const message = expectOneError(`meta.b[eq:boolean]=${text}`);
      expect(message).toContain("'meta.b[eq:boolean]'");
      expect(message).toContain('true or false');
    },
  );
});

describe('lists: in, in:string, in:number split on |, 1 to 10 elements', () => {
  const list = (n: number) => Array.from({ length: n }, (_, i) => String(i + 1)).join('|');

  it.each(['in', 'in:string', 'in:number'])('%s takes 1 and 10 elements', (operator) => {
    expect(expectOk(`meta.a[${operator}]=7`).filters[0]?.value).toBe('7');
    expect(expectOk(`meta.a[${operator}]=${list(10)}`).filters[0]?.value).toBe(list(10));
  });

  it.each(['in', 'in:string', 'in:number'])('%s refuses 11 or more with the contract message', (operator) => {
    expect(expectOneError(`meta.a[${operator}]=${list(11)}`)).toBe(
      "Too many values in 'in' filter: 11 provided, maximum 10 allowed",
    );
    expect(expectOneError(`meta.a[${operator}]=${list(12)}`)).toBe(
      "Too many values in 'in' filter: 12 provided, maximum 10 allowed",
    );
  });

  it('empty elements are empty strings: fine for in and in:string, not for in:number', () => {
    expect(expectOk('meta.a[in]=a||b&meta.b[in:string]=|').filters).toHaveLength(2);
    expect(expectOneError('meta.a[in:number]=1||2')).toContain("Invalid number ''");
    expect(expectOneError('meta.a[in:number]=1|')).toContain("'meta.a[in:number]'");
  });

  it('| is an ordinary character outside lists', () => {
    expect(expectOk('meta.a[eq]=a|b|c|d|e|f|g|h|i|j|k|l').filters[0]?.value).toBe('a|b|c|d|e|f|g|h|i|j|k|l');
  });
});

describe('empty values are the empty string', () => {
  it.each(['eq', 'eq:string', 'in', 'in:string'])('meta.status[%s]= is valid', (operator) => {
    expect(expectOk(`meta.status[${operator}]=`).filters).toStrictEqual([
      { path: ['status'], operator, value: '' },
    ]);
    expect(expectOk(`meta.status[${operator}]`).filters[0]?.value).toBe('');
  });

  it.each(['eq:number', 'eq:boolean', 'in:number', 'gt', 'gte:number', 'lt', 'lte:number'])(
    'meta.status[%s]= is refused',
    (operator) => {
      expect(expectOneError(`meta.status[${operator}]=`)).toContain(`'meta.status[${operator}]'`);
    },
  );
});

describe('checkFilterValue: what the filter builder shows', () => {
  it('says what the server would say', () => {
    const filter = { path: ['n'], operator: 'gte' as const, value: 'abc' };
    const error = checkFilterValue(filter);
    expect(error).toStrictEqual(expectErrors(`meta.n[gte]=abc`)[0]);
    expect(checkFilterValue({ ...filter, value: '4.5' })).toBeNull();
  });
});

describe('serializeListQuery', () => {
  it('leaves defaults out and writes keys readably', () => {
    expect(serializeListQuery({ perPage: 1000, sortOrder: 'desc', filters: [] })).toBe('');
    expect(
      serializeListQuery({
        perPage: 50,
        sortOrder: 'asc',
        creator: 'user 1',
        filters: [{ path: ['region', 'name'], operator: 'in:string', value: 'eu-west|us east' }],
        continuationToken: 'tok',
      }),
    ).toBe('per_page=50&sort_order=asc&creator=user%201&meta.region.name[in:string]=eu-west|us%20east&continuation_token=tok');
  });

  it('writes creator= for the empty creator, and nothing for an empty token', () => {
    expect(serializeListQuery({ creator: '' })).toBe('creator=');
    expect(serializeListQuery({ continuationToken: '' })).toBe('');
  });

  it('does not throw on a lone surrogate, which URLSearchParams would turn into U+FFFD anyway', () => {
    const text = serializeListQuery({ creator: 'a\uD800b', filters: [{ path: ['\uDC00'], operator: 'eq', value: '\uD83D' }] });
    expect(expectOk(text)).toMatchObject({
      creator: 'a\uFFFDb',
      filters: [{ path: ['\uFFFD'], operator: 'eq', value: '\uFFFD' }],
    });
    expect(expectOk(text).creator).toBe(new URLSearchParams({ c: 'a\uD800b' }).get('c'));
  });
});

describe('canonicalListQuery', () => {
  const base: ListQuery = {
    perPage: 100,
    sortOrder: 'asc',
    filters: [
      { path: ['a'], operator: 'eq', value: '1' },
      { path: ['b'], operator: 'gte', value: '2' },
    ],
  };

  it('is the same for the same query with filters in another order or built with another property order', () => {
    const reordered: ListQuery = {
      sortOrder: 'asc',
      filters: [
        { value: '2', operator: 'gte', path: ['b'] },
        { operator: 'eq', path: ['a'], value: '1' },
      ],
      perPage: 100,
    };
    expect(canonicalListQuery(reordered)).toBe(canonicalListQuery(base));
    expect(canonicalListQuery(expectOk('meta.b[gte]=2&sort_order=asc&meta.a[eq]=1&per_page=100'))).toBe(
      canonicalListQuery(base),
    );
  });

  it('differs when anything that changes the answer differs', () => {
    const variants: ListQuery[] = [
      { ...base, perPage: 101 },
      { ...base, sortOrder: 'desc' },
      { ...base, continuationToken: 'x' },
      { ...base, creator: '' },
      { ...base, creator: 'x' },
      { ...base, filters: base.filters.slice(1) },
      { ...base, filters: [{ path: ['a'], operator: 'eq:string', value: '1' }, base.filters[1]!] },
      { ...base, filters: [{ path: ['a'], operator: 'eq', value: '2' }, base.filters[1]!] },
      { ...base, filters: [{ path: ['a', 'b'], operator: 'eq', value: '1' }, base.filters[1]!] },
    ];
    const all = new Set([base, ...variants].map(canonicalListQuery));
    expect(all.size).toBe(variants.length + 1);
  });

  it('does not confuse a path with dots inside a segment and nested segments', () => {
    const a: ListQuery = { ...base, filters: [{ path: ['a', 'b'], operator: 'eq', value: 'x' }] };
    const b: ListQuery = { ...base, filters: [{ path: ['a'], operator: 'eq', value: 'x' }, { path: ['b'], operator: 'eq', value: 'x' }] };
    expect(canonicalListQuery(a)).not.toBe(canonicalListQuery(b));
  });
});

describe('how many errors one answer lists', () => {
  it(`at most MAX_REPORTED_ERRORS (${MAX_REPORTED_ERRORS}), the first ones found`, () => {
    const errors = expectErrors('meta.a[eq]=x&'.repeat(5000));
    expect(errors).toHaveLength(MAX_REPORTED_ERRORS);
    expect(errors[0]!.message).toBe('Too many metadata filters: 5000 provided, maximum 5 allowed');
    expect(errors[1]!.message).toContain("'meta.a[eq]' given more than once");
  });

  it('all of them when there are few', () => {
    expect(expectErrors('per_page=1&sort_order=x')).toHaveLength(2);
  });
});
