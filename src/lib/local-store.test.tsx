// @vitest-environment jsdom
/**
 * The one localStorage store (local-store.ts) and the stores built on it: what earlier versions wrote under the
 * same keys, in the same shapes, keeps loading; changes reach every reader, in this tab and from others.
 */
import { act, cleanup, renderHook } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useSavedViews } from '../features/filters/hooks/use-saved-views';
import { SAVED_VIEWS_KEY } from '../features/filters/lib/saved-views';
import { useStoredColumnVisibility } from '../features/images/components/image-table-columns-picker';
import { setPreferences, usePreferences } from '../features/images/hooks/use-preferences';
import { storedValue, useStoredValue } from './local-store';

beforeEach(() => localStorage.clear());
afterEach(cleanup);

describe('data stored by earlier versions keeps loading', () => {
  it('saved views (cfie:saved-views:v1, a list of {id, name, query, savedAt})', () => {
    const stored = [
      { id: 'a1', name: 'Active', query: 'meta.status[eq]=active', savedAt: '2026-11-20T10:00:00.000Z' },
      { id: 'b2', name: 'Broken', query: 'per_page=abc', savedAt: '2026-11-20T10:00:00.000Z' },
    ];
    localStorage.setItem(SAVED_VIEWS_KEY, JSON.stringify(stored));
    const { result } = renderHook(() => useSavedViews());
    expect(result.current.views).toEqual([stored[0]]);
    expect(result.current.dropped).toBe(1);
    act(() => void result.current.rename('a1', 'Live'));
    expect(JSON.parse(localStorage.getItem(SAVED_VIEWS_KEY)!)).toEqual([{ ...stored[0], name: 'Live' }]);
  });

  it('preferences (cfie:preferences), unknown values falling back to the defaults', () => {
    localStorage.setItem('cfie:preferences', JSON.stringify({ previewVariant: 'hero', copyFormat: 'markdown', copySize: 'w=400', signExpiry: 86400 }));
    const { result } = renderHook(() => usePreferences());
    expect(result.current).toEqual({ previewVariant: 'hero', copyFormat: 'markdown', copySize: 'w=400', signExpiry: 86400 });
    localStorage.setItem('cfie:preferences', JSON.stringify({ copyFormat: 'nope', signExpiry: 5 }));
    const again = renderHook(() => usePreferences());
    expect(again.result.current).toEqual({ previewVariant: null, copyFormat: 'url', copySize: null, signExpiry: 3600 });
  });

  it('hidden table columns (cfie:table-hidden-columns:v1, a list of column ids)', () => {
    localStorage.setItem('cfie:table-hidden-columns:v1', JSON.stringify(['uploaded', 'meta:["status"]', 7]));
    const { result } = renderHook(() => useStoredColumnVisibility());
    expect(result.current[0]).toEqual({ uploaded: false, 'meta:["status"]': false });
    act(() => result.current[1]((old) => ({ ...old, uploaded: true })));
    expect(JSON.parse(localStorage.getItem('cfie:table-hidden-columns:v1')!)).toEqual(['meta:["status"]']);
  });
});

describe('one way to subscribe', () => {
  it('a change made here reaches every reader, and one from another tab (the storage event) too', () => {
    const first = renderHook(() => usePreferences());
    const second = renderHook(() => usePreferences());
    act(() => setPreferences({ copyFormat: 'html' }));
    expect(first.result.current.copyFormat).toBe('html');
    expect(second.result.current.copyFormat).toBe('html');
    expect(JSON.parse(localStorage.getItem('cfie:preferences')!)).toMatchObject({ copyFormat: 'html' });
    act(() => {
      localStorage.setItem('cfie:preferences', JSON.stringify({ copyFormat: 'markdown' }));
      window.dispatchEvent(new StorageEvent('storage', { key: 'cfie:preferences' }));
    });
    expect(first.result.current.copyFormat).toBe('markdown');
  });

  it('keeps its identity between changes, and holds a value storage refuses for this page', () => {
    const refusing = {
      getItem: () => null,
      setItem: () => {
        throw new DOMException('full', 'QuotaExceededError');
      },
    } as unknown as Storage;
    const store = storedValue('k', { parse: (raw) => ({ raw }), storage: () => refusing });
    expect(store.get()).toBe(store.get());
    const { result } = renderHook(() => useStoredValue(store));
    expect(result.current).toEqual({ raw: null });
    let stored = true;
    act(() => void (stored = store.set({ raw: 'kept' })));
    expect(stored).toBe(false);
    expect(result.current).toEqual({ raw: 'kept' });
  });
});
