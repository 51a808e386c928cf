import { describe, expect, it } from 'vitest';
import { createVariantCatalog, parseConfigAnswer, parseVariantsAnswer, type AccountGet } from './variant-catalog';

const variantsBody = {
  success: true,
  errors: [],
  messages: [],
  result: {
    variants: {
      thumbnail: { id: 'thumbnail', options: { fit: 'cover', width: 320, height: 320, metadata: 'none' }, neverRequireSignedURLs: false },
      hero: { id: 'hero', options: { fit: 'scale-down', width: 1920, height: 1080, metadata: 'keep' }, neverRequireSignedURLs: true },
    },
  },
};

describe('parseVariantsAnswer', () => {
  it("reads Cloudflare's variants answer", () => {
    expect(parseVariantsAnswer(variantsBody)).toEqual([
      { name: 'thumbnail', width: 320, height: 320, fit: 'cover', neverRequireSignedURLs: false },
      { name: 'hero', width: 1920, height: 1080, fit: 'scale-down', neverRequireSignedURLs: true },
    ]);
  });
  it.each([
    null,
    'x',
    { success: false, result: null },
    { success: true, result: { variants: { a: { options: { fit: 'stretch' } } } } },
    { success: true, result: { variants: { a: { options: { width: -1 } } } } },
    { success: true, result: { variants: [] } },
  ])('refuses what is not one: %j', (body) => {
    expect(parseVariantsAnswer(body)).toBeNull();
  });
  it('reads the flexible-variants switch, off unless it says on', () => {
    expect(parseConfigAnswer({ success: true, result: { flexible_variants: true } })).toBe(true);
    expect(parseConfigAnswer({ success: true, result: {} })).toBe(false);
    expect(parseConfigAnswer({ success: false, result: { flexible_variants: true } })).toBe(false);
  });
});

describe('createVariantCatalog', () => {
  function counting(answers: Record<string, () => Response>) {
    const calls: string[] = [];
    const get: AccountGet = async (path) => {
      calls.push(path);
      return answers[path]!();
    };
    return { get, calls };
  }
  const json = (body: unknown, status = 200) => () => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

  it('reads both routes once per ten minutes, shared by concurrent callers', async () => {
    let time = 0;
    const { get, calls } = counting({ variants: json(variantsBody), config: json({ success: true, result: { flexible_variants: true } }) });
    const catalog = createVariantCatalog(get, { now: () => time });
    const [a, b] = await Promise.all([catalog.get(), catalog.get()]);
    expect(a).toEqual(b);
    expect(a.flexibleVariants).toBe(true);
    expect(a.variants?.map((v) => v.name)).toEqual(['thumbnail', 'hero']);
    expect(calls).toEqual(['variants', 'config']);
    time = 10 * 60 * 1000 - 1;
    await catalog.get();
    expect(calls).toHaveLength(2);
    time = 10 * 60 * 1000;
    await catalog.get();
    expect(calls).toHaveLength(4);
  });
  it('without permission: no sizes, flexible variants off, no error', async () => {
    const denied = json({ success: false, errors: [{ code: 10000, message: 'Authentication error' }] }, 403);
    const catalog = createVariantCatalog(counting({ variants: denied, config: denied }).get);
    expect(await catalog.get()).toEqual({ variants: null, flexibleVariants: false });
  });
  it('survives a transport failure and a body that is not JSON', async () => {
    const catalog = createVariantCatalog(async (path) => {
      if (path === 'variants') throw new Error('ECONNREFUSED');
      return new Response('<html>', { status: 200 });
    });
    expect(await catalog.get()).toEqual({ variants: null, flexibleVariants: false });
  });
});
