/**
 * The Worker for real: `wrangler dev` (workerd, offline) runs server/worker.ts with the repo's wrangler.jsonc,
 * proxying to the fake Cloudflare API (a real HTTP server). Variables and secrets go in a temp env file, never the
 * repo. The Worker sees `Host: 127.0.0.1:<port>`, which the host check accepts as loopback.
 */
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hmacHex } from '../lib/signing';
import { FAKE_ACCOUNT_HASH, startFakeUpstream, type FakeUpstream } from '../test-support/fake-upstream';
import { TEST_ACCOUNT_ID, TEST_API_TOKEN, TEST_SIGNING_KEY } from '../test-support/test-config';
import { errorEnvelopeProblem } from '../../bench/load-runner';
import { CONFIG_ELEMENT_ID } from '../../src/lib/config-url';
import { startWranglerDev, wranglerWorkspace, type RunningWorker, type WranglerWorkspace } from './wrangler-harness';

const PASSWORD = 'worker-test-password-3c1e9a';
const AUTH = { authorization: `Basic ${btoa(`admin:${PASSWORD}`)}` };
const INDEX_HTML = '<!doctype html><html><head><title>cf-images-explorer</title></head><body><div id="root" data-test="worker-index"></div></body></html>';
const SECRETS = [TEST_API_TOKEN, TEST_SIGNING_KEY, PASSWORD];

let upstream: FakeUpstream;
let workspace: WranglerWorkspace;
let worker: RunningWorker;

interface Got {
  status: number;
  headers: Headers;
  text: string;
}

/** Fetches from the Worker, reads the body, and fails on any secret in headers or body. */
async function get(path: string, init: RequestInit = {}): Promise<Got> {
  const res = await fetch(`${worker.url}${path}`, { ...init, headers: { ...AUTH, ...(init.headers as Record<string, string>) } });
  const text = await res.text();
  const headerText = [...res.headers].map(([k, v]) => `${k}: ${v}`).join('\n');
  for (const secret of SECRETS.slice(0, 2)) {
    expect(text.includes(secret), `secret in body of ${path}`).toBe(false);
    expect(headerText.includes(secret), `secret in headers of ${path}`).toBe(false);
  }
  return { status: res.status, headers: res.headers, text };
}

function listPath(query: string, account = TEST_ACCOUNT_ID): string {
  return `/client/v4/accounts/${account}/images/v2${query ? `?${query}` : ''}`;
}

interface ListBody {
  success: boolean;
  result: { images: { id: string; meta: { status: string } }[]; continuation_token: string | null };
}

function expectSecurityHeaders(got: Got) {
  // No inline scripts (CONTRACT.md §6): script-src (or default-src) allows neither inline code nor eval.
  const csp = got.headers.get('content-security-policy') ?? '';
  const directives = new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name = '', ...v]) => [name, v]));
  const scripts = directives.get('script-src') ?? directives.get('default-src');
  expect(scripts, csp).toBeDefined();
  expect(scripts).not.toContain("'unsafe-inline'");
  expect(scripts).not.toContain("'unsafe-eval'");
  expect(got.headers.get('x-content-type-options')).toBe('nosniff');
  expect(got.headers.get('referrer-policy')).toBe('no-referrer');
}

function expectEnvelope(got: Got, status: number, code: number): string {
  expect(got.status).toBe(status);
  expect(errorEnvelopeProblem({ status: got.status, headers: got.headers, body: got.text })).toBeNull();
  const body = JSON.parse(got.text) as { errors: { code: number; message: string }[] };
  expect(body.errors[0]?.code).toBe(code);
  return body.errors[0]?.message ?? '';
}

beforeAll(async () => {
  upstream = await startFakeUpstream({ images: 250 });
  workspace = wranglerWorkspace(
    {
      CLOUDFLARE_ACCOUNT_ID: TEST_ACCOUNT_ID,
      CLOUDFLARE_API_TOKEN: TEST_API_TOKEN,
      CLOUDFLARE_BASE_URL: upstream.baseUrl,
      CLOUDFLARE_IMAGES_SIGNING_KEY: TEST_SIGNING_KEY,
      CLOUDFLARE_IMAGES_ACCOUNT_HASH: FAKE_ACCOUNT_HASH,
      DASHBOARD_PASSWORD: PASSWORD,
      CACHE_TTL_MS: '0',
      UPSTREAM_TIMEOUT_MS: '3000',
    },
    INDEX_HTML,
  );
  worker = await startWranglerDev(workspace);
}, 120_000);

afterAll(async () => {
  await worker?.stop();
  await upstream?.close();
  workspace?.remove();
});

describe('Worker (wrangler dev) in cloudflare mode', () => {
  it('answers /healthz without a password, with the security headers', async () => {
    const got = await get('/healthz', { headers: { authorization: '' } });
    expect(got.status).toBe(200);
    expect(JSON.parse(got.text)).toEqual({ ok: true });
    expectSecurityHeaders(got);
  });

  it('asks for the dashboard password everywhere else, the UI included', async () => {
    for (const path of ['/', '/api/config', listPath('per_page=10')]) {
      const got = await get(path, { headers: { authorization: '' } });
      expect(got.status, path).toBe(401);
      expect(got.headers.get('www-authenticate')).toMatch(/^Basic /);
      expectSecurityHeaders(got);
    }
    const wrong = await get('/', { headers: { authorization: `Basic ${btoa('admin:nope')}` } });
    expect(wrong.status).toBe(401);
  });

  it('serves the built UI at / and index.html for deep links (SPA fallback), with the security headers', async () => {
    const root = await get('/');
    expect(root.status).toBe(200);
    expect(root.headers.get('content-type')).toMatch(/^text\/html/);
    expect(root.text).toContain('data-test="worker-index"');
    expectSecurityHeaders(root);
    const deep = await get('/images/some/deep/link?sort_order=asc');
    expect(deep.status).toBe(200);
    expect(deep.text).toContain('data-test="worker-index"');
  });

  it('never falls back to index.html under /client or /api', async () => {
    expectEnvelope(await get(`/client/v4/accounts/${TEST_ACCOUNT_ID}/unknown`), 404, 7003);
    expectEnvelope(await get('/client/v4/user/tokens/verify'), 404, 7003);
    expectEnvelope(await get('/api/nothing-here'), 404, 7003);
  });

  it('reports cloudflare mode in /api/config, without a secret', async () => {
    const got = await get('/api/config');
    expect(got.status).toBe(200);
    expect(JSON.parse(got.text)).toMatchObject({ mode: 'cloudflare', accountId: TEST_ACCOUNT_ID, signing: true });
  });

  it('folds exactly what /api/config answers into the page, which carries no validator', async () => {
    const config = JSON.parse((await get('/api/config')).text) as unknown;
    const root = await get('/', { headers: { accept: 'text/html' } });
    expect(root.status).toBe(200);
    const block = new RegExp(`<script type="application/json" id="${CONFIG_ELEMENT_ID}">([^<]*)</script>`).exec(root.text);
    expect(block, 'the page has the config block').not.toBeNull();
    expect(JSON.parse(block![1]!)).toEqual(config);
    expect(root.headers.get('etag')).toBeNull();
    expect(root.headers.get('cache-control')).toBe('no-cache');
  });

  it('proxies a filtered list with the server token, never the client credentials', async () => {
    const before = upstream.listRequests().length;
    const got = await get(listPath('per_page=10&meta.status%5Beq%5D=active&sort_order=asc'), {
      headers: { cookie: 'session=client-cookie' },
    });
    expect(got.status).toBe(200);
    const body = JSON.parse(got.text) as ListBody;
    expect(body.success).toBe(true);
    expect(body.result.images).toHaveLength(10);
    expect(body.result.images.every((image) => image.meta.status === 'active')).toBe(true);
    expect(body.result.continuation_token).toEqual(expect.any(String));
    const seen = upstream.listRequests().slice(before);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.search).toContain('per_page=10');
    expect(seen[0]?.headers.authorization).toBe(`Bearer ${TEST_API_TOKEN}`);
    expect(seen[0]?.headers.cookie).toBeUndefined();
  });

  it('follows continuation tokens through every matching image exactly once', async () => {
    const ids: string[] = [];
    let token: string | null = null;
    let pages = 0;
    do {
      const query: string = `per_page=40&meta.status[eq]=archived${token ? `&continuation_token=${encodeURIComponent(token)}` : ''}`;
      const got = await get(listPath(query));
      expect(got.status).toBe(200);
      const body = JSON.parse(got.text) as ListBody;
      ids.push(...body.result.images.map((image) => image.id));
      token = body.result.continuation_token;
      pages += 1;
    } while (token && pages < 20);
    const expected = upstream.images.filter((image) => image.meta.status === 'archived').length;
    expect(ids).toHaveLength(expected);
    expect(new Set(ids).size).toBe(expected);
    expect(pages).toBe(Math.ceil(expected / 40));
  });

  it('answers validation errors itself, without reaching the upstream', async () => {
    const before = upstream.requests.length;
    expect(expectEnvelope(await get(listPath('per_page=5')), 400, 5400)).toContain('per_page');
    expect(expectEnvelope(await get(listPath('meta.status%5Bnear%5D=x')), 400, 5400)).toContain('near');
    expect(expectEnvelope(await get(listPath('sort_order=sideways')), 400, 5400)).toContain('sort_order');
    expectEnvelope(await get(listPath('per_page=10', 'ffffffffffffffffffffffffffffffff')), 403, 9109);
    expect(upstream.requests.length).toBe(before);
  });

  it('passes upstream errors through and speaks the envelope for its own failures', async () => {
    upstream.enqueue({ type: 'status', status: 403, code: 10000, message: 'Authentication error' });
    expect(expectEnvelope(await get(listPath('per_page=10')), 403, 10000)).toBe('Authentication error');
    upstream.enqueue({ type: 'html', status: 500 });
    expectEnvelope(await get(listPath('per_page=10')), 502, 7503);
    // reset is retried twice (three tries), then 502 / 7502.
    upstream.enqueue({ type: 'reset' }, { type: 'reset' }, { type: 'reset' });
    expectEnvelope(await get(listPath('per_page=10')), 502, 7502);
    const after = await get(listPath('per_page=10'));
    expect(after.status).toBe(200);
  });

  it('signs delivery URLs of the account with Web Crypto, as Cloudflare does', async () => {
    const url = `https://imagedelivery.net/${FAKE_ACCOUNT_HASH}/083eb7b2-5392-4565-b69e-aff66acddd00/public`;
    const got = await get('/api/sign', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ urls: [url], expiresIn: 600 }),
    });
    expect(got.status).toBe(200);
    const { urls } = JSON.parse(got.text) as { urls: string[] };
    const signed = new URL(urls[0] ?? '');
    const exp = Number(signed.searchParams.get('exp'));
    expect(Math.abs(exp - (Date.now() / 1000 + 600))).toBeLessThan(30);
    const expected = await hmacHex(TEST_SIGNING_KEY, `${signed.pathname}?exp=${exp}`);
    expect(signed.searchParams.get('sig')).toBe(expected);

    const foreign = await get('/api/sign', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ urls: ['https://imagedelivery.net/SomeoneElse/x/public'] }),
    });
    expectEnvelope(foreign, 400, 5400);
  });

  it('refuses a cross-site write and a foreign Host', async () => {
    const crossSite = await get('/api/sign', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://evil.example' },
      body: JSON.stringify({ urls: [] }),
    });
    expectEnvelope(crossSite, 403, 9109);
    // fetch() cannot set Host; a raw request can (a DNS-rebinding page sends its own name).
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        { host: '127.0.0.1', port: worker.port, path: '/api/config', headers: { host: 'evil.example', ...AUTH } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(403);
  });

  it('says once which mode and account it serves, and that Basic auth is on', () => {
    expect(worker.output()).toContain(`cloudflare mode for account ${TEST_ACCOUNT_ID}; Basic auth on`);
  });

  it('never prints a secret in its log', () => {
    for (const secret of SECRETS) expect(worker.output().includes(secret)).toBe(false);
  });
});
