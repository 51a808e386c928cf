/**
 * The account index on Workers (docs/CONTRACT.md §8): `wrangler dev --test-scheduled` with local D1 (binding
 * `INDEX_DB`) runs server/worker.ts; `GET /__scheduled` fires the Cron Trigger, which walks the fake Cloudflare API
 * (a real HTTP server) into D1 through its batch host (docs/CONTRACT.md §10: no global list request); `/api/images`
 * then searches it with the same SQL as on Node.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CfImage } from '../../src/contract/image';
import { compileSearchMatcher, parseSearchQuery, type SearchResult } from '../../src/contract/search-query';
import { FAKE_BATCH_TOKEN, startFakeUpstream, type FakeUpstream } from '../test-support/fake-upstream';
import { TEST_ACCOUNT_ID, TEST_API_TOKEN } from '../test-support/test-config';
import { startWranglerDev, wranglerWorkspace, type RunningWorker, type WranglerWorkspace } from './wrangler-harness';

const IMAGES = 2300;
let upstream: FakeUpstream;
let workspace: WranglerWorkspace;
let worker: RunningWorker;

type Body = { success: boolean; errors: { code: number; message: string }[]; result: SearchResult<CfImage> };

async function search(query: string): Promise<{ status: number; body: Body }> {
  const res = await fetch(`${worker.url}/api/images?${query}`);
  return { status: res.status, body: (await res.json()) as Body };
}

beforeAll(async () => {
  upstream = await startFakeUpstream({ images: IMAGES, batch: 'ok' });
  workspace = wranglerWorkspace(
    {
      CLOUDFLARE_ACCOUNT_ID: TEST_ACCOUNT_ID,
      CLOUDFLARE_API_TOKEN: TEST_API_TOKEN,
      CLOUDFLARE_BASE_URL: upstream.baseUrl,
      CLOUDFLARE_BATCH_URL: `${upstream.origin}/batch`,
      CACHE_TTL_MS: '0',
      UPSTREAM_TIMEOUT_MS: '20000',
    },
    '<!doctype html>',
    { d1_databases: [{ binding: 'INDEX_DB', database_name: 'cf-images-explorer-index', database_id: 'local-test-index' }] },
  );
  worker = await startWranglerDev(workspace, 120_000, { testScheduled: true });
}, 150_000);

afterAll(async () => {
  await worker?.stop();
  await upstream?.close();
  workspace?.remove();
});

describe('Worker with D1: the index walked by the Cron Trigger', () => {
  it('is building and empty before the first trigger', async () => {
    const { status, body } = await search('per_page=10');
    expect(status, JSON.stringify(body)).toBe(200);
    expect(body.result.index).toStrictEqual({ state: 'building', indexed: 0, updated: null });
    expect(body.result.total).toBe(0);
  });

  it('a scheduled run walks every page into D1; searches then match the reference', async () => {
    const trigger = await fetch(`${worker.url}/__scheduled?cron=*+*+*+*+*`);
    expect(trigger.status).toBe(200);
    let body: Body | undefined;
    for (let i = 1; i <= 180; i += 1) {
      body = (await search('per_page=10')).body;
      if (body.result.index.state === 'ready') break;
      // The Cron Trigger fires every minute; on a busy machine a walk step may fail and wait for the next one.
      if (i % 40 === 0) await fetch(`${worker.url}/__scheduled?cron=*+*+*+*+*`);
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(body?.result.index, worker.output().slice(-3000)).toMatchObject({ state: 'ready', indexed: IMAGES });
    const walkRequests = upstream.batchListRequests().filter((r) => r.search.includes('per_page=1000'));
    // Every page of the walk was asked for (a step that failed on a busy machine is asked again), from the batch host
    // with the batch token; the global API saw the token request and no list request.
    expect(new Set(walkRequests.map((r) => r.search)).size).toBe(Math.ceil(IMAGES / 1000));
    expect(walkRequests.every((r) => r.headers.authorization === `Bearer ${FAKE_BATCH_TOKEN}`)).toBe(true);
    expect(upstream.listRequests()).toHaveLength(0);
    const tokenRequests = upstream.requests.filter((r) => r.path.endsWith('/images/v1/batch_token'));
    expect(tokenRequests.length).toBeGreaterThanOrEqual(1);
    expect(tokenRequests.every((r) => r.headers.authorization === `Bearer ${TEST_API_TOKEN}`)).toBe(true);

    for (const query of ['q=PHOTO-12&per_page=50', 'q=photo-1&private=true&meta.status[eq]=active', 'uploaded[gte]=2026-01-01T10:00Z&uploaded[lt]=2026-01-01T12:00Z&sort_order=asc']) {
      const parsed = parseSearchQuery(query);
      if (!parsed.ok) throw new Error(query);
      const expected = upstream.images.filter(compileSearchMatcher(parsed.query));
      const { status, body: got } = await search(query);
      expect(status).toBe(200);
      expect(got.result.total, query).toBe(expected.length);
      expect(got.result.images.length).toBe(Math.min(expected.length, parsed.query.perPage));
      expect(got.result.images.every(compileSearchMatcher(parsed.query))).toBe(true);
    }
    const facets = await fetch(`${worker.url}/api/images/facets?key=region.code`);
    const result = ((await facets.json()) as { result: { values: { value: string; count: number }[]; missing: number } }).result;
    expect(result.values.map((v) => v.count).reduce((a, b) => a + b, 0)).toBe(IMAGES);
    expect(result.missing).toBe(0);
  }, 150_000);

  it('a second trigger before the refresh is due asks upstream nothing', async () => {
    const before = upstream.requests.length;
    await fetch(`${worker.url}/__scheduled?cron=*+*+*+*+*`);
    await new Promise((r) => setTimeout(r, 1000));
    expect(upstream.requests.length).toBe(before);
  });
});
