import { describe, expect, it } from 'vitest';
import {
  SAVED_VIEWS_KEY,
  createView,
  loadSavedViews,
  parseSavedViews,
  storeSavedViews,
  viewNameProblem,
  type ViewStorage,
} from './saved-views';

function memoryStorage(initial: Record<string, string> = {}): ViewStorage & { data: Record<string, string> } {
  const data = { ...initial };
  return { data, getItem: (key) => data[key] ?? null, setItem: (key, value) => void (data[key] = value) };
}

const query = { perPage: 1000, sortOrder: 'desc' as const, filters: [{ path: ['status'], operator: 'eq' as const, value: 'active' }] };

describe('saved views', () => {
  it('stores and loads views', () => {
    const storage = memoryStorage();
    const view = createView('  Active  ', query, new Date('2026-11-22T10:00:00.000Z'));
    expect(view).toMatchObject({ name: 'Active', query: 'meta.status[eq]=active', savedAt: '2026-11-22T10:00:00.000Z' });
    expect(storeSavedViews([view], storage)).toBe(true);
    expect(loadSavedViews(storage)).toEqual({ views: [view], dropped: 0 });
  });

  it('survives corrupt storage: not JSON, not a list, wrong shapes, a query the contract refuses', () => {
    const good = createView('Good', query);
    expect(parseSavedViews('{not json')).toEqual({ views: [], dropped: 1 });
    expect(parseSavedViews('{"a":1}')).toEqual({ views: [], dropped: 1 });
    expect(parseSavedViews('null')).toEqual({ views: [], dropped: 1 });
    const mixed = JSON.stringify([
      good,
      { ...good, id: 'x', name: 42 },
      { ...good, id: 'y', savedAt: 'yesterday' },
      { ...good, id: 'z', query: 'meta.n[gt]=many' },
      'string',
      null,
    ]);
    expect(parseSavedViews(mixed)).toEqual({ views: [good], dropped: 5 });
  });

  it('treats a storage that throws as empty rather than crashing', () => {
    const throwing: ViewStorage = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    expect(loadSavedViews(throwing)).toEqual({ views: [], dropped: 0 });
    expect(storeSavedViews([], throwing)).toBe(false);
    expect(loadSavedViews(memoryStorage({ [SAVED_VIEWS_KEY]: '[' }))).toEqual({ views: [], dropped: 1 });
  });

  it('asks for a unique, non-empty name', () => {
    const views = [createView('EU active', query)];
    expect(viewNameProblem('  ', views)).toBe('Enter a name for the view');
    expect(viewNameProblem('eu ACTIVE', views)).toBe('A view named “eu ACTIVE” exists already');
    expect(viewNameProblem('eu active', views, views[0]?.id)).toBeNull();
    expect(viewNameProblem('x'.repeat(101), views)).toBe('At most 100 characters');
  });
});
