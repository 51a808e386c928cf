/**
 * Issue 12 #7 (CONTRACT.md §3): an upstream answer never carries a credential to the client. Cloudflare echoing the
 * token or key in an error body or a passed header is replaced with `[redacted]`, gzip or not, in one chunk or split.
 * `call` (the harness) also fails on any secret in any answer.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TRANSPORTS, startProxyHarness, type ProxyHarness } from '../test-support/proxy-harness';
import { createApp } from '../app';
import { TEST_API_KEY, TEST_API_TOKEN, TEST_EMAIL, cloudflareConfig } from '../test-support/test-config';

const envelope = (message: string) => ({ success: false, errors: [{ code: 6003, message }], messages: [{ code: 1, message }], result: null });

describe.each(TRANSPORTS)('credentials echoed by upstream (token), %s transport', (transport) => {
  let h: ProxyHarness;
  beforeAll(async () => {
    h = await startProxyHarness({ transport });
  });
  afterEach(() => h.upstream.reset());
  afterAll(() => h.close());

  it('redacts the token in an error body, gzip or identity, keeping status and the rest of the envelope', async () => {
    const message = `Invalid request headers: Authorization: Bearer ${TEST_API_TOKEN} (token ${TEST_API_TOKEN})`;
    h.upstream.enqueue({ type: 'json', status: 400, body: envelope(message) });
    const answer = await h.call(h.listUrl('per_page=10'));
    expect(answer.status).toBe(400);
    expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
    const redacted = 'Invalid request headers: Authorization: Bearer [redacted] (token [redacted])';
    expect(answer.json()).toEqual(envelope(redacted));
  });

  it('redacts a token split between two chunks of the body', async () => {
    const body = envelope(`echo ${TEST_API_TOKEN}`);
    const at = JSON.stringify(body).indexOf(TEST_API_TOKEN) + 10;
    h.upstream.enqueue({ type: 'json', status: 403, body, chunkBytes: at });
    const answer = await h.call(h.listUrl('per_page=10'));
    expect(answer.status).toBe(403);
    expect(answer.json()).toEqual(envelope('echo [redacted]'));
  });

  it('redacts the token in passed headers (retry-after, ratelimit) of an answer that is retried to the end', async () => {
    const headers = { 'retry-after': '0', 'ratelimit-policy': `1200;w=300;token=${TEST_API_TOKEN}` };
    const limited = { type: 'json', status: 429, body: envelope('slow down'), headers } as const;
    h.upstream.enqueue(limited, limited, limited);
    const answer = await h.call(h.listUrl('per_page=10'));
    expect(answer.status).toBe(429);
    expect(answer.headers.get('ratelimit-policy')).toBe('1200;w=300;token=[redacted]');
    expect(answer.json()).toEqual(envelope('slow down'));
  });

  it('redacts the token in the proxy’s own 7503 message about what upstream sent', async () => {
    h.upstream.enqueue({ type: 'json', status: 200, body: {}, headers: { 'content-encoding': `x-${TEST_API_TOKEN}` } });
    const answer = await h.call(h.listUrl('per_page=10'));
    // The raw transport refuses an encoding it did not ask for, naming it; undici's fetch ignores one it does not
    // know and hands the body over (the header itself is never passed on).
    if (transport === 'node') {
      expect(answer.status).toBe(502);
      expect(answer.text).toContain('content-encoding x-[redacted]');
    } else expect(answer.status).toBe(200);
  });

  it('still passes a list page through untouched', async () => {
    const answer = await h.call(h.listUrl('per_page=10'));
    expect(answer.status).toBe(200);
    expect((answer.json() as { result: { images: unknown[] } }).result.images).toHaveLength(10);
  });
});

describe.each(TRANSPORTS)('credentials echoed by upstream (API key), %s transport', (transport) => {
  let h: ProxyHarness;
  beforeAll(async () => {
    h = await startProxyHarness({ transport, env: { CLOUDFLARE_API_TOKEN: '', CLOUDFLARE_EMAIL: TEST_EMAIL, CLOUDFLARE_API_KEY: TEST_API_KEY } });
  });
  afterAll(() => h.close());

  it('redacts the key (the email is not a credential and stays)', async () => {
    h.upstream.enqueue({ type: 'status', status: 403, code: 9103, message: `Unknown X-Auth-Key ${TEST_API_KEY} for ${TEST_EMAIL}` });
    const answer = await h.call(h.listUrl('per_page=10'));
    expect(answer.status).toBe(403);
    expect((answer.json() as { errors: { message: string }[] }).errors[0]?.message).toBe(`Unknown X-Auth-Key [redacted] for ${TEST_EMAIL}`);
  });
});

describe('credentials echoed by upstream to the image reads and writes (§7)', () => {
  const ACCOUNT = '0123456789abcdef0123456789abcdef';
  const V1 = `/client/v4/accounts/${ACCOUNT}/images/v1`;
  const escaped = JSON.stringify(TEST_API_TOKEN).slice(1, -1);
  /** The next answer of the hostile upstream, whatever is asked. */
  let next: () => Response = () => new Response('{}');
  const app = createApp(cloudflareConfig('http://127.0.0.1/client/v4', { CLOUDFLARE_ACCOUNT_ID: ACCOUNT, ALLOW_WRITES: 'true' }), {
    fetch: async () => next(),
    log: false,
  });
  async function call(path: string, init?: RequestInit) {
    const res = await app.request(path, init);
    const text = await res.text();
    const everything = `${[...res.headers].map(([k, v]) => `${k}: ${v}`).join('\n')}\n${text}`;
    expect(everything.includes(TEST_API_TOKEN), `the token reached the client of ${path}`).toBe(false);
    return { status: res.status, headers: res.headers, text };
  }
  const json = (body: unknown, status = 200, headers: Record<string, string> = {}) => () =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

  it('redacts the token in the passed headers of stats, details and a PATCH answer', async () => {
    next = json({ success: true, errors: [], messages: [], result: { count: { current: 1, allowed: 10 } } }, 200, {
      'retry-after': TEST_API_TOKEN,
      ratelimit: `limit=1200;t=${TEST_API_TOKEN}`,
    });
    const stats = await call(`${V1}/stats`);
    expect(stats.status).toBe(200);
    expect(stats.headers.get('ratelimit')).toBe('limit=1200;t=[redacted]');
    expect(stats.headers.get('retry-after')).toBe('[redacted]');
    next = json({ success: true, errors: [], messages: [], result: { id: 'some-id' } }, 200, { 'ratelimit-policy': `p;t=${TEST_API_TOKEN}` });
    const details = await call(`${V1}/some-id`);
    expect(details.status).toBe(200);
    expect(details.headers.get('ratelimit-policy')).toBe('p;t=[redacted]');
    const patched = await call(`${V1}/some-id`, { method: 'PATCH', body: '{"metadata":{"a":1}}', headers: { 'content-type': 'application/json' } });
    expect(patched.status).toBe(200);
    expect(patched.headers.get('ratelimit-policy')).toBe('p;t=[redacted]');
  });

  it('redacts the token in the passed headers of a streamed blob', async () => {
    next = () => new Response('bytes', { headers: { 'content-type': 'image/png', ratelimit: `r=${TEST_API_TOKEN}` } });
    const blob = await call(`${V1}/some-id/blob`);
    expect(blob.status).toBe(200);
    expect(blob.headers.get('ratelimit')).toBe('r=[redacted]');
    expect(blob.text).toBe('bytes');
  });

  it('redacts the token in its own 7503 message, and every form of it in a JSON body', async () => {
    next = () => new Response('oops', { status: 500, headers: { 'content-type': `text/html; t=${TEST_API_TOKEN}` } });
    const refused = await call(`${V1}/some-id`);
    expect(refused.status).toBe(502);
    expect(refused.text).toContain('text/html; t=[redacted]');
    next = json(envelope(`a ${encodeURIComponent(TEST_API_TOKEN)} b ${escaped} c ${TEST_API_TOKEN}`), 400);
    const error = await call(`${V1}/some-id`);
    expect(error.status).toBe(400);
    expect(JSON.parse(error.text)).toEqual(envelope('a [redacted] b [redacted] c [redacted]'));
  });
});
