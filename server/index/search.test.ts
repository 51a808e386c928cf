/**
 * `GET /api/images` and `/api/images/facets` (docs/CONTRACT.md §8) on both back ends, through the real app, against a
 * reference model: the whole data set filtered in plain code with the contract's matcher. Random queries use every
 * parameter; paging is followed to the end; writes land between pages.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CfImage } from '../../src/contract/image';
import { scalarAt } from '../../src/contract/list-query';
import { compareFacetValues, compileSearchMatcher, parseSearchQuery, type FacetValue, type SearchResult } from '../../src/contract/search-query';
import { createApp } from '../app';
import { ImageStore } from '../local/image-store';
import { cloudflareConfig, configFrom } from '../test-support/test-config';
import type { AccountIndex } from './account-index';
import { LocalStoreIndex } from './local-store-index';
import { openSqliteIndex } from './sqlite-index';

// Names with the pattern characters of LIKE and GLOB, a line break and a NUL (where C strings end: SQLite reads a
// GLOB pattern as one): `q` is a plain substring whatever it holds.
const FILENAMES = ['Invoice-2024.png', 'invoice-2025.PNG', 'cat.jpg', 'Été à Paris.webp', 'DOG_photo.gif', 'report.svg', 'x', 'a*b?[c].png', '100%_off.jpg', 'two\nlines.png', 'nul\u0000byte.png'];
const STATUSES = ['active', 'archived', '5', 'true'];

/** Deterministic random images, with ties on `uploaded` and metadata of every type. */
function makeImages(count: number, seed: number): CfImage[] {
  let state = seed;
  const rand = (n: number) => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state % n;
  };
  const start = Date.UTC(2026, 0, 1);
  return Array.from({ length: count }, (_, i) => {
    const id = `img-${i}-${['A', 'b', 'Ç'][i % 3]}`;
    const meta: Record<string, unknown> = {};
    if (rand(5) > 0) meta.status = STATUSES[rand(STATUSES.length)];
    if (rand(3) > 0) meta.n = rand(4) === 0 ? String(rand(10)) : rand(10);
    if (rand(4) === 0) meta.flag = rand(2) === 0;
    if (rand(3) === 0) meta.region = { code: ['IE', 'DE', 'US'][rand(3)] };
    return {
      id,
      filename: `${rand(2) ? 'a' : 'B'}-${FILENAMES[(i + rand(2)) % FILENAMES.length]}`,
      creator: rand(3) === 0 ? null : `user-${rand(3)}`,
      meta,
      requireSignedURLs: rand(4) === 0,
      // Whole hours over ten days, many images per hour: ties are common.
      uploaded: new Date(start + rand(240) * 3_600_000).toISOString(),
      variants: [`https://imagedelivery.net/Hash/${id}/public`],
    };
  });
}

const N = 600;
const images = makeImages(N, 42);
let dir: string;
let sqlite: ReturnType<typeof openSqliteIndex>;
let store: ImageStore;
const apps: { name: string; request: (path: string) => Promise<Response>; index: AccountIndex }[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cfie-index-'));
  sqlite = openSqliteIndex(join(dir, 'cf'));
  // Insertion order is the tie-breaker on both back ends; insert in the same order.
  await sqlite.index.upsert(images);
  store = new ImageStore(join(dir, 'local'));
  store.insertMany(
    images.map((image) => ({
      id: image.id,
      filename: image.filename,
      creator: image.creator,
      meta: image.meta,
      requireSignedURLs: image.requireSignedURLs,
      uploaded: Date.parse(image.uploaded),
      format: 'png' as const,
      file: 'none',
      contentKey: image.id,
    })),
  );
  const cfApp = createApp(cloudflareConfig('http://127.0.0.1:9'), { index: sqlite.index, log: false });
  const local = new LocalStoreIndex(store);
  const localApp = createApp(configFrom({ DATA_DIR: join(dir, 'local') }), {
    local: { routes: new (await import('hono')).Hono(), signingKey: 'k' },
    index: local,
    log: false,
  });
  apps.push(
    { name: 'sqlite', request: (path) => Promise.resolve(cfApp.request(path)), index: sqlite.index },
    { name: 'local store', request: (path) => Promise.resolve(localApp.request(path)), index: local },
  );
});

afterAll(() => {
  sqlite.close();
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

type Body = { success: boolean; errors: { code: number; message: string }[]; result: SearchResult<CfImage> };

async function get(app: (typeof apps)[number], query: string): Promise<{ status: number; body: Body }> {
  const res = await app.request(`/api/images?${query}`);
  return { status: res.status, body: (await res.json()) as Body };
}

/** Every page of a search, followed to the end; checks each page's total. */
async function walkAll(app: (typeof apps)[number], query: string, between?: (page: number) => Promise<void>): Promise<{ ids: string[]; totals: number[] }> {
  const ids: string[] = [];
  const totals: number[] = [];
  let token: string | null = null;
  for (let page = 0; page < 200; page += 1) {
    const { status, body } = await get(app, `${query}${token ? `&continuation_token=${token}` : ''}`);
    expect(status, JSON.stringify(body.errors)).toBe(200);
    ids.push(...body.result.images.map((i) => i.id));
    totals.push(body.result.total);
    token = body.result.continuation_token;
    if (!token) return { ids, totals };
    await between?.(page);
  }
  throw new Error('too many pages');
}

/** The reference: filter everything with the contract's matcher, order by (uploaded, insertion). */
function reference(query: string, data: CfImage[] = images): string[] {
  const parsed = parseSearchQuery(query);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  const match = compileSearchMatcher(parsed.query);
  const order = new Map(data.map((image, i) => [image.id, i]));
  const sorted = data
    .filter(match)
    .sort((a, b) => Date.parse(a.uploaded) - Date.parse(b.uploaded) || order.get(a.id)! - order.get(b.id)!);
  if (parsed.query.sortOrder === 'desc') sorted.reverse();
  return sorted.map((image) => image.id);
}

const queryArb = fc
  .record(
    {
      // `g\nimg` would match across a name's end and its id's start ("….png" + "img-…") if the two were searched as one.
      q: fc.constantFrom('invoice', 'INVOICE-2024', 'été', 'ÉTÉ', 'img-1', 'ç', '.png', 'a-', 'zzz', 'photo', '*', '?', '[c]', 'b?[', '%_', '_', 'o\nl', '\n', 'g\nimg', 'png\n'),
      gte: fc.constantFrom('2026-01-03', '2026-01-05T12:00:00Z', '2026-01-02T06:00'),
      lt: fc.constantFrom('2026-01-08', '2026-01-06T00:00:00.000+02:00'),
      private: fc.boolean(),
      creator: fc.constantFrom('', 'user-1'),
      filter: fc.constantFrom(
        'meta.status[eq]=active',
        'meta.status[in]=5|true',
        'meta.n[gte]=5',
        'meta.n[eq]=5',
        'meta.n[eq:string]=5',
        'meta.flag[eq:boolean]=true',
        'meta.region.code[in:string]=IE|US',
        'meta.n[lt:number]=3&meta.status[eq]=archived',
      ),
      order: fc.constantFrom('asc', 'desc'),
      perPage: fc.constantFrom(10, 37, 1000),
    },
    { requiredKeys: ['order', 'perPage'] },
  )
  .map((r) =>
    [
      r.q && `q=${encodeURIComponent(r.q)}`,
      r.gte && `uploaded[gte]=${encodeURIComponent(r.gte)}`,
      r.lt && `uploaded[lt]=${encodeURIComponent(r.lt)}`,
      r.private !== undefined && `private=${r.private}`,
      r.creator !== undefined && `creator=${r.creator}`,
      r.filter,
      `sort_order=${r.order}`,
      `per_page=${r.perPage}`,
    ]
      .filter(Boolean)
      .join('&'),
  );

describe.each(['sqlite', 'local store'])('%s', (name) => {
  const app = () => apps.find((a) => a.name === name)!;

  it('answers random searches exactly as the reference model, every page, with the total', async () => {
    let nonEmpty = 0;
    await fc.assert(
      fc.asyncProperty(queryArb, async (query) => {
        const expected = reference(query);
        const { ids, totals } = await walkAll(app(), query);
        expect(ids).toStrictEqual(expected);
        for (const total of totals) expect(total).toBe(expected.length);
        if (expected.length > 0) nonEmpty += 1;
      }),
      { numRuns: 200 },
    );
    // Not vacuous: about a fifth of these queries match something (45 of 200 on average, 5.9 the deviation), so more
    // than 20 fails only when the comparison stops seeing matches. At 60 runs and "more than 10" it failed by chance.
    expect(nonEmpty).toBeGreaterThan(20);
  });

  it('matches q as a plain substring, pattern characters, line breaks and NULs included', async () => {
    for (const q of ['*', '?', '[c]', 'b?[', '[', ']', '%', '%_', '_', '\\', 'o\nl', '\n', 'g\nimg', 'png\n', 'a*b?[c].png', '\u0000', 'l\u0000b', 'png\u0000', '\u0000x', 'x\u0000']) {
      const query = `q=${encodeURIComponent(q)}&per_page=1000`;
      const expected = reference(query);
      expect((await walkAll(app(), query)).ids, JSON.stringify(q)).toStrictEqual(expected);
    }
    // The cases above are not all empty: the reference finds the special names.
    expect(reference(`q=${encodeURIComponent('b?[')}`).length).toBeGreaterThan(0);
    expect(reference(`q=${encodeURIComponent('o\nl')}`).length).toBeGreaterThan(0);
    expect(reference(`q=${encodeURIComponent('g\nimg')}`)).toHaveLength(0);
    expect(reference(`q=${encodeURIComponent('l\u0000b')}`).length).toBeGreaterThan(0);
    expect(reference(`q=${encodeURIComponent('png\u0000')}`)).toHaveLength(0);
  });

  it('answers the index state and the contract’s envelope', async () => {
    const { status, body } = await get(app(), 'q=invoice&per_page=10');
    expect(status).toBe(200);
    expect(body.success).toBe(true);
    expect(body.result.index.indexed).toBe(N);
    expect(['ready', 'building']).toContain(body.result.index.state);
    expect(body.result.images[0]).toHaveProperty('requireSignedURLs');
    expect(Object.keys(body.result).sort()).toStrictEqual(['continuation_token', 'images', 'index', 'total']);
  });

  it('refuses bad parameters with 400 / 5400 naming them', async () => {
    for (const [query, pattern] of [
      ['q=', /Invalid q/],
      ['uploaded[gte]=2026-02-30', /uploaded\[gte\]/],
      ['private=yes', /private/],
      ['per_page=5', /per_page/],
      ['continuation_token=abc', /continuation_token/],
      ['meta.a.b.c.d.e.f[eq]=1', /nesting too deep/],
    ] as const) {
      const { status, body } = await get(app(), query);
      expect(status, query).toBe(400);
      expect(body.errors[0]?.code).toBe(5400);
      expect(body.errors[0]?.message).toMatch(pattern);
    }
  });

  it('facets count the values of a key among the matches, largest first, with the missing ones', async () => {
    for (const [query, key] of [
      ['', 'status'],
      ['q=invoice', 'n'],
      ['private=false&meta.status[eq]=active', 'region.code'],
      ['', 'flag'],
    ] as const) {
      const res = await app().request(`/api/images/facets?${query}&key=${key}`);
      expect(res.status).toBe(200);
      const body = (await res.json()) as { result: { key: string; values: FacetValue[]; missing: number } };
      const matched = new Set(reference(query));
      const counts = new Map<string, FacetValue>();
      let missing = 0;
      for (const image of images.filter((i) => matched.has(i.id))) {
        const v = scalarAt(image.meta, key.split('.'));
        if (v === undefined) {
          missing += 1;
          continue;
        }
        const id = `${typeof v}:${String(v)}`;
        const entry = counts.get(id) ?? { value: v, type: typeof v as FacetValue['type'], count: 0 };
        entry.count += 1;
        counts.set(id, entry);
      }
      expect(body.result).toStrictEqual({ key, values: [...counts.values()].sort(compareFacetValues).slice(0, 50), missing });
    }
  });

  it('facets without key list the metadata keys of the matches', async () => {
    const res = await app().request('/api/images/facets?q=invoice');
    const body = (await res.json()) as { result: { keys: { key: string; count: number }[] } };
    const ids = new Set(reference('q=invoice'));
    const matched = images.filter((i) => ids.has(i.id));
    expect(body.result.keys.find((k) => k.key === 'status')?.count).toBe(matched.filter((i) => 'status' in i.meta).length);
    expect(body.result.keys.find((k) => k.key === 'region.code')?.count).toBe(matched.filter((i) => 'region' in i.meta).length);
    expect(body.result.keys.some((k) => k.key === 'region')).toBe(false);
    const bad = await app().request('/api/images/facets?key=a..b');
    expect(bad.status).toBe(400);
  });
});

describe('sqlite: what is stored is what is answered', () => {
  it('answers each image exactly as it was indexed, whatever its metadata holds', async () => {
    const d = mkdtempSync(join(tmpdir(), 'cfie-index-j-'));
    const own = openSqliteIndex(d);
    try {
      const odd: CfImage = {
        id: 'odd/"id"\\1',
        filename: 'quote " back \\ line\u2028sep 😀.png',
        creator: null,
        meta: { big: 1e21, small: 5e-7, neg: -0.5, s: '" \\ \u0000 😀', nested: { a: [1, { b: null }, true] }, empty: {} },
        requireSignedURLs: true,
        uploaded: '2026-03-04T05:06:07.089Z',
        variants: [],
      };
      const plain = { ...makeImages(1, 5)[0]!, creator: 'user-"1"' };
      const controls = { ...plain, id: 'controls', filename: 'tab\tnew\nline\u0001\u001f\u007f\b\f\r.png', creator: '\u0000' };
      // Upload times at and past the ends of what SQLite's date functions write (years 0000 to 9999), and before 1970.
      const dated = ['1969-12-31T23:59:59.999Z', '0000-01-01T00:00:00.000Z', '9999-12-31T23:59:59.999Z', '+010000-01-01T00:00:00.001Z', '-000001-06-01T12:00:00.500Z'].map(
        (uploaded, n) => ({ ...plain, id: `dated-${n}`, uploaded }),
      );
      const all = [odd, plain, controls, ...dated];
      await own.index.upsert(all);
      const app = createApp(cloudflareConfig('http://127.0.0.1:9'), { index: own.index, log: false });
      const expected = [...all].sort((a, b) => Date.parse(a.uploaded) - Date.parse(b.uploaded) || all.indexOf(a) - all.indexOf(b));
      for (const query of ['per_page=10&sort_order=asc', 'per_page=10&sort_order=asc&q=%22', 'per_page=10&sort_order=asc&creator=user-%221%22']) {
        const text = await (await app.request(`/api/images?${query}`)).text();
        const body = JSON.parse(text) as Body;
        const want = query.includes('q=') ? expected.filter((i) => i.id.includes('"') || i.filename.includes('"')) : query.includes('creator') ? expected.filter((i) => i.creator === 'user-"1"') : expected;
        expect(want.length, query).toBeGreaterThan(0);
        expect(body.result.images, query).toStrictEqual(want);
        // The answer is the envelope JSON.stringify would write, byte for byte.
        expect(text, query).toBe(JSON.stringify(body));
      }
    } finally {
      own.close();
      rmSync(d, { recursive: true, force: true });
    }
  });

  it('opens an index written before the folded search column, and finds its images by q', async () => {
    const d = mkdtempSync(join(tmpdir(), 'cfie-index-m-'));
    const { default: Database } = await import('better-sqlite3');
    const old = new Database(join(d, 'index.sqlite'));
    // The schema as the first release wrote it: no `hay`, and `q` read from `images_by_name`.
    old.exec(`CREATE TABLE images (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, filename TEXT NOT NULL,
      name_lc TEXT NOT NULL, id_lc TEXT NOT NULL, creator TEXT, meta TEXT NOT NULL, private INTEGER NOT NULL,
      uploaded INTEGER NOT NULL, variants TEXT NOT NULL, walk INTEGER NOT NULL);
      CREATE INDEX images_by_name ON images (name_lc, id_lc, uploaded);`);
    old
      .prepare('INSERT INTO images (id, filename, name_lc, id_lc, creator, meta, private, uploaded, variants, walk) VALUES (?, ?, ?, ?, NULL, ?, 0, ?, ?, 1)')
      .run('Old-1', 'Invoice.PNG', 'invoice.png', 'old-1', '{"status":"kept"}', Date.UTC(2026, 0, 2), '[]');
    old.close();
    const own = openSqliteIndex(d);
    try {
      const app = createApp(cloudflareConfig('http://127.0.0.1:9'), { index: own.index, log: false });
      for (const q of ['INVOICE', 'old-', 'e.p']) {
        const body = (await (await app.request(`/api/images?q=${q}`)).json()) as Body;
        expect(body.result.images.map((i) => i.id), q).toStrictEqual(['Old-1']);
      }
      await own.index.upsert([{ id: 'Old-1', filename: 'renamed.png', creator: null, meta: {}, requireSignedURLs: false, uploaded: '2026-01-02T00:00:00.000Z', variants: [] }]);
      const renamed = (await (await app.request('/api/images?q=renamed')).json()) as Body;
      expect(renamed.result.total).toBe(1);
      const gone = (await (await app.request('/api/images?q=invoice')).json()) as Body;
      expect(gone.result.total).toBe(0);
    } finally {
      own.close();
      rmSync(d, { recursive: true, force: true });
    }
  });
});

describe('sqlite: paging under concurrent writes', () => {
  it('returns every image present throughout exactly once, in order, whatever is added or removed between pages', async () => {
    const d = mkdtempSync(join(tmpdir(), 'cfie-index-w-'));
    const own = openSqliteIndex(d);
    try {
      const data = makeImages(300, 7);
      await own.index.upsert(data);
      const app = { name: 'w', index: own.index, request: (p: string) => Promise.resolve(createApp(cloudflareConfig('http://127.0.0.1:9'), { index: own.index, log: false }).request(p)) };
      const query = 'q=a-&sort_order=desc&per_page=10';
      const before = reference(query, data);
      const removed = new Set<string>();
      const extra = makeImages(40, 99).map((image, i) => ({ ...image, id: `new-${i}`, filename: `a-new-${i}.png` }));
      const { ids } = await walkAll(app, query, async (page) => {
        // Remove a matching image further on, and add new ones anywhere in time.
        const victim = before[before.length - 1 - page];
        if (victim) {
          removed.add(victim);
          await own.index.remove([victim]);
        }
        await own.index.upsert(extra.slice(page * 2, page * 2 + 2));
      });
      expect(new Set(ids).size).toBe(ids.length);
      const kept = before.filter((id) => !removed.has(id));
      // Everything present from start to end, once and in the original order.
      expect(ids.filter((id) => kept.includes(id))).toStrictEqual(kept);
      expect(ids.some((id) => removed.has(id) && before.indexOf(id) > 10)).toBe(false);
    } finally {
      own.close();
      rmSync(d, { recursive: true, force: true });
    }
  });

  it('an upsert replaces the image and its metadata; a removal drops both', async () => {
    const d = mkdtempSync(join(tmpdir(), 'cfie-index-u-'));
    const own = openSqliteIndex(d);
    try {
      const [image] = makeImages(1, 3) as [CfImage];
      await own.index.upsert([{ ...image, meta: { status: 'old' } }]);
      await own.index.upsert([{ ...image, filename: 'renamed.png', meta: { status: 'new' } }]);
      const parsed = parseSearchQuery('meta.status[eq]=old');
      expect(parsed.ok && (await own.index.search(parsed.query, undefined)).total).toBe(0);
      const renamed = parseSearchQuery('q=RENAMED&meta.status[eq]=new');
      const page = renamed.ok ? await own.index.search(renamed.query, undefined) : undefined;
      expect(page?.images.map((i) => (JSON.parse(i) as CfImage).filename)).toStrictEqual(['renamed.png']);
      await own.index.remove([image.id]);
      expect((await own.index.status()).indexed).toBe(0);
      expect((await own.index.facetKeys({ perPage: 10, sortOrder: 'desc', filters: [] })).keys).toStrictEqual([]);
    } finally {
      own.close();
      rmSync(d, { recursive: true, force: true });
    }
  });
});

describe('INDEX=off', () => {
  it('answers /api/images with 404 / 7003', async () => {
    const app = createApp(cloudflareConfig('http://127.0.0.1:9', { INDEX: 'off' }), { index: sqlite.index, log: false });
    for (const path of ['/api/images', '/api/images/facets?key=a']) {
      const res = await app.request(path);
      expect(res.status).toBe(404);
      expect(((await res.json()) as Body).errors[0]?.code).toBe(7003);
    }
  });
});
