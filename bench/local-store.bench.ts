/**
 * The local store's listing against a naive baseline, in one run (`npm run bench -- local-store`).
 *
 * 100,000 rows with demo metadata are inserted straight into SQLite (no image files). "indexed" is the real list
 * route (`app.request` on the local routes: parse, keyset position, scan with the contract's matcher, JSON answer).
 * "naive" answers the same query the obvious way: SELECT every row in order, JSON.parse each `meta`, scan with the
 * same matcher until the page is full, build the same JSON. Both answers are checked equal before timing.
 * First, the first start of the local Images API seeding the 1,200 demo images the e2e suite uses (goal: under 5 s).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { successEnvelope } from '../src/contract/envelope';
import { compileMatcher, parseListQuery } from '../src/contract/list-query';
import { handleError } from '../server/errors';
import { encodeContinuationToken, parseContinuationToken } from '../server/lib/continuation-token';
import { demoImages } from '../server/local/demo/demo-images';
import { ImageStore, imageFromRow, type ImageRow } from '../server/local/image-store';
import { listImagesRoutes } from '../server/local/routes/list-images';
import { localTestApp } from '../server/local/test-helpers';
import type { StoredImage } from '../server/local/stored-image';
import { toCfImage } from '../server/local/to-cf-image';

const COUNT = 100_000;
const ORIGIN = 'http://localhost';
const PATH = '/client/v4/accounts/10ca1000000000000000000000000000/images/v2';


function naiveList(store: ImageStore, search: string): string {
  const parsed = parseListQuery(search);
  if (!parsed.ok) throw new Error(parsed.errors[0]?.message);
  const { query } = parsed;
  const match = compileMatcher(query);
  const after = query.continuationToken ? parseContinuationToken(query.continuationToken) : undefined;
  const desc = query.sortOrder === 'desc';
  const rows = store.db
    .prepare<[], ImageRow>(`SELECT * FROM images ORDER BY uploaded ${desc ? 'DESC' : 'ASC'}, seq ${desc ? 'DESC' : 'ASC'}`)
    .all();
  const images: StoredImage[] = [];
  let more = false;
  for (const row of rows) {
    if (after) {
      const cmp = row.uploaded - after.uploaded || row.seq - after.seq;
      if (desc ? cmp >= 0 : cmp <= 0) continue;
    }
    const image = imageFromRow(row);
    if (!match(image)) continue;
    if (images.length === query.perPage) {
      more = true;
      break;
    }
    images.push(image);
  }
  const last = images.at(-1);
  return JSON.stringify(
    successEnvelope({
      images: images.map((i) => toCfImage(i, ORIGIN)),
      continuation_token: more && last ? encodeContinuationToken(last) : null,
    }),
  );
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

async function time(fn: () => Promise<unknown> | unknown, runs: number): Promise<{ median: number; p95: number }> {
  for (let i = 0; i < Math.min(3, runs); i += 1) await fn(); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  return { median: percentile(samples, 0.5), p95: percentile(samples, 0.95) };
}

const SEED_GOAL_MS = 5000;

/** The first start on an empty DATA_DIR: store, signing key, 1,200 demo images. */
async function firstStartSeeding(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'cfie-bench-seed-'));
  try {
    const started = performance.now();
    const seeded = await localTestApp({ DEMO_IMAGES: '1200', DEMO_SEED: '3' }, dir);
    const ms = performance.now() - started;
    seeded.local.close();
    const verdict = ms < SEED_GOAL_MS ? 'within' : 'OVER';
    console.log(`first start, 1200 demo images seeded in ${ms.toFixed(0)} ms (${verdict} the ${SEED_GOAL_MS} ms goal)\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export default async function localStoreBench(): Promise<void> {
  await firstStartSeeding();
  const dir = mkdtempSync(join(tmpdir(), 'cfie-bench-'));
  try {
    let started = performance.now();
    const seeding = new ImageStore(dir);
    seeding.insertMany(demoImages(COUNT, 42));
    seeding.close();
    const insertMs = performance.now() - started;
    started = performance.now();
    const store = new ImageStore(dir);
    const openMs = performance.now() - started;
    console.log(`${COUNT} rows: inserted in ${insertMs.toFixed(0)} ms, store opened (rows loaded and sorted) in ${openMs.toFixed(0)} ms\n`);

    const app = new Hono();
    app.route('/', listImagesRoutes(store));
    app.onError(handleError);
    const indexed = async (search: string) => (await app.request(`${PATH}?${search}`)).text();

    /** Every page of a query, following the tokens; returns the answers joined, so both sides can be compared. */
    const walk = async (list: (search: string) => Promise<string> | string, search: string) => {
      const bodies: string[] = [];
      let token: string | null = null;
      do {
        const body: string = await list(`${search}${token ? `&continuation_token=${token}` : ''}`);
        bodies.push(body);
        // The token is the last field of the answer: read it from the tail rather than parse megabytes here.
        token = /"continuation_token":(?:"([A-Za-z0-9_-]+)"|null)\}\}$/.exec(body)?.[1] ?? null;
      } while (token);
      return bodies.join('\n');
    };

    const cases: Array<{ name: string; search: string; walk?: boolean; runs: number; naiveRuns: number }> = [
      { name: 'unfiltered page of 1000', search: 'per_page=1000', runs: 60, naiveRuns: 12 },
      {
        name: 'page of 1000, five filters',
        search:
          'per_page=1000&meta.status[in]=active|pending&meta.ratings[gte]=2&meta.priority[lte:number]=9&meta.region.name[in]=eu-west|us-east|us-west|eu-central&meta.featured[eq:boolean]=false',
        runs: 60,
        naiveRuns: 12,
      },
      { name: "'in' filter, page of 1000", search: 'per_page=1000&meta.status[in]=pending|flagged', runs: 60, naiveRuns: 12 },
      { name: 'nested filter, page of 1000', search: 'per_page=1000&meta.region.geo.country.code[eq]=DE', runs: 60, naiveRuns: 12 },
      { name: 'walk all pages, per_page=10000', search: 'per_page=10000&sort_order=asc', walk: true, runs: 8, naiveRuns: 3 },
    ];

    // Warm the JIT and the per-image caches for every query first, so that the first row is not charged for them.
    for (const c of cases) if (!c.walk) for (let i = 0; i < 10; i += 1) await indexed(c.search);

    const rows: string[][] = [];
    for (const c of cases) {
      const fast = () => (c.walk ? walk(indexed, c.search) : indexed(c.search));
      const slow = () => (c.walk ? walk(naiveList.bind(null, store), c.search) : naiveList(store, c.search));
      const [a, b] = [await fast(), await slow()];
      if (a !== b) throw new Error(`indexed and naive answers differ for ${c.name}`);
      const images = c.walk ? a.split('\n').reduce((n, body) => n + (JSON.parse(body) as { result: { images: unknown[] } }).result.images.length, 0) : (JSON.parse(a) as { result: { images: unknown[] } }).result.images.length;
      const f = await time(fast, c.runs);
      const s = await time(slow, c.naiveRuns);
      rows.push([
        c.name,
        String(images),
        f.median.toFixed(2),
        f.p95.toFixed(2),
        s.median.toFixed(1),
        s.p95.toFixed(1),
        `${(s.median / f.median).toFixed(1)}×`,
      ]);
    }
    const header = ['query (100,000 images)', 'images', 'indexed median ms', 'p95 ms', 'naive median ms', 'p95 ms', 'naive/indexed'];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const line = (cells: string[]) => `| ${cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join(' | ')} |`;
    console.log(line(header));
    console.log(`|${widths.map((w, i) => (i === 0 ? `:${'-'.repeat(w + 1)}` : `${'-'.repeat(w + 1)}:`)).join('|')}|`);
    for (const row of rows) console.log(line(row));
    store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
