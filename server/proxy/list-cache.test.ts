import { describe, expect, it } from 'vitest';
import { AccountHashSniffer, AccountHashStore } from './account-hash';
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

describe('AccountHashSniffer', () => {
  const encode = (text: string) => new TextEncoder().encode(text);

  it('finds the first delivery hash even when a chunk boundary splits the URL', () => {
    const body = '{"result":{"images":[{"variants":["https://imagedelivery.net/Abc_def-123/img/public"]}]}}';
    for (let cut = 1; cut < body.length; cut += 7) {
      const store = new AccountHashStore();
      const sniffer = new AccountHashSniffer(store);
      sniffer.push(encode(body.slice(0, cut)));
      sniffer.push(encode(body.slice(cut)));
      expect(store.get(), `cut at ${cut}`).toBe('Abc_def-123');
    }
  });

  it('reads JSON-escaped slashes, ignores other hosts, and never overrides a configured hash', () => {
    const escaped = new AccountHashStore();
    new AccountHashSniffer(escaped).push(encode('"https:\\/\\/imagedelivery.net\\/Esc4ped\\/id\\/public"'));
    expect(escaped.get()).toBe('Esc4ped');

    const other = new AccountHashStore();
    new AccountHashSniffer(other).push(encode('"https://imagedelivery.net.evil.example/Nope/id/public" "http://imagedelivery.net/Nope/x/y"'));
    expect(other.get()).toBeUndefined();

    const configured = new AccountHashStore('Configured');
    configured.learn('Learnt');
    expect(configured.get()).toBe('Configured');
  });
});
