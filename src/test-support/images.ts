/** For tests: an image as the list API answers it, numbered, with its variants' delivery URLs. */
import type { CfImage } from '../contract/image';

export interface TestImageOptions {
  /** The image's id; a UUID made from `n` by default. */
  id?: string;
  /** Put before the delivery path (`''` for a path the page resolves). */
  origin?: string;
  variants?: readonly string[];
}

export function testImage(n: number, extra: Partial<CfImage> = {}, options: TestImageOptions = {}): CfImage {
  const id = options.id ?? `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
  return {
    id,
    filename: `picture-${n}.png`,
    creator: null,
    meta: {},
    requireSignedURLs: false,
    uploaded: '2026-11-01T10:00:00.000Z',
    variants: (options.variants ?? ['thumbnail', 'public']).map((v) => `${options.origin ?? ''}/cdn-cgi/imagedelivery/hash/${id}/${v}`),
    ...extra,
  };
}
