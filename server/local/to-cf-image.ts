/** The wire shape of an image (CONTRACT.md §2 "Response"), with absolute local delivery URLs. */
import type { CfImage } from '../../src/contract/image';
import { LOCAL_VARIANTS } from '../../src/contract/image';
import { LOCAL_ACCOUNT_HASH } from '../config';
import { encodeIdPath } from './image-id';
import type { StoredImage } from './stored-image';

export const DELIVERY_PREFIX = '/cdn-cgi/imagedelivery';

/** `origin` is the request's own (`http://127.0.0.1:8787`), so URLs work from wherever the dashboard is opened. */
export function toCfImage(image: StoredImage, origin: string): CfImage {
  const base = `${origin}${DELIVERY_PREFIX}/${LOCAL_ACCOUNT_HASH}/${encodeIdPath(image.id)}/`;
  return {
    id: image.id,
    filename: image.filename,
    creator: image.creator,
    meta: image.meta,
    requireSignedURLs: image.requireSignedURLs,
    uploaded: new Date(image.uploaded).toISOString(),
    variants: LOCAL_VARIANTS.map((variant) => base + variant),
  };
}
