/**
 * CONTRACT.md §6 through the whole app, in-process: Host allow-list, Basic auth, cross-origin writes and the
 * security headers every response carries.
 */
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { createApp } from '../app';
import { parseEnv } from '../env';
import { TEST_ACCOUNT_ID, cloudflareConfig, configFrom } from '../test-support/test-config';

const NOWHERE = 'http://127.0.0.1:9/client/v4'; // no request in this file reaches it
const localApi = { routes: new Hono(), signingKey: 'local-signing-key' };

function localApp(env: Record<string, string> = {}) {
  return createApp(configFrom(env), { local: localApi, log: false });
}

function basic(user: string, password: string) {
  return `Basic ${btoa(`${user}:${password}`)}`;
}

async function expectEnvelope(res: Response, status: number, code: number) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  const body = (await res.json()) as { success: boolean; errors: { code: number; message: string }[]; result: unknown };
  expect(body.success).toBe(false);
  expect(body.result).toBeNull();
  expect(body.errors[0]?.code).toBe(code);
  return body.errors[0]?.message ?? '';
}

describe('Host allow-list (DNS rebinding)', () => {
  const app = localApp({ ALLOWED_HOSTS: 'dash.example.com, photos.internal:8443' });

  it.each(['localhost', 'localhost:8787', '127.0.0.1', '127.0.0.1:5173', '[::1]', '[::1]:8787', 'dash.example.com', 'photos.internal:8443'])(
    'accepts Host %s',
    async (host) => {
      const res = await app.request(`http://${host}/healthz`, { headers: { host } });
      expect(res.status).toBe(200);
    },
  );

  it.each(['evil.example', 'localhost.evil.example', '127.0.0.2', 'photos.internal:9999', '0.0.0.0:8787'])(
    'refuses Host %s with 403 in the envelope, before any route',
    async (host) => {
      const res = await app.request(`http://${host}/api/config`, { headers: { host } });
      const message = await expectEnvelope(res, 403, 9109);
      expect(message).toContain('ALLOWED_HOSTS');
      expect(res.headers.get('content-security-policy')).toBeTruthy();
    },
  );

  it('refuses a Host header that disagrees with the URL, naming the header', async () => {
    const res = await app.request('http://localhost/api/config', { headers: { host: 'evil.example' } });
    expect(await expectEnvelope(res, 403, 9109)).toContain("'evil.example'");
  });

  // Node builds the request URL from the Host header, and the URL parser writes IPv4 shorthand out in full.
  it.each(['127.1', '127.1:8787', '2130706433', '0x7f.1', '127.000.000.001'])('accepts Host %s: it is 127.0.0.1 written short', async (host) => {
    const res = await app.request(`http://${host}/healthz`, { headers: { host } });
    expect(res.status).toBe(200);
  });

  it('names the Host as it was sent when refusing it', async () => {
    const res = await app.request('http://127.0.0.2/api/config', { headers: { host: '127.0.0.2:8787' } });
    expect(await expectEnvelope(res, 403, 9109)).toMatch(/^Host '127\.0\.0\.2:8787' is not allowed/);
  });
});

describe('Basic auth with DASHBOARD_PASSWORD', () => {
  const app = localApp({ DASHBOARD_PASSWORD: 'correct horse', DASHBOARD_USER: 'ops' });

  it('asks for credentials on every route but /healthz', async () => {
    for (const path of ['/api/config', '/', `/client/v4/accounts/${TEST_ACCOUNT_ID}/images/v2`, '/cdn-cgi/imagedelivery/x/y/z']) {
      const res = await app.request(path);
      expect(res.headers.get('www-authenticate'), path).toMatch(/^Basic /);
      await expectEnvelope(res, 401, 10000);
    }
    expect((await app.request('/healthz')).status).toBe(200);
  });

  it.each([
    ['wrong password', basic('ops', 'wrong')],
    ['wrong user', basic('admin', 'correct horse')],
    ['password prefix', basic('ops', 'correct')],
    ['not basic', 'Bearer correct horse'],
    ['garbage', 'Basic !!!'],
  ])('refuses %s', async (_name, authorization) => {
    const res = await app.request('/api/config', { headers: { authorization } });
    expect(res.headers.get('www-authenticate')).toMatch(/^Basic /);
    await expectEnvelope(res, 401, 10000);
  });

  it('lets the right user and password in', async () => {
    const res = await app.request('/api/config', { headers: { authorization: basic('ops', 'correct horse') } });
    expect(res.status).toBe(200);
  });

  it('uses DASHBOARD_USER default admin', async () => {
    const app2 = localApp({ DASHBOARD_PASSWORD: 'pw' });
    expect((await app2.request('/api/config', { headers: { authorization: basic('admin', 'pw') } })).status).toBe(200);
  });

  it('does not ask for a password when none is set', async () => {
    expect((await localApp().request('/api/config')).status).toBe(200);
  });
});

describe('cross-origin writes', () => {
  const app = localApp();
  const sign = (headers: Record<string, string>, method = 'POST') =>
    app.request('http://127.0.0.1:8787/api/sign', {
      method,
      headers: { host: '127.0.0.1:8787', 'content-type': 'application/json', ...headers },
      body: method === 'DELETE' ? undefined : JSON.stringify({ urls: ['/cdn-cgi/imagedelivery/LocalImagesExplorer000/a/public'] }),
    });

  it.each([
    ['a foreign Origin', { origin: 'https://evil.example' }],
    ['Origin null (sandboxed frame)', { origin: 'null' }],
    ['the same host on another port', { origin: 'http://127.0.0.1:9999' }],
    ['Sec-Fetch-Site: cross-site', { 'sec-fetch-site': 'cross-site' }],
    ['own Origin but Sec-Fetch-Site: cross-site', { origin: 'http://127.0.0.1:8787', 'sec-fetch-site': 'cross-site' }],
  ])('refuses a POST with %s (403 / 9109)', async (_name, headers) => {
    await expectEnvelope(await sign(headers), 403, 9109);
  });

  it('refuses PATCH and DELETE from a foreign origin too, whatever the route', async () => {
    await expectEnvelope(await sign({ origin: 'https://evil.example' }, 'PATCH'), 403, 9109);
    const res = await app.request(`http://127.0.0.1:8787/client/v4/accounts/${TEST_ACCOUNT_ID}/images/v1/x`, {
      method: 'DELETE',
      headers: { host: '127.0.0.1:8787', origin: 'https://evil.example' },
    });
    await expectEnvelope(res, 403, 9109);
  });

  it.each([
    ['its own Origin', { origin: 'http://127.0.0.1:8787' }],
    ['Sec-Fetch-Site: same-origin', { 'sec-fetch-site': 'same-origin', origin: 'http://127.0.0.1:8787' }],
    ['no Origin (curl, SDKs)', {}],
  ])('lets a POST with %s through', async (_name, headers) => {
    const res = await sign(headers);
    expect(res.status).toBe(200);
  });

  it('lets a cross-site GET through (reads are not forgeries; the Host check and CORS guard them)', async () => {
    const res = await app.request('/api/config', { headers: { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('security headers on every response', () => {
  const cloudflare = createApp(cloudflareConfig(NOWHERE, { DASHBOARD_PASSWORD: 'pw' }), { log: false });
  const cases: [string, () => Response | Promise<Response>][] = [
    ['200 /healthz', () => cloudflare.request('/healthz')],
    ['401', () => cloudflare.request('/api/config')],
    ['403 host', () => cloudflare.request('http://evil.example/healthz')],
    ['404 /client/v4', () => cloudflare.request('/client/v4/zones', { headers: { authorization: basic('admin', 'pw') } })],
    ['400 list', () => cloudflare.request(`/client/v4/accounts/${TEST_ACCOUNT_ID}/images/v2?per_page=1`, { headers: { authorization: basic('admin', 'pw') } })],
    ['200 local', () => localApp().request('/api/config')],
  ];

  it.each(cases)('%s', async (name, request) => {
    const res = await request();
    const csp = res.headers.get('content-security-policy') ?? '';
    const directives = Object.fromEntries(
      csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]),
    ) as Record<string, string[]>;
    expect(directives['default-src']).toEqual(["'self'"]);
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(directives['img-src']).toEqual(["'self'", 'https://imagedelivery.net', 'data:', 'blob:']);
    // Direct upload: cloudflare mode's browser posts files to Cloudflare's upload host, local mode's to itself.
    expect(directives['connect-src']).toEqual(name.includes('local') ? ["'self'"] : ["'self'", 'https://upload.imagedelivery.net']);
    expect(directives['frame-ancestors']).toEqual(["'none'"]);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  });
});

describe('public bind (server/env.ts)', () => {
  it.each(['0.0.0.0', '192.168.1.20', '::', 'my-laptop.local'])('refuses HOST=%s without DASHBOARD_PASSWORD, in one line', (host) => {
    const parsed = parseEnv({ HOST: host });
    expect(parsed.ok).toBe(false);
    const problems = parsed.ok ? [] : parsed.problems;
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^HOST: binding to .* set DASHBOARD_PASSWORD/);
    expect(problems[0]).not.toContain('\n');
  });

  it.each(['127.0.0.1', 'localhost', '::1', '[::1]', '127.0.0.5'])('allows loopback HOST=%s without a password', (host) => {
    expect(parseEnv({ HOST: host }).ok).toBe(true);
  });

  it('binds HOST=[::1] as ::1 (a URL writes IPv6 in brackets; the socket wants it bare)', () => {
    const parsed = parseEnv({ HOST: '[::1]' });
    expect(parsed.ok && parsed.config.access.host).toBe('::1');
  });

  it('warns, in one line, when the API credentials would travel over plain http to another machine', () => {
    const base = { CLOUDFLARE_ACCOUNT_ID: '0123456789abcdef0123456789abcdef', CLOUDFLARE_API_TOKEN: 'a-token' };
    const remote = parseEnv({ ...base, CLOUDFLARE_BASE_URL: 'http://api.example.com/client/v4' });
    expect(remote.ok && remote.warnings).toEqual([expect.stringMatching(/^CLOUDFLARE_BASE_URL: http:\/\/api\.example\.com .*clear text.*https:\/\//)]);
    for (const url of ['https://api.example.com/client/v4', 'http://127.0.0.1:8080/client/v4', 'http://localhost:9/x', 'http://[::1]:9/x']) {
      const parsed = parseEnv({ ...base, CLOUDFLARE_BASE_URL: url });
      expect(parsed.ok && parsed.warnings, url).toEqual([]);
    }
  });

  it('allows a public bind with DASHBOARD_PASSWORD', () => {
    const parsed = parseEnv({ HOST: '0.0.0.0', DASHBOARD_PASSWORD: 'long enough' });
    expect(parsed.ok && parsed.config.access).toMatchObject({ host: '0.0.0.0', dashboardPassword: 'long enough' });
  });
});
