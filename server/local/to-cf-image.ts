/** The wire shape of an image (CONTRACT.md §2 "Response"), with absolute local delivery URLs. */
import type { CfImage } from '../../src/contract/image';
import { LOCAL_VARIANTS } from '../../src/contract/image';
import { LOCAL_ACCOUNT_HASH } from '../config';
import { encodeIdPath } from '../../src/contract/image-writes';
import type { StoredImage } from './stored-image';

export const DELIVERY_PREFIX = '/cdn-cgi/imagedelivery';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * The parts of the answer that do not depend on the request, computed once per stored image: `toISOString`,
 * percent-encoding and the image's JSON cost more than the rest of a page together. Stored images are immutable
 * (PATCH replaces the object), so the cache can never be stale, and a WeakMap lets deleted images go.
 */
interface FixedParts {
  uploaded: string;
  path: string;
  /**
   * The image's JSON, `JSON.stringify(toCfImage(image, jsonOrigin))` as UTF-8, for the origin it was last served to
   * (a server is almost always reached under one origin). Kept whole and as bytes, so a page is one copy of ready
   * bytes into one buffer: no string is assembled, measured or encoded per request (docs/performance.md). Another
   * origin serialises it again and is kept instead.
   */
  json?: Uint8Array;
  jsonOrigin?: string;
}

const fixedParts = new WeakMap<StoredImage, FixedParts>();

function fixedPartsOf(image: StoredImage): FixedParts {
  let fixed = fixedParts.get(image);
  if (!fixed) {
    fixed = {
      uploaded: new Date(image.uploaded).toISOString(),
      path: `${DELIVERY_PREFIX}/${LOCAL_ACCOUNT_HASH}/${encodeIdPath(image.id)}/`,
    };
    fixedParts.set(image, fixed);
  }
  return fixed;
}

/** `origin` is the request's own (`http://127.0.0.1:8787`), so URLs work from wherever the dashboard is opened. */
export function toCfImage(image: StoredImage, origin: string): CfImage {
  const fixed = fixedPartsOf(image);
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

/**
 * `JSON.stringify(toCfImage(image, origin))` as UTF-8, serialised once per image and origin (and again only when the
 * image changes, which makes a new object, or the origin does).
 */
export function cfImageJsonBytes(image: StoredImage, origin: string): Uint8Array {
  const fixed = fixedPartsOf(image);
  if (fixed.json === undefined || fixed.jsonOrigin !== origin) {
    // Exactly the JSON's length. Buffer.from slices Node's 8 kB pool but starts a new one whenever the rest could not
    // hold four bytes a character: 100,000 images kept 158 MB of pools for 92 MB of JSON (docs/performance.md).
    fixed.json = encoder.encode(JSON.stringify(toCfImage(image, origin)));
    fixed.jsonOrigin = origin;
  }
  return fixed.json;
}

/** {@link cfImageJsonBytes} as text, for answers assembled as strings (the account index's search). */
export function cfImageJson(image: StoredImage, origin: string): string {
  return decoder.decode(cfImageJsonBytes(image, origin));
}
