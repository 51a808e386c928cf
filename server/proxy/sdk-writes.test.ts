/**
 * The official `cloudflare` SDK drives the routes of docs/CONTRACT.md §7 (stats, get, blob, edit, delete, create,
 * direct upload) against local mode, and through the proxy in cloudflare mode with the local API as its upstream:
 * what a person scripting against either server gets.
 */
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import Cloudflare, { toFile } from 'cloudflare';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app';
import { ACCOUNT, localTestApp, pngBytes, type LocalTestApp } from '../local/test-helpers';
import { cloudflareConfig } from '../test-support/test-config';

let local: LocalTestApp;
const servers: ServerType[] = [];

async function listen(fetchApp: (request: Request) => Response | Promise<Response>): Promise<string> {
  const server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: fetchApp, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
  });
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const targets: Record<string, () => Promise<string>> = {
  'local mode': () => listen((request) => local.app.fetch(request)),
  'the proxy, local API upstream': async () => {
    const upstream = await listen((request) => local.app.fetch(request));
    const config = cloudflareConfig(`${upstream}/client/v4`, {
      CLOUDFLARE_ACCOUNT_ID: ACCOUNT,
      ALLOW_WRITES: 'true',
      CLOUDFLARE_BATCH_URL: `${upstream}/batch`,
    });
    const app = createApp(config, { log: false });
    return listen((request) => app.fetch(request));
  },
};

beforeAll(async () => {
  local = await localTestApp({ DEMO_IMAGES: '0' });
});
afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  local.close();
});

describe.each(Object.keys(targets))('the official SDK, %s', (target) => {
  let client: Cloudflare;
  beforeAll(async () => {
    const origin = await targets[target]!();
    client = new Cloudflare({ apiToken: 'x', baseURL: `${origin}/client/v4`, maxRetries: 0 });
  });
  const id = `sdk-writes/${target.replace(/\W+/g, '-')}`;

  it('creates, gets, edits, reads the original, counts and deletes', async () => {
    const before = (await client.images.v1.stats.get({ account_id: ACCOUNT })).count;
    const bytes = await pngBytes(48, 32, '#336699');
    const created = await client.images.v1.create({
      account_id: ACCOUNT,
      file: await toFile(bytes, 'sdk-writes.png'),
      id,
      metadata: { status: 'draft' },
    });
    expect(created.id).toBe(id);

    const got = await client.images.v1.get(id, { account_id: ACCOUNT });
    expect(got.filename).toBe('sdk-writes.png');
    expect(got.meta).toEqual({ status: 'draft' });
    expect((await client.images.v1.stats.get({ account_id: ACCOUNT })).count?.current).toBe((before?.current ?? 0) + 1);

    const edited = await client.images.v1.edit(id, { account_id: ACCOUNT, metadata: { status: 'done', n: 2 } });
    // PATCH replaces the metadata (docs/CONTRACT.md §7): no merge.
    expect(edited.meta).toEqual({ status: 'done', n: 2 });

    const blob = await client.images.v1.blobs.get(id, { account_id: ACCOUNT });
    expect(blob.headers.get('content-type')).toBe('image/png');
    const original = Buffer.from(await blob.arrayBuffer());
    expect(original.equals(bytes)).toBe(true);
    expect((await sharp(original).metadata()).width).toBe(48);

    await client.images.v1.delete(id, { account_id: ACCOUNT });
    await expect(client.images.v1.get(id, { account_id: ACCOUNT })).rejects.toMatchObject({ status: 404 });
  });

  it('direct upload: a draft until the file is posted to its uploadURL', async () => {
    const draftId = `${id}-direct`;
    const upload = await client.images.v2.directUploads.create({ account_id: ACCOUNT, id: draftId, metadata: { via: 'direct' } });
    expect(upload.id).toBe(draftId);
    const draft = (await client.images.v1.get(draftId, { account_id: ACCOUNT })) as { draft?: boolean };
    expect(draft.draft).toBe(true);

    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(await pngBytes(10, 10))]), 'direct.png');
    const posted = await fetch(upload.uploadURL!, { method: 'POST', body: form });
    expect(posted.status).toBe(200);
    const done = await client.images.v1.get(draftId, { account_id: ACCOUNT });
    expect((done as { draft?: boolean }).draft).toBeUndefined();
    expect(done.meta).toEqual({ via: 'direct' });
    // A second post to the one-time URL is refused.
    expect((await fetch(upload.uploadURL!, { method: 'POST', body: form })).status).toBe(409);
    await client.images.v1.delete(draftId, { account_id: ACCOUNT });
  });
});
