import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LIMITS, OPERATORS, isListOperator, operatorValueType, type ListQuery, type MetaFilter } from '../../../contract/list-query';
import { formValuesToQuery, queryToFormValues, searchToFormValues } from './form-values';
import { hasListQueryParams, readListQuery, writeListQuery } from './url-state';

/** Path segments: anything but `.`, `[`, `]`, including spaces inside, `&`, `=`, `%`, `#` and non-ASCII. */
const segment = fc
  .string({ unit: fc.constantFrom('a', 'Z', '9', '_', '-', ' ', '&', '=', '%', '#', '+', 'é', '😀', '|', ':'), minLength: 1, maxLength: 6 })
  .filter((s) => s.trim() === s);
const text = fc.string({ unit: fc.constantFrom('a', 'b', ' ', '&', '=', '%', '+', '#', '?', 'ü', ':', '/'), maxLength: 8 });
const numberText = fc.oneof(fc.integer({ min: -1000, max: 1000 }).map(String), fc.constantFrom('4.5', '-0.25', '1e3', '2E-2'));

function valueFor(operator: (typeof OPERATORS)[number]): fc.Arbitrary<string> {
  const type = operatorValueType(operator);
  const scalar = type === 'number' ? numberText : type === 'boolean' ? fc.constantFrom('true', 'false') : text;
  if (!isListOperator(operator)) return scalar;
  const element = type === 'number' ? numberText : text.filter((s) => !s.includes('|'));
  return fc.array(element, { minLength: 1, maxLength: LIMITS.maxListValues }).map((xs) => xs.join('|'));
}

const filterArb: fc.Arbitrary<MetaFilter> = fc
  .record({ path: fc.array(segment, { minLength: 1, maxLength: LIMITS.maxDepth }), operator: fc.constantFrom(...OPERATORS) })
  .chain(({ path, operator }) => valueFor(operator).map((value) => ({ path, operator, value })));

const queryArb: fc.Arbitrary<Omit<ListQuery, 'continuationToken'>> = fc.record(
  {
    perPage: fc.integer({ min: LIMITS.perPageMin, max: LIMITS.perPageMax }),
    sortOrder: fc.constantFrom('asc' as const, 'desc' as const),
    creator: fc.option(text, { nil: undefined }),
    filters: fc
      .uniqueArray(filterArb, { maxLength: LIMITS.maxFilters, selector: (f) => `${f.path.join('.')}[${f.operator}]` }),
  },
  { requiredKeys: ['perPage', 'sortOrder', 'filters'] },
);

const dashboardParams = fc.record({ view: fc.constantFrom('grid', 'table'), image: fc.string({ maxLength: 10 }) });

describe('URL ⇄ list query', () => {
  it('reads back every valid query it writes, keeping view and image', () => {
    fc.assert(
      fc.property(queryArb, dashboardParams, (query, { view, image }) => {
        const before = new URLSearchParams({ view, image, 'meta.old[eq]': 'x', per_page: '25' });
        const written = writeListQuery(before, query);
        // Through the address bar and back: what a shared link carries is the string.
        const reopened = new URLSearchParams(written.toString());
        const read = readListQuery(reopened);
        expect(read).toEqual({ ok: true, query: { ...query, creator: query.creator } });
        expect(reopened.get('view')).toBe(view);
        expect(reopened.get('image')).toBe(image);
        expect(reopened.has('meta.old[eq]')).toBe(query.filters.some((f) => f.path.join('.') === 'old' && f.operator === 'eq'));
      }),
    );
  });

  it('maps a query to form values and back unchanged', () => {
    fc.assert(
      fc.property(queryArb, (query) => {
        const values = queryToFormValues(query);
        expect(formValuesToQuery(values)).toEqual({ ...query, creator: query.creator });
        expect(searchToFormValues(writeListQuery(new URLSearchParams(), query))).toEqual(values);
      }),
    );
  });

  it('writes the contract syntax Cloudflare documents', () => {
    const params = writeListQuery(new URLSearchParams('view=table&image=abc'), {
      perPage: 100,
      sortOrder: 'asc',
      creator: 'user123',
      filters: [
        { path: ['region', 'name'], operator: 'eq', value: 'eu-west' },
        { path: ['status'], operator: 'in', value: 'pending|deleted|flagged' },
      ],
    });
    expect([...params]).toEqual([
      ['per_page', '100'],
      ['sort_order', 'asc'],
      ['creator', 'user123'],
      ['meta.region.name[eq]', 'eu-west'],
      ['meta.status[in]', 'pending|deleted|flagged'],
      ['view', 'table'],
      ['image', 'abc'],
    ]);
  });

  it('drops a continuation token from a link: a link starts at the first page', () => {
    const read = readListQuery(new URLSearchParams('continuation_token=abc&meta.status[eq]=active'));
    expect(read.ok && read.query.continuationToken).toBe(undefined);
    expect(writeListQuery(new URLSearchParams('continuation_token=abc'), { perPage: 1000, sortOrder: 'desc', filters: [] }).toString()).toBe('');
  });

  it("reports a malformed link with the contract's messages", () => {
    const read = readListQuery(new URLSearchParams('meta.ratings[gt]=many&per_page=5&view=table'));
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.errors.map((e) => e.message)).toEqual([
      "Invalid per_page '5': must be a whole number from 10 to 10000",
      "Invalid number 'many' for metadata filter 'meta.ratings[gt]': expected a number such as 5, -2 or 4.5",
    ]);
    expect(hasListQueryParams(new URLSearchParams('view=table&image=x'))).toBe(false);
    expect(hasListQueryParams(new URLSearchParams('meta.x=1'))).toBe(true);
  });

  it('opens a malformed link in the builder as written, so each mistake can be fixed where it is', () => {
    const values = searchToFormValues(new URLSearchParams('meta.ratings[gt]=many&meta.tags[in]=a|b&per_page=5&creator=&meta.bad=1'));
    expect(values.filters).toEqual([
      { path: 'ratings', operator: 'gt', value: 'many', list: [] },
      { path: 'tags', operator: 'in', value: '', list: ['a', 'b'] },
      // No operator at all: a row still, field and value kept, the Operator left to choose.
      { path: 'bad', operator: 'eq', value: '1', list: [], writtenOperator: '' },
    ]);
    expect(values.perPage).toBe('5');
    expect(values.creatorMode).toBe('none');
  });
});

describe('changing a row’s operator', () => {
  const base = { path: 'status', operator: 'eq' as const, value: 'active', list: [] };
  it('carries the value into the new control', async () => {
    const { convertRowForOperator, splitChips } = await import('./form-values');
    expect(convertRowForOperator(base, 'in')).toEqual({ ...base, operator: 'in', value: '', list: ['active'] });
    expect(convertRowForOperator({ ...base, value: 'a|b' }, 'in:string').list).toEqual(['a', 'b']);
    expect(convertRowForOperator({ ...base, operator: 'in', value: '', list: ['x'] }, 'eq:string').value).toBe('x');
    expect(convertRowForOperator({ ...base, operator: 'in', value: '', list: ['x', 'y'] }, 'eq').value).toBe('');
    expect(convertRowForOperator(base, 'eq:boolean').value).toBe('false');
    expect(convertRowForOperator({ ...base, value: 'true' }, 'eq:boolean').value).toBe('true');
    expect(convertRowForOperator({ ...base, operator: 'eq:boolean', value: 'true' }, 'eq').value).toBe('');
    expect(convertRowForOperator({ ...base, operator: 'eq:boolean', value: 'true' }, 'in').list).toEqual([]);
    expect(splitChips(' a, b|| c ')).toEqual(['a', 'b', 'c']);
  });
});

describe('page size when the link has none', () => {
  const base = { sortOrder: 'desc' as const, filters: [{ path: ['status'], operator: 'eq' as const, value: 'active' }] };
  it("leaves out the results' own default and writes every other size, the API's 1000 included", () => {
    const params = new URLSearchParams('view=table');
    expect(writeListQuery(params, { ...base, perPage: 100 }, { defaultPerPage: 100 }).toString()).toBe(
      'meta.status%5Beq%5D=active&view=table',
    );
    for (const perPage of [1000, 50]) {
      expect([...writeListQuery(params, { ...base, perPage }, { defaultPerPage: 100 })]).toEqual([
        ['per_page', String(perPage)],
        ['meta.status[eq]', 'active'],
        ['view', 'table'],
      ]);
    }
  });
});
