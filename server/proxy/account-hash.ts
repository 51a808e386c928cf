/**
 * The delivery account hash (`https://imagedelivery.net/<hash>/…`): `CLOUDFLARE_IMAGES_ACCOUNT_HASH` when set,
 * otherwise learnt from the variant URLs of list answers (CONTRACT.md §5). `/api/sign` signs only URLs under it.
 */
export class AccountHashStore {
  #learnt: string | undefined;

  constructor(readonly configured?: string) {}

  /** The hash to trust, or `undefined` while none is configured or seen yet. */
  get(): string | undefined {
    return this.configured ?? this.#learnt;
  }

  /** Whether a list answer still needs sniffing. */
  get known(): boolean {
    return this.get() !== undefined;
  }

  learn(hash: string): void {
    if (this.configured === undefined && ACCOUNT_HASH.test(hash)) this.#learnt = hash;
  }
}

const ACCOUNT_HASH = /^[A-Za-z0-9_-]{1,64}$/;
const DELIVERY_PREFIX = 'https://imagedelivery.net/';
/** Longer than any `https://imagedelivery.net/<hash>/` so a URL split between chunks is still found. */
const CARRY = DELIVERY_PREFIX.length + 70;

/**
 * Finds the first `https://imagedelivery.net/<hash>/` in a streamed body, chunk by chunk, without parsing the JSON.
 * Cheap: it stops looking once a hash is known. JSON may escape `/` as `\/`; both spellings are recognised.
 */
export class AccountHashSniffer {
  readonly #decoder = new TextDecoder();
  #tail = '';

  constructor(private readonly store: AccountHashStore) {}

  push(chunk: Uint8Array): void {
    if (this.store.known) return;
    const text = this.#tail + this.#decoder.decode(chunk, { stream: true });
    const match = /https:(?:\/|\\\/){2}imagedelivery\.net(?:\/|\\\/)([A-Za-z0-9_-]{1,64})(?:\/|\\\/)/.exec(text);
    if (match?.[1]) this.store.learn(match[1]);
    this.#tail = text.slice(-CARRY);
  }
}
