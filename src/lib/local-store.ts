/**
 * The dashboard's one way to keep things in localStorage: saved views, preferences, hidden table columns and the
 * bulk job's progress. What comes back is untrusted (another version of the app, another tab, a person in devtools):
 * each store parses it defensively. A browser that refuses storage (private modes, full, disabled) costs only the
 * memory of the choice across reloads; nothing throws.
 *
 * React reads a store with `useStoredValue` (`useSyncExternalStore`): one subscription for changes made in this
 * tab (`set`) and in others (the `storage` event).
 */
import { useSyncExternalStore } from 'react';

/** `localStorage`, or `undefined` where the browser refuses it (reading the property can throw). */
export function browserStorage(): Storage | undefined {
  try {
    return typeof window === 'undefined' ? undefined : window.localStorage;
  } catch {
    return undefined;
  }
}

export interface StoredValue<T> {
  /** The current value; the same object until it changes. */
  get(): T;
  /** Stores `next` and tells every subscriber; `false` when storage refused (the value still holds for this page). */
  set(next: T): boolean;
  /** Applies `change` to what storage holds now (another tab may have changed it), then stores the result. */
  update(change: (current: T) => T): boolean;
  subscribe(listener: () => void): () => void;
}

export interface StoredValueOptions<T> {
  /** Turns what storage holds (`null`: nothing) into a value; must not throw for any string. */
  parse: (raw: string | null) => T;
  /** Default `JSON.stringify`. */
  serialize?: (value: T) => string;
  storage?: () => Storage | undefined;
}

/**
 * A value kept under `key`. Reads compare what storage holds with the last read and parse only when it changed, so
 * the value keeps its identity between changes and always follows storage (another tab, a cleared storage).
 */
export function storedValue<T>(key: string, options: StoredValueOptions<T>): StoredValue<T> {
  const { parse, serialize = JSON.stringify, storage = browserStorage } = options;
  const listeners = new Set<() => void>();
  let cache: { raw: string | null; value: T } | null = null;
  /** A value storage refused to keep: it holds for this page. */
  let unsaved: { value: T } | null = null;
  const readRaw = (): string | null => {
    try {
      return storage()?.getItem(key) ?? null;
    } catch {
      return null;
    }
  };
  const notify = () => listeners.forEach((listener) => listener());
  const onStorage = (event: StorageEvent) => {
    if (event.key === null || event.key === key) notify();
  };
  const store: StoredValue<T> = {
    get() {
      if (unsaved) return unsaved.value;
      const raw = readRaw();
      if (!cache || cache.raw !== raw) cache = { raw, value: parse(raw) };
      return cache.value;
    },
    set(next) {
      let stored = false;
      try {
        const target = storage();
        if (target) {
          const raw = serialize(next);
          target.setItem(key, raw);
          cache = { raw, value: next };
          unsaved = null;
          stored = true;
        }
      } catch {
        // Full or refused: kept below.
      }
      if (!stored) unsaved = { value: next };
      notify();
      return stored;
    },
    update: (change) => store.set(change(store.get())),
    subscribe(listener) {
      if (listeners.size === 0 && typeof window !== 'undefined') window.addEventListener('storage', onStorage);
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && typeof window !== 'undefined') window.removeEventListener('storage', onStorage);
      };
    },
  };
  return store;
}

/** The store's value as React state; `serverValue` before hydration (there is no server rendering today). */
export function useStoredValue<T>(store: StoredValue<T>, serverValue?: T): T {
  return useSyncExternalStore(store.subscribe, store.get, () => serverValue ?? store.get());
}

/** JSON from storage, or `undefined` when there is none or it does not parse. */
export function parseJson(raw: string | null): unknown {
  if (raw === null) return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}
