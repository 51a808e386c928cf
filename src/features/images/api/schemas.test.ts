import { afterEach, describe, expect, it, vi } from 'vitest';
import { getImagesPage } from './get-images';
import { listImagesEnvelopeSchema } from './schemas';

const image = {
  id: 'a',
  filename: 'a.png',
  creator: null,
  meta: {},
  requireSignedURLs: false,
  uploaded: '2026-11-22T09:30:00.123Z',
  variants: ['https://imagedelivery.net/H/a/public'],
};
afterEach(() => vi.unstubAllGlobals());

const ok = (result: unknown) => ({ success: true, errors: [], messages: [], result });

describe('list answer validation', () => {
  it('accepts the contract shape', () => {
    expect(listImagesEnvelopeSchema.safeParse(ok({ images: [image], continuation_token: null })).success).toBe(true);
  });
  it('refuses wrong casing, missing fields and wrong types', () => {
    const bad = [
      ok({ images: [{ ...image, requireSignedURLs: undefined, require_signed_urls: false }], continuation_token: null }),
      ok({ images: [image] }),
      ok({ images: [{ ...image, creator: 5 }], continuation_token: null }),
      { success: false, errors: [{ code: 5400, message: 'x' }], messages: [], result: null },
    ];
    for (const body of bad) expect(listImagesEnvelopeSchema.safeParse(body).success).toBe(false);
  });
  it('checks a page a slice of images at a time with the same rules (getImagesPage)', async () => {
    const page = (images: unknown[], token: unknown = 'next') => ok({ images, continuation_token: token });
    const images = Array.from({ length: 450 }, (_, i) => ({ ...image, id: `id-${i}` }));
    const cases = [
      page(images),
      page(images, undefined),
      page(images.map((img, i) => (i === 401 ? { ...img, creator: 5 } : img))),
      page(images.map((img, i) => (i === 7 ? { ...img, requireSignedURLs: undefined, require_signed_urls: false } : img))),
      page([...images, 'not an image']),
    ];
    for (const body of cases) {
      vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify(body))));
      const sliced = await getImagesPage('acc', { perPage: 1000, sortOrder: 'desc', filters: [] }, null).then(
        (result) => ({ success: true, result }),
        (error: unknown) => ({ success: false, message: String(error) }),
      );
      const whole = listImagesEnvelopeSchema.safeParse(body);
      expect(sliced.success).toBe(whole.success);
      if (whole.success) expect(sliced).toEqual({ success: true, result: whole.data.result });
      else expect((sliced as { message: string }).message).toContain(`at ${whole.error.issues[0]?.path.join('.')}`);
    }
  });
});
