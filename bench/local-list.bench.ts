/**
 * The local Images API's list route against the floor (issue 9, docs/performance.md "Server"):
 * - seeding 100,000 demo images (records and one SQLite transaction; pictures are drawn lazily): goal under 60 s;
 * - a page of 1000 out of 10,000 and out of 100,000 stored images, unfiltered and under five filters, over HTTP
 *   (the real route behind @hono/node-server, a keep-alive `node:http` client, timed to the last body byte), against
 *   `JSON.stringify` of that same page (the parsed answer) in the same run: goal median ≤ 1.5×.
 *
 * Server and client share this process, one request at a time, so the figure is the route's whole cost plus the
 * HTTP hop. The hop alone is measured beside it: a route that answers the same bytes, already in hand as one buffer,
 * through the same server and client (`/hop`), the floor of any route answering over HTTP here.
 * `BENCH_DATA_DIR=<dir>` keeps the seeded stores there and reuses them on the next run.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { handleError } from '../server/errors';
import { seedDemoImages } from '../server/local/demo/seed';
import { ImageStore } from '../server/local/image-store';
import { listImagesRoutes } from '../server/local/routes/list-images';
import { table, timedGet } from './load-runner';
import { report } from './summary';

const PATH = '/client/v4/accounts/10ca1000000000000000000000000000/images/v2';
const FIVE_FILTERS =
  'meta.status[in]=active|pending&meta.ratings[gte]=2&meta.priority[lte:number]=9&meta.region.name[in]=eu-west|us-east|us-west|eu-central&meta.featured[eq:boolean]=false';
const QUERIES = [
  { name: 'unfiltered', search: 'per_page=1000' },
  { name: 'five filters', search: `per_page=1000&${FIVE_FILTERS}` },
  // A later page: the keyset position is a binary search, not a walk from the start.
  { name: 'five filters, page 2', search: `per_page=1000&${FIVE_FILTERS}`, page: 2 },
];
const RUNS = 40;

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

const get = (url: string) => timedGet(url, agent);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

function seeded(root: string, count: number): { store: ImageStore; seedMs: number | null } {
  const dir = join(root, String(count));
  mkdirSync(dir, { recursive: true });
  const started = performance.now();
  const store = new ImageStore(dir);
  const added = seedDemoImages(store, count, 42);
  return { store, seedMs: added > 0 ? performance.now() - started : null };
}

export default async function localListBench(): Promise<void> {
  const keep = process.env.BENCH_DATA_DIR;
  const root = keep ?? mkdtempSync(join(tmpdir(), 'cfie-bench-list-'));
  const rows: string[][] = [['store', 'query', 'route over HTTP, median ms', 'JSON.stringify, median ms', 'ratio', 'goal', '', 'same bytes over HTTP (hop), ms', 'route / hop']];
  try {
    for (const count of [10_000, 100_000]) {
      const { store, seedMs } = seeded(root, count);
      if (count === 100_000) {
        console.log(seedMs === null ? `100,000 demo images: reused the store in ${root}` : `seeding 100,000 demo images: ${(seedMs / 1000).toFixed(1)} s`);
        if (seedMs !== null) report({ measure: 'seeding 100,000 demo images', value: `${(seedMs / 1000).toFixed(1)} s`, goal: '< 60 s', met: seedMs < 60_000 });
      }
      const app = new Hono();
      const hopBodies = new Map<string, Uint8Array<ArrayBuffer>>();
      app.get('/hop', (c) => c.body(hopBodies.get(c.req.query('k') ?? '') ?? new Uint8Array(), 200, { 'content-type': 'application/json' }));
      app.route('/', listImagesRoutes(store));
      app.onError((error, c) => handleError(error, c));
      const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
        const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
      });
      const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      try {
        for (const q of QUERIES) {
          // Follow the tokens to the page asked for.
          let search = q.search;
          for (let p = 1; p < (q.page ?? 1); p += 1) {
            const { text } = await get(`${origin}${PATH}?${search}`);
            const token = (JSON.parse(text) as { result: { continuation_token: string } }).result.continuation_token;
            search = `${q.search}&continuation_token=${token}`;
          }
          const url = `${origin}${PATH}?${search}`;
          const first = await get(url);
          if (first.status !== 200) throw new Error(`${url}: ${first.status} ${first.text.slice(0, 200)}`);
          const page: unknown = JSON.parse(first.text);
          const images = (page as { result: { images: unknown[] } }).result.images.length;
          if (images !== 1000) throw new Error(`${url}: ${images} images`);
          hopBodies.set(q.name, new TextEncoder().encode(first.text));
          const hopUrl = `${origin}/hop?k=${encodeURIComponent(q.name)}`;
          for (let i = 0; i < 10; i += 1) {
            await get(url);
            await get(hopUrl);
            JSON.stringify(page);
          }
          const route: number[] = [];
          const hop: number[] = [];
          const stringify: number[] = [];
          for (let i = 0; i < RUNS; i += 1) {
            const answer = await get(url);
            if (answer.text !== first.text) throw new Error(`${url}: the answer changed between requests`);
            route.push(answer.ms);
            const same = await get(hopUrl);
            if (same.text !== first.text) throw new Error('the hop answered other bytes');
            hop.push(same.ms);
            const started = performance.now();
            const text = JSON.stringify(page);
            stringify.push(performance.now() - started);
            if (text.length !== first.text.length) throw new Error('JSON.stringify of the page differs from the answer');
          }
          const ratio = median(route) / median(stringify);
          const label = `${count.toLocaleString('en')}`;
          rows.push([label, q.name, median(route).toFixed(2), median(stringify).toFixed(2), ratio.toFixed(2), '≤ 1.50', ratio <= 1.5 ? 'met' : 'MISSED', median(hop).toFixed(2), (median(route) / median(hop)).toFixed(2)]);
          report({ measure: `local list, 1000 of ${label}, ${q.name}: route / JSON.stringify`, value: `${ratio.toFixed(2)}× (${median(route).toFixed(1)} / ${median(stringify).toFixed(1)} ms)`, goal: '≤ 1.50×', met: ratio <= 1.5 });
        }
      } finally {
        await new Promise<void>((resolve) => server.close(() => resolve()));
        store.close();
      }
    }
    console.log(`\n${table(rows)}\n\n(${RUNS} requests each, one at a time, after 10 warm-up requests; same page, same run; the hop answers the route's bytes from memory: HTTP alone)`);
  } finally {
    agent.destroy();
    if (!keep) rmSync(root, { recursive: true, force: true });
  }
}
