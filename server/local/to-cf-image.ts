/** The wire shape of an image (CONTRACT.md §2 "Response"), with absolute local delivery URLs. */
import type { CfImage } from '../../src/contract/image';
import { LOCAL_VARIANTS } from '../../src/contract/image';
import { LOCAL_ACCOUNT_HASH } from '../config';
import { encodeIdPath } from '../../src/contract/image-writes';
import type { StoredImage } from './stored-image';

export const DELIVERY_PREFIX = '/cdn-cgi/imagedelivery';

/**
 * The parts of the answer that do not depend on the request, computed once per stored image: `toISOString` and
 * percent-encoding cost more than the rest of a page together. Stored images are immutable (PATCH replaces the
 * object), so the cache can never be stale, and a WeakMap lets deleted images go.
 */
const fixedParts = new WeakMap<StoredImage, { uploaded: string; path: string }>();

/** `origin` is the request's own (`http://127.0.0.1:8787`), so URLs work from wherever the dashboard is opened. */
export function toCfImage(image: StoredImage, origin: string): CfImage {
  let fixed = fixedParts.get(image);
  if (!fixed) {
    fixed = {
      uploaded: new Date(image.uploaded).toISOString(),
      path: `${DELIVERY_PREFIX}/${LOCAL_ACCOUNT_HASH}/${encodeIdPath(image.id)}/`,
    };
    fixedParts.set(image, fixed);
  }
  const base = origin + fixed.path;
  return {
    id: image.id,
    filename: image.filename,
    creator: image.creator,
    meta: image.meta,
    requireSignedURLs: image.requireSignedURLs,
    uploaded: fixed.uploaded,
    variants: LOCAL_VARIANTS.map((variant) => base + variant),
  };
}
