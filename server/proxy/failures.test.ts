/**
 * How the proxy answers when the upstream misbehaves (CONTRACT.md §3): the contract's status and envelope, the
 * retry rules, broken bodies reaching the client broken, and a healthy next request every time.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeUpstream } from '../test-support/fake-upstream';
import { TRANSPORTS, envelopeCode, startProxyHarness, type ProxyHarness } from '../test-support/proxy-harness';

async function expectHealthy(h: ProxyHarness) {
  h.upstream.reset();
  h.services.budget.reset(); // a Cloudflare 429 stops every call until its Retry-After (§9); the next case starts unblocked
  const answer = await h.call(h.listUrl('per_page=10'));
  expect(answer.status).toBe(200);
  expect((answer.json() as { success: boolean }).success).toBe(true);
}

describe.each(TRANSPORTS)('upstream failures (UPSTREAM_TIMEOUT_MS=5000), %s transport', (transport) => {
  let h: ProxyHarness;
  beforeAll(async () => {
    h = await startProxyHarness({ transport, env: { UPSTREAM_TIMEOUT_MS: '5000' } });
  });
  beforeEach(() => h.upstream.reset());
  afterEach(() => expectHealthy(h));
  afterAll(() => h.close());

  it('500 with a JSON envelope: passed through, not retried', async () => {
    h.upstream.enqueue({ type: 'status', status: 500, code: 10001, message: 'internal' });
    const answer = await h.call(h.listUrl());
    expect(answer.status).toBe(500);
    expect(envelopeCode(answer)).toBe(10001);
    expect(h.upstream.listRequests()).toHaveLength(1);
  });

  it('503 then 200: retried, the client gets the page', async () => {
    h.upstream.enqueue({ type: 'status', status: 503 });
    const answer = await h.call(h.listUrl('per_page=10'));
    expect(answer.status).toBe(200);
    expect(h.upstream.listRequests()).toHaveLength(2);
  });

  it('502, 504, 503: retried twice, then the last answer unchanged', async () => {
    h.upstream.enqueue({ type: 'status', status: 502 }, { type: 'status', status: 504 }, { type: 'status', status: 503, code: 7777 });
    const answer = await h.call(h.listUrl());
    expect(answer.status).toBe(503);
    expect(envelopeCode(answer)).toBe(7777);
    expect(h.upstream.listRequests()).toHaveLength(3);
  });

  it('429 with Retry-After: 1 is waited for, then retried', async () => {
    h.upstream.enqueue({ type: 'rate-limit', retryAfter: '1' });
    const started = performance.now();
    const answer = await h.call(h.listUrl('per_page=10'));
    expect(answer.status).toBe(200);
    const [first, second] = h.upstream.listRequests();
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(950);
    expect(performance.now() - started).toBeLessThan(4000);
  });

  it('429 three times: the client gets the last 429 with its Retry-After and rate-limit headers, no cookie', async () => {
    h.upstream.enqueue(...Array.from({ length: 3 }, () => ({ type: 'rate-limit' as const, retryAfter: '0' })));
    const answer = await h.call(h.listUrl());
    expect(answer.status).toBe(429);
    expect(answer.headers.get('retry-after')).toBe('0');
    expect(answer.headers.get('ratelimit')).toContain('remaining=0');
    expect(answer.headers.get('set-cookie')).toBeNull();
    expect(h.upstream.listRequests()).toHaveLength(3);
  });

  it('429 with a Retry-After beyond 10 s (or beyond the deadline) is handed to the client at once', async () => {
    h.upstream.enqueue({ type: 'rate-limit', retryAfter: '30' });
    const started = performance.now();
    const answer = await h.call(h.listUrl());
    expect(answer.status).toBe(429);
    expect(answer.headers.get('retry-after')).toBe('30');
    expect(h.upstream.listRequests()).toHaveLength(1);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('connection reset: retried twice, then 502 / 7502', async () => {
    h.upstream.enqueue({ type: 'reset' }, { type: 'reset' }, { type: 'reset' });
    const answer = await h.call(h.listUrl());
    expect(answer.status).toBe(502);
    expect(envelopeCode(answer)).toBe(7502);
    expect(h.upstream.listRequests()).toHaveLength(3);
  });

  it('connection reset once: the retry succeeds', async () => {
    h.upstream.enqueue({ type: 'reset' });
    expect((await h.call(h.listUrl('per_page=10'))).status).toBe(200);
    expect(h.upstream.listRequests()).toHaveLength(2);
  });

  it.each([200, 403, 502])('an HTML page with status %i: 502 / 7503, decided before streaming', async (status) => {
    h.upstream.setDefault({ type: 'html', status });
    const answer = await h.call(h.listUrl());
    expect(answer.status).toBe(502);
    expect(envelopeCode(answer)).toBe(7503);
    expect(answer.text).not.toContain('<html>');
    expect(h.upstream.listRequests()).toHaveLength(status === 502 ? 3 : 1);
  });

  it('a JSON 200 that breaks off mid-body reaches the client as an aborted connection, not a hang', async () => {
    h.upstream.enqueue({ type: 'truncated', bytes: 300 });
    const started = performance.now();
    const res = await fetch(h.listUrl());
    expect(res.status).toBe(200);
    await expect(res.text()).rejects.toThrow();
    expect(performance.now() - started).toBeLessThan(2500);
  });

  it('a 20 MB answer is streamed through in full', async () => {
    h.upstream.enqueue({ type: 'large', bytes: 20 * 1024 * 1024 });
    const res = await fetch(h.listUrl());
    expect(res.status).toBe(200);
    const body = (await res.json()) as { success: boolean; result: { images: unknown[] } };
    expect(body.success).toBe(true);
    expect(body.result.images.length).toBeGreaterThan(10_000);
  });

  it('streams: the first bytes reach the client before the upstream has finished', async () => {
    h.upstream.enqueue({ type: 'slow', chunks: 8, intervalMs: 80 });
    const started = performance.now();
    const res = await fetch(h.listUrl());
    const reader = res.body!.getReader();
    const first = await reader.read();
    const firstAt = performance.now() - started;
    expect(first.value?.byteLength).toBeGreaterThan(0);
    let text = new TextDecoder().decode(first.value);
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    const doneAt = performance.now() - started;
    expect(JSON.parse(text)).toMatchObject({ success: true });
    // The upstream takes 7 × 80 ms after its first piece; the first piece must not wait for the rest.
    expect(doneAt).toBeGreaterThanOrEqual(500);
    expect(firstAt).toBeLessThan(doneAt - 300);
  });
});

describe.each(TRANSPORTS)('timeouts (UPSTREAM_TIMEOUT_MS=300), %s transport', (transport) => {
  let h: ProxyHarness;
  beforeAll(async () => {
    h = await startProxyHarness({ transport, env: { UPSTREAM_TIMEOUT_MS: '300' } });
  });
  beforeEach(() => h.upstream.reset());
  afterEach(() => expectHealthy(h));
  afterAll(() => h.close());

  it('no answer: 504 / 7504 at the deadline', async () => {
    h.upstream.enqueue({ type: 'hang' });
    const started = performance.now();
    const answer = await h.call(h.listUrl());
    const elapsed = performance.now() - started;
    expect(answer.status).toBe(504);
    expect(envelopeCode(answer)).toBe(7504);
    expect(elapsed).toBeGreaterThanOrEqual(280);
    expect(elapsed).toBeLessThan(1500);
  });

  it('retries stop at the deadline: the client gets the last answer, not a wait past it', async () => {
    h.upstream.setDefault({ type: 'delay', ms: 120, then: { type: 'status', status: 503 } });
    const started = performance.now();
    const answer = await h.call(h.listUrl());
    expect([503, 504]).toContain(answer.status);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('a body that stalls after its first bytes aborts the client connection at the deadline', async () => {
    h.upstream.enqueue({ type: 'stall' });
    const started = performance.now();
    const res = await fetch(h.listUrl());
    expect(res.status).toBe(200);
    await expect(res.text()).rejects.toThrow();
    expect(performance.now() - started).toBeLessThan(1500);
  });
});

describe.each(TRANSPORTS)('upstream unreachable, %s transport', (transport) => {
  it('connection refused: retried, then 502 / 7502', async () => {
    // A port that was just free: start a fake, note its address, close it.
    const gone = await startFakeUpstream();
    await gone.close();
    const h = await startProxyHarness({ transport });
    try {
      const app = (await import('../app')).createApp(
        (await import('../test-support/test-config')).cloudflareConfig(gone.baseUrl),
        { log: false, proxy: { retryBaseMs: 10 } },
      );
      const res = await app.request(h.listUrl().replace(h.origin, 'http://127.0.0.1'));
      expect(res.status).toBe(502);
      const body = (await res.json()) as { errors: { code: number; message: string }[] };
      expect(body.errors[0]?.code).toBe(7502);
      expect(body.errors[0]?.message).toMatch(/ECONNREFUSED/);
    } finally {
      await h.close();
    }
  });
});
