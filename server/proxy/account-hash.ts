/**
 * The delivery account hash (`https://imagedelivery.net/<hash>/…`): `CLOUDFLARE_IMAGES_ACCOUNT_HASH` when set,
 * otherwise learnt from the parsed `variants` of a list or details answer (CONTRACT.md §3, §5). `/api/sign` signs
 * only URLs under it, so it is learnt only from an answer that agrees with itself: a successful envelope whose every
 * variant URL names one hash and its own image's id. Filenames, metadata and error messages are never read: a hash
 * written there (by anyone who can upload) could otherwise win, and stick until restart.
 */
import { gunzip } from './gzip';

export class AccountHashStore {
  #learnt: string | undefined;
  #reading = false;

  constructor(readonly configured?: string) {}

  /** The hash to trust, or `undefined` while none is configured or seen yet. */
  get(): string | undefined {
    return this.configured ?? this.#learnt;
  }

  /** Whether answers still need reading for it. */
  get known(): boolean {
    return this.get() !== undefined;
  }

  /**
   * Claims the next answer for reading, while the hash is unknown and no other answer is being read: a burst of
   * answers that arrive before the first is read is not parsed answer by answer (each costs a gunzip and a parse of
   * up to a few MB). The claim ends with `learnAccountHash` (or `release` when the body never completed).
   */
  claim(): boolean {
    if (this.known || this.#reading) return false;
    this.#reading = true;
    return true;
  }

  release(): void {
    this.#reading = false;
  }

  learn(hash: string): void {
    if (this.configured === undefined && ACCOUNT_HASH.test(hash)) this.#learnt = hash;
  }
}

const ACCOUNT_HASH = /^[A-Za-z0-9_-]{1,64}$/;
/** `https://imagedelivery.net/<hash>/<image id, may contain />/<variant>` */
const VARIANT_URL = /^https:\/\/imagedelivery\.net\/([A-Za-z0-9_-]{1,64})\/(.+)\/[^/?#]+$/;

/** The one hash every variant of these images names, each under its own image's id; `undefined` otherwise. */
function agreedHash(images: readonly unknown[]): string | undefined {
  let hash: string | undefined;
  for (const image of images) {
    if (typeof image !== 'object' || image === null) return undefined;
    const { id, variants } = image as { id?: unknown; variants?: unknown };
    if (typeof id !== 'string' || !Array.isArray(variants) || variants.length === 0) return undefined;
    for (const variant of variants) {
      const match = typeof variant === 'string' ? VARIANT_URL.exec(variant) : null;
      if (!match || !sameId(match[2]!, id)) return undefined;
      if (hash !== undefined && match[1] !== hash) return undefined;
      hash = match[1];
    }
  }
  return hash;
}

/** A variant URL's id segment names the image: as is, or percent-encoded. */
function sameId(segment: string, id: string): boolean {
  if (segment === id) return true;
  try {
    return decodeURIComponent(segment) === id;
  } catch {
    return false;
  }
}

function successResult(body: unknown): Record<string, unknown> | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const { success, result } = body as { success?: unknown; result?: unknown };
  return success === true && typeof result === 'object' && result !== null ? (result as Record<string, unknown>) : undefined;
}

/** The hash a parsed list answer (`result.images`) agrees on, or `undefined`. */
export function listAnswerHash(body: unknown): string | undefined {
  const images = successResult(body)?.images;
  return Array.isArray(images) && images.length > 0 ? agreedHash(images) : undefined;
}

/** The hash a parsed details answer (`result`: one image) agrees on, or `undefined`. */
export function detailsAnswerHash(body: unknown): string | undefined {
  const image = successResult(body);
  return image ? agreedHash([image]) : undefined;
}

/** Learns from the images of a list answer already parsed (the index's walk), by the same rule. Never throws. */
export function learnFromListedImages(store: AccountHashStore, images: readonly unknown[]): void {
  if (store.known || images.length === 0) return;
  const hash = agreedHash(images);
  if (hash !== undefined) store.learn(hash);
}

/**
 * Learns from a complete answer body as it came from upstream (`gzip` when passed through compressed), then ends
 * the caller's `claim()`. Called only while the hash is unknown, off the client's path: once learnt, answers are not
 * read again. Never throws.
 */
export async function learnAccountHash(
  store: AccountHashStore,
  body: Uint8Array<ArrayBuffer>,
  encoding: 'identity' | 'gzip',
  kind: 'list' | 'details',
): Promise<void> {
  try {
    if (store.known) return;
    const text =
      encoding === 'gzip'
        ? await new Response(new Blob([body]).stream().pipeThrough(gunzip())).text()
        : new TextDecoder().decode(body);
    const parsed: unknown = JSON.parse(text);
    const hash = kind === 'list' ? listAnswerHash(parsed) : detailsAnswerHash(parsed);
    if (hash !== undefined && !store.known) store.learn(hash);
  } catch {
    // Not JSON, or a corrupt body: nothing to learn; the client sees the answer as it is.
  } finally {
    store.release();
  }
}
