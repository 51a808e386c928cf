// @vitest-environment jsdom
/**
 * src/app/start-loading.ts: src/main.tsx renders once what the first screen shows is in the query cache, so its
 * promise must settle exactly then: after the first screen's page (or the walk's first page when a link asks for
 * small pages), and also when that request fails.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { firstScreenQueryOptions, gridQueryFrom, imagesQueryOptions } from '../features/images';
import { firstScreenQuery } from '../features/images/lib/grid-query';
import { testImage } from '../test-support/images';
import { setLocalConfig } from '../test-support/local-config';
import { createQueryClient } from './provider';
import { startLoading } from './start-loading';

afterEach(() => {
  vi.unstubAllGlobals();
  window.history.replaceState(null, '', '/');
});


/** A list API whose answers wait until `release(per_page)` is called; records what was asked. */
function heldListApi(status = 200) {
  const waiting = new Map<string, () => void>();
  const asked: string[] = [];
  vi.stubGlobal('fetch', async (input: RequestInfo | URL) => {
    const url = new URL(String(input), 'http://localhost');
    const perPage = url.searchParams.get('per_page') ?? '';
    asked.push(perPage);
    await new Promise<void>((resolve) => waiting.set(perPage, resolve));
    if (status !== 200) return Response.json({ success: false, errors: [{ code: 5400, message: 'no' }], messages: [], result: null }, { status });
    const images = Array.from({ length: 3 }, (_, i) => testImage(i, {}, { variants: ['thumbnail'] }));
    return Response.json({ success: true, errors: [], messages: [], result: { images, continuation_token: null } });
  });
  const release = async (perPage: string) => {
    await vi.waitFor(() => expect(waiting.has(perPage)).toBe(true));
    waiting.get(perPage)!();
  };
  return { asked, release };
}

/** Starts loading into a new client (config already in it) and says whether its promise has settled. */
function start() {
  const client = createQueryClient();
  setLocalConfig(client);
  const state = { client, settled: false };
  void startLoading(client).then(() => (state.settled = true));
  return state;
}
const tick = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('startLoading', () => {
  it('settles once the first screen’s page is in the cache, without waiting for the walk’s first page', async () => {
    const api = heldListApi();
    const state = start();
    await tick();
    expect(state.settled).toBe(false);
    await api.release('50');
    await vi.waitFor(() => expect(state.settled).toBe(true));
    const query = (gridQueryFrom(new URLSearchParams()) as { ok: true; query: Parameters<typeof imagesQueryOptions>[1] }).query;
    expect(state.client.getQueryData(firstScreenQueryOptions('acc', firstScreenQuery(query)!).queryKey)?.images).toHaveLength(3);
    expect(state.client.getQueryData(imagesQueryOptions('acc', query).queryKey)).toBeUndefined();
    expect(api.asked.sort()).toEqual(['1000', '50']);
    await api.release('1000');
  });

  it('waits for the walk’s first page when a link asks for small pages (no first screen of its own)', async () => {
    window.history.replaceState(null, '', '/?per_page=100');
    const api = heldListApi();
    const state = start();
    await tick();
    expect(state.settled).toBe(false);
    await api.release('100');
    await vi.waitFor(() => expect(state.settled).toBe(true));
    expect(api.asked).toEqual(['100']);
  });

  it('settles, without rejecting, when the first page fails: the views show the error', async () => {
    const api = heldListApi(400);
    const state = start();
    await api.release('50');
    await vi.waitFor(() => expect(state.settled).toBe(true));
    await api.release('1000');
  });
});
