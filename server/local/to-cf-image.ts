/** The wire shape of an image (CONTRACT.md §2 "Response"), with absolute local delivery URLs. */
import type { CfImage } from '../../src/contract/image';
import { LOCAL_VARIANTS } from '../../src/contract/image';
import { LOCAL_ACCOUNT_HASH } from '../config';
import { encodeIdPath } from '../../src/contract/image-writes';
import type { StoredImage } from './stored-image';

export const DELIVERY_PREFIX = '/cdn-cgi/imagedelivery';

/**
 * The parts of the answer that do not depend on the request, computed once per stored image: `toISOString`,
 * percent-encoding and the image's JSON cost more than the rest of a page together. Stored images are immutable
 * (PATCH replaces the object), so the cache can never be stale, and a WeakMap lets deleted images go.
 */
interface FixedParts {
  uploaded: string;
  path: string;
  /**
   * The image's JSON (`JSON.stringify(toCfImage(image, origin))`, byte for byte) cut where the request's origin goes:
   * `json[0] + origin + json[1] + origin + … + json[n]`, one cut per variant URL. Built on first use.
   */
  json?: string[];
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
 * `JSON.stringify(toCfImage(image, origin))`, from the image's JSON serialised once (and again only when the image
 * changes, which makes a new object). `jsonOrigin` is the origin as it reads inside a JSON string
 * (`JSON.stringify(origin).slice(1, -1)`), computed once per request by the caller.
 */
export function cfImageJson(image: StoredImage, jsonOrigin: string): string {
  const fixed = fixedPartsOf(image);
  let parts = fixed.json;
  if (!parts) {
    // Serialised with an empty origin, each variant URL then starts right after its opening quote.
    const text = JSON.stringify(toCfImage(image, ''));
    const variantsAt = text.lastIndexOf(',"variants":[') + ',"variants":['.length;
    parts = [text.slice(0, variantsAt + 1)];
    let at = variantsAt + 1;
    for (let i = 1; i < LOCAL_VARIANTS.length; i += 1) {
      const next = text.indexOf(',"', at) + 2;
      parts.push(text.slice(at, next));
      at = next;
    }
    parts.push(text.slice(at));
    fixed.json = parts;
  }
  let out = parts[0]!;
  for (let i = 1; i < parts.length; i += 1) out += jsonOrigin + parts[i]!;
  return out;
}
