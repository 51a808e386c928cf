/**
 * The dashboard's calls of its own routes (src/lib/api-client.ts `callRoute`) against the real app in-process: the
 * answers' types come from the routes (`AppType`), so this checks that what arrives is what the types say.
 */
import { Hono } from 'hono';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiRequestError, callRoute } from '../src/lib/api-client';
import { getConfig } from '../src/lib/config';
import { createApp } from './app';
import { LOCAL_ACCOUNT_HASH } from './config';
import { configFrom } from './test-support/test-config';

afterEach(() => vi.unstubAllGlobals());

describe('the typed calls (callRoute) against the real app', () => {
  const app = createApp(configFrom({}), { local: { routes: new Hono(), signingKey: 'local-key' }, log: false });
  // The dashboard's requests go to the app in-process, as the browser's would go to the server.
  const toApp = vi.fn((input: RequestInfo | URL, init?: RequestInit) =>
    app.request(new Request(new URL(String(input), 'http://127.0.0.1:8787'), init)),
  );

  it("reads /api/config in the server route's own shape", async () => {
    vi.stubGlobal('fetch', toApp);
    const config = await getConfig();
    expect(config).toMatchObject({ mode: 'local', accountHash: LOCAL_ACCOUNT_HASH, signing: true, writes: true });
    expect(config.variants.map((variant) => variant.name)).toContain('public');
    expect(String(toApp.mock.calls.at(-1)?.[0])).toBe('/api/config');
  });

  it("signs through /api/sign, and turns the server's refusal into an ApiRequestError", async () => {
    vi.stubGlobal('fetch', toApp);
    const url = `/cdn-cgi/imagedelivery/${LOCAL_ACCOUNT_HASH}/img-1/public`;
    const signed = await callRoute('/api/sign', { json: { urls: [url], expiresIn: 60 } });
    expect(signed.urls).toHaveLength(1);
    expect(signed.urls[0]).toMatch(new RegExp(`^${url}\\?exp=\\d+&sig=[0-9a-f]{64}$`));
    const error = await callRoute('/api/sign', { json: { urls: ['https://example.com/x/y'], expiresIn: 60 } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiRequestError);
    expect((error as ApiRequestError).status).toBe(400);
    expect((error as ApiRequestError).message).toMatch(/not a delivery URL of this account/);
  });

  it('says the server could not be reached, and refuses an answer that is not JSON', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('fetch failed'))));
    await expect(callRoute('/api/config')).rejects.toThrow(/could not be reached/);
    vi.stubGlobal('fetch', vi.fn(async () => new Response('<html></html>', { headers: { 'content-type': 'text/html' } })));
    await expect(callRoute('/api/config')).rejects.toThrow(/not a JSON object/);
  });
});
