/**
 * The proxy against a real HTTP fake upstream (CONTRACT.md §3): what is forwarded, with which credentials, what is
 * never forwarded, what comes back, coalescing and the cache.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_ACCOUNT_HASH, generateImages } from '../test-support/fake-upstream';
import { TRANSPORTS, envelopeCode, startProxyHarness, type ProxyHarness } from '../test-support/proxy-harness';
import { TEST_ACCOUNT_ID, TEST_API_KEY, TEST_API_TOKEN, TEST_EMAIL, TEST_SIGNING_KEY } from '../test-support/test-config';

interface ListBody {
  success: boolean;
  result: { images: { id: string; variants: string[] }[]; continuation_token: string | null };
}

const HOSTILE_CLIENT_HEADERS = {
  authorization: 'Bearer client-token-must-not-travel',
  cookie: 'session=client-cookie',
  'x-auth-email': 'client@example.com',
  'x-auth-key': 'client-key',
  'x-auth-user-service-key': 'client-service-key',
  'x-forwarded-for': '203.0.113.9',
  'x-forwarded-host': 'evil.example',
  forwarded: 'for=203.0.113.9',
  'x-real-ip': '203.0.113.9',
  'cf-connecting-ip': '203.0.113.9',
  'x-custom': 'nope',
};

/** Every header the upstream may see: ours, plus what the runtime's fetch adds on its own. */
const ALLOWED_UPSTREAM_HEADERS = new Set([
  'accept',
  'user-agent',
  'cache-control',
  'authorization',
  'x-auth-email',
  'x-auth-key',
  'host',
  'connection',
  'accept-encoding',
  'accept-language',
  'sec-fetch-mode',
]);

describe.each(TRANSPORTS)('forwarding (token credentials, cache off), %s transport', (transport) => {
  let h: ProxyHarness;
  beforeAll(async () => {
    h = await startProxyHarness({ transport, upstream: { images: 60 } });
  });
  afterEach(() => h.upstream.reset());
  afterAll(() => h.close());

  it('forwards exactly the query its cache key describes to CLOUDFLARE_BASE_URL + /accounts/{id}/images/v2 and streams the page back', async () => {
    // Issue 12 #13: unknown parameters, a second spelling of a filter key, defaults left out: upstream gets the parsed
    // query, written once, with its defaults explicit, never the client's raw string.
    const query = 'per_page=10&sort_order=asc&meta.status%5Beq%5D=active&creator=&unknown=%F0%9F%98%80&meta=x&per_pag=5';
    const answer = await h.call(h.listUrl(query));
    expect(answer.status).toBe(200);
    const [seen] = h.upstream.requests;
    expect(h.upstream.requests).toHaveLength(1);
    expect(seen?.method).toBe('GET');
    expect(seen?.path).toBe(`/client/v4/accounts/${TEST_ACCOUNT_ID}/images/v2`);
    expect(seen?.search).toBe('?per_page=10&sort_order=asc&creator=&meta.status%5Beq%5D=active');
    const body = answer.json() as ListBody;
    expect(body.success).toBe(true);
    expect(body.result.images.length).toBeGreaterThan(0);
    expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('makes the defaults explicit upstream, and forwards values that need escaping so they read back the same', async () => {
    await h.call(h.listUrl(`creator=${encodeURIComponent('R&D +%')}&meta.a.b%5Bin%5D=x%7Cy%26z&continuation_token=o1&x-evil=1`));
    const seen = new URLSearchParams(h.upstream.requests[0]?.search ?? '');
    expect([...seen]).toEqual([
      ['per_page', '1000'],
      ['sort_order', 'desc'],
      ['creator', 'R&D +%'],
      ['meta.a.b[in]', 'x|y&z'],
      ['continuation_token', 'o1'],
    ]);
  });

  it('sends the server token and none of the client credentials or forwarding headers', async () => {
    await h.call(h.listUrl('per_page=10'), { headers: HOSTILE_CLIENT_HEADERS });
    const seen = h.upstream.requests[0]?.headers ?? {};
    expect(seen.authorization).toBe(`Bearer ${TEST_API_TOKEN}`);
    expect(seen['x-auth-email']).toBeUndefined();
    expect(seen['x-auth-key']).toBeUndefined();
    expect(seen.cookie).toBeUndefined();
    expect(seen.accept).toBe('application/json');
    expect(seen['user-agent']).toMatch(/^cf-images-explorer\//);
    expect(Object.keys(seen).filter((name) => !ALLOWED_UPSTREAM_HEADERS.has(name))).toEqual([]);
    expect(JSON.stringify(seen)).not.toMatch(/client-|203\.0\.113|evil\.example|nope/);
  });

  it('passes status, content-type, retry-after and ratelimit headers; drops set-cookie and the rest', async () => {
    h.upstream.enqueue({
      type: 'json',
      status: 200,
      body: { success: true, errors: [], messages: [], result: { images: [], continuation_token: null } },
      headers: {
        'set-cookie': '__cf_bm=abc; Path=/',
        ratelimit: 'limit=1200, remaining=1199, reset=300',
        'ratelimit-policy': '1200;w=300',
        'retry-after': '3',
        'x-upstream-internal': 'secret-ish',
        server: 'cloudflare',
      },
    });
    const answer = await h.call(h.listUrl());
    expect(answer.status).toBe(200);
    expect(answer.headers.get('set-cookie')).toBeNull();
    expect(answer.headers.get('ratelimit')).toBe('limit=1200, remaining=1199, reset=300');
    expect(answer.headers.get('ratelimit-policy')).toBe('1200;w=300');
    expect(answer.headers.get('retry-after')).toBe('3');
    expect(answer.headers.get('x-upstream-internal')).toBeNull();
    expect(answer.headers.get('content-security-policy')).toBeTruthy();
  });

  it('passes an upstream JSON error envelope through unchanged (status and body)', async () => {
    const body = { success: false, errors: [{ code: 10000, message: 'Authentication error' }], messages: [], result: null };
    h.upstream.enqueue({ type: 'json', status: 403, body });
    const answer = await h.call(h.listUrl());
    expect(answer.status).toBe(403);
    expect(answer.json()).toEqual(body);
    expect(h.upstream.requests).toHaveLength(1);
  });

  it.each([
    ['an invalid per_page', h_list('per_page=9')],
    ['an unsupported operator', h_list('meta.status%5Bbogus%5D=x')],
    ['six filters', h_list('meta.a[eq]=1&meta.b[eq]=1&meta.c[eq]=1&meta.d[eq]=1&meta.e[eq]=1&meta.f[eq]=1')],
    ['a duplicate filter key', h_list('meta.a[eq]=1&meta.a[eq]=2')],
    ['a long continuation token', h_list(`continuation_token=${'x'.repeat(33)}`)],
  ])('refuses %s with 400 / 5400 and never forwards it', async (_name, path) => {
    const answer = await h.call(`${h.origin}${path}`);
    expect(answer.status).toBe(400);
    expect(envelopeCode(answer)).toBe(5400);
    expect(h.upstream.requests).toHaveLength(0);
  });

  it.each([
    ['another account', 'GET', `/client/v4/accounts/ffffffffffffffffffffffffffffffff/images/v2`, 403, 9109],
    ['images v1 without an id', 'GET', `/client/v4/accounts/${TEST_ACCOUNT_ID}/images/v1`, 404, 7003],
    ['the signing keys', 'GET', `/client/v4/accounts/${TEST_ACCOUNT_ID}/images/v1/keys`, 404, 7003],
    ['an image write without ALLOW_WRITES', 'DELETE', `/client/v4/accounts/${TEST_ACCOUNT_ID}/images/v1/abc`, 403, 7403],
    ['POST to the list', 'POST', `/client/v4/accounts/${TEST_ACCOUNT_ID}/images/v2`, 404, 7003],
    ['PUT to the list', 'PUT', `/client/v4/accounts/${TEST_ACCOUNT_ID}/images/v2`, 404, 7003],
    ['DELETE to the list', 'DELETE', `/client/v4/accounts/${TEST_ACCOUNT_ID}/images/v2`, 404, 7003],
    ['PATCH to the list', 'PATCH', `/client/v4/accounts/${TEST_ACCOUNT_ID}/images/v2`, 404, 7003],
    ['a trailing path segment', 'GET', `/client/v4/accounts/${TEST_ACCOUNT_ID}/images/v2/x`, 404, 7003],
    ['another API', 'GET', `/client/v4/zones`, 404, 7003],
    ['user tokens', 'GET', `/client/v4/user/tokens/verify`, 404, 7003],
    ['an encoded traversal', 'GET', `/client/v4/accounts/${TEST_ACCOUNT_ID}/images/v2/..%2F..%2Fuser`, 404, 7003],
  ])('answers %s without reaching upstream', async (_name, method, path, status, code) => {
    const answer = await h.call(`${h.origin}${path}`, { method });
    expect(answer.status).toBe(status);
    expect(envelopeCode(answer)).toBe(code);
    expect(h.upstream.requests).toHaveLength(0);
  });

  it('answers HEAD without reaching upstream', async () => {
    const res = await fetch(h.listUrl(), { method: 'HEAD' });
    expect(res.status).toBe(404);
    expect(h.upstream.requests).toHaveLength(0);
  });

  it('logs one line per request with the upstream calls and cache state, never a credential', async () => {
    h.logs.length = 0;
    await h.call(h.listUrl('per_page=10'), { headers: HOSTILE_CLIENT_HEADERS });
    await h.call(h.listUrl('per_page=1'));
    expect(h.logs).toHaveLength(2);
    expect(h.logs[0]).toMatch(/^GET \/client\/v4\/accounts\/\w+\/images\/v2\?per_page=10 200 \d+ms upstream=1 cache=off$/);
    expect(h.logs[1]).toMatch(/\?per_page=1 400 \d+ms$/);
    expect(h.logs.join('\n')).not.toMatch(/client-token|client-cookie|client-key/);
  });

  it('learns the delivery account hash from a list answer, for /api/config and /api/sign', async () => {
    // This server has no CLOUDFLARE_IMAGES_ACCOUNT_HASH; earlier tests listed images, so it has learnt it.
    await h.call(h.listUrl('per_page=10'));
    const config = (await h.call(`${h.origin}/api/config`)).json();
    expect(config).toMatchObject({ accountHash: FAKE_ACCOUNT_HASH, signing: false });
  });
});

/** A list path (not URL) for `it.each` tables built before the harness starts. */
function h_list(query: string): string {
  return `/client/v4/accounts/${TEST_ACCOUNT_ID}/images/v2?${query}`;
}

describe.each(TRANSPORTS)('legacy API key credentials, and signing with a learnt hash, %s transport', (transport) => {
  let h: ProxyHarness;
  beforeAll(async () => {
    h = await startProxyHarness({
      transport,
      env: {
        CLOUDFLARE_API_TOKEN: '',
        CLOUDFLARE_EMAIL: TEST_EMAIL,
        CLOUDFLARE_API_KEY: TEST_API_KEY,
        CLOUDFLARE_IMAGES_SIGNING_KEY: TEST_SIGNING_KEY,
      },
    });
  });
  afterAll(() => h.close());

  it('sends X-Auth-Email + X-Auth-Key and no Authorization', async () => {
    await h.call(h.listUrl('per_page=10'), { headers: { authorization: 'Bearer client', 'x-auth-key': 'client-key' } });
    const seen = h.upstream.requests[0]?.headers ?? {};
    expect(seen['x-auth-email']).toBe(TEST_EMAIL);
    expect(seen['x-auth-key']).toBe(TEST_API_KEY);
    expect(seen.authorization).toBeUndefined();
  });

  it('signs URLs under the learnt hash only', async () => {
    const sign = (urls: string[]) =>
      h.call(`${h.origin}/api/sign`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ urls }) });
    const ok = await sign([`https://imagedelivery.net/${FAKE_ACCOUNT_HASH}/abc/public`]);
    expect(ok.status).toBe(200);
    expect((ok.json() as { urls: string[] }).urls[0]).toMatch(/\?exp=\d+&sig=[0-9a-f]{64}$/);
    const other = await sign(['https://imagedelivery.net/SomeoneElsesHash00000/abc/public']);
    expect(other.status).toBe(400);
  });
});

describe.each(TRANSPORTS)('coalescing and the cache, %s transport', (transport) => {
  let h: ProxyHarness;
  beforeAll(async () => {
    h = await startProxyHarness({
      transport,
      env: { CACHE_TTL_MS: '60000' },
      upstream: { images: 300 },
      tuning: { maxBufferedBytes: 2 * 1024 * 1024 },
    });
  });
  afterEach(() => h.upstream.reset());
  afterAll(() => h.close());

  it('shares one upstream call between identical concurrent requests, however the query is spelled', async () => {
    // Long enough for all twelve to arrive while the first is in flight, even on a busy machine.
    h.upstream.setDefault({ type: 'delay', ms: 500, then: { type: 'list' } });
    h.logs.length = 0;
    const spellings = [
      'per_page=50&meta.status[eq]=active&meta.n[gte]=3',
      'meta.n%5Bgte%5D=3&per_page=50&meta.status%5Beq%5D=active',
      'per_page=50&meta.status[eq]=active&meta.n[gte]=3&sort_order=desc&ignored=1',
    ];
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => h.call(h.listUrl(spellings[i % 3]))));
    expect(h.upstream.listRequests()).toHaveLength(1);
    expect(new Set(answers.map((a) => a.status))).toEqual(new Set([200]));
    expect(new Set(answers.map((a) => a.text)).size).toBe(1);
    expect((answers[0]?.json() as ListBody).result.images).toHaveLength(50);
    expect(h.logs.filter((l) => l.endsWith('cache=coalesced'))).toHaveLength(11);
  });

  it('answers an identical request from the cache; Cache-Control: no-cache fetches afresh and refreshes it', async () => {
    const url = h.listUrl('per_page=20&sort_order=asc');
    const first = await h.call(url);
    const second = await h.call(url);
    expect(h.upstream.listRequests()).toHaveLength(1);
    expect(second.text).toBe(first.text);
    expect(second.headers.get('content-type')).toBe(first.headers.get('content-type'));

    h.upstream.enqueue({ type: 'json', status: 200, body: { success: true, errors: [], messages: [], result: { images: [], continuation_token: null } } });
    const fresh = await h.call(url, { headers: { 'cache-control': 'no-cache' } });
    expect(h.upstream.listRequests()).toHaveLength(2);
    expect(h.upstream.listRequests()[1]?.headers['cache-control']).toBe('no-cache');
    expect((fresh.json() as ListBody).result.images).toEqual([]);
    const after = await h.call(url);
    expect(after.text).toBe(fresh.text); // the refreshed answer
    expect(h.upstream.listRequests()).toHaveLength(2);
    expect(h.logs.slice(-3).map((l) => l.split(' ').slice(-2).join(' '))).toEqual([
      'upstream=0 cache=hit',
      'upstream=1 cache=bypass',
      'upstream=0 cache=hit',
    ]);
  });

  it('never caches errors', async () => {
    const url = h.listUrl('per_page=30');
    h.upstream.enqueue({ type: 'status', status: 500 });
    expect((await h.call(url)).status).toBe(500);
    expect((await h.call(url)).status).toBe(200);
    expect((await h.call(url)).status).toBe(200);
    expect(h.upstream.listRequests()).toHaveLength(2);
  });

  it('gives every coalesced request the shared upstream error, and caches none of it', async () => {
    h.upstream.enqueue({ type: 'delay', ms: 500, then: { type: 'status', status: 500, code: 10500 } });
    const answers = await Promise.all(Array.from({ length: 6 }, () => h.call(h.listUrl('per_page=60'))));
    expect(answers.map((a) => a.status)).toEqual(Array(6).fill(500));
    expect(answers.map((a) => envelopeCode(a))).toEqual(Array(6).fill(10500));
    expect(h.upstream.listRequests()).toHaveLength(1);
    expect((await h.call(h.listUrl('per_page=60'))).status).toBe(200);
    expect(h.upstream.listRequests()).toHaveLength(2);
  });

  it('streams an answer larger than the buffer cap (2 MB here) without caching it', async () => {
    h.upstream.enqueue({ type: 'large', bytes: 3 * 1024 * 1024 }, { type: 'large', bytes: 3 * 1024 * 1024 });
    const url = h.listUrl('per_page=70');
    for (let i = 0; i < 2; i += 1) {
      const res = await fetch(url);
      expect(((await res.json()) as ListBody).success).toBe(true);
    }
    expect(h.upstream.listRequests()).toHaveLength(2);
  });

  it('stops the upstream transfer when the only client goes away, and serves the next request', async () => {
    h.upstream.enqueue({ type: 'slow', chunks: 40, intervalMs: 50 });
    const controller = new AbortController();
    const res = await fetch(h.listUrl('per_page=80'), { signal: controller.signal });
    const reader = res.body!.getReader();
    expect((await reader.read()).value?.byteLength).toBeGreaterThan(0);
    controller.abort();
    const deadline = Date.now() + 3000;
    while (h.upstream.cancelledBodies === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(h.upstream.cancelledBodies).toBe(1);
    expect((await h.call(h.listUrl('per_page=80'))).status).toBe(200);
  });

  it('keys the cache by query: a different page is another upstream call', async () => {
    await h.call(h.listUrl('per_page=40'));
    await h.call(h.listUrl('per_page=40&continuation_token=o40'));
    await h.call(h.listUrl('per_page=40&creator='));
    expect(h.upstream.listRequests()).toHaveLength(3);
  });
});

describe.each(TRANSPORTS)('cache lifetime, %s transport', (transport) => {
  it('CACHE_TTL_MS=0 turns the cache off', async () => {
    const h = await startProxyHarness({ transport, env: { CACHE_TTL_MS: '0' } });
    try {
      for (let i = 0; i < 3; i += 1) expect((await h.call(h.listUrl('per_page=10'))).status).toBe(200);
      expect(h.upstream.listRequests()).toHaveLength(3);
    } finally {
      await h.close();
    }
  });

  it('an entry expires after CACHE_TTL_MS', async () => {
    // A TTL long enough that the second call is a hit even on a busy machine (list-cache.test.ts checks expiry to
    // the millisecond on a clock of its own).
    const h = await startProxyHarness({ transport, env: { CACHE_TTL_MS: '1500' } });
    try {
      await h.call(h.listUrl('per_page=10'));
      await h.call(h.listUrl('per_page=10'));
      expect(h.upstream.listRequests()).toHaveLength(1);
      await new Promise((resolve) => setTimeout(resolve, 1600));
      await h.call(h.listUrl('per_page=10'));
      expect(h.upstream.listRequests()).toHaveLength(2);
    } finally {
      await h.close();
    }
  });
});

describe.each(TRANSPORTS)('the learnt delivery hash cannot be poisoned (issue 12 #2), %s transport', (transport) => {
  const EVIL = 'https://imagedelivery.net/AttackerHash0000000000/x/public';
  // The newest image (first in a list answer) carries a delivery URL of another hash in its filename and metadata,
  // which come before its variants in the JSON.
  const images = generateImages(5);
  const newest = images[4]!;
  images[4] = { ...newest, filename: EVIL, meta: { note: EVIL, nested: { url: EVIL } } };
  let h: ProxyHarness;
  beforeAll(async () => {
    h = await startProxyHarness({ transport, upstream: { images }, env: { CLOUDFLARE_IMAGES_SIGNING_KEY: TEST_SIGNING_KEY } });
  });
  afterEach(() => h.upstream.reset());
  afterAll(() => h.close());

  const learnt = async () => ((await h.call(`${h.origin}/api/config`)).json() as { accountHash: string | null }).accountHash;
  const sign = (url: string) =>
    h.call(`${h.origin}/api/sign`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ urls: [url] }) });

  it('learns nothing from an error body, nor from variants that disagree with each other or with their image', async () => {
    h.upstream.enqueue(
      { type: 'json', status: 403, body: { success: false, errors: [{ code: 10000, message: EVIL }], messages: [], result: null } },
      { type: 'json', status: 200, body: { success: true, errors: [], messages: [], result: { images: [{ ...newest, variants: [EVIL] }], continuation_token: null } } },
      {
        type: 'json',
        status: 200,
        body: {
          success: true,
          errors: [],
          messages: [],
          result: { images: [images[0], { ...images[1], variants: [`https://imagedelivery.net/AttackerHash0000000000/${images[1]!.id}/public`] }], continuation_token: null },
        },
      },
    );
    for (let i = 0; i < 3; i += 1) await h.call(h.listUrl(`per_page=10&continuation_token=t${i}`));
    // Learning happens after the body is complete: give it the time a real learning would take.
    await h.call(h.listUrl('per_page=10&creator=nobody'));
    expect(await learnt()).toBeNull();
  });

  it('learns the hash of the parsed variants, not the first delivery URL in the answer', async () => {
    const answer = await h.call(h.listUrl('per_page=10'));
    expect(answer.text.indexOf(EVIL)).toBeLessThan(answer.text.indexOf(`imagedelivery.net/${FAKE_ACCOUNT_HASH}/`));
    await expect.poll(learnt).toBe(FAKE_ACCOUNT_HASH);
    expect((await sign(`https://imagedelivery.net/${FAKE_ACCOUNT_HASH}/${newest.id}/public`)).status).toBe(200);
    expect((await sign(EVIL)).status).toBe(400);
  });
});
