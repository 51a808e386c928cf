import { describe, expect, it } from 'vitest';
import { ListCache } from './list-cache';

const answer = (bytes: number) => ({ status: 200, headers: [] as [string, string][], encoding: 'identity' as const, body: new Uint8Array(bytes) });

describe('ListCache', () => {
  it('expires entries after the TTL', () => {
    let now = 1000;
    const cache = new ListCache({ ttlMs: 100, maxEntries: 10, maxBytes: 1000, now: () => now });
    cache.set('a', answer(10));
    now += 99;
    expect(cache.get('a')).toBeDefined();
    now += 1;
    expect(cache.get('a')).toBeUndefined();
    expect(cache.bytes).toBe(0);
  });

  it('evicts the least recently used entry beyond maxEntries', () => {
    const cache = new ListCache({ ttlMs: 1000, maxEntries: 2, maxBytes: 1000 });
    cache.set('a', answer(1));
    cache.set('b', answer(1));
    cache.get('a'); // a is now the most recently used
    cache.set('c', answer(1));
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBeDefined();
    expect(cache.get('c')).toBeDefined();
    expect(cache.size).toBe(2);
  });

  it('keeps total bytes under maxBytes and never stores an answer larger than that', () => {
    const cache = new ListCache({ ttlMs: 1000, maxEntries: 100, maxBytes: 100 });
    cache.set('a', answer(40));
    cache.set('b', answer(40));
    cache.set('c', answer(40));
    expect(cache.bytes).toBe(80);
    expect(cache.get('a')).toBeUndefined();
    cache.set('huge', answer(101));
    expect(cache.get('huge')).toBeUndefined();
    expect(cache.bytes).toBe(80);
    cache.set('b', answer(10)); // replacing an entry frees its old bytes
    expect(cache.bytes).toBe(50);
  });

  it('stores nothing with a TTL of 0', () => {
    const cache = new ListCache({ ttlMs: 0, maxEntries: 10, maxBytes: 1000 });
    cache.set('a', answer(1));
    expect(cache.enabled).toBe(false);
    expect(cache.size).toBe(0);
  });
});
