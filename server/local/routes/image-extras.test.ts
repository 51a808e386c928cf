/** Local mode's §7 and §10 routes: stats, blob, direct upload and drafts, batch tokens and the batch host. */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { localTestApp, pngBytes, upload, uploadForm, V1, V2, type LocalTestApp } from '../test-helpers';

let t: LocalTestApp;
let pngBuffer: Buffer;
let png: Blob;

beforeAll(async () => {
  t = await localTestApp({ LOCAL_IMAGES_ALLOWED: '250' });
  pngBuffer = await pngBytes(40, 30, '#aa3311');
  png = new Blob([new Uint8Array(pngBuffer)]);
});
afterAll(() => t.close());
afterEach(() => vi.useRealTimers());

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Body = { success: boolean; errors: { code: number; message: string }[]; result: any };
const call = async (path: string, init?: RequestInit) => {
  const res = await t.app.request(path, init);
  return { status: res.status, body: (await res.json()) as Body };
};
const jsonInit = (method: string, body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method,
  body: JSON.stringify(body),
  headers: { 'content-type': 'application/json', ...headers },
});

function expectError(got: { status: number; body: Body }, status: number, code: number, message?: RegExp) {
  expect(got.status, JSON.stringify(got.body)).toBe(status);
  expect(got.body.success).toBe(false);
  expect(got.body.errors[0]?.code).toBe(code);
  if (message) expect(got.body.errors[0]?.message).toMatch(message);
}

describe('stats', () => {
  it('counts stored images; allowed is LOCAL_IMAGES_ALLOWED', async () => {
    const before = await call(`${V1}/stats`);
    expect(before.body.result).toEqual({ count: { current: t.local.store.size, allowed: 250 } });
    await upload(t.app, uploadForm({ file: png }));
    expect((await call(`${V1}/stats`)).body.result.count.current).toBe(before.body.result.count.current + 1);
  });
});

describe('blob', () => {
  it('answers the original bytes and content type, private images and ids with slashes too', async () => {
    const priv = await upload(t.app, uploadForm({ file: png, requireSignedURLs: 'true' }));
    const custom = await upload(t.app, uploadForm({ file: png, id: 'folder/blob test' }));
    for (const id of [priv.body.result.id, 'folder%2Fblob%20test', 'folder/blob%20test']) {
      const res = await t.app.request(`${V1}/${id}/blob`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/png');
      expect(Buffer.from(await res.arrayBuffer()).equals(pngBuffer)).toBe(true);
      // A download, sandboxed, whatever its type (server/lib/original-headers.ts; the proxy's blob the same).
      expect(res.headers.get('content-disposition')).toBe('attachment; filename="picture.png"');
      expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
    }
    expect(custom.status).toBe(200);
    expectError(await call(`${V1}/no-such/blob`), 404, 5404);
  });
});

describe('reserved paths (§7)', () => {
  it('keys, variants, config and below are no route; batch_token issues a token', async () => {
    for (const path of ['keys', 'variants', 'config', 'keys/x', '%6Beys', 'Variants', 'batch_token/x']) {
      expectError(await call(`${V1}/${path}`), 404, 7003);
      expectError(await call(`${V1}/${path}`, jsonInit('PATCH', {})), 404, 7003);
      expectError(await call(`${V1}/${path}`, { method: 'DELETE' }), 404, 7003);
    }
    expectError(await upload(t.app, uploadForm({ file: png, id: 'keys' })), 400, 5400, /images\/v1 routes/);
    const token = await call(`${V1}/batch_token`);
    expect(token.status).toBe(200);
    expect(token.body.result.token).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(Date.parse(token.body.result.expiresAt) - Date.now()).toBeGreaterThan(3_500_000);
  });
});

describe('direct upload and drafts', () => {
  it('reserves an id; the draft is not listed, GET shows draft: true; one post of the file makes the image', async () => {
    const created = await call(`${V2}/direct_upload`, jsonInit('POST', { metadata: { job: 'direct' }, creator: 'dana' }));
    expect(created.status).toBe(200);
    const { id, uploadURL } = created.body.result as { id: string; uploadURL: string };
    expect(uploadURL).toBe(`http://localhost/cdn-cgi/imageupload/LocalImagesExplorer000/${id}`);
    const draft = await call(`${V1}/${id}`);
    expect(draft.body.result).toMatchObject({ id, draft: true, meta: { job: 'direct' }, creator: 'dana' });
    expect((await call(`${V2}?meta.job[eq]=direct`)).body.result.images).toEqual([]);
    const before = (await call(`${V1}/stats`)).body.result.count.current;

    const form = new FormData();
    form.append('file', png, 'direct.png');
    const done = await call(new URL(uploadURL).pathname, { method: 'POST', body: form });
    expect(done.status).toBe(200);
    expect(done.body.result).toMatchObject({ id, filename: 'direct.png', meta: { job: 'direct' }, creator: 'dana', requireSignedURLs: false });
    expect(done.body.result.draft).toBeUndefined();
    expect((await call(`${V1}/${id}`)).body.result.draft).toBeUndefined();
    expect((await call(`${V2}?meta.job[eq]=direct`)).body.result.images.map((i: { id: string }) => i.id)).toEqual([id]);
    expect((await call(`${V1}/stats`)).body.result.count.current).toBe(before + 1);

    const again = new FormData();
    again.append('file', png);
    expectError(await call(new URL(uploadURL).pathname, { method: 'POST', body: again }), 409, 5409, /used already/);
  });

  it('multipart fields with a custom id; the id is taken while the draft lives; a bad file leaves the URL usable', async () => {
    const fields = new FormData();
    fields.append('id', 'direct/custom');
    fields.append('metadata', '{"a":1}');
    const created = await call(`${V2}/direct_upload`, { method: 'POST', body: fields });
    expect(created.body.result.id).toBe('direct/custom');
    expectError(await upload(t.app, uploadForm({ file: png, id: 'direct/custom' })), 409, 5409);
    const again = new FormData();
    again.append('id', 'direct/custom');
    expectError(await call(`${V2}/direct_upload`, { method: 'POST', body: again }), 409, 5409);
    const path = new URL(created.body.result.uploadURL).pathname;
    expect(path).toBe('/cdn-cgi/imageupload/LocalImagesExplorer000/direct/custom');
    const bad = new FormData();
    bad.append('file', new Blob(['not an image']));
    expectError(await call(path, { method: 'POST', body: bad }), 415, 5455);
    const good = new FormData();
    good.append('file', png);
    expect((await call(path, { method: 'POST', body: good })).body.result).toMatchObject({ id: 'direct/custom', meta: { a: 1 } });
  });

  it('refuses bad fields before reserving anything, and deletes a draft', async () => {
    expectError(await call(`${V2}/direct_upload`, jsonInit('POST', { expiry: '2000-01-01T00:00:00Z' })), 400, 5400, /2 minutes and 6 hours/);
    expectError(await call(`${V2}/direct_upload`, jsonInit('POST', { metadata: { x: 'y'.repeat(2000) } })), 400, 5400, /maximum 1024/);
    expectError(await call(`${V2}/direct_upload`, jsonInit('POST', { id: 'config' })), 400, 5400);
    expectError(await call(`${V2}/direct_upload`, { method: 'POST', body: '{nope', headers: { 'content-type': 'application/json' } }), 400, 5400, /JSON/);
    const created = await call(`${V2}/direct_upload`, { method: 'POST' });
    const { id, uploadURL } = created.body.result;
    expect((await call(`${V1}/${id}`, { method: 'DELETE' })).body).toMatchObject({ success: true, result: {} });
    expectError(await call(`${V1}/${id}`), 404, 5404);
    const form = new FormData();
    form.append('file', png);
    expectError(await call(new URL(uploadURL).pathname, { method: 'POST', body: form }), 404, 5404);
  });

  it('after expiry the URL answers 410 / 5410 and the draft is gone from GET', async () => {
    const start = Date.now();
    vi.useFakeTimers({ toFake: ['Date'], now: start });
    const created = await call(`${V2}/direct_upload`, jsonInit('POST', { expiry: new Date(start + 5 * 60_000).toISOString() }));
    const { id, uploadURL } = created.body.result;
    vi.setSystemTime(start + 5 * 60_000 + 1);
    const form = new FormData();
    form.append('file', png);
    expectError(await call(new URL(uploadURL).pathname, { method: 'POST', body: form }), 410, 5410, /expired/);
    expectError(await call(`${V1}/${id}`), 404, 5404);
  });
});

describe('batch host (§10)', () => {
  it('refuses a missing, unknown or expired token with 401 / 10000', async () => {
    expectError(await call('/batch/images/v2'), 401, 10000, /Missing batch token/);
    expectError(await call('/batch/images/v2', { headers: { authorization: 'Bearer nope' } }), 401, 10000, /Unknown/);
    const start = Date.now();
    vi.useFakeTimers({ toFake: ['Date'], now: start });
    const { token } = (await call(`${V1}/batch_token`)).body.result;
    vi.setSystemTime(start + 3_600_001);
    expectError(await call('/batch/images/v2', { headers: { authorization: `Bearer ${token}` } }), 401, 10000, /Expired/);
  });

  it('answers list, details, PATCH, DELETE and upload like the account routes', async () => {
    const { token } = (await call(`${V1}/batch_token`)).body.result;
    const auth = { authorization: `Bearer ${token}` };
    const form = uploadForm({ file: png, id: 'batch/one', metadata: '{"via":"batch"}' });
    const uploaded = await call('/batch/images/v1', { method: 'POST', body: form, headers: auth });
    expect(uploaded.body.result).toMatchObject({ id: 'batch/one', meta: { via: 'batch' } });
    expect((await call('/batch/images/v2?meta.via[eq]=batch', { headers: auth })).body.result.images).toHaveLength(1);
    expect((await call('/batch/images/v1/batch%2Fone', { headers: auth })).body.result.id).toBe('batch/one');
    const patched = await call('/batch/images/v1/batch/one', jsonInit('PATCH', { metadata: { via: 'patched' } }, auth));
    expect(patched.body.result.meta).toEqual({ via: 'patched' });
    expectError(await call('/batch/images/v1/batch/one', jsonInit('PATCH', { metadata: JSON.parse('{"a":'.repeat(40) + '1' + '}'.repeat(40)) }, auth)), 400, 5400, /32 levels/);
    expect((await call('/batch/images/v1/batch/one', { method: 'DELETE', headers: auth })).body.result).toEqual({});
    expectError(await call('/batch/images/v1/batch/one', { headers: auth }), 404, 5404);
    expectError(await call('/batch/images/v1/batch_token', { headers: auth }), 404, 7003);
    expectError(await call('/batch/images/v1/keys', { headers: auth }), 404, 7003);
  });

  it('refuses an upload body past 10 MB as it streams in, not after reading it whole', async () => {
    const { token } = (await call(`${V1}/batch_token`)).body.result;
    // 200 MB of zeros, made as they are read, without a length: how much is read before the 413 is counted.
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulled >= 200 * 1024 * 1024) return controller.close();
        pulled += 1024 * 1024;
        controller.enqueue(new Uint8Array(1024 * 1024));
      },
    });
    const init = { method: 'POST', body, duplex: 'half', headers: { authorization: `Bearer ${token}`, 'content-type': 'multipart/form-data; boundary=X' } };
    expectError(await call('/batch/images/v1', init as RequestInit), 413, 5413);
    expect(pulled).toBeLessThan(20 * 1024 * 1024);
  });
});
