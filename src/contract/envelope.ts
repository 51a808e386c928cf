/**
 * Cloudflare's v4 response envelope and the error codes this project answers with (CONTRACT.md §2–§4).
 * Shared by the server (to answer) and the UI (to read answers).
 */

/** One entry of `errors` / `messages` in Cloudflare's envelope. */
export interface ApiMessage {
  code: number;
  message: string;
}

export interface SuccessEnvelope<T> {
  success: true;
  errors: [];
  messages: ApiMessage[];
  result: T;
}

export interface ErrorEnvelope {
  success: false;
  errors: ApiMessage[];
  messages: ApiMessage[];
  result: null;
}

export type Envelope<T> = SuccessEnvelope<T> | ErrorEnvelope;

/** Error codes, with the HTTP status each is answered with. */
export const ErrorCode = {
  /** A request parameter or body field is invalid. */
  invalidRequest: 5400,
  /** No image with that id. */
  notFound: 5404,
  /** An image with that custom id exists. */
  conflict: 5409,
  /** Upload larger than allowed. */
  tooLarge: 5413,
  /** Upload is not a supported image. */
  unsupportedMedia: 5455,
  /** Wrong account, or a forbidden cross-origin request. */
  forbidden: 9109,
  /** No such route under /client/v4. */
  noRoute: 7003,
  /** Upstream unreachable (refused, DNS, reset). */
  upstreamUnreachable: 7502,
  /** Upstream answered something that is not Cloudflare's JSON envelope. */
  upstreamInvalid: 7503,
  /** Upstream did not answer within UPSTREAM_TIMEOUT_MS. */
  upstreamTimeout: 7504,
  /** An unexpected failure of this server (answered 500; the details are in the server's log only). */
  internal: 5500,
  /** Writes refused: cloudflare mode without ALLOW_WRITES=true (403). */
  writesDisabled: 7403,
  /** The upstream request budget is spent (429, with Retry-After). */
  rateBudget: 7429,
  /** A direct upload's URL was used already (409 is `conflict`); used after its expiry: 410. */
  uploadExpired: 5410,
  /** Server misconfigured, e.g. on Workers without credentials. */
  notConfigured: 7500,
  /** Dashboard password required. */
  unauthorized: 10000,
} as const;

export type ErrorCodeValue = (typeof ErrorCode)[keyof typeof ErrorCode];

export function successEnvelope<T>(result: T): SuccessEnvelope<T> {
  return { success: true, errors: [], messages: [], result };
}

/**
 * `JSON.stringify(successEnvelope({ images, ...rest }))`, byte for byte, from each image's JSON text: a page of 1000
 * images kept (or read) as JSON is joined, not parsed and serialised again (docs/performance.md).
 */
export function successImagesJson(imagesJson: readonly string[], rest: Record<string, unknown>): string {
  return `${IMAGES_HEAD}${imagesJson.join(',')}${imagesTail(rest)}`;
}

const IMAGES_HEAD = '{"success":true,"errors":[],"messages":[],"result":{"images":[';
const utf8 = new TextEncoder();
const IMAGES_HEAD_BYTES = utf8.encode(IMAGES_HEAD);
const COMMA = 0x2c;

/** What follows the last image: the end of `images`, the rest of `result`, the end of the envelope. */
function imagesTail(rest: Record<string, unknown>): string {
  const tail = JSON.stringify(rest).slice(1, -1);
  return `]${tail === '' ? '' : `,${tail}`}}}`;
}

/**
 * {@link successImagesJson} as UTF-8 bytes, from each image's JSON kept as UTF-8 bytes: the page is one buffer,
 * copied once from the kept bytes. A response body given as one buffer is written to the socket as it is, where a
 * string is first joined, flattened, measured and encoded again on every request (docs/performance.md).
 */
export function successImagesBytes(imagesJson: readonly Uint8Array[], rest: Record<string, unknown>): Uint8Array<ArrayBuffer> {
  const tail = utf8.encode(imagesTail(rest));
  let length = IMAGES_HEAD_BYTES.length + tail.length + Math.max(0, imagesJson.length - 1);
  for (const image of imagesJson) length += image.length;
  const out = new Uint8Array(length);
  out.set(IMAGES_HEAD_BYTES, 0);
  let at = IMAGES_HEAD_BYTES.length;
  for (let i = 0; i < imagesJson.length; i += 1) {
    if (i > 0) out[at++] = COMMA;
    const image = imagesJson[i]!;
    out.set(image, at);
    at += image.length;
  }
  out.set(tail, at);
  return out;
}

export function errorEnvelope(errors: ApiMessage | ApiMessage[]): ErrorEnvelope {
  return { success: false, errors: Array.isArray(errors) ? errors : [errors], messages: [], result: null };
}
