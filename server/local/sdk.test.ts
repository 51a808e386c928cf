/**
 * The official `cloudflare` SDK against the real server (Node HTTP, in-process), with `baseURL` pointing at it:
 * what a person scripting against local mode gets.
 *
 * Metadata filters: the SDK's `meta` parameter is typed as one placeholder key (`'<field>[<operator>]'`), but it
 * serialises any key with `allowDots`, so `meta: { 'status[eq]': 'active' }` is sent as `meta.status%5Beq%5D=active`,
 * exactly the contract's form. The cast below is only for the placeholder typing.
 */
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import Cloudflare, { toFile } from 'cloudflare';
import type { V2ListParams } from 'cloudflare/resources/images/v2/v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNT, localTestApp, pngBytes, type LocalTestApp } from './test-helpers';

let t: LocalTestApp;
let server: ServerType;
let client: Cloudflare;

const meta = (filters: Record<string, string>) => filters as V2ListParams.Meta;

beforeAll(async () => {
  t = await localTestApp({ DEMO_IMAGES: '150', DEMO_SEED: '5' });
  server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: t.app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  client = new Cloudflare({ apiToken: 'x', baseURL: `http://127.0.0.1:${port}/client/v4`, maxRetries: 0 });
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  t.close();
});

describe('the official cloudflare SDK against local mode', () => {
  it('uploads with metadata and a custom id, gets, edits and deletes', async () => {
    const file = await toFile(await pngBytes(40, 30), 'sdk.png');
    const created = await client.images.v1.create({
      account_id: ACCOUNT,
      file,
      id: 'sdk/custom-1',
      metadata: { status: 'active', region: { name: 'eu-west' } },
      creator: 'sdk-user',
    });
    expect(created.id).toBe('sdk/custom-1');
    expect(created.filename).toBe('sdk.png');
    expect(created.creator).toBe('sdk-user');
    // Form fields carry no types: the SDK's object metadata arrives as strings, nesting kept.
    expect(created.meta).toEqual({ status: 'active', region: { name: 'eu-west' } });
    expect(created.requireSignedURLs).toBe(false);

    const typed = await client.images.v1.create({
      account_id: ACCOUNT,
      file: await toFile(await pngBytes(10, 10), 'typed.png'),
      metadata: JSON.stringify({ priority: 7, featured: true }),
    });
    expect(typed.meta).toEqual({ priority: 7, featured: true });

    const got = await client.images.v1.get('sdk/custom-1', { account_id: ACCOUNT });
    expect(got).toEqual(created);

    const edited = await client.images.v1.edit('sdk/custom-1', {
      account_id: ACCOUNT,
      metadata: { status: 'flagged', priority: 3 },
      creator: 'someone-else',
    });
    expect(edited.meta).toEqual({ status: 'flagged', priority: 3 });
    expect(edited.creator).toBe('someone-else');

    await client.images.v1.delete('sdk/custom-1', { account_id: ACCOUNT });
    await expect(client.images.v1.get('sdk/custom-1', { account_id: ACCOUNT })).rejects.toBeInstanceOf(Cloudflare.NotFoundError);
    await client.images.v1.delete(typed.id!, { account_id: ACCOUNT });
  });

  it('lists with each operator family, creator and both orders', async () => {
    const cases: Array<[Record<string, string>, (m: Record<string, any>) => boolean]> = [ // eslint-disable-line @typescript-eslint/no-explicit-any
      [{ 'status[eq]': 'active' }, (m) => m.status === 'active'],
      [{ 'featured[eq:boolean]': 'true' }, (m) => m.featured === true],
      [{ 'status[in]': 'pending|flagged' }, (m) => m.status === 'pending' || m.status === 'flagged'],
      [{ 'ratings[in:number]': '4|5' }, (m) => m.ratings === 4 || m.ratings === 5],
      [{ 'priority[gte:number]': '8' }, (m) => typeof m.priority === 'number' && m.priority >= 8],
      [{ 'priority[lt]': '3' }, (m) => typeof m.priority === 'number' && m.priority < 3],
      [{ 'region.geo.country.code[eq:string]': 'US' }, (m) => m.region?.geo?.country?.code === 'US'],
    ];
    for (const [filters, predicate] of cases) {
      const page = await client.images.v2.list({ account_id: ACCOUNT, per_page: 1000, meta: meta(filters) });
      expect(page.images!.length, JSON.stringify(filters)).toBeGreaterThan(0);
      for (const image of page.images!) expect(predicate(image.meta as Record<string, unknown>), JSON.stringify(filters)).toBe(true);
      expect(page.continuation_token).toBeNull();
    }
    const mine = await client.images.v2.list({ account_id: ACCOUNT, creator: 'user123', sort_order: 'asc' });
    expect(mine.images!.every((i) => i.creator === 'user123')).toBe(true);
    const times = mine.images!.map((i) => Date.parse(i.uploaded!));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const none = await client.images.v2.list({ account_id: ACCOUNT, creator: '' });
    expect(none.images!.length).toBeGreaterThan(0);
    expect(none.images!.every((i) => i.creator === null)).toBe(true);
  });

  it('pages with continuation_token to every image exactly once', async () => {
    const seen: string[] = [];
    let token: string | null | undefined;
    do {
      const page = await client.images.v2.list({ account_id: ACCOUNT, per_page: 40, continuation_token: token ?? undefined });
      seen.push(...page.images!.map((i) => i.id!));
      token = page.continuation_token;
    } while (token);
    expect(seen).toHaveLength(150);
    expect(new Set(seen).size).toBe(150);
  });

  it('raises BadRequestError with code 5400 for an invalid query', async () => {
    const error = await client.images.v2.list({ account_id: ACCOUNT, per_page: 5 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Cloudflare.BadRequestError);
    const apiError = error as InstanceType<typeof Cloudflare.BadRequestError>;
    expect(apiError.status).toBe(400);
    expect(apiError.errors[0]?.code).toBe(5400);
    expect(apiError.errors[0]?.message).toMatch(/per_page/);
    await client.images.v1.create({ account_id: ACCOUNT, file: await toFile(await pngBytes(), 'a.png'), id: 'dup' });
    const conflict = await client.images.v1
      .create({ account_id: ACCOUNT, file: await toFile(await pngBytes(), 'b.png'), id: 'dup' })
      .catch((e: unknown) => e);
    expect(conflict).toBeInstanceOf(Cloudflare.ConflictError);
    expect((conflict as InstanceType<typeof Cloudflare.ConflictError>).errors[0]?.code).toBe(5409);
  });
});
