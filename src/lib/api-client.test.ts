import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod/mini';
import { ApiRequestError, fetchJson, fetchJsonWithItems, ITEMS_PER_SLICE } from './api-client';

const json = (body: unknown, init: ResponseInit = {}) =>
  new Response(JSON.stringify(body), { ...init, headers: { 'content-type': 'application/json', ...init.headers } });

afterEach(() => vi.unstubAllGlobals());

describe('fetchJson', () => {
  it('returns the validated body', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => json({ a: 1 })));
    await expect(fetchJson('/x', z.object({ a: z.number() }))).resolves.toEqual({ a: 1 });
  });
  it("throws Cloudflare's message and code from an error envelope", async () => {
    const body = { success: false, errors: [{ code: 5400, message: 'Invalid per_page' }], messages: [], result: null };
    vi.stubGlobal('fetch', vi.fn(async () => json(body, { status: 400 })));
    const error = await fetchJson('/x', z.object({})).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiRequestError);
    expect((error as ApiRequestError).message).toBe('Invalid per_page');
    expect((error as ApiRequestError).code).toBe(5400);
  });
  it('reads Retry-After on 429', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => json({}, { status: 429, headers: { 'retry-after': '30' } })));
    const error = (await fetchJson('/x', z.object({})).catch((e: unknown) => e)) as ApiRequestError;
    expect(error.isRateLimit).toBe(true);
    expect(error.retryAfterMs).toBe(30_000);
  });
  it('refuses a 200 that does not fit the schema, naming where', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => json({ a: 'no' })));
    await expect(fetchJson('/api/x', z.object({ a: z.number() }))).rejects.toThrow(/\/api\/x at a/);
  });
  it('takes an answer already on its way instead of fetching, and checks it the same way', async () => {
    const fetchSpy = vi.fn(async () => json({ a: 2 }));
    vi.stubGlobal('fetch', fetchSpy);
    await expect(fetchJson('/x', z.object({ a: z.number() }), { early: Promise.resolve(json({ a: 1 })) })).resolves.toEqual({ a: 1 });
    expect(fetchSpy).not.toHaveBeenCalled();
    const error = await fetchJson('/x', z.object({}), { early: Promise.resolve(json({}, { status: 429 })) }).catch((e: unknown) => e);
    expect((error as ApiRequestError).isRateLimit).toBe(true);
    // No early answer for this URL: fetched as usual.
    await expect(fetchJson('/x', z.object({ a: z.number() }), { early: Promise.resolve(null) })).resolves.toEqual({ a: 2 });
    expect(fetchSpy).toHaveBeenCalledOnce();
  });
});

describe('fetchJsonWithItems', () => {
  /** A MessageChannel whose messages arrive only when the test says: each is the next task the checks wait for. */
  function heldTasks() {
    const held: (() => void)[] = [];
    class HeldChannel {
      port1: { onmessage: (() => void) | null; close: () => void } = { onmessage: null, close: () => {} };
      port2 = { postMessage: () => held.push(() => this.port1.onmessage?.()) };
    }
    vi.stubGlobal('MessageChannel', HeldChannel);
    return { count: () => held.length, release: () => held.shift()?.() };
  }

  const head = z.object({ items: z.array(z.unknown()), next: z.nullable(z.string()) });

  it('checks a long list a slice at a time, each slice after the browser’s next task', async () => {
    const tasks = heldTasks();
    let checked = 0;
    const item = z.custom<number>((value) => {
      checked += 1;
      return typeof value === 'number';
    });
    const items = Array.from({ length: ITEMS_PER_SLICE * 2 + 50 }, (_, i) => i);
    vi.stubGlobal('fetch', vi.fn(async () => json({ items, next: null })));
    const answer = fetchJsonWithItems('/x', head, { path: ['items'], at: (h) => h.items, item });
    await vi.waitFor(() => expect(tasks.count()).toBe(1));
    expect(checked).toBe(ITEMS_PER_SLICE);
    tasks.release();
    await vi.waitFor(() => expect(tasks.count()).toBe(1));
    expect(checked).toBe(ITEMS_PER_SLICE * 2);
    tasks.release();
    await expect(answer).resolves.toEqual({ head: { items, next: null }, items });
    expect(checked).toBe(items.length);
  });

  it('refuses a bad item, naming where, as one schema over the whole answer would', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => json({ items: [1, 2, { a: 'no' }], next: null })));
    const item = z.object({ a: z.number() });
    await expect(fetchJsonWithItems('/api/x', head, { path: ['items'], at: (h) => h.items, item })).rejects.toThrow(/\/api\/x at items\.0: /);
    vi.stubGlobal('fetch', vi.fn(async () => json({ items: [{ a: 1 }, { a: 'no' }], next: null })));
    await expect(fetchJsonWithItems('/api/x', head, { path: ['items'], at: (h) => h.items, item })).rejects.toThrow(/\/api\/x at items\.1\.a: /);
    vi.stubGlobal('fetch', vi.fn(async () => json({ items: [] })));
    await expect(fetchJsonWithItems('/api/x', head, { path: ['items'], at: (h) => h.items, item })).rejects.toThrow(/\/api\/x at next: /);
  });
});
