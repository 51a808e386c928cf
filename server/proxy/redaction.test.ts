/**
 * Issue 12 #7 (CONTRACT.md §3): an upstream answer never carries a credential to the client. Cloudflare echoing the
 * token or key in an error body or a passed header is replaced with `[redacted]`, gzip or not, in one chunk or split.
 * `call` (the harness) also fails on any secret in any answer.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TRANSPORTS, startProxyHarness, type ProxyHarness } from '../test-support/proxy-harness';
import { TEST_API_KEY, TEST_API_TOKEN, TEST_EMAIL } from '../test-support/test-config';

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
