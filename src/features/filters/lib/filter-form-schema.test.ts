import { describe, expect, it } from 'vitest';
import { OPERATORS, checkFilterValue, parseFilterKey, parseListQuery } from '../../../contract/list-query';
import { EMPTY_CREATOR_MESSAGE, EMPTY_LIST_MESSAGE, filterFormSchema } from './filter-form-schema';
import { DEFAULT_FORM_VALUES, EMPTY_ROW, type FilterFormValues, type FilterRowValues } from './form-values';
import { GROUPED_OPERATORS, OPERATOR_LABELS, valueControl } from './operators';

function issues(values: Partial<FilterFormValues>): Record<string, string> {
  const result = filterFormSchema.safeParse({ ...DEFAULT_FORM_VALUES, ...values });
  if (result.success) return {};
  return Object.fromEntries(result.error.issues.map((issue) => [issue.path.join('.'), issue.message]));
}

const row = (patch: Partial<FilterRowValues>): FilterRowValues => ({ ...EMPTY_ROW, ...patch });

describe('filter form validation speaks the contract', () => {
  it('accepts the examples of Cloudflare’s page', () => {
    expect(
      issues({
        filters: [
          row({ path: 'status', operator: 'eq:string', value: 'active' }),
          row({ path: 'ratings', operator: 'in:number', list: ['4', '5'] }),
          row({ path: 'region.name', operator: 'eq', value: 'eu-west' }),
          row({ path: 'priority', operator: 'gte:number', value: '1' }),
          row({ path: 'priority', operator: 'lte:number', value: '5' }),
        ],
        creatorMode: 'exactly',
        creator: 'user123',
      }),
    ).toEqual({});
  });

  it('gives an invalid number the message the server gives', () => {
    const expected = checkFilterValue({ path: ['ratings'], operator: 'gt', value: 'abc' })?.message;
    expect(expected).toBeTruthy();
    expect(issues({ filters: [row({ path: 'ratings', operator: 'gt', value: 'abc' })] })).toEqual({ 'filters.0.value': expected });
    // …and the server's own words for the same request.
    const server = parseListQuery('meta.ratings[gt]=abc');
    expect(server.ok ? null : server.errors[0]?.message).toBe(expected);
  });

  it('gives a bad list element, a bad boolean and too many chips the contract’s messages', () => {
    const result = issues({
      filters: [
        row({ path: 'ratings', operator: 'in:number', list: ['4', 'five'] }),
        row({ path: 'flag', operator: 'eq:boolean', value: 'yes' }),
        row({ path: 'tags', operator: 'in', list: Array.from({ length: 11 }, (_, i) => `t${i}`) }),
      ],
    });
    expect(result['filters.0.value']).toBe("Invalid number 'five' for metadata filter 'meta.ratings[in:number]': expected a number such as 5, -2 or 4.5");
    expect(result['filters.1.value']).toBe(checkFilterValue({ path: ['flag'], operator: 'eq:boolean', value: 'yes' })?.message);
    expect(result['filters.2.value']).toBe("Too many values in 'in' filter: 11 provided, maximum 10 allowed");
  });

  it('asks for a field name when Field is empty, instead of quoting a key nobody typed', () => {
    const result = issues({ filters: [row({ path: '  ', value: 'x' })] });
    expect(result['filters.0.path']).toBe('Enter a field name');
  });

  it('refuses a path too deep, an empty segment and a bracket with the contract’s messages', () => {
    const result = issues({
      filters: [
        row({ path: 'a.b.c.d.e.f', value: 'x' }),
        row({ path: 'region..name', value: 'x' }),
        row({ path: 'status[0]', value: 'x' }),
      ],
    });
    expect(result['filters.0.path']).toBe('Metadata filter nesting too deep: 6 levels, maximum 5 allowed');
    const message = (key: string) => {
      const parsed = parseFilterKey(key);
      return 'code' in parsed ? parsed.message : null;
    };
    expect(result['filters.1.path']).toBe(message('meta.region..name[eq]'));
    expect(result['filters.2.path']).toBe(message('meta.status[0][eq]'));
  });

  it('refuses the same field and operator twice, as the server does', () => {
    const result = issues({ filters: [row({ path: 'status', value: 'a' }), row({ path: 'status', value: 'b' })] });
    const server = parseListQuery('meta.status[eq]=a&meta.status[eq]=b');
    expect(server.ok).toBe(false);
    expect(result['filters.1.operator']).toBe(server.ok ? '' : server.errors[0]?.message);
    expect(result['filters.0.operator']).toBeUndefined();
  });

  it('checks page size and creator with the contract, and asks for what is missing', () => {
    expect(issues({ perPage: '5' })).toEqual({ perPage: "Invalid per_page '5': must be a whole number from 10 to 10000" });
    expect(issues({ perPage: '10000' })).toEqual({});
    expect(issues({ creatorMode: 'exactly', creator: '' })).toEqual({ creator: EMPTY_CREATOR_MESSAGE });
    expect(issues({ creatorMode: 'exactly', creator: 'x'.repeat(1025) })).toEqual({
      creator: 'Invalid creator: 1025 characters, maximum 1024',
    });
    expect(issues({ creatorMode: 'none', creator: '' })).toEqual({});
    expect(issues({ filters: [row({ path: 'tags', operator: 'in', list: [] })] })).toEqual({ 'filters.0.value': EMPTY_LIST_MESSAGE });
  });

  it('refuses a sixth filter with the contract’s message', () => {
    const filters = Array.from({ length: 6 }, (_, i) => row({ path: `k${i}`, value: 'x' }));
    expect(issues({ filters })).toEqual({ root: 'Too many metadata filters: 6 provided, maximum 5 allowed' });
  });
});

describe('operators in words', () => {
  it('offers every operator of the contract exactly once, each with its own words', () => {
    expect([...GROUPED_OPERATORS].sort()).toEqual([...OPERATORS].sort());
    expect(new Set(Object.values(OPERATOR_LABELS)).size).toBe(OPERATORS.length);
  });

  it('picks the value control from the operator', () => {
    expect(valueControl('eq')).toBe('text');
    expect(valueControl('eq:number')).toBe('number');
    expect(valueControl('gte')).toBe('number');
    expect(valueControl('eq:boolean')).toBe('boolean');
    expect(valueControl('in:number')).toBe('list');
  });
});
