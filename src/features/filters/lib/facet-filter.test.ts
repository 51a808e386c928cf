import { describe, expect, it } from 'vitest';
import { LIMITS, compileMatcher, parseListQuery, serializeListQuery, type ListQuery } from '../../../contract/list-query';
import { parseFacetsQuery } from '../../../contract/search-query';
import { addFilter, facetFilter, facetsSearchOf, isFilterablePath, operatorForValueType } from './facet-filter';
import { TOO_MANY_FILTERS_REASON } from './filter-form-schema';

const base: Omit<ListQuery, 'continuationToken'> = { perPage: 1000, sortOrder: 'desc', filters: [] };
const image = (meta: unknown) => ({ id: 'x', creator: null, meta });

describe('facetFilter: a facet value becomes the typed filter that matches what was counted', () => {
  it('takes the typed eq of the value type', () => {
    expect(operatorForValueType('string')).toBe('eq:string');
    expect(operatorForValueType('number')).toBe('eq:number');
    expect(operatorForValueType('boolean')).toBe('eq:boolean');
  });

  it.each([
    [{ value: 'active', type: 'string' as const }, { status: 'active' }, { status: 'pending' }],
    [{ value: '5', type: 'string' as const }, { status: '5' }, { status: 5 }],
    [{ value: 5, type: 'number' as const }, { status: 5 }, { status: '5' }],
    [{ value: -4.5, type: 'number' as const }, { status: -4.5 }, { status: '-4.5' }],
    [{ value: 1e-7, type: 'number' as const }, { status: 1e-7 }, { status: 0 }],
    [{ value: true, type: 'boolean' as const }, { status: true }, { status: 'true' }],
    [{ value: false, type: 'boolean' as const }, { status: false }, { status: 'false' }],
    [{ value: 'a|b & c=d', type: 'string' as const }, { status: 'a|b & c=d' }, { status: 'a' }],
  ])('%j matches %j and not %j, and survives the address bar', (facet, hit, miss) => {
    const filter = facetFilter('status', facet);
    const query = { ...base, filters: [filter] };
    // What the address bar holds parses back to the same filter under the contract's rules.
    const parsed = parseListQuery(serializeListQuery(query));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.query.filters).toEqual([filter]);
    const match = compileMatcher(parsed.query);
    expect(match(image(hit))).toBe(true);
    expect(match(image(miss))).toBe(false);
  });

  it('keeps nested paths', () => {
    expect(facetFilter('region.geo.city', { value: 'Paris', type: 'string' })).toEqual({
      path: ['region', 'geo', 'city'],
      operator: 'eq:string',
      value: 'Paris',
    });
  });
});

describe('addFilter', () => {
  it('appends, and replaces the same key rather than giving it twice', () => {
    const first = addFilter(base, facetFilter('status', { value: 'active', type: 'string' }));
    expect(first.ok && first.query.filters).toEqual([{ path: ['status'], operator: 'eq:string', value: 'active' }]);
    if (!first.ok) return;
    const second = addFilter(first.query, facetFilter('status', { value: 'pending', type: 'string' }));
    expect(second.ok && second.query.filters).toEqual([{ path: ['status'], operator: 'eq:string', value: 'pending' }]);
    // Another operator on the same path is another filter (both hold: the facet counted images matching the first).
    const third = addFilter({ ...base, filters: [{ path: ['ratings'], operator: 'gte', value: '2' }] }, facetFilter('ratings', { value: 4, type: 'number' }));
    expect(third.ok && third.query.filters.length).toBe(2);
  });

  it("refuses a sixth filter with the builder's reason, but still replaces when full", () => {
    const full = {
      ...base,
      filters: Array.from({ length: LIMITS.maxFilters }, (_, i) => ({ path: [`k${i}`], operator: 'eq:string' as const, value: 'v' })),
    };
    expect(addFilter(full, facetFilter('other', { value: 'v', type: 'string' }))).toEqual({ ok: false, reason: TOO_MANY_FILTERS_REASON });
    expect(addFilter(full, facetFilter('k0', { value: 'w', type: 'string' })).ok).toBe(true);
  });
});

describe('facetsSearchOf', () => {
  it('keeps what decides the matching images and drops paging, order and the dashboard’s own parameters', () => {
    const params = new URLSearchParams(
      'q=cat&uploaded[gte]=2026-05-01&private=true&creator=user123&meta.status[eq]=active&per_page=100&sort_order=asc&view=table&image=abc',
    );
    const search = facetsSearchOf(params)!;
    const parsed = parseFacetsQuery(search);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.facets.query).toMatchObject({ q: 'cat', uploadedGte: '2026-05-01', private: true, creator: 'user123' });
    expect(parsed.facets.query.filters).toEqual([{ path: ['status'], operator: 'eq', value: 'active' }]);
    expect(search).not.toMatch(/per_page|sort_order|view|image/);
  });

  it('leaves out the filters on one path when asked', () => {
    const params = new URLSearchParams('meta.status[eq]=active&meta.status[in]=a|b&meta.region.name[eq]=eu-west');
    expect(facetsSearchOf(params, 'status')).toBe('meta.region.name[eq]=eu-west');
  });

  it('is null for a malformed link', () => {
    expect(facetsSearchOf(new URLSearchParams('private=maybe'))).toBeNull();
  });
});

describe('isFilterablePath', () => {
  it('follows the contract’s path grammar', () => {
    expect(isFilterablePath('region.name')).toBe(true);
    for (const bad of ['', 'a.', '.a', 'a[b]', 'a.b.c.d.e.f']) expect(isFilterablePath(bad)).toBe(false);
  });
});
