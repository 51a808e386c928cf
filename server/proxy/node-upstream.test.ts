/**
 * The Node transport (server/proxy/node-upstream.ts) and the gzip pass-through it enables (CONTRACT.md §3 holds
 * either way: the same answers, the same errors; only the bytes on the wire differ). The suites in
 * list-proxy.test.ts and failures.test.ts run against both transports; these are the Node-only behaviours.
 */
import { gunzipSync } from 'node:zlib';
import http from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { acceptsGzip } from './gzip';
import { createNodeUpstreamFetch } from './node-upstream';
import { FAKE_ACCOUNT_HASH, startFakeUpstream, type FakeUpstream } from '../test-support/fake-upstream';
import { envelopeCode, expectNoSecrets, startProxyHarness, type ProxyHarness } from '../test-support/proxy-harness';
import { TEST_ACCOUNT_ID } from '../test-support/test-config';

/** A raw GET that does not decode: what the client's bytes on the wire really are. */
function rawGet(url: string, headers: Record<string, string>): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

describe('acceptsGzip', () => {
  it.each([
    ['gzip, deflate, br, zstd', true],
    ['br;q=1.0, gzip;q=0.8, *;q=0.1', true],
    ['GZIP', true],
    ['x-gzip', true],
    ['*', true],
    ['gzip;q=0', false],
    ['gzip; q=0.000', false],
    ['*;q=0, gzip', true],
    ['gzip;q=0, *', false],
    ['identity', false],
    ['br', false],
    ['', false],
  ])('%j → %s', (header, expected) => {
    expect(acceptsGzip(header)).toBe(expected);
  });
  it('no header: identity', () => expect(acceptsGzip(undefined)).toBe(false));
});

describe('gzip through the proxy (node transport)', () => {
  let h: ProxyHarness;
  beforeAll(async () => {
    h = await startProxyHarness({ transport: 'node', env: { CACHE_TTL_MS: '10000' }, upstream: { images: 300 } });
  });
  beforeEach(() => h.upstream.reset());
  afterAll(() => h.close());

  it('asks upstream for gzip and passes the compressed bytes through untouched to a client that accepts gzip', async () => {
    const answer = await rawGet(h.listUrl('per_page=200'), { 'accept-encoding': 'gzip, deflate, br' });
    expect(answer.status).toBe(200);
    expect(answer.headers['content-encoding']).toBe('gzip');
    expect(answer.headers.vary).toBe('accept-encoding');
    expect(answer.headers['cache-control']).toBe('no-store');
    const [upstreamRequest] = h.upstream.listRequests();
    expect(upstreamRequest?.headers['accept-encoding']).toBe('gzip');
    expect(upstreamRequest?.gzip).toBe(true);
    // The very bytes the fake sent: the same page compressed directly.
    const direct = await rawGet(`${h.upstream.baseUrl}/accounts/${TEST_ACCOUNT_ID}/images/v2?per_page=200`, { 'accept-encoding': 'gzip' });
    expect(answer.body.equals(direct.body)).toBe(true);
    const page = JSON.parse(gunzipSync(answer.body).toString()) as { result: { images: unknown[] } };
    expect(page.result.images).toHaveLength(200);
    expectNoSecrets(gunzipSync(answer.body).toString(), 'a gzip body');
    expectNoSecrets(JSON.stringify(answer.headers), 'gzip headers');
  });

  it('decodes for a client that does not accept gzip, from upstream and from the cache', async () => {
    const clients: Record<string, string>[] = [{}, { 'accept-encoding': 'identity' }, { 'accept-encoding': 'gzip;q=0, br' }];
    for (const headers of clients) {
      const answer = await rawGet(h.listUrl('per_page=150'), headers);
      expect(answer.status).toBe(200);
      expect(answer.headers['content-encoding']).toBeUndefined();
      expect(answer.headers.vary).toBe('accept-encoding');
      const page = JSON.parse(answer.body.toString()) as { success: boolean; result: { images: unknown[] } };
      expect(page.success).toBe(true);
      expect(page.result.images).toHaveLength(150);
    }
    // The first answer went upstream; the others came from the cache, kept gzip and decoded on the way out.
    expect(h.upstream.listRequests()).toHaveLength(1);
    expect(h.logs.slice(-3).map((line) => / cache=(\w+)/.exec(line)?.[1])).toEqual(['miss', 'hit', 'hit']);
    const zipped = await rawGet(h.listUrl('per_page=150'), { 'accept-encoding': 'gzip' });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(gunzipSync(zipped.body).toString())).toEqual(JSON.parse((await rawGet(h.listUrl('per_page=150'), {})).body.toString()));
  });

  it('coalesced clients share one gzip answer, each in the encoding it accepts', async () => {
    h.upstream.enqueue({ type: 'delay', ms: 150, then: { type: 'list' } });
    const url = h.listUrl('per_page=120&sort_order=asc');
    const [zipped, plain, again] = await Promise.all([
      rawGet(url, { 'accept-encoding': 'gzip', 'cache-control': 'no-cache' }),
      rawGet(url, { 'cache-control': 'no-cache' }),
      rawGet(url, { 'accept-encoding': 'br, gzip', 'cache-control': 'no-cache' }),
    ]);
    expect(h.upstream.listRequests()).toHaveLength(1);
    expect([zipped.headers['content-encoding'], plain.headers['content-encoding'], again.headers['content-encoding']]).toEqual(['gzip', undefined, 'gzip']);
    const decoded = plain.body.toString();
    expect(gunzipSync(zipped.body).toString()).toBe(decoded);
    expect(gunzipSync(again.body).toString()).toBe(decoded);
    expect((JSON.parse(decoded) as { result: { images: unknown[] } }).result.images).toHaveLength(120);
  });

  it('passes an upstream gzip error envelope on decoded (it was read whole for credentials), status unchanged', async () => {
    h.upstream.enqueue({ type: 'status', status: 403, code: 10000, message: 'Authentication error' });
    const answer = await rawGet(h.listUrl('per_page=10&sort_order=asc'), { 'accept-encoding': 'gzip' });
    expect(answer.status).toBe(403);
    expect(h.upstream.listRequests().at(-1)?.gzip).toBe(true);
    expect(answer.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(answer.body.toString())).toMatchObject({ success: false, errors: [{ code: 10000 }] });
  });

  it('a streamed identity answer (upstream did not compress) is forwarded as identity', async () => {
    h.upstream.enqueue({ type: 'slow', chunks: 5, intervalMs: 5 });
    const answer = await rawGet(h.listUrl('per_page=10&sort_order=desc'), { 'accept-encoding': 'gzip' });
    expect(answer.status).toBe(200);
    expect(answer.headers['content-encoding']).toBeUndefined();
    expect((JSON.parse(answer.body.toString()) as { success: boolean }).success).toBe(true);
  });

  it('an encoding the proxy did not ask for is 502 / 7503, not passed on', async () => {
    h.upstream.enqueue({ type: 'json', status: 200, body: { success: true }, headers: { 'content-encoding': 'br' } });
    const answer = await h.call(h.listUrl('per_page=11'));
    expect(answer.status).toBe(502);
    expect(envelopeCode(answer)).toBe(7503);
  });

  it('a gzip body cut off mid-way reaches the client as an aborted connection', async () => {
    h.upstream.enqueue({ type: 'truncated', bytes: 2000 });
    await expect(rawGet(h.listUrl('per_page=12'), { 'accept-encoding': 'gzip' })).rejects.toThrow();
    await expect(h.call(h.listUrl('per_page=12'))).resolves.toMatchObject({ status: 200 });
  });
});

describe('learning the account hash from a gzip answer (node transport)', () => {
  it('reads the variant URLs through a side decoder', async () => {
    const h = await startProxyHarness({ transport: 'node', env: { CLOUDFLARE_IMAGES_SIGNING_KEY: 'sign_SECRET_5e7f9a1b3c5d7e9f1a3b5c7d9e1f3a5b' } });
    try {
      expect((await h.call(`${h.origin}/api/config`)).json()).toMatchObject({ accountHash: null });
      await h.call(h.listUrl('per_page=10'));
      expect(h.upstream.listRequests()[0]?.gzip).toBe(true);
      await expect.poll(async () => ((await h.call(`${h.origin}/api/config`)).json() as { accountHash: string }).accountHash).toBe(FAKE_ACCOUNT_HASH);
    } finally {
      await h.close();
    }
  });
});

describe('createNodeUpstreamFetch', () => {
  let upstream: FakeUpstream;
  const fetchRaw = createNodeUpstreamFetch();
  const url = () => `${upstream.baseUrl}/accounts/${TEST_ACCOUNT_ID}/images/v2?per_page=10`;
  beforeAll(async () => {
    upstream = await startFakeUpstream({ images: 20 });
  });
  beforeEach(() => upstream.reset());
  afterAll(() => upstream.close());

  it('sends exactly the given headers and returns the body undecoded, with its headers', async () => {
    const res = await fetchRaw(url(), { headers: { accept: 'application/json', 'accept-encoding': 'gzip', authorization: 'Bearer t' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-encoding')).toBe('gzip');
    const body = Buffer.from(await new Response(res.body).arrayBuffer());
    expect((JSON.parse(gunzipSync(body).toString()) as { result: { images: unknown[] } }).result.images).toHaveLength(10);
    const sent = upstream.listRequests()[0]?.headers ?? {};
    expect(Object.keys(sent).sort()).toEqual(['accept', 'accept-encoding', 'authorization', 'connection', 'host']);
  });

  it('reuses a kept-alive connection', async () => {
    const ports = new Set<number>();
    const server = http.createServer((req, res) => {
      ports.add(req.socket.remotePort ?? 0);
      res.end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    try {
      for (let i = 0; i < 5; i += 1) await new Response((await fetchRaw(`http://127.0.0.1:${port}/`, { headers: {} })).body).text();
      expect(ports.size).toBe(1);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it('aborting before the answer rejects with the abort; aborting during the body errors the stream', async () => {
    upstream.enqueue({ type: 'hang' });
    const before = new AbortController();
    const pending = fetchRaw(url(), { headers: {}, signal: before.signal });
    await upstream.waitForRequests(1);
    before.abort(new Error('deadline'));
    await expect(pending).rejects.toThrow('deadline');

    upstream.enqueue({ type: 'stall' });
    const during = new AbortController();
    const res = await fetchRaw(url(), { headers: {}, signal: during.signal });
    const reader = res.body!.getReader();
    expect((await reader.read()).done).toBe(false);
    during.abort(new Error('idle'));
    await expect(reader.read()).rejects.toThrow('idle');
  });

  it('a reset is a rejection with the system error code; a body cut off errors the stream', async () => {
    upstream.enqueue({ type: 'reset' });
    await expect(fetchRaw(url(), { headers: {} })).rejects.toMatchObject({ code: 'ECONNRESET' });
    upstream.enqueue({ type: 'truncated', bytes: 100 });
    const res = await fetchRaw(url(), { headers: {} });
    await expect(new Response(res.body).arrayBuffer()).rejects.toThrow();
  });

  it('refused connections reject with ECONNREFUSED', async () => {
    const gone = await startFakeUpstream();
    await gone.close();
    await expect(fetchRaw(`${gone.baseUrl}/x`, { headers: {} })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});
