import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod/mini';
import { ApiRequestError, fetchJson } from './api-client';

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
});
