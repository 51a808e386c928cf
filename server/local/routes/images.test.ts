import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localTestApp, pngBytes, upload, uploadForm, V1, V2, type LocalTestApp } from '../test-helpers';
import { MAX_UPLOAD_BYTES } from '../upload-form';

let t: LocalTestApp;
let png: Blob;

beforeAll(async () => {
  t = await localTestApp();
  png = new Blob([new Uint8Array(await pngBytes())]);
});
afterAll(() => t.close());

async function expectError(promise: Promise<{ status: number; body: { success: boolean; errors: { code: number; message: string }[]; result: unknown } }>, status: number, code: number, message: RegExp) {
  const { status: got, body } = await promise;
  expect(got, JSON.stringify(body)).toBe(status);
  expect(body.success).toBe(false);
  expect(body.result).toBeNull();
  expect(body.errors[0]?.code).toBe(code);
  expect(body.errors[0]?.message).toMatch(message);
}

const request = async (input: string, init?: RequestInit) => t.app.request(input, init);

async function json(res: Response) {
  return { status: res.status, body: (await res.json()) as { success: boolean; errors: { code: number; message: string }[]; result: any } }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

describe('POST …/images/v1', () => {
  it('stores an upload and answers the image; list, get and the file on disk agree', async () => {
    const { status, body } = await upload(
      t.app,
      uploadForm({ file: png, metadata: '{"status":"active","n":5,"deep":{"a":{"b":true}}}', creator: 'alice' }, 'cat.png'),
    );
    expect(status).toBe(200);
    expect(body.success).toBe(true);
    const image = body.result;
    expect(image.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(image).toMatchObject({ filename: 'cat.png', creator: 'alice', meta: { status: 'active', n: 5, deep: { a: { b: true } } }, requireSignedURLs: false });
    expect(Math.abs(Date.parse(image.uploaded) - Date.now())).toBeLessThan(10_000);
    const got = await json(await t.app.request(`${V1}/${image.id}`));
    expect(got.body.result).toEqual(image);
    const listed = await json(await t.app.request(`${V2}?creator=alice`));
    expect(listed.body.result.images).toEqual([image]);
    expect(readdirSync(join(t.dataDir, 'originals')).some((f) => f.endsWith('.png'))).toBe(true);
  });

  it('accepts a custom id with slashes, and refuses it a second time with 409 / 5409', async () => {
    const { status, body } = await upload(t.app, uploadForm({ file: png, id: 'products/shoes/red one' }));
    expect(status).toBe(200);
    expect(body.result.id).toBe('products/shoes/red one');
    expect(body.result.variants[0]).toMatch(/\/products\/shoes\/red%20one\/thumbnail$/);
    await expectError(upload(t.app, uploadForm({ file: png, id: 'products/shoes/red one' })), 409, 5409, /exists/);
    expect((await json(await t.app.request(`${V1}/products/shoes/red%20one`))).body.result.id).toBe('products/shoes/red one');
    expect((await json(await t.app.request(`${V1}/products%2Fshoes%2Fred%20one`))).status).toBe(200);
  });

  it('refuses invalid custom ids with 400 / 5400', async () => {
    for (const [id, why] of [
      ['/lead', /start or end/],
      ['trail/', /start or end/],
      ['083eb7b2-5392-4565-b69e-aff66acddd00', /UUID/],
      ['x'.repeat(1025), /1025 characters, maximum 1024/],
      ['a//b', /segments/],
      ['a/../b', /segments/],
      ['', /empty/],
    ] as const) {
      await expectError(upload(t.app, uploadForm({ file: png, id })), 400, 5400, why);
    }
    const { status } = await upload(t.app, uploadForm({ file: png, id: 'x'.repeat(1024) }));
    expect(status).toBe(200);
  });

  it('reads metadata as JSON or as the SDK’s metadata[key] fields', async () => {
    const form = uploadForm({ file: png });
    form.append('metadata[status]', 'pending');
    form.append('metadata[region][name]', 'eu-west');
    form.append('metadata[tags][]', 'a');
    form.append('metadata[tags][]', 'b');
    const { status, body } = await upload(t.app, form);
    expect(status).toBe(200);
    expect(body.result.meta).toEqual({ status: 'pending', region: { name: 'eu-west' }, tags: ['a', 'b'] });
    const proto = uploadForm({ file: png });
    proto.append('metadata[__proto__][polluted]', 'yes');
    const polluted = await upload(t.app, proto);
    expect(polluted.status).toBe(200);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(polluted.body.result.meta).toEqual({ ['__proto__']: { polluted: 'yes' } });
  });

  it('refuses bad metadata with 400 / 5400', async () => {
    await expectError(upload(t.app, uploadForm({ file: png, metadata: '{nope' })), 400, 5400, /not valid JSON/);
    await expectError(upload(t.app, uploadForm({ file: png, metadata: '[1,2]' })), 400, 5400, /JSON object/);
    await expectError(upload(t.app, uploadForm({ file: png, metadata: '"text"' })), 400, 5400, /JSON object/);
    const big = JSON.stringify({ text: 'x'.repeat(1020) });
    await expectError(upload(t.app, uploadForm({ file: png, metadata: big })), 400, 5400, /\d+ bytes as JSON, maximum 1024/);
    const both = uploadForm({ file: png, metadata: '{}' });
    both.append('metadata[a]', 'b');
    await expectError(upload(t.app, both), 400, 5400, /either/);
    const exactly = JSON.stringify({ t: 'x'.repeat(1024 - 8) });
    expect(Buffer.byteLength(exactly)).toBe(1024);
    expect((await upload(t.app, uploadForm({ file: png, metadata: exactly }))).status).toBe(200);
  });

  it('creator: at most 1024 characters; empty means none', async () => {
    const empty = await upload(t.app, uploadForm({ file: png, creator: '' }));
    expect(empty.body.result.creator).toBeNull();
    await expectError(upload(t.app, uploadForm({ file: png, creator: 'c'.repeat(1025) })), 400, 5400, /creator.*maximum 1024/);
  });

  it('requireSignedURLs: true or false; a custom id cannot be private', async () => {
    const priv = await upload(t.app, uploadForm({ file: png, requireSignedURLs: 'true' }));
    expect(priv.body.result.requireSignedURLs).toBe(true);
    await expectError(upload(t.app, uploadForm({ file: png, requireSignedURLs: 'yes' })), 400, 5400, /true or false/);
    await expectError(upload(t.app, uploadForm({ file: png, requireSignedURLs: 'true', id: 'custom' })), 400, 5400, /custom id/);
  });

  it('decides the format from the bytes: every supported kind is accepted, whatever the name says', async () => {
    const base = sharp({ create: { width: 20, height: 10, channels: 3, background: '#f00' } });
    const kinds = {
      jpeg: await base.clone().jpeg().toBuffer(),
      gif: await base.clone().gif().toBuffer(),
      webp: await base.clone().webp().toBuffer(),
      svg: Buffer.from('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>'),
    };
    for (const [kind, bytes] of Object.entries(kinds)) {
      const { status, body } = await upload(t.app, uploadForm({ file: new Blob([new Uint8Array(bytes)], { type: 'text/plain' }) }, `misnamed-${kind}.txt`));
      expect(status, kind).toBe(200);
      const res = await t.app.request(new URL(body.result.variants[3]!).pathname);
      expect(res.headers.get('content-type'), kind).toBe(kind === 'svg' ? 'image/svg+xml' : `image/${kind}`);
    }
  });

  it('refuses what is not an image with 415 / 5455, even when it claims to be one', async () => {
    const fake = new Blob([new TextEncoder().encode('hello, not an image')], { type: 'image/png' });
    await expectError(upload(t.app, uploadForm({ file: fake })), 415, 5455, /not a PNG, JPEG, GIF, WebP or SVG/);
    const truncated = new Blob([new Uint8Array((await pngBytes()).subarray(0, 20))]);
    await expectError(upload(t.app, uploadForm({ file: truncated })), 415, 5455, /Unsupported/);
  });

  it('refuses a file over 10 MB with 413 / 5413, and a huge body before reading it', async () => {
    const big = new Blob([new Uint8Array(MAX_UPLOAD_BYTES + 1)]);
    await expectError(upload(t.app, uploadForm({ file: big })), 413, 5413, /maximum 10485760/);
    const huge = await json(
      await t.app.request(V1, {
        method: 'POST',
        headers: { 'content-type': 'multipart/form-data; boundary=x', 'content-length': String(50 * 1024 * 1024) },
        body: 'x',
      }),
    );
    expect(huge.status).toBe(413);
    expect(huge.body.errors[0]?.code).toBe(5413);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 12; i += 1) controller.enqueue(new Uint8Array(1024 * 1024));
        controller.close();
      },
    });
    const chunked = await json(
      await t.app.request(V1, { method: 'POST', headers: { 'content-type': 'multipart/form-data; boundary=x' }, body: stream, duplex: 'half' } as RequestInit),
    );
    expect(chunked.status).toBe(413);
  });

  it('refuses a missing file, a url, and bodies that are not multipart', async () => {
    await expectError(upload(t.app, uploadForm({ creator: 'x' })), 400, 5400, /Missing 'file'/);
    await expectError(upload(t.app, uploadForm({ url: 'https://example.com/a.png' })), 400, 5400, /not available in local mode/);
    await expectError(upload(t.app, uploadForm({ file: 'just text' })), 400, 5400, /file part/);
    await expectError(json(await t.app.request(V1, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } })), 400, 5400, /multipart/);
    await expectError(
      json(await t.app.request(V1, { method: 'POST', body: 'garbage', headers: { 'content-type': 'multipart/form-data; boundary=zz' } })),
      400,
      5400,
      /multipart/,
    );
  });
});

describe('one image: GET, PATCH, DELETE', () => {
  it('PATCH changes metadata, creator and privacy, and the list sees it', async () => {
    const { body } = await upload(t.app, uploadForm({ file: png, metadata: '{"a":1}', creator: 'bob' }));
    const id = body.result.id;
    const patch = (payload: unknown) =>
      request(`${V1}/${id}`, { method: 'PATCH', body: JSON.stringify(payload), headers: { 'content-type': 'application/json' } }).then(json);
    const changed = await patch({ metadata: { status: 'flagged' }, creator: 'carol', requireSignedURLs: true });
    expect(changed.status).toBe(200);
    expect(changed.body.result).toMatchObject({ id, meta: { status: 'flagged' }, creator: 'carol', requireSignedURLs: true, uploaded: body.result.uploaded });
    expect((await patch({})).body.result.meta).toEqual({ status: 'flagged' });
    expect((await patch({ creator: '' })).body.result.creator).toBeNull();
    const listed = await json(await t.app.request(`${V2}?meta.status[eq]=flagged`));
    expect(listed.body.result.images.map((i: { id: string }) => i.id)).toEqual([id]);
  });

  it('PATCH refuses bad bodies with the envelope, never a 500', async () => {
    const { body } = await upload(t.app, uploadForm({ file: png }));
    const id = body.result.id;
    const raw = (text: string) => request(`${V1}/${id}`, { method: 'PATCH', body: text, headers: { 'content-type': 'application/json' } }).then(json);
    await expectError(raw('{not json'), 400, 5400, /not valid JSON/);
    await expectError(raw(''), 400, 5400, /not valid JSON/);
    await expectError(raw('[1]'), 400, 5400, /JSON object/);
    await expectError(raw('{"metadata":"x"}'), 400, 5400, /metadata/);
    await expectError(raw('{"creator":5}'), 400, 5400, /creator/);
    await expectError(raw('{"requireSignedURLs":"true"}'), 400, 5400, /true or false/);
    await expectError(raw(JSON.stringify({ metadata: { x: 'y'.repeat(70_000) } })), 413, 5413, /PATCH body/);
    const custom = await upload(t.app, uploadForm({ file: png, id: 'public/only' }));
    expect(custom.status).toBe(200);
    await expectError(
      request(`${V1}/public/only`, { method: 'PATCH', body: '{"requireSignedURLs":true}' }).then(json),
      400,
      5400,
      /custom id/,
    );
  });

  it('refuses an empty or badly encoded id in the path with 400 / 5400', async () => {
    await expectError(request(`${V1}/`).then(json), 400, 5400, /Missing image id/);
    await expectError(request(`${V1}/bad%E0%A4%A`).then(json), 400, 5400, /percent-encoding/);
  });

  it('answers 404 / 5404 for an id that does not exist, on every method', async () => {
    for (const method of ['GET', 'PATCH', 'DELETE']) {
      await expectError(
        request(`${V1}/no/such/image`, { method, body: method === 'PATCH' ? '{}' : undefined }).then(json),
        404,
        5404,
        /No image with id 'no\/such\/image'/,
      );
    }
  });

  it('DELETE removes the image, its file when unused, and it stays gone', async () => {
    const bytes = new Blob([new Uint8Array(await pngBytes(30, 30, '#00ff00'))]);
    const { body } = await upload(t.app, uploadForm({ file: bytes, id: 'to/delete' }));
    const thumb = await t.app.request(new URL(body.result.variants[0]!).pathname);
    expect(thumb.status).toBe(200);
    const files = () => readdirSync(join(t.dataDir, 'originals')).length;
    const before = files();
    const res = await json(await t.app.request(`${V1}/to/delete`, { method: 'DELETE' }));
    expect(res).toEqual({ status: 200, body: { success: true, errors: [], messages: [], result: {} } });
    expect(files()).toBe(before - 1);
    expect((await t.app.request(`${V1}/to/delete`)).status).toBe(404);
    expect((await t.app.request(new URL(body.result.variants[0]!).pathname)).status).toBe(404);
  });

  it('keeps a shared original while another image still uses it', async () => {
    const bytes = new Blob([new Uint8Array(await pngBytes(31, 31, '#123456'))]);
    const a = await upload(t.app, uploadForm({ file: bytes, id: 'shared/a' }));
    const b = await upload(t.app, uploadForm({ file: bytes, id: 'shared/b' }));
    await t.app.request(`${V1}/shared/a`, { method: 'DELETE' });
    const res = await t.app.request(new URL(b.body.result.variants[3]!).pathname);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(Buffer.from(await bytes.arrayBuffer()))).toBe(true);
    expect(a.status).toBe(200);
  });
});
