import { describe, expect, it } from 'vitest';
import { listImagesUrl } from '../api/get-images';
import { GRID_PAGE_SIZE, gridQueryFrom, prefetchImages } from './grid-query';

describe('gridQueryFrom', () => {
  it('uses the grid page size when the URL has none and ignores view/image', () => {
    const r = gridQueryFrom(new URLSearchParams('view=grid&image=abc&creator=bob'));
    expect(r).toEqual({ ok: true, query: { perPage: GRID_PAGE_SIZE, sortOrder: 'desc', creator: 'bob', filters: [] } });
  });
  it('names what is wrong in a malformed link', () => {
    const r = gridQueryFrom(new URLSearchParams('per_page=5&meta.status=active'));
    expect(r.ok).toBe(false);
    const messages = r.ok ? [] : r.errors.map((e) => e.message).join('\n');
    expect(messages).toContain('per_page');
    expect(messages).toContain('meta.status');
  });
  it('ignores a continuation token in a link', () => {
    const r = gridQueryFrom(new URLSearchParams('continuation_token=abc'));
    expect(r.ok && r.query.continuationToken).toBe(undefined);
  });
});

describe('listImagesUrl', () => {
  const query = { perPage: 1000, sortOrder: 'desc' as const, filters: [{ path: ['status'], operator: 'eq' as const, value: 'active' }] };
  it('always sends per_page, even the API default', () => {
    expect(listImagesUrl('acc', query, null)).toBe('/client/v4/accounts/acc/images/v2?per_page=1000&meta.status[eq]=active');
  });
  it('adds the continuation token for later pages', () => {
    expect(listImagesUrl('acc', { ...query, perPage: 100 }, 'tok')).toBe(
      '/client/v4/accounts/acc/images/v2?per_page=100&meta.status[eq]=active&continuation_token=tok',
    );
  });
});

describe('prefetchImages', () => {
  it('is half a page of the query: 500 for the grid’s 1,000, 50 for a link that asks for 100, 5 for 10', () => {
    expect(prefetchImages(undefined)).toBe(GRID_PAGE_SIZE / 2);
    expect(prefetchImages(100)).toBe(50);
    expect(prefetchImages(10)).toBe(5);
  });
});
