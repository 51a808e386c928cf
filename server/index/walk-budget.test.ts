/**
 * What the walk costs in requests (docs/CONTRACT.md §8, §9, §10), against the counting fake upstream (a real HTTP
 * server) and the app's own rate budget and batch client, as server/node.ts and server/worker.ts wire them:
 * - through the batch API, a walk of N pages spends no global list request (one request of the budget: the token);
 * - with the batch host refusing, it falls back to the global API within half of the one budget that people's list
 *   requests share, and waits for the window when that half is spent;
 * - a Cloudflare 429 pauses the walk and people's requests alike until its `Retry-After` has passed.
 * The budget runs on a fake clock; the walker's steps are driven by the test.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { parseSearchQuery } from '../../src/contract/search-query';
import { FakeClock } from '../test-support/fake-clock';
import { startProxyHarness, type ProxyHarness } from '../test-support/proxy-harness';
import type { AccountIndex } from './account-index';
import { IndexWalker, type StepOutcome } from './index-walker';
import { batchPageSource } from './list-page-source';
import { openSqliteIndex } from './sqlite-index';

const dir = mkdtempSync(join(tmpdir(), 'cfie-walk-budget-'));
let harness: ProxyHarness | undefined;
let opened: ReturnType<typeof openSqliteIndex> | undefined;

afterEach(async () => {
  opened?.close();
  opened = undefined;
  await harness?.close();
  harness = undefined;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function walkerFor(h: ProxyHarness, name: string, clock?: FakeClock) {
  opened = openSqliteIndex(join(dir, name));
  // A page answers in milliseconds; the generous deadline keeps a page from timing out while the whole suite runs on two cores.
  const walker = new IndexWalker(opened.index, batchPageSource(h.services.batch, 30_000), { refreshMinutes: 60, ...(clock ? { now: clock.now } : {}) });
  return { walker, index: opened.index };
}

async function steps(walker: IndexWalker, n: number): Promise<StepOutcome[]> {
  const outcomes: StepOutcome[] = [];
  for (let i = 0; i < n; i += 1) outcomes.push(await walker.step());
  return outcomes;
}

async function total(index: AccountIndex): Promise<number> {
  const parsed = parseSearchQuery('');
  if (!parsed.ok) throw new Error('bad query');
  return (await index.search(parsed.query, undefined, 'http://localhost')).total;
}

/** The walk's own list requests (`per_page=1000`), on the global API. */
const globalWalkRequests = (h: ProxyHarness) => h.upstream.listRequests().filter((r) => r.search.includes('per_page=1000'));

describe('the walk through the batch API', () => {
  it('spends no global list request for N pages: only the batch token comes out of the budget', async () => {
    harness = await startProxyHarness({ upstream: { images: 5000, batch: 'ok' }, budgetLimit: 10 });
    const { walker, index } = await walkerFor(harness, 'batch-ok');
    expect(await steps(walker, 7)).toStrictEqual(['started', 'page', 'page', 'page', 'page', 'completed', 'idle']);
    expect(harness.upstream.batchListRequests()).toHaveLength(5);
    expect(harness.upstream.batchListRequests().every((r) => r.headers.authorization === 'Bearer fake-batch-token-0123456789')).toBe(true);
    expect(harness.upstream.listRequests()).toHaveLength(0);
    expect(harness.services.budget.snapshot().used).toBe(1);
    expect(harness.upstream.requests.filter((r) => r.path.endsWith('/images/v1/batch_token'))).toHaveLength(1);
    expect(await total(index)).toBe(5000);
    expect(harness.services.batch.state()).toBe('ok');
  });

  it('a 429 from the batch host throttles the walk; the same page is asked for again', async () => {
    harness = await startProxyHarness({ upstream: { images: 2500, batch: 'ok' }, budgetLimit: 10 });
    const { walker } = await walkerFor(harness, 'batch-429');
    expect(await steps(walker, 2)).toStrictEqual(['started', 'page']);
    harness.upstream.enqueue({ type: 'rate-limit', retryAfter: '1' });
    expect(await walker.step()).toBe('throttled');
    expect(await steps(walker, 2)).toStrictEqual(['page', 'completed']);
    const searches = harness.upstream.batchListRequests().map((r) => new URLSearchParams(r.search).get('continuation_token'));
    expect(searches).toStrictEqual([null, 'o1000', 'o1000', 'o2000']);
    expect(harness.upstream.listRequests()).toHaveLength(0);
  });
});

describe('the walk when the batch host refuses', () => {
  it('falls back to the global API within half of the shared budget, after people’s list requests, and resumes with the window', async () => {
    const clock = new FakeClock();
    harness = await startProxyHarness({ upstream: { images: 10_500, batch: 'refuse' }, budgetLimit: 10, clock });
    const { walker, index } = await walkerFor(harness, 'refuse', clock);
    // 1 token + 5 walk pages: the walk's half of 10 is spent.
    expect(await steps(walker, 8)).toStrictEqual(['started', 'page', 'page', 'page', 'page', 'page', 'throttled', 'throttled']);
    expect(globalWalkRequests(harness)).toHaveLength(5);
    expect(harness.upstream.batchListRequests()).toHaveLength(1); // tried once, refused, not again for 10 minutes
    expect(harness.services.batch.state()).toBe('unavailable');
    expect(harness.logs.filter((line) => line.includes('using the global API within the rate budget'))).toHaveLength(1);
    expect(harness.services.budget.snapshot().used).toBe(6);
    // People's list requests still get through: the same budget, a share the walk cannot take.
    for (let i = 0; i < 4; i += 1) expect((await harness.call(harness.listUrl(`per_page=10&n=${i}`))).status).toBe(200);
    expect(harness.services.budget.snapshot()).toMatchObject({ used: 10, remaining: 0 });
    expect(await walker.step()).toBe('throttled');
    // The budget is spent for people too now: what the walk took counted against them.
    const refused = await harness.call(harness.listUrl('per_page=10&n=last'));
    expect(refused.status).toBe(429);
    expect((refused.json() as { errors: { code: number }[] }).errors[0]?.code).toBe(7429);
    expect(globalWalkRequests(harness)).toHaveLength(5);

    await clock.advance(300_000);
    expect(await steps(walker, 6)).toStrictEqual(['page', 'page', 'page', 'page', 'page', 'throttled']);
    expect(globalWalkRequests(harness)).toHaveLength(10);
    await clock.advance(300_000);
    expect(await walker.step()).toBe('completed');
    expect(await total(index)).toBe(10_500);
    // Every page asked for once: no page fetched twice, none skipped.
    expect(new Set(globalWalkRequests(harness).map((r) => r.search)).size).toBe(11);
  });

  it('a Cloudflare 429 pauses the walk and people’s requests until its Retry-After has passed', async () => {
    const clock = new FakeClock();
    harness = await startProxyHarness({ upstream: { images: 3000, batch: 'refuse' }, budgetLimit: 1000, clock });
    const { walker } = await walkerFor(harness, 'cf-429', clock);
    expect(await steps(walker, 2)).toStrictEqual(['started', 'page']);
    harness.upstream.enqueue({ type: 'rate-limit', retryAfter: '120' });
    expect(await walker.step()).toBe('throttled');
    const sent = harness.upstream.listRequests().length;
    expect(harness.services.budget.blocked()).toBe(clock.now() + 120_000);
    // Paused: nothing goes upstream, from the walk or from a person.
    expect(await steps(walker, 3)).toStrictEqual(['throttled', 'throttled', 'throttled']);
    const person = await harness.call(harness.listUrl('per_page=10'));
    expect(person.status).toBe(429);
    expect((person.json() as { errors: { code: number }[] }).errors[0]?.code).toBe(7429);
    expect(harness.upstream.listRequests()).toHaveLength(sent);
    await clock.advance(120_000);
    expect(await steps(walker, 2)).toStrictEqual(['page', 'completed']);
    expect((await harness.call(harness.listUrl('per_page=10'))).status).toBe(200);
  });
});
