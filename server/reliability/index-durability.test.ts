/**
 * The account index survives a `kill -9` mid-walk and resumes (docs/CONTRACT.md §8: "a walk interrupted by a restart
 * resumes, it does not start over"). The real server (server/node.ts, cloudflare mode) runs as a child process and
 * walks a slow fake Cloudflare API (each page answered late, through its batch host) into `DATA_DIR/index.sqlite`;
 * it is killed with SIGKILL while pages are still coming, the database is checked read-only
 * (`PRAGMA integrity_check`), and a new process on the same DATA_DIR continues from the saved continuation token:
 * the fake's request log shows no page asked for from the start again, and the index ends up complete.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeUpstream, type FakeUpstream } from '../test-support/fake-upstream';
import { TEST_ACCOUNT_ID, TEST_API_TOKEN } from '../test-support/test-config';
import { startNodeServer, type ChildServer } from './child-server';

const IMAGES = 20_000;
const PAGES = IMAGES / 1000;
const dataDir = mkdtempSync(join(tmpdir(), 'cfie-index-kill-'));
let upstream: FakeUpstream;
let server: ChildServer | undefined;

beforeAll(async () => {
  upstream = await startFakeUpstream({ images: IMAGES, batch: 'ok' });
  // Slow enough that the kill lands mid-walk on any machine.
  upstream.setDefault({ type: 'delay', ms: 250, then: { type: 'list' } });
});
afterAll(async () => {
  await server?.stop();
  await upstream?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const env = () => ({
  CLOUDFLARE_ACCOUNT_ID: TEST_ACCOUNT_ID,
  CLOUDFLARE_API_TOKEN: TEST_API_TOKEN,
  CLOUDFLARE_BASE_URL: upstream.baseUrl,
  CLOUDFLARE_BATCH_URL: `${upstream.origin}/batch`,
  DATA_DIR: dataDir,
});

/** Read-only, with no server running: what the kill left on disk, WAL included. */
function inspect(): { integrity: string; rows: number; state: { phase: string; token: string | null; pages: number; seen: number } } {
  const db = new Database(join(dataDir, 'index.sqlite'), { readonly: true, fileMustExist: true });
  try {
    const integrity = db.pragma('integrity_check', { simple: true }) as string;
    const { n } = db.prepare('SELECT count(*) AS n FROM images').get() as { n: number };
    const row = db.prepare('SELECT state FROM walk_state WHERE id = 1').get() as { state: string } | undefined;
    return { integrity, rows: n, state: JSON.parse(row?.state ?? '{}') as ReturnType<typeof inspect>['state'] };
  } finally {
    db.close();
  }
}

const tokenOf = (search: string) => new URLSearchParams(search).get('continuation_token');

describe('the index walk under kill -9', () => {
  it('resumes from the saved page after SIGKILL; the database stays whole', async () => {
    server = await startNodeServer({ env: env() });
    expect(server.output()).toMatch(/index on \(.*index\.sqlite, walked every 60 min\)/);
    // Kill once a few pages are in, while the rest are still to come.
    const deadline = Date.now() + 30_000;
    while (upstream.batchListRequests().length < 5 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    const victim = server;
    await victim.kill9();
    expect((await victim.exited).signal).toBe('SIGKILL');
    const before = upstream.batchListRequests().length;
    expect(before).toBeGreaterThanOrEqual(5);
    expect(before).toBeLessThan(PAGES);

    const left = inspect();
    expect(left.integrity).toBe('ok');
    expect(left.state.phase).toBe('walking');
    // Page k is asked for only after page k-1 was saved: at least four pages are in.
    expect(left.state.pages).toBeGreaterThanOrEqual(before - 1);
    expect(left.state.token).not.toBeNull();
    expect(left.rows).toBe(left.state.seen);

    server = await startNodeServer({ env: env() });
    const resumeDeadline = Date.now() + 60_000;
    let index: { state: string; indexed: number } | undefined;
    while (Date.now() < resumeDeadline) {
      const res = await fetch(`${server.url}/api/images?per_page=10`);
      const text = await res.text();
      expect(res.status, text).toBe(200);
      index = (JSON.parse(text) as { result: { index: { state: string; indexed: number } } }).result.index;
      if (index.state === 'ready') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(index, server.output()).toMatchObject({ state: 'ready', indexed: IMAGES });

    const after = upstream.batchListRequests().slice(before);
    // The first page asked for after the restart is the saved one, and page 1 is never asked for again.
    expect(tokenOf(after[0]!.search)).toBe(left.state.token);
    expect(after.filter((r) => tokenOf(r.search) === null)).toEqual([]);
    expect(after).toHaveLength(PAGES - left.state.pages);
    // Every page fetched at least once over both runs; the global API saw no list request.
    expect(new Set(upstream.batchListRequests().map((r) => tokenOf(r.search))).size).toBe(PAGES);
    expect(upstream.listRequests()).toHaveLength(0);
    console.log(
      `kill -9 after ${before} page requests (${left.state.pages} pages saved, integrity_check: ${left.integrity}); ` +
        `the restart asked for the ${after.length} remaining pages from token ${left.state.token}`,
    );
    await server.stop();
    server = undefined;
    const final = inspect();
    expect(final).toMatchObject({ integrity: 'ok', rows: IMAGES, state: { phase: 'idle', seen: IMAGES, pages: PAGES } });
  }, 120_000);
});
