/**
 * Cloudflare mode's §7 routes with the real local API as the upstream and as the batch host (docs/CONTRACT.md §7,
 * §9, §10): validated first, writes only with ALLOW_WRITES=true, the reserved routes never forwarded in any encoding,
 * bulk work through the batch API, and the global API used within the budget when the batch host refuses.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app';
import { openSqliteIndex } from '../index/sqlite-index';
import { localTestApp, pngBytes, uploadForm, type LocalTestApp } from '../local/test-helpers';
import { cloudflareConfig, TEST_API_TOKEN } from '../test-support/test-config';

const ACCOUNT = '10ca1000000000000000000000000000';
const V1 = `/client/v4/accounts/${ACCOUNT}/images/v1`;
const V2 = `/client/v4/accounts/${ACCOUNT}/images/v2`;

let local: LocalTestApp;
let png: Blob;
/** Every request the upstream (global API or batch host) received: method and path. */
let seen: { method: string; path: string; auth: string | null }[] = [];

beforeAll(async () => {
  local = await localTestApp();
  png = new Blob([new Uint8Array(await pngBytes(20, 20, '#112233'))]);
});
afterAll(() => local.close());

/** While set, a list request for `meta.race` is answered as the store is now, but only when the gate opens. */
let listGate: Promise<void> | null = null;

const upstreamFetch: typeof fetch = async (input, init) => {
  const request = new Request(input, init);
  const url = new URL(request.url);
  seen.push({ method: request.method, path: decodeURIComponent(url.pathname), auth: request.headers.get('authorization') });
  if (url.pathname.startsWith('/nobatch')) return new Response('not here', { status: 404 });
  if (listGate && url.pathname.endsWith('/images/v2') && url.search.includes('meta.race')) {
    const gate = listGate;
    const answer = await local.app.fetch(request);
    await gate;
    return answer;
  }
  return local.app.fetch(request);
};

function proxyApp(env: Record<string, string> = {}, logs: string[] = [], index?: ReturnType<typeof openSqliteIndex>['index']) {
  const config = cloudflareConfig('http://127.0.0.1/client/v4', {
    CLOUDFLARE_ACCOUNT_ID: ACCOUNT,
    CLOUDFLARE_BATCH_URL: 'http://127.0.0.1/batch',
    ...env,
  });
  return createApp(config, { fetch: upstreamFetch, log: (line) => logs.push(line), ...(index ? { index } : {}) });
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Body = { success: boolean; errors: { code: number; message: string }[]; result: any };
async function call(app: ReturnType<typeof createApp>, path: string, init?: RequestInit) {
  const res = await app.request(path, init);
  const text = await res.text();
  let body: Body;
  try {
    body = JSON.parse(text) as Body;
  } catch {
    body = { success: false, errors: [], result: text };
  }
  return { status: res.status, body, headers: res.headers };
}
const patchInit = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: 'PATCH',
  body: typeof body === 'string' ? body : JSON.stringify(body),
  headers: { 'content-type': 'application/json', ...headers },
});

async function seedImage(id: string, meta: Record<string, unknown> = {}) {
  const res = await local.app.request(`${V1}`, { method: 'POST', body: uploadForm({ file: png, id, metadata: JSON.stringify(meta) }) });
  expect(res.status).toBe(200);
}

describe('read-only (no ALLOW_WRITES)', () => {
  it('refuses every write with 403 / 7403 and forwards nothing; /api/config says writes: false', async () => {
    const app = proxyApp();
    await seedImage('ro/one');
    seen = [];
    const refusals = [
      await call(app, `${V1}/ro/one`, patchInit({ metadata: { a: 1 } })),
      await call(app, `${V1}/ro/one`, { method: 'DELETE' }),
      await call(app, V1, { method: 'POST', body: uploadForm({ file: png }) }),
      await call(app, `${V2}/direct_upload`, { method: 'POST' }),
      await call(app, `${V1}/ro/one`, patchInit('{"metadata":' + '{"a":'.repeat(5000) + '1' + '}'.repeat(5001))),
    ];
    for (const r of refusals) {
      expect(r.status).toBe(403);
      expect(r.body.errors[0]).toEqual({
        code: 7403,
        message: 'Writes are disabled on this server: set ALLOW_WRITES=true (the API token needs Images Write)',
      });
    }
    expect(seen).toEqual([]);
    expect(((await (await app.request('/api/config')).json()) as { writes: boolean }).writes).toBe(false);
  });

  it('forwards details, stats and the blob with the server’s credentials', async () => {
    const app = proxyApp();
    seen = [];
    const details = await call(app, `${V1}/ro%2Fone`);
    expect(details.body.result).toMatchObject({ id: 'ro/one' });
    const stats = await call(app, `${V1}/stats`);
    expect(stats.body.result.count.current).toBe(local.local.store.size);
    const blob = await app.request(`${V1}/ro/one/blob`);
    expect(blob.status).toBe(200);
    expect(blob.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await blob.arrayBuffer()).equals(Buffer.from(await png.arrayBuffer()))).toBe(true);
    expect(seen.map((s) => `${s.method} ${s.path}`)).toEqual([`GET ${V1}/ro/one`, `GET ${V1}/stats`, `GET ${V1}/ro/one/blob`]);
    expect(new Set(seen.map((s) => s.auth))).toEqual(new Set([`Bearer ${TEST_API_TOKEN}`]));
  });
});

describe('retries (CONTRACT.md §3, as the list proxy)', () => {
  /** The upstream answers each request's first try 503 (Cloudflare's envelope), the next one as the local API does. */
  function flakyApp(env: Record<string, string> = {}) {
    const failed = new Set<string>();
    const flaky: typeof fetch = async (input, init) => {
      const request = new Request(input, init);
      const key = `${request.method} ${new URL(request.url).pathname}`;
      if (!failed.has(key)) {
        failed.add(key);
        seen.push({ method: request.method, path: decodeURIComponent(new URL(request.url).pathname), auth: null });
        const body = { success: false, errors: [{ code: 10503, message: 'Service unavailable' }], messages: [], result: null };
        return Response.json(body, { status: 503 });
      }
      return upstreamFetch(request);
    };
    const config = cloudflareConfig('http://127.0.0.1/client/v4', { CLOUDFLARE_ACCOUNT_ID: ACCOUNT, ...env });
    return createApp(config, { fetch: flaky, log: false, proxy: { retryBaseMs: 1 } });
  }

  it('details, stats and the blob: a 503 then a 200 upstream is a 200, after two tries each', async () => {
    await seedImage('retry/one');
    const app = flakyApp();
    seen = [];
    expect((await call(app, `${V1}/retry/one`)).body.result).toMatchObject({ id: 'retry/one' });
    expect((await call(app, `${V1}/stats`)).status).toBe(200);
    const blob = await app.request(`${V1}/retry/one/blob`);
    expect(blob.status).toBe(200);
    expect(Buffer.from(await blob.arrayBuffer()).equals(Buffer.from(await png.arrayBuffer()))).toBe(true);
    expect(seen.map((s) => `${s.method} ${s.path}`)).toEqual(
      [`${V1}/retry/one`, `${V1}/stats`, `${V1}/retry/one/blob`].flatMap((path) => [`GET ${path}`, `GET ${path}`]),
    );
  });

  it('a write is not retried: the 503 reaches the client as Cloudflare sent it', async () => {
    await seedImage('retry/two');
    const app = flakyApp({ ALLOW_WRITES: 'true' });
    seen = [];
    const patched = await call(app, `${V1}/retry/two`, patchInit({ metadata: { a: 1 } }));
    expect(patched.status).toBe(503);
    expect(patched.body.errors[0]?.code).toBe(10503);
    expect(seen.map((s) => `${s.method} ${s.path}`)).toEqual([`PATCH ${V1}/retry/two`]);
  });
});

describe('the reserved routes are never forwarded', () => {
  it('keys, variants, config, batch_token and below, in any encoding, case or trailing slash', async () => {
    const app = proxyApp({ ALLOW_WRITES: 'true' });
    const words = ['keys', 'variants', 'config', 'batch_token'];
    const spellings = (word: string) => {
      const first = word[0]!;
      const hex = first.charCodeAt(0).toString(16);
      return [
        word, `${word}/`, `${word}//`, `${word}/x`, `${word}/x/y`, word.toUpperCase(), first.toUpperCase() + word.slice(1),
        `%${hex}${word.slice(1)}`, `%${hex.toUpperCase()}${word.slice(1)}`, `%25${hex}${word.slice(1)}`, `%2525${hex}${word.slice(1)}`,
        `${word}%2F`, `${word}%2Fx`, `${word}%252F`, `${word}%5Cx`, `${word}\\x`, `%2F${word}`, `${word}%20`.trimEnd(),
        `${word};x`.replace(';x', ''), `./${word}`, `x/../${word}`, `${word}/blob`, `%2e/${word}`,
        [...word].map((ch) => `%${ch.charCodeAt(0).toString(16)}`).join(''),
      ];
    };
    seen = [];
    for (const word of words) {
      for (const spelling of spellings(word)) {
        for (const method of ['GET', 'PATCH', 'DELETE', 'POST', 'PUT']) {
          const res = await app.request(`${V1}/${spelling}`, method === 'PATCH' ? patchInit({}) : { method });
          expect([400, 404], `${method} ${spelling}`).toContain(res.status);
        }
      }
    }
    expect(seen.map((s) => `${s.method} ${s.path}`)).toEqual([]);
  });
});

describe('writes (ALLOW_WRITES=true)', () => {
  it('validates with the contract first: invalid writes never reach the upstream', async () => {
    const app = proxyApp({ ALLOW_WRITES: 'true' });
    seen = [];
    const bad = [
      await call(app, `${V1}/ro/one`, patchInit('{"metadata":' + '{"a":'.repeat(5000) + '1' + '}'.repeat(5001))),
      await call(app, `${V1}/ro/one`, patchInit({ metadata: { x: 'y'.repeat(1100) } })),
      await call(app, `${V1}/ro/one`, patchInit({ filename: 'x' })),
      await call(app, `${V1}/ro/one`, patchInit({ requireSignedURLs: 'yes' })),
      await call(app, `${V1}/a//b`, patchInit({})),
      await call(app, V1, { method: 'POST', body: uploadForm({ file: png, id: 'keys/x' }) }),
      await call(app, V1, { method: 'POST', body: uploadForm({ file: png, metadata: '[1]' }) }),
      await call(app, `${V2}/direct_upload`, patchInit({ expiry: '2000-01-01T00:00:00Z' }, {}) && { method: 'POST', body: '{"expiry":"2000-01-01T00:00:00Z"}' }),
    ];
    for (const r of bad) {
      expect(r.status, JSON.stringify(r.body)).toBe(400);
      expect(r.body.errors[0]?.code).toBe(5400);
    }
    expect(seen).toEqual([]);
  });

  it('forwards PATCH, DELETE, upload and direct upload; the uploadURL takes the file', async () => {
    const app = proxyApp({ ALLOW_WRITES: 'true' });
    await seedImage('rw/one', { keep: 1 });
    const patched = await call(app, `${V1}/rw%2Fone`, patchInit({ metadata: { status: 'done' }, creator: 'eve' }));
    expect(patched.body.result).toMatchObject({ id: 'rw/one', meta: { status: 'done' }, creator: 'eve' });
    const uploaded = await call(app, V1, { method: 'POST', body: uploadForm({ file: png, id: 'rw/two', metadata: '{"via":"proxy"}' }, 'two.png') });
    expect(uploaded.body.result).toMatchObject({ id: 'rw/two', filename: 'two.png', meta: { via: 'proxy' } });
    const direct = await call(app, `${V2}/direct_upload`, { method: 'POST', body: JSON.stringify({ metadata: { d: true } }), headers: { 'content-type': 'application/json' } });
    expect(direct.status).toBe(200);
    const form = new FormData();
    form.append('file', png, 'direct.png');
    const done = await local.app.request(new URL(direct.body.result.uploadURL).pathname, { method: 'POST', body: form });
    expect(((await done.json()) as Body).result).toMatchObject({ id: direct.body.result.id, meta: { d: true } });
    expect((await call(app, `${V1}/rw/one`, { method: 'DELETE' })).body).toMatchObject({ success: true, result: {} });
    expect((await call(app, `${V1}/rw/one`)).status).toBe(404);
    expect(((await (await app.request('/api/config')).json()) as { writes: boolean }).writes).toBe(true);
  });
});

describe('the index follows the writes that pass through the proxy (§8)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cfie-proxy-index-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('PATCH, upload, details, DELETE and list answers update /api/images at once, without a walk', async () => {
    const opened = openSqliteIndex(dir);
    const app = proxyApp({ ALLOW_WRITES: 'true' }, [], opened.index);
    const search = async (query: string) => (await call(app, `/api/images?${query}`)).body.result as { total: number; images: { id: string; meta: unknown; creator: string | null }[] };
    await seedImage('ix/one', { status: 'draft' });
    await seedImage('ix/two', { status: 'draft' });
    expect((await search('q=ix/')).total).toBe(0); // never walked, never seen

    const patched = await call(app, `${V1}/ix%2Fone`, patchInit({ metadata: { status: 'final', n: 7 }, creator: 'eve' }));
    expect(patched.status).toBe(200);
    const afterPatch = await search('q=IX/ONE&meta.status[eq]=final&meta.n[gte]=7');
    expect(afterPatch.total).toBe(1);
    expect(afterPatch.images[0]).toMatchObject({ id: 'ix/one', meta: { status: 'final', n: 7 }, creator: 'eve' });

    // A refused write changes nothing.
    expect((await call(app, `${V1}/ix%2Fnone`, patchInit({ metadata: { status: 'final' } }))).status).toBe(404);
    expect((await search('meta.status[eq]=final')).total).toBe(1);

    const uploaded = await call(app, V1, { method: 'POST', body: uploadForm({ file: png, id: 'ix/three', metadata: '{"via":"proxy"}' }, 'invoice-2024.png') });
    expect(uploaded.status).toBe(200);
    expect((await search('q=invoice-2024')).images.map((i) => i.id)).toEqual(['ix/three']);

    // A details answer is an answer that passes through too.
    expect((await call(app, `${V1}/ix%2Ftwo`)).status).toBe(200);
    expect((await search('q=ix/two&meta.status[eq]=draft')).total).toBe(1);

    expect((await call(app, `${V1}/ix%2Fone`, { method: 'DELETE' })).status).toBe(200);
    expect((await search('q=ix/one')).total).toBe(0);
    expect((await search('meta.status[eq]=final')).total).toBe(0);
    expect((await search('q=ix/')).total).toBe(2);

    // A list answer the proxy forwards is recorded as well (after the answer is sent, so this waits for it).
    const listed = await call(app, `${V2}?per_page=1000&meta.via[eq]=proxy`);
    expect(listed.status).toBe(200);
    await seedImage('ix/four', { via: 'proxy' });
    await call(app, `${V2}?per_page=1000&meta.via[eq]=proxy`);
    let seenFour = 0;
    for (let i = 0; i < 100 && seenFour === 0; i += 1) {
      seenFour = (await search('q=ix/four')).total;
      if (seenFour === 0) await new Promise((r) => setTimeout(r, 20));
    }
    expect(seenFour).toBe(1);
    opened.close();
  });

  it('a list answer asked for before a write does not undo it: a deleted image stays deleted, an edit stays edited', async () => {
    const own = mkdtempSync(join(tmpdir(), 'cfie-proxy-index-race-'));
    const opened = openSqliteIndex(own);
    const app = proxyApp({ ALLOW_WRITES: 'true' }, [], opened.index);
    const search = async (query: string) => (await call(app, `/api/images?${query}`)).body.result as { total: number; images: { id: string; meta: { race?: string } }[] };
    try {
      for (const id of ['race/deleted', 'race/edited', 'race/other']) await seedImage(id, { race: 'before' });
      let open!: () => void;
      listGate = new Promise((resolve) => (open = resolve));
      // Cloudflare answers the list as the images were, and the answer is slow to arrive.
      const listing = call(app, `${V2}?per_page=1000&meta.race[eq]=before`);
      await new Promise((r) => setTimeout(r, 50));
      expect((await call(app, `${V1}/race%2Fdeleted`, { method: 'DELETE' })).status).toBe(200);
      expect((await call(app, `${V1}/race%2Fedited`, patchInit({ metadata: { race: 'after' } }))).status).toBe(200);
      open();
      expect((await listing).body.result.images).toHaveLength(3);
      // The answer is recorded after it is sent: wait until the image no write touched is in the index.
      for (let i = 0; i < 100 && (await search('q=race/other')).total === 0; i += 1) await new Promise((r) => setTimeout(r, 20));
      expect((await search('q=race/other')).total).toBe(1);
      expect((await search('q=race/deleted')).total).toBe(0);
      expect((await search('q=race/edited')).images.map((i) => i.meta.race)).toEqual(['after']);
    } finally {
      listGate = null;
      opened.close();
      rmSync(own, { recursive: true, force: true });
    }
  });
});

describe('bulk work through the batch API (§10)', () => {
  const ids = Array.from({ length: 240 }, (_, i) => `bulk/${String(i).padStart(3, '0')}`);
  beforeAll(async () => {
    for (const id of ids) await seedImage(id, { n: 1 });
  });

  it('a bulk edit of a few hundred images: the global API sees only the token request', async () => {
    const app = proxyApp({ ALLOW_WRITES: 'true', BATCH_RATE: '200' });
    seen = [];
    const results = await Promise.all(
      ids.map((id) => call(app, `${V1}/${id}`, patchInit({ metadata: { n: 2, reviewed: true } }, { 'x-explorer-priority': 'bulk' }))),
    );
    expect(results.every((r) => r.status === 200)).toBe(true);
    const global = seen.filter((s) => s.path.startsWith('/client/'));
    expect(global.map((s) => `${s.method} ${s.path}`)).toEqual([`GET ${V1}/batch_token`]);
    const batch = seen.filter((s) => s.path.startsWith('/batch/'));
    expect(batch).toHaveLength(ids.length);
    expect(batch.every((s) => s.method === 'PATCH' && /^Bearer [A-Za-z0-9_-]{20,}$/.test(s.auth ?? ''))).toBe(true);
    expect((await call(local.app, `${V2}?meta.reviewed[eq]=true&per_page=1000`)).body.result.images).toHaveLength(ids.length);
    const budget = (await (await app.request('/api/rate-budget')).json()) as { used: number; limit: number; batch: { state: string; ratePerSecond: number } };
    expect(budget).toMatchObject({ used: 1, limit: 1000, batch: { state: 'ok', ratePerSecond: 200 } });
  });

  it('with the batch host refusing, the same job completes on the global API within the budget, logged once', async () => {
    const logs: string[] = [];
    const app = proxyApp({ ALLOW_WRITES: 'true', CLOUDFLARE_BATCH_URL: 'http://127.0.0.1/nobatch', RATE_BUDGET: '1000' }, logs);
    seen = [];
    const results = await Promise.all(
      ids.map((id) => call(app, `${V1}/${id}`, patchInit({ metadata: { n: 3 } }, { 'x-explorer-priority': 'bulk' }))),
    );
    expect(results.filter((r) => r.status !== 200).map((r) => r.body)).toEqual([]);
    expect(logs.filter((line) => line.includes('batch API'))).toHaveLength(1);
    const budget = (await (await app.request('/api/rate-budget')).json()) as { used: number; batch: { state: string } };
    expect(budget.batch.state).toBe('unavailable');
    expect(budget.used).toBe(seen.filter((s) => s.path.startsWith('/client/')).length);
    expect(budget.used).toBeLessThanOrEqual(1000);
    expect((await call(local.app, `${V2}?meta.n[eq]=3&per_page=1000`)).body.result.images).toHaveLength(ids.length);
  });

  it('RATE_BUDGET=N: the upstream sees at most N requests, the rest get 429 / 7429 with Retry-After', async () => {
    const app = proxyApp({ RATE_BUDGET: '10', UPSTREAM_TIMEOUT_MS: '200' });
    seen = [];
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => call(app, `${V1}/${ids[i]}`)));
    expect(seen.length).toBe(10);
    const refused = results.filter((r) => r.status === 429);
    expect(refused).toHaveLength(10);
    expect(refused[0]!.body.errors[0]?.code).toBe(7429);
    expect(Number(refused[0]!.headers.get('retry-after'))).toBeGreaterThan(0);
    const list = await call(app, `${V2}?per_page=10`);
    expect(list.status).toBe(429);
    expect(seen.length).toBe(10);
  });
});

describe('the delivery hash from a details answer (docs/CONTRACT.md §3)', () => {
  const details = (id: string, variants: string[]) =>
    new Response(JSON.stringify({ success: true, errors: [], messages: [], result: { id, filename: 'a.png', variants } }), {
      headers: { 'content-type': 'application/json' },
    });
  const appAnswering = (answer: () => Response) =>
    createApp(cloudflareConfig('http://127.0.0.1/client/v4', { CLOUDFLARE_ACCOUNT_ID: ACCOUNT }), {
      fetch: async () => answer(),
      log: false,
    });
  const learnt = async (app: ReturnType<typeof createApp>) => ((await (await app.request('/api/config')).json()) as { accountHash: string | null }).accountHash;

  it('is learnt when every variant names one hash under the image’s own id', async () => {
    const app = appAnswering(() => details('img-1', ['https://imagedelivery.net/RealHash123/img-1/public']));
    expect((await call(app, `${V1}/img-1`)).status).toBe(200);
    expect(await learnt(app)).toBe('RealHash123');
  });

  it('is not learnt from variants that name another image (a hostile or confused answer)', async () => {
    const app = appAnswering(() => details('img-1', ['https://imagedelivery.net/EvilHash999/other-image/public']));
    expect((await call(app, `${V1}/img-1`)).status).toBe(200);
    expect(await learnt(app)).toBeNull();
  });
});
