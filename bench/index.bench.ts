/**
 * The account index on SQLite (docs/CONTRACT.md §8, docs/index.md; issue 11):
 * - filling it with 100,000 images the way the walk does, 100 pages of 1000 (`saveWalkStep`, one transaction a page);
 * - "indexed search over 100,000 images": a page of 1000 under a `q` and two metadata filters, `GET /api/images` over
 *   HTTP (the real route behind @hono/node-server, a keep-alive `node:http` client, timed to the last body byte), and
 *   the same query's second page: goal median ≤ 50 ms;
 * - a facet of the same query (no goal; printed).
 *
 * Server and client share this process, one request at a time, like bench/local-list.bench.ts. Beside the wall-clock
 * median it prints the median CPU time of this process per request (`process.cpuUsage`: the route and the client
 * together), which waiting for a core on a loaded machine does not inflate.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { handleError } from '../server/errors';
import { INITIAL_WALK_STATE } from '../server/index/account-index';
import { openSqliteIndex } from '../server/index/sqlite-index';
import { createImageSearchRoutes } from '../server/routes/images';
import { generateImages } from '../server/test-support/fake-upstream';
import { table, timedGet } from './load-runner';
import { report } from './summary';

const IMAGES = 100_000;
const PAGE = 1000;
/** ~11% of the filenames contain `photo-1`; half are `active`; two regions of three: ~3,700 matches. */
const QUERY = 'q=photo-1&meta.status[eq]=active&meta.region.code[in]=IE|DE&per_page=1000';
const RUNS = 40;
const GOAL_MS = 50;

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

const get = (url: string) => timedGet(url, agent);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

async function timed(url: string, expectImages: number): Promise<{ median: number; cpu: number; total: number }> {
  const first = await get(url);
  if (first.status !== 200) throw new Error(`${url}: ${first.status} ${first.text.slice(0, 200)}`);
  const body = JSON.parse(first.text) as { result: { images: unknown[]; total: number } };
  if (body.result.images.length !== expectImages) throw new Error(`${url}: ${body.result.images.length} images`);
  for (let i = 0; i < 10; i += 1) await get(url);
  const times: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    const before = process.cpuUsage();
    const answer = await get(url);
    const used = process.cpuUsage(before);
    if (answer.text !== first.text) throw new Error(`${url}: the answer changed between requests`);
    times.push(answer.ms);
    cpu.push((used.user + used.system) / 1000);
  }
  return { median: median(times), cpu: median(cpu), total: body.result.total };
}

export default async function indexBench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'cfie-bench-index-'));
  const opened = openSqliteIndex(dir);
  try {
    const images = generateImages(IMAGES);
    const started = performance.now();
    let state = { ...INITIAL_WALK_STATE, generation: 1, phase: 'walking' as const, startedAt: new Date().toISOString() };
    for (let page = 0; page < IMAGES / PAGE; page += 1) {
      const last = page === IMAGES / PAGE - 1;
      const next = { ...state, pages: page + 1, seen: (page + 1) * PAGE, token: last ? null : `o${(page + 1) * PAGE}` };
      await opened.index.saveWalkStep(images.slice(page * PAGE, (page + 1) * PAGE), last ? { ...next, phase: 'idle' as const, completedAt: new Date().toISOString() } : next, last);
      state = next;
    }
    const fillMs = performance.now() - started;
    const status = await opened.index.status();
    if (status.indexed !== IMAGES || status.state !== 'ready') throw new Error(`index: ${JSON.stringify(status)}`);
    console.log(`filling the index with 100,000 images (100 walk pages of 1000): ${(fillMs / 1000).toFixed(1)} s`);
    report({ measure: 'index: filling 100,000 images (100 walk pages)', value: `${(fillMs / 1000).toFixed(1)} s`, goal: '< 60 s', met: fillMs < 60_000 });

    const app = new Hono();
    app.route('/', createImageSearchRoutes(opened.index));
    app.onError((error, c) => handleError(error, c));
    const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
      const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
    });
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const url = `${origin}/api/images?${QUERY}`;
      const one = await timed(url, PAGE);
      const token = (JSON.parse((await get(url)).text) as { result: { continuation_token: string } }).result.continuation_token;
      const two = await timed(`${url}&continuation_token=${encodeURIComponent(token)}`, PAGE);
      const facetUrl = `${origin}/api/images/facets?${QUERY.replace('&per_page=1000', '')}&key=creator`;
      const facet = await get(facetUrl);
      if (facet.status !== 200) throw new Error(`${facetUrl}: ${facet.status} ${facet.text.slice(0, 200)}`);
      const facetTimes: number[] = [];
      for (let i = 0; i < RUNS; i += 1) facetTimes.push((await get(facetUrl)).ms);
      const rows = [
        ['query', 'matches', 'median ms', 'CPU ms', 'goal', ''],
        ['page 1 of q + two filters', String(one.total), one.median.toFixed(1), one.cpu.toFixed(1), `≤ ${GOAL_MS}`, one.median <= GOAL_MS ? 'met' : 'MISSED'],
        ['page 2 of the same', String(two.total), two.median.toFixed(1), two.cpu.toFixed(1), `≤ ${GOAL_MS}`, two.median <= GOAL_MS ? 'met' : 'MISSED'],
        ['facet of the same query', String(one.total), median(facetTimes).toFixed(1), '', '', ''],
      ];
      console.log(`\n${table(rows)}\n\n(${QUERY}; ${RUNS} requests each, one at a time, after 10 warm-up requests; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')})`);
      report({ measure: `indexed search over 100,000 images: 1000 of ${one.total.toLocaleString('en')} (q + two filters), over HTTP`, value: `${one.median.toFixed(1)} ms (CPU ${one.cpu.toFixed(1)})`, goal: `≤ ${GOAL_MS} ms`, met: one.median <= GOAL_MS });
      report({ measure: 'indexed search over 100,000 images: the second page', value: `${two.median.toFixed(1)} ms (CPU ${two.cpu.toFixed(1)})`, goal: `≤ ${GOAL_MS} ms`, met: two.median <= GOAL_MS });
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  } finally {
    agent.destroy();
    opened.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
