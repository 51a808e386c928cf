import { describe, expect, it } from 'vitest';
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
});
