import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CfImage } from '../../../src/contract/image';
import { LOCAL_VARIANTS } from '../../../src/contract/image';
import { LOCAL_ACCOUNT_HASH } from '../../config';
import { localTestApp, pngBytes, upload, uploadForm, V1, V2, type LocalTestApp } from '../test-helpers';

let t: LocalTestApp;
/** Every demo image, oldest first: the oracle each filter is checked against with plain JavaScript. */
let all: CfImage[];

type Body = { success: boolean; errors: { code: number; message: string }[]; result: { images: CfImage[]; continuation_token: string | null } };

async function list(query: string): Promise<{ status: number; body: Body }> {
  const res = await t.app.request(`${V2}?${query}`);
  return { status: res.status, body: (await res.json()) as Body };
}

async function ids(query: string): Promise<string[]> {
  const { status, body } = await list(`per_page=10000&sort_order=asc&${query}`);
  expect(status, JSON.stringify(body.errors)).toBe(200);
  expect(body.result.continuation_token).toBeNull();
  return body.result.images.map((i) => i.id);
}

const at = (image: CfImage, path: string): unknown =>
  path.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>)[k] : undefined), image.meta);

function expected(predicate: (image: CfImage) => boolean): string[] {
  return all.filter(predicate).map((i) => i.id);
}

beforeAll(async () => {
  t = await localTestApp({ DEMO_IMAGES: '400', DEMO_SEED: '7' });
  const { body } = await list('per_page=10000&sort_order=asc');
  all = body.result.images;
});
afterAll(() => t.close());

describe('GET …/images/v2 over demo data', () => {
  it('answers every image, oldest first with sort_order=asc, newest first by default', async () => {
    expect(all).toHaveLength(400);
    const times = all.map((i) => Date.parse(i.uploaded));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const { body } = await list('per_page=10000');
    expect(body.result.images.map((i) => i.id)).toEqual(all.map((i) => i.id).reverse());
  });

  it('answers the contract’s image shape exactly', async () => {
    for (const image of all) {
      expect(Object.keys(image).sort()).toEqual(['creator', 'filename', 'id', 'meta', 'requireSignedURLs', 'uploaded', 'variants']);
      expect(image.uploaded).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(typeof image.requireSignedURLs).toBe('boolean');
      expect(image.creator === null || (typeof image.creator === 'string' && image.creator !== '')).toBe(true);
      expect(image.meta).toBeTypeOf('object');
      expect(image.variants).toEqual(
        LOCAL_VARIANTS.map((v) => `http://localhost/cdn-cgi/imagedelivery/${LOCAL_ACCOUNT_HASH}/${image.id}/${v}`),
      );
    }
    expect(all.some((i) => Object.keys(i.meta).length === 0)).toBe(true);
  });

  it('eq matches strings, numbers and booleans where the value parses as each', async () => {
    expect(await ids('meta.status[eq]=active')).toEqual(expected((i) => at(i, 'status') === 'active'));
    expect(await ids('meta.batch[eq]=3')).toEqual(expected((i) => at(i, 'batch') === 3 || at(i, 'batch') === '3'));
    expect(await ids('meta.reviewed[eq]=true')).toEqual(expected((i) => at(i, 'reviewed') === true || at(i, 'reviewed') === 'true'));
    expect(await ids('meta.batch[eq]=3.0')).toEqual(expected((i) => at(i, 'batch') === 3));
    expect((await ids('meta.batch[eq]=3')).length).toBeGreaterThan((await ids('meta.batch[eq:number]=3')).length);
  });

  it('typed eq looks at the type', async () => {
    expect(await ids('meta.batch[eq:string]=3')).toEqual(expected((i) => at(i, 'batch') === '3'));
    expect(await ids('meta.batch[eq:number]=3')).toEqual(expected((i) => at(i, 'batch') === 3));
    expect(await ids('meta.featured[eq:boolean]=true')).toEqual(expected((i) => at(i, 'featured') === true));
    expect(await ids('meta.reviewed[eq:boolean]=false')).toEqual(expected((i) => at(i, 'reviewed') === false));
  });

  it('in, in:string and in:number match any element', async () => {
    expect(await ids('meta.status[in]=pending|flagged')).toEqual(expected((i) => ['pending', 'flagged'].includes(at(i, 'status') as string)));
    expect(await ids('meta.batch[in:string]=1|2')).toEqual(expected((i) => ['1', '2'].includes(at(i, 'batch') as string)));
    expect(await ids('meta.ratings[in:number]=4|5')).toEqual(expected((i) => [4, 5].includes(at(i, 'ratings') as number)));
    expect(await ids('meta.batch[in]=1|2')).toEqual(expected((i) => [1, 2, '1', '2'].includes(at(i, 'batch') as string | number)));
  });

  it('range operators compare numbers only', async () => {
    const n = (i: CfImage, path: string) => (typeof at(i, path) === 'number' ? (at(i, path) as number) : NaN);
    expect(await ids('meta.priority[gt]=7')).toEqual(expected((i) => n(i, 'priority') > 7));
    expect(await ids('meta.priority[gte:number]=7')).toEqual(expected((i) => n(i, 'priority') >= 7));
    expect(await ids('meta.priority[lt:number]=3')).toEqual(expected((i) => n(i, 'priority') < 3));
    expect(await ids('meta.priority[lte]=3')).toEqual(expected((i) => n(i, 'priority') <= 3));
    expect(await ids('meta.batch[gte]=0')).toEqual(expected((i) => typeof at(i, 'batch') === 'number'));
    expect(await ids('meta.camera.settings.aperture[lt]=2.5')).toEqual(expected((i) => n(i, 'camera.settings.aperture') < 2.5));
  });

  it('walks nested paths; an object or array at the end never matches', async () => {
    const de = await ids('meta.region.geo.country.code[eq]=DE');
    expect(de.length).toBeGreaterThan(0);
    expect(de).toEqual(expected((i) => at(i, 'region.geo.country.code') === 'DE'));
    expect(await ids('meta.region.name[in]=eu-west|eu-central')).toEqual(
      expected((i) => ['eu-west', 'eu-central'].includes(at(i, 'region.name') as string)),
    );
    expect(await ids('meta.tags[eq]=landscape')).toEqual([]);
    expect(await ids('meta.region[eq]=eu-west')).toEqual([]);
    expect(await ids('meta.status.deeper[eq]=active')).toEqual([]);
  });

  it('combines filters with AND; contradictions give nothing', async () => {
    const got = await ids('meta.status[eq]=active&meta.ratings[gte]=4&meta.featured[eq:boolean]=true&meta.region.name[eq]=us-east&meta.priority[lte]=9');
    expect(got).toEqual(
      expected(
        (i) =>
          at(i, 'status') === 'active' &&
          (at(i, 'ratings') as number) >= 4 &&
          at(i, 'featured') === true &&
          at(i, 'region.name') === 'us-east' &&
          (at(i, 'priority') as number) <= 9,
      ),
    );
    expect(await ids('meta.priority[eq:number]=5&meta.priority[lte:number]=3')).toEqual([]);
  });

  it('creator: absent means all, empty means none set, otherwise exact', async () => {
    expect(await ids('')).toHaveLength(400);
    const none = await ids('creator=');
    expect(none.length).toBeGreaterThan(0);
    expect(none).toEqual(expected((i) => i.creator === null));
    expect(await ids('creator=user123')).toEqual(expected((i) => i.creator === 'user123'));
    expect(await ids('creator=USER123')).toEqual([]);
    expect(await ids('creator=user123&meta.status[eq]=active')).toEqual(
      expected((i) => i.creator === 'user123' && at(i, 'status') === 'active'),
    );
  });

  it('reads the percent-encoded form the SDK sends', async () => {
    expect(await ids('meta.status%5Beq%5D=active')).toEqual(await ids('meta.status[eq]=active'));
  });

  it('pages follow the tokens to every matching image exactly once, in both orders', async () => {
    for (const order of ['asc', 'desc'] as const) {
      const want = expected((i) => at(i, 'status') === 'active');
      if (order === 'desc') want.reverse();
      const got: string[] = [];
      let token: string | null = null;
      let pages = 0;
      do {
        const { body } = await list(`per_page=10&sort_order=${order}&meta.status[eq]=active${token ? `&continuation_token=${token}` : ''}`);
        got.push(...body.result.images.map((i) => i.id));
        token = body.result.continuation_token;
        if (token) {
          expect(token.length).toBeLessThanOrEqual(32);
          expect(body.result.images).toHaveLength(10);
        }
        pages += 1;
      } while (token);
      expect(got).toEqual(want);
      expect(pages).toBe(Math.max(1, Math.ceil(want.length / 10)));
    }
  });

  it('the last page has a null token even when it is exactly full', async () => {
    const count = (await ids('creator=user123')).length;
    const { body } = await list(`per_page=${Math.max(10, count)}&creator=user123`);
    expect(body.result.images).toHaveLength(count);
    expect(body.result.continuation_token).toBeNull();
  });

  it('refuses invalid queries with every error, never forwarding or guessing', async () => {
    const { status, body } = await list('per_page=5&sort_order=up&meta.a.b.c.d.e.f[eq]=x&meta.x[nope]=1');
    expect(status).toBe(400);
    expect(body.success).toBe(false);
    expect(body.result).toBeNull();
    const messages = body.errors.map((e) => e.message).join('\n');
    expect(body.errors.every((e) => e.code === 5400)).toBe(true);
    expect(messages).toMatch(/per_page/);
    expect(messages).toMatch(/sort_order/);
    expect(messages).toMatch(/nesting too deep: 6 levels, maximum 5/);
    expect(messages).toMatch(/Unsupported metadata filter operator: 'nope'/);
  });

  it('refuses a token it did not issue with 400 / 5400', async () => {
    for (const token of ['not-a-token', 'AAAAAAAAAAAAAAAAAAAA', 'x'.repeat(33)]) {
      const { status, body } = await list(`continuation_token=${token}`);
      expect(status, token).toBe(400);
      expect(body.errors[0]?.code).toBe(5400);
      expect(body.errors[0]?.message).toMatch(/continuation_token/);
    }
  });

  it('answers 403 / 9109 for another account', async () => {
    const res = await t.app.request('/client/v4/accounts/ffffffffffffffffffffffffffffffff/images/v2');
    expect(res.status).toBe(403);
    expect(((await res.json()) as Body).errors[0]?.code).toBe(9109);
  });
});

describe('pagination while images come and go', () => {
  async function walkWithChurn(order: 'asc' | 'desc') {
    const w = await localTestApp();
    try {
      const png = new Blob([new Uint8Array(await pngBytes(8, 8))]);
      const initial: string[] = [];
      for (let i = 0; i < 45; i += 1) {
        const { body } = await upload(w.app, uploadForm({ file: png, metadata: JSON.stringify({ walk: true, n: i }) }));
        initial.push(body.result.id);
      }
      // Ties: fifteen images in one millisecond, told apart by the insertion sequence.
      const tie = Date.now() - 60_000;
      w.local.store.insertMany(
        Array.from({ length: 15 }, (_, i) => ({
          id: `tie-${String(i).padStart(2, '0')}`,
          filename: 'tie.png',
          creator: null,
          meta: { walk: true },
          requireSignedURLs: false,
          uploaded: tie,
          format: 'png' as const,
          file: 'none.png',
          contentKey: 'none',
        })),
      );
      initial.push(...Array.from({ length: 15 }, (_, i) => `tie-${String(i).padStart(2, '0')}`));

      const deleted = new Set<string>();
      const seen: CfImage[] = [];
      let token: string | null = null;
      do {
        const res = await w.app.request(
          `${V2}?per_page=10&sort_order=${order}&meta.walk[eq]=true${token ? `&continuation_token=${token}` : ''}`,
        );
        const body = (await res.json()) as Body;
        seen.push(...body.result.images);
        token = body.result.continuation_token;
        // Between pages: delete one image not reached yet and the last one seen, and upload a new one.
        const seenIds = new Set(seen.map((i) => i.id));
        const ahead = initial.find((id) => !seenIds.has(id) && !deleted.has(id) && id !== initial[0]);
        for (const id of [ahead, seen.at(-1)?.id]) {
          if (id === undefined || deleted.has(id)) continue;
          expect((await w.app.request(`${V1}/${id}`, { method: 'DELETE' })).status).toBe(200);
          deleted.add(id);
        }
        await upload(w.app, uploadForm({ file: png, metadata: JSON.stringify({ walk: true, late: true }) }));
      } while (token);

      const seenIds = seen.map((i) => i.id);
      expect(new Set(seenIds).size, 'no duplicates').toBe(seenIds.length);
      const survivors = initial.filter((id) => !deleted.has(id));
      for (const id of survivors) expect(seenIds, id).toContain(id);
      const deletedAhead = [...deleted].filter((id) => !seenIds.includes(id));
      expect(deletedAhead.length).toBeGreaterThan(0);
      const times = seen.map((i) => Date.parse(i.uploaded));
      expect(times).toEqual([...times].sort((a, b) => (order === 'asc' ? a - b : b - a)));
      const ties = seenIds.filter((id) => id.startsWith('tie-'));
      const sorted = [...ties].sort();
      expect(ties).toEqual(order === 'asc' ? sorted : sorted.reverse());
      expect(ties.length).toBeGreaterThan(2);
    } finally {
      w.close();
    }
  }

  it('every image present throughout comes exactly once, in order (asc)', () => walkWithChurn('asc'));
  it('every image present throughout comes exactly once, in order (desc)', () => walkWithChurn('desc'));
});

describe('the page written from each image’s kept JSON (issue 9 #4)', () => {
  /** The answer as serialising the objects would write it. */
  const reference = (body: Body) => JSON.stringify({ success: true, errors: [], messages: [], result: body.result });

  it('is byte for byte what serialising the page would be, for every origin it is asked from, and again', async () => {
    for (const origin of ['http://localhost', 'http://127.0.0.1:8787', 'http://[::1]:9000', 'http://localhost']) {
      const res = await t.app.request(`${origin}${V2}?per_page=50&meta.status[eq]=active`, { headers: { host: new URL(origin).host } });
      const text = await res.text();
      expect(res.headers.get('content-type')).toBe('application/json');
      const body = JSON.parse(text) as Body;
      expect(text).toBe(reference(body));
      expect(body.result.images[0]?.variants[0]).toBe(`${origin}/cdn-cgi/imagedelivery/${LOCAL_ACCOUNT_HASH}/${body.result.images[0]?.id}/thumbnail`);
    }
  });

  it('shows an image as it is now after PATCH, and keeps ids, quotes and non-ASCII metadata exact', async () => {
    const png = new Blob([new Uint8Array(await pngBytes())], { type: 'image/png' });
    const made = await upload(t.app, uploadForm({ file: png, id: 'odd/ids "quoted" é', metadata: JSON.stringify({ note: 'a "b" \\ c\u2028 ü 🌍' }) }));
    expect(made.status).toBe(200);
    const first = await t.app.request(`${V2}?per_page=10`);
    // The bytes on the wire, not a decoding of them: UTF-8 exactly as serialising the page would encode it.
    const bytes = new Uint8Array(await first.arrayBuffer());
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    expect(bytes).toEqual(new TextEncoder().encode(reference(JSON.parse(text) as Body)));
    expect(text).toContain('é');
    expect((JSON.parse(text) as Body).result.images[0]?.meta).toEqual({ note: 'a "b" \\ c\u2028 ü 🌍' });

    const patched = await t.app.request(`${V1}/${encodeURIComponent('odd')}/${encodeURIComponent('ids "quoted" é')}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ metadata: { status: 'changed' }, creator: 'someone' }),
    });
    expect(patched.status).toBe(200);
    const again = await t.app.request(`${V2}?per_page=10`);
    const body = (await again.json()) as Body;
    expect(body.result.images[0]).toMatchObject({ id: 'odd/ids "quoted" é', meta: { status: 'changed' }, creator: 'someone' });
    const del = await t.app.request(`${V1}/odd/${encodeURIComponent('ids "quoted" é')}`, { method: 'DELETE' });
    expect(del.status).toBe(200);
  });
});

describe('HEAD on the API (one surface in both modes: docs/decisions.md)', () => {
  it('answers 404 / 7003 for the list, details and stats, as cloudflare mode does; delivery still answers HEAD', async () => {
    const first = (await (await t.app.request(`${V2}?per_page=10`)).json()) as { result: { images: { id: string; variants: string[] }[] } };
    const image = first.result.images[0]!;
    for (const path of [`${V2}?per_page=10`, `${V1}/${image.id}`, `${V1}/stats`]) {
      const res = await t.app.request(path, { method: 'HEAD' });
      expect(res.status, path).toBe(404);
    }
    const delivery = await t.app.request(new URL(image.variants[0]!).pathname, { method: 'HEAD' });
    expect(delivery.status).toBe(200);
  });
});
