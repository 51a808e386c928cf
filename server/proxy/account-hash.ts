import { gunzip } from './gzip';

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
 * Where a hash is looked for: the first image's variant URLs come within the first few hundred bytes of a list
 * answer, so a body without one in its first 64 KB (an empty page, an error) is not scanned to its end.
 */
const SNIFF_LIMIT = 64 * 1024;
const DELIVERY_URL = /https:(?:\/|\\\/){2}imagedelivery\.net(?:\/|\\\/)([A-Za-z0-9_-]{1,64})(?:\/|\\\/)/;

/**
 * Finds the first `https://imagedelivery.net/<hash>/` in a streamed body, chunk by chunk, without parsing the JSON.
 * Cheap: it stops looking once a hash is known, or past the first 64 KB. JSON may escape `/` as `\/`; both
 * spellings are recognised.
 */
export class AccountHashSniffer {
  readonly #decoder = new TextDecoder();
  #tail = '';
  #scanned = 0;

  constructor(private readonly store: AccountHashStore) {}

  /** Whether more chunks would be ignored: a hash is known, or the limit is reached. */
  get finished(): boolean {
    return this.store.known || this.#scanned >= SNIFF_LIMIT;
  }

  push(chunk: Uint8Array): void {
    if (this.finished) return;
    const part = chunk.byteLength > SNIFF_LIMIT - this.#scanned ? chunk.subarray(0, SNIFF_LIMIT - this.#scanned) : chunk;
    this.#scanned += part.byteLength;
    const text = this.#tail + this.#decoder.decode(part, { stream: true });
    const match = DELIVERY_URL.exec(text);
    if (match?.[1]) this.store.learn(match[1]);
    this.#tail = text.slice(-CARRY);
  }
}

/**
 * The same for a gzip body passed through compressed (server/proxy/node-upstream.ts): its chunks also go through a
 * side decompressor, only until the sniffer is finished, so later answers cost nothing.
 */
export function gzipSniffer(sniffer: AccountHashSniffer): (chunk: Uint8Array) => void {
  const inflate = gunzip();
  const writer = inflate.writable.getWriter();
  const reader = inflate.readable.getReader();
  void (async () => {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      sniffer.push(value);
      if (sniffer.finished) return reader.cancel();
    }
  })().catch(() => undefined); // a corrupt body is the client's problem, not the sniffer's
  return (chunk) => {
    if (!sniffer.finished) writer.write(chunk).catch(() => undefined);
  };
}
