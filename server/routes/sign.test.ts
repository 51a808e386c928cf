/** `POST /api/sign` (CONTRACT.md §5, docs/api.md), in-process through the whole app. */
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { createApp } from '../app';
import { LOCAL_ACCOUNT_HASH } from '../config';
import { hmacHex, verifySignedPath } from '../lib/signing';
import { TEST_SIGNING_KEY, cloudflareConfig, configFrom } from '../test-support/test-config';

const NOWHERE = 'http://127.0.0.1:9/client/v4';
const HASH = 'ZWd9g1K7eljCn_KDTu_MWA';
const LOCAL_KEY = 'local-signing-key';
const localApp = createApp(configFrom({}), { local: { routes: new Hono(), signingKey: LOCAL_KEY }, log: false });
const cloudflareApp = createApp(
  cloudflareConfig(NOWHERE, { CLOUDFLARE_IMAGES_SIGNING_KEY: TEST_SIGNING_KEY, CLOUDFLARE_IMAGES_ACCOUNT_HASH: HASH }),
  { log: false },
);

function sign(app: Hono, body: unknown, headers: Record<string, string> = {}) {
  return app.request('http://127.0.0.1:8787/api/sign', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

async function errorOf(res: Response, status = 400) {
  expect(res.status).toBe(status);
  const body = (await res.json()) as { success: boolean; errors: { code: number; message: string }[] };
  expect(body.success).toBe(false);
  return body.errors;
}

const localUrl = (rest: string) => `http://127.0.0.1:8787/cdn-cgi/imagedelivery/${LOCAL_ACCOUNT_HASH}/${rest}`;

describe('local mode', () => {
  it('signs absolute and root-relative local delivery URLs with the local key, exp = now + expiresIn', async () => {
    const before = Math.floor(Date.now() / 1000);
    const res = await sign(localApp, {
      urls: [localUrl('img-1/thumbnail'), `/cdn-cgi/imagedelivery/${LOCAL_ACCOUNT_HASH}/folder/img-2/public`],
      expiresIn: 600,
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { urls: string[]; expiresAt: number };
    expect(body.urls).toHaveLength(2);
    expect(body.urls[0]).toMatch(/^http:\/\/127\.0\.0\.1:8787\/cdn-cgi\/imagedelivery\/.*\?exp=\d+&sig=[0-9a-f]{64}$/);
    expect(body.urls[1]).toMatch(/^\/cdn-cgi\/imagedelivery\/LocalImagesExplorer000\/folder\/img-2\/public\?exp=\d+&sig=/);
    expect(body.expiresAt - before).toBeGreaterThanOrEqual(600);
    expect(body.expiresAt - before).toBeLessThanOrEqual(601);
    for (const signed of body.urls) {
      const url = new URL(signed, 'http://127.0.0.1:8787');
      expect(url.searchParams.get('exp')).toBe(String(body.expiresAt));
      expect(await verifySignedPath(url.pathname, url.searchParams, LOCAL_KEY, before)).toBe(true);
      expect(await verifySignedPath(url.pathname, url.searchParams, 'another-key', before)).toBe(false);
    }
  });

  it('defaults expiresIn to 3600', async () => {
    const before = Math.floor(Date.now() / 1000);
    const body = (await (await sign(localApp, { urls: [localUrl('a/public')] })).json()) as { expiresAt: number };
    expect(body.expiresAt - before).toBeGreaterThanOrEqual(3600);
    expect(body.expiresAt - before).toBeLessThanOrEqual(3601);
  });

  it.each([
    ['another origin', 'http://evil.example/cdn-cgi/imagedelivery/LocalImagesExplorer000/a/public'],
    ['another port', 'http://127.0.0.1:9999/cdn-cgi/imagedelivery/LocalImagesExplorer000/a/public'],
    ['another hash', localUrl('../OtherHash/a/public')],
    ['an encoded traversal', `http://127.0.0.1:8787/cdn-cgi/imagedelivery/${LOCAL_ACCOUNT_HASH}/%2e%2e/%2e%2e/api/config`],
    ['an API route', 'http://127.0.0.1:8787/api/config'],
    ['no variant', localUrl('a')],
    ['an empty segment', localUrl('a//public')],
    ['a protocol-relative URL', `//evil.example/cdn-cgi/imagedelivery/${LOCAL_ACCOUNT_HASH}/a/public`],
    ['credentials in the URL', `http://u:p@127.0.0.1:8787/cdn-cgi/imagedelivery/${LOCAL_ACCOUNT_HASH}/a/public`],
    ['a Cloudflare URL', `https://imagedelivery.net/${LOCAL_ACCOUNT_HASH}/a/public`],
    ['not a URL', 'http://[::1'],
  ])('refuses %s with 400, naming the index', async (_name, url) => {
    const errors = await errorOf(await sign(localApp, { urls: [localUrl('ok/public'), url] }));
    expect(errors[0]?.code).toBe(5400);
    expect(errors[0]?.message).toMatch(/^urls\.1: not a delivery URL of this account/);
  });
});

describe('request validation', () => {
  it.each([
    ['expiresIn 0', { urls: [localUrl('a/public')], expiresIn: 0 }, 'expiresIn'],
    ['expiresIn above 7 days', { urls: [localUrl('a/public')], expiresIn: 604801 }, 'expiresIn'],
    ['expiresIn fractional', { urls: [localUrl('a/public')], expiresIn: 1.5 }, 'expiresIn'],
    ['expiresIn as a string', { urls: [localUrl('a/public')], expiresIn: '60' }, 'expiresIn'],
    ['no urls', { expiresIn: 60 }, 'urls'],
    ['empty urls', { urls: [] }, 'urls'],
    ['urls not strings', { urls: [42] }, 'urls.0'],
    ['too many urls', { urls: Array.from({ length: 1001 }, (_, i) => localUrl(`${i}/public`)) }, 'urls'],
    ['a very long URL', { urls: [localUrl(`${'a'.repeat(3000)}/public`)] }, 'urls.0'],
    ['unknown fields', { urls: [localUrl('a/public')], key: 'x' }, 'body'],
    ['an array body', [localUrl('a/public')], 'body'],
  ])('refuses %s with 400 / 5400 naming the field', async (_name, body, field) => {
    const errors = await errorOf(await sign(localApp, body));
    expect(errors[0]?.code).toBe(5400);
    expect(errors.map((e) => e.message).join(' ')).toContain(field);
  });

  it('accepts the limits: 1 s, 604800 s and 1000 URLs', async () => {
    expect((await sign(localApp, { urls: [localUrl('a/public')], expiresIn: 1 })).status).toBe(200);
    expect((await sign(localApp, { urls: [localUrl('a/public')], expiresIn: 604800 })).status).toBe(200);
    const many = await sign(localApp, { urls: Array.from({ length: 1000 }, (_, i) => localUrl(`${i}/public`)) });
    expect(((await many.json()) as { urls: string[] }).urls).toHaveLength(1000);
  });

  it('refuses bad JSON and non-JSON bodies', async () => {
    expect((await errorOf(await sign(localApp, '{"urls": [')))[0]?.message).toContain('not valid JSON');
    const form = await sign(localApp, 'urls=x', { 'content-type': 'application/x-www-form-urlencoded' });
    expect((await errorOf(form))[0]?.message).toContain('Content-Type: application/json');
  });

  it('refuses a body over the size limit with 413', async () => {
    const errors = await errorOf(await sign(localApp, JSON.stringify({ urls: ['x'.repeat(3_000_000)] })), 413);
    expect(errors[0]?.code).toBe(5413);
  });

  it('answers 404 / 7003 to other methods', async () => {
    const res = await localApp.request('/api/sign');
    expect((await errorOf(res, 404))[0]?.code).toBe(7003);
  });
});

describe('cloudflare mode', () => {
  it('signs imagedelivery.net URLs of the configured hash exactly as Cloudflare does', async () => {
    const url = `https://imagedelivery.net/${HASH}/083eb7b2-5392-4565-b69e-aff66acddd00/public`;
    const res = await sign(cloudflareApp, { urls: [url], expiresIn: 60 });
    const body = (await res.json()) as { urls: string[]; expiresAt: number };
    const expected = await hmacHex(TEST_SIGNING_KEY, `/${HASH}/083eb7b2-5392-4565-b69e-aff66acddd00/public?exp=${body.expiresAt}`);
    expect(body.urls).toEqual([`${url}?exp=${body.expiresAt}&sig=${expected}`]);
  });

  it.each([
    ['another hash', 'https://imagedelivery.net/OtherAccountHash00000/a/public'],
    ['http', `http://imagedelivery.net/${HASH}/a/public`],
    ['another host', `https://imagedelivery.net.evil.example/${HASH}/a/public`],
    ['a port', `https://imagedelivery.net:8443/${HASH}/a/public`],
    ['a relative URL', `/${HASH}/a/public`],
    ['the local route', localUrl('a/public')],
  ])('refuses %s', async (_name, url) => {
    expect((await errorOf(await sign(cloudflareApp, { urls: [url] })))[0]?.code).toBe(5400);
  });

  it('says signing is not configured without CLOUDFLARE_IMAGES_SIGNING_KEY, and /api/config agrees', async () => {
    const app = createApp(cloudflareConfig(NOWHERE, { CLOUDFLARE_IMAGES_ACCOUNT_HASH: HASH }), { log: false });
    const errors = await errorOf(await sign(app, { urls: [`https://imagedelivery.net/${HASH}/a/public`] }));
    expect(errors[0]).toMatchObject({ code: 7500 });
    expect(errors[0]?.message).toContain('CLOUDFLARE_IMAGES_SIGNING_KEY');
    expect(await (await app.request('/api/config')).json()).toMatchObject({ signing: false, accountHash: HASH });
  });

  it('says the account hash is unknown before any list answer when it is not configured', async () => {
    const app = createApp(cloudflareConfig(NOWHERE, { CLOUDFLARE_IMAGES_SIGNING_KEY: TEST_SIGNING_KEY }), { log: false });
    const errors = await errorOf(await sign(app, { urls: [`https://imagedelivery.net/${HASH}/a/public`] }));
    expect(errors[0]).toMatchObject({ code: 7500 });
    expect(errors[0]?.message).toContain('CLOUDFLARE_IMAGES_ACCOUNT_HASH');
  });

  it('never puts the signing key in an answer', async () => {
    const res = await sign(cloudflareApp, { urls: [`https://imagedelivery.net/${HASH}/a/public`] });
    const config = await cloudflareApp.request('/api/config');
    expect(await res.text()).not.toContain(TEST_SIGNING_KEY);
    expect(await config.text()).not.toContain(TEST_SIGNING_KEY);
  });
});
