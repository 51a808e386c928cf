/**
 * The walk (docs/CONTRACT.md §8) against a real upstream: the local Images API over a real store, called in-process
 * through a counting `fetch`, into a real SQLite index on disk. No timers: the test calls `step()` and moves a fake
 * clock.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSearchQuery } from '../../src/contract/search-query';
import { V1, V2, localTestApp, type LocalTestApp } from '../local/test-helpers';
import { IndexWalker, runWalkFor, type StepOutcome } from './index-walker';
import type { CfImage } from '../../src/contract/image';
import { listPageSource } from './list-page-source';
import { RecentWrites } from './recent-writes';
import { AccountHashStore } from '../proxy/account-hash';
import { FAKE_ACCOUNT_HASH, generateImages } from '../test-support/fake-upstream';
import { openSqliteIndex } from './sqlite-index';

const IMAGES = 2300;
let upstream: LocalTestApp;
let dir: string;

/** The local API as upstream, every list request counted with its query. */
function countingSource() {
  const requests: URLSearchParams[] = [];
  const source = listPageSource({
    timeoutMs: 10_000,
    get: async (query, signal) => {
      requests.push(new URLSearchParams(query));
      return upstream.app.request(`http://localhost${V2}?${query}`, { signal });
    },
  });
  return { source, requests };
}

function clock(start = Date.UTC(2026, 5, 1)) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

async function stepUntil(walker: IndexWalker, stop: StepOutcome, max = 50): Promise<StepOutcome[]> {
  const outcomes: StepOutcome[] = [];
  for (let i = 0; i < max; i += 1) {
    const outcome = await walker.step();
    outcomes.push(outcome);
    if (outcome === stop) return outcomes;
  }
  throw new Error(`never reached ${stop}: ${outcomes.join(', ')}`);
}

async function total(index: ReturnType<typeof openSqliteIndex>['index'], query = ''): Promise<number> {
  const parsed = parseSearchQuery(query);
  if (!parsed.ok) throw new Error('bad query');
  return (await index.search(parsed.query, undefined)).total;
}

beforeAll(async () => {
  upstream = await localTestApp({ DEMO_IMAGES: String(IMAGES), DEMO_SEED: '3' });
  dir = mkdtempSync(join(tmpdir(), 'cfie-walk-'));
});
afterAll(() => {
  upstream.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('IndexWalker', () => {
  it('walks every page of list v2 into the index, one request a page, building until complete', async () => {
    const opened = openSqliteIndex(join(dir, 'full'));
    const { source, requests } = countingSource();
    const time = clock();
    const walker = new IndexWalker(opened.index, source, { refreshMinutes: 60, now: time.now });
    expect((await opened.index.status()).state).toBe('building');
    const outcomes = await stepUntil(walker, 'completed');
    expect(outcomes).toStrictEqual(['started', 'page', 'page', 'completed']);
    expect(requests).toHaveLength(Math.ceil(IMAGES / 1000));
    expect(requests.every((q) => q.get('per_page') === '1000')).toBe(true);
    const status = await opened.index.status();
    expect(status).toStrictEqual({ state: 'ready', indexed: IMAGES, updated: new Date(time.now()).toISOString() });
    expect(await total(opened.index)).toBe(upstream.local.store.size);
    // Idle until the refresh is due; no request meanwhile.
    time.advance(59 * 60_000);
    expect(await walker.step()).toBe('idle');
    expect(requests).toHaveLength(3);
    opened.close();
  });

  it('resumes an interrupted walk where it stood, after the database is closed and opened again', async () => {
    const path = join(dir, 'resume');
    const first = openSqliteIndex(path);
    const a = countingSource();
    await stepUntil(new IndexWalker(first.index, a.source, { refreshMinutes: 60 }), 'page');
    const saved = await first.index.walkState();
    expect(saved).toMatchObject({ phase: 'walking', pages: 1, seen: 1000, completedAt: null });
    expect(saved.token).not.toBeNull();
    first.close();

    const second = openSqliteIndex(path);
    const b = countingSource();
    expect((await second.index.status()).state).toBe('building');
    const outcomes = await stepUntil(new IndexWalker(second.index, b.source, { refreshMinutes: 60 }), 'completed');
    expect(outcomes).toStrictEqual(['page', 'completed']);
    // The first request after the restart continues from the saved token: nothing is fetched twice.
    expect(b.requests[0]?.get('continuation_token')).toBe(saved.token);
    expect(a.requests.length + b.requests.length).toBe(3);
    expect(await total(second.index)).toBe(IMAGES);
    second.close();
  });

  it('the next walk drops images deleted upstream and keeps those a live answer added meanwhile', async () => {
    const opened = openSqliteIndex(join(dir, 'refresh'));
    const { source } = countingSource();
    const time = clock();
    const walker = new IndexWalker(opened.index, source, { refreshMinutes: 30, now: time.now });
    await stepUntil(walker, 'completed');
    const ids = [...upstream.local.store.list({ perPage: 5, sortOrder: 'desc', match: () => true }).images].map((i) => i.id);
    for (const id of ids) {
      const res = await upstream.app.request(`${V1}/${encodeURIComponent(id)}`, { method: 'DELETE' });
      expect(res.status).toBe(200);
    }
    expect(await total(opened.index)).toBe(IMAGES);
    time.advance(30 * 60_000);
    expect(await walker.step()).toBe('started');
    expect(await walker.step()).toBe('page');
    // An image the walk will not list (as if uploaded elsewhere), seen in a live answer during the walk: kept.
    const live = { id: 'live-one', filename: 'live.png', creator: null, meta: {}, requireSignedURLs: false, uploaded: '2020-01-01T00:00:00.000Z', variants: [] };
    await opened.index.upsert([live]);
    await stepUntil(walker, 'completed');
    expect(await total(opened.index)).toBe(IMAGES - ids.length + 1);
    expect(await total(opened.index, `q=${ids[0]}`)).toBe(0);
    expect(await total(opened.index, 'q=live-one')).toBe(1);
    opened.close();
  });

  it('starts the pages again when upstream refuses a saved token, and records failures without losing its place', async () => {
    const opened = openSqliteIndex(join(dir, 'faults'));
    const { source } = countingSource();
    let fail: 'token' | 'down' | null = null;
    const faulty = {
      fetchPage: (token: string | null) => {
        if (fail === 'token') return source.fetchPage('AAAAAAAAAAAAAAAAAAAA');
        if (fail === 'down') return Promise.reject(new Error('connect ECONNREFUSED'));
        return source.fetchPage(token);
      },
    };
    const walker = new IndexWalker(opened.index, faulty, { refreshMinutes: 60 });
    await stepUntil(walker, 'page');
    const before = await opened.index.walkState();
    fail = 'down';
    expect(await walker.step()).toBe('failed');
    expect(await opened.index.walkState()).toMatchObject({ token: before.token, pages: 1, error: 'connect ECONNREFUSED' });
    fail = 'token';
    expect(await walker.step()).toBe('restarted');
    expect(await opened.index.walkState()).toMatchObject({ token: null, phase: 'walking' });
    fail = null;
    await stepUntil(walker, 'completed');
    expect(await opened.index.walkState()).toMatchObject({ error: null, phase: 'idle' });
    expect(await total(opened.index)).toBe(upstream.local.store.size);
    opened.close();
  });

  it('runWalkFor stops at its step limit and when the walk is idle', async () => {
    const opened = openSqliteIndex(join(dir, 'run-for'));
    const { source } = countingSource();
    const walker = new IndexWalker(opened.index, source, { refreshMinutes: 60 });
    expect(await runWalkFor(walker, { maxSteps: 2, maxMs: 60_000 })).toStrictEqual(['started', 'page']);
    expect(await runWalkFor(walker, { maxSteps: 10, maxMs: 60_000 })).toStrictEqual(['page', 'completed']);
    expect(await runWalkFor(walker, { maxSteps: 10, maxMs: 60_000 })).toStrictEqual(['idle']);
    opened.close();
  });

  it('a page asked for before a write through the proxy does not undo it, and the walk’s end keeps the write', async () => {
    const opened = openSqliteIndex(join(dir, 'race'));
    const { source } = countingSource();
    const recentWrites = new RecentWrites(5 * 60_000);
    let edited: CfImage | undefined;
    let untouched: CfImage | undefined;
    const racing = {
      fetchPage: async (token: string | null) => {
        const page = await source.fetchPage(token);
        if (!edited && page.images.length > 1) {
          // A person edits an image of this page while the page is on its way (image-routes.ts records it so).
          edited = { ...page.images[0]!, meta: { race: 'edited' } };
          untouched = page.images[1];
          recentWrites.note(edited.id);
          await opened.index.upsert([edited]);
        }
        return page;
      },
    };
    const walker = new IndexWalker(opened.index, racing, { refreshMinutes: 30, now: clock().now, recentWrites });
    await stepUntil(walker, 'completed');
    expect(await total(opened.index, 'meta.race[eq]=edited')).toBe(1);
    expect(await total(opened.index, `q=${edited!.id}`)).toBe(1);
    expect(await total(opened.index, `q=${untouched!.id}`)).toBe(1);
    opened.close();
  });

  it('learns the delivery account hash from the pages it walks, by the list answers’ rule (docs/CONTRACT.md §3)', async () => {
    const opened = openSqliteIndex(join(dir, 'hash'));
    const agreeing = generateImages(20);
    const disagreeing = generateImages(20, 'SomeoneElsesHash');
    const pages = [{ images: [...agreeing.slice(0, 10), disagreeing[10]!], continuationToken: 'next' }, { images: agreeing.slice(10), continuationToken: null }];
    const source = { fetchPage: async (token: string | null) => pages[token === null ? 0 : 1]! };
    const accountHash = new AccountHashStore();
    const walker = new IndexWalker(opened.index, source, { refreshMinutes: 60, accountHash });
    expect(await walker.step()).toBe('started');
    expect(await walker.step()).toBe('page');
    // A page whose variants name two hashes teaches nothing.
    expect(accountHash.get()).toBeUndefined();
    expect(await walker.step()).toBe('completed');
    expect(accountHash.get()).toBe(FAKE_ACCOUNT_HASH);
    opened.close();
  });
});
