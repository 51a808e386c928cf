/**
 * server/worker.ts in-process: what the Worker builds from its bindings. The real runtime (workerd via
 * `wrangler dev`) is exercised in worker.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { buildWorkerApp, envFromBindings } from '../worker';

const ACCOUNT = '0123456789abcdef0123456789abcdef';

async function envelope(res: Response) {
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  return (await res.json()) as { success: boolean; errors: { code: number; message: string }[]; result: unknown };
}

describe('Worker without Cloudflare credentials', () => {
  const app = buildWorkerApp({ ASSETS: { fetch: () => Promise.reject(new Error('must not serve assets')) } });

  it.each([
    ['GET', '/'],
    ['GET', '/healthz'],
    ['GET', '/api/config'],
    ['POST', '/api/sign'],
    ['GET', `/client/v4/accounts/${ACCOUNT}/images/v2?per_page=10`],
    ['DELETE', `/client/v4/accounts/${ACCOUNT}/images/v1/x`],
  ])('%s %s answers 503 / 7500 naming the secrets to set', async (method, path) => {
    const res = await app.request(path, { method });
    expect(res.status).toBe(503);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const body = await envelope(res);
    expect(body.success).toBe(false);
    expect(body.result).toBeNull();
    expect(body.errors[0]?.code).toBe(7500);
    expect(body.errors[0]?.message).toContain('CLOUDFLARE_API_TOKEN');
    expect(body.errors[0]?.message).toContain('CLOUDFLARE_ACCOUNT_ID');
    expect(body.errors[0]?.message).toContain('wrangler secret put');
  });
});

describe('Worker with invalid settings', () => {
  it('lists every problem by variable name, never a value', async () => {
    const app = buildWorkerApp({ CLOUDFLARE_API_TOKEN: 'tok-secret-value', CLOUDFLARE_ACCOUNT_ID: 'not-an-id', CACHE_TTL_MS: 'x' });
    const res = await app.request('/api/config');
    expect(res.status).toBe(503);
    const text = await res.text();
    expect(text).toContain('CLOUDFLARE_ACCOUNT_ID');
    expect(text).toContain('CACHE_TTL_MS');
    expect(text).not.toContain('tok-secret-value');
  });
});

describe('Worker with credentials', () => {
  it('runs the app in cloudflare mode; HOST/PORT (a Node socket setting) cannot refuse it', async () => {
    const app = buildWorkerApp({ CLOUDFLARE_API_TOKEN: 'tok', CLOUDFLARE_ACCOUNT_ID: ACCOUNT, HOST: '0.0.0.0', PORT: 'x' });
    const res = await app.request('http://127.0.0.1/api/config');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { mode: string; accountId: string };
    expect(body).toMatchObject({ mode: 'cloudflare', accountId: ACCOUNT });
    expect(JSON.stringify(body)).not.toContain('tok');
  });

  it('warns in its log when the dashboard password is not set', () => {
    const lines: string[] = [];
    const log = (line: string) => void lines.push(line);
    buildWorkerApp({ CLOUDFLARE_API_TOKEN: 'tok-x', CLOUDFLARE_ACCOUNT_ID: ACCOUNT }, log);
    buildWorkerApp({ CLOUDFLARE_API_TOKEN: 'tok-x', CLOUDFLARE_ACCOUNT_ID: ACCOUNT, DASHBOARD_PASSWORD: 'pw-secret' }, log);
    expect(lines[0]).toContain('WARNING: DASHBOARD_PASSWORD is not set');
    expect(lines[1]).toContain('Basic auth on');
    expect(lines.join('\n')).not.toMatch(/tok-x|pw-secret/);
  });

  it('reads only string bindings as configuration', () => {
    expect(envFromBindings({ ASSETS: { fetch: () => Promise.reject(new Error('x')) }, A: 'b', HOST: 'h', PORT: '1' })).toEqual({
      A: 'b',
    });
  });
});
