/** A link opens in the filter builder as written: every `meta.` parameter a row, even one the contract refuses. */
import { describe, expect, it } from 'vitest';
import { parseListQuery } from '../../../contract/list-query';
import { filterFormSchema, writtenOperatorMessage } from './filter-form-schema';
import { convertRowForOperator, formValuesToQuery, searchToFormValues } from './form-values';

const rows = (search: string) => searchToFormValues(new URLSearchParams(search)).filters;

describe('searchToFormValues: a malformed link as rows a person can fix', () => {
  it('an unknown operator keeps field and value, with the operator as written', () => {
    expect(parseListQuery('meta.status[bogus]=x').ok).toBe(false);
    expect(rows('meta.status[bogus]=x')).toStrictEqual([{ path: 'status', operator: 'eq', value: 'x', list: [], writtenOperator: 'bogus' }]);
  });

  it('a sort order that is neither is kept as written, with the contract\'s message on Sort order', () => {
    for (const written of ['sideways', '', 'ASC']) {
      const values = searchToFormValues(new URLSearchParams([['sort_order', written]]));
      expect(values.writtenSortOrder).toBe(written);
      const parsed = filterFormSchema.safeParse(values);
      const issue = parsed.success ? undefined : parsed.error.issues.find((i) => i.path.join('.') === 'sortOrder');
      expect(issue?.message).toBe(`Invalid sort_order '${written}': must be 'asc' or 'desc'. Choose one in the list`);
    }
    expect(searchToFormValues(new URLSearchParams('sort_order=asc&per_page=5')).writtenSortOrder).toBeUndefined();
  });

  it('a missing or empty operator is written as none', () => {
    expect(rows('meta.status=x')).toStrictEqual([{ path: 'status', operator: 'eq', value: 'x', list: [], writtenOperator: '' }]);
    expect(rows('meta.status[]=x')[0]?.writtenOperator).toBe('');
  });

  it('a path too deep or with an empty part is kept as typed, its operator read', () => {
    expect(rows('meta.a.b.c.d.e.f[gt]=1')).toStrictEqual([{ path: 'a.b.c.d.e.f', operator: 'gt', value: '1', list: [] }]);
    expect(rows('meta.[eq]=x')).toStrictEqual([{ path: '', operator: 'eq', value: 'x', list: [] }]);
    expect(rows('meta.region..name[in]=a|b')).toStrictEqual([{ path: 'region..name', operator: 'in', value: '', list: ['a', 'b'] }]);
  });

  it('keeps valid rows beside the broken one, in the order of the link', () => {
    expect(rows('meta.ratings[gte]=4&meta.status[bogus]=x&creator=u').map((r) => [r.path, r.operator, r.writtenOperator])).toStrictEqual([
      ['ratings', 'gte', undefined],
      ['status', 'eq', 'bogus'],
    ]);
  });

  it('the row is refused until an operator is chosen, with a message naming the operators', () => {
    const values = searchToFormValues(new URLSearchParams('meta.status[bogus]=x'));
    const refused = filterFormSchema.safeParse(values);
    expect(refused.success).toBe(false);
    const issue = refused.error?.issues.find((i) => i.path.join('.') === 'filters.0.operator');
    expect(issue?.message).toBe(writtenOperatorMessage('bogus'));
    expect(issue?.message).toMatch(/^Unsupported metadata filter operator: 'bogus'\. Choose one in the list; the API's operators are eq, eq:string, .*lte:number$/);

    const fixed = { ...values, filters: values.filters.map((row) => convertRowForOperator(row, 'eq')) };
    expect(fixed.filters[0]).toStrictEqual({ path: 'status', operator: 'eq', value: 'x', list: [] });
    expect(filterFormSchema.safeParse(fixed).success).toBe(true);
    expect(formValuesToQuery(fixed).filters).toStrictEqual([{ path: ['status'], operator: 'eq', value: 'x' }]);
  });

  it('a value written for a list operator becomes chips once "is one of" is chosen', () => {
    const [row] = rows('meta.status[inn]=pending|deleted');
    expect(convertRowForOperator(row!, 'in')).toStrictEqual({ path: 'status', operator: 'in', value: '', list: ['pending', 'deleted'] });
  });

  it('no operator given says so', () => {
    expect(writtenOperatorMessage('')).toMatch(/^No operator given\. Choose one in the list/);
  });
});
