/**
 * The list cache (CONTRACT.md §3): successful answers kept for `CACHE_TTL_MS`, keyed by account + canonical query.
 * Bounded twice, by entries and by bytes, evicting the least recently used first, so hostile query variety cannot
 * grow memory without limit.
 */

export interface CachedAnswer {
  status: number;
  headers: [string, string][];
  /** `gzip`: `body` is the upstream's compressed bytes, kept as received (server/proxy/node-upstream.ts). */
  encoding: 'identity' | 'gzip';
  body: Uint8Array<ArrayBuffer>;
}

interface Entry extends CachedAnswer {
  expiresAt: number;
}

export interface ListCacheOptions {
  ttlMs: number;
  maxEntries: number;
  maxBytes: number;
  now?: () => number;
}

export class ListCache {
  // A Map iterates in insertion order: re-inserting on use makes the first key the least recently used.
  readonly #entries = new Map<string, Entry>();
  #bytes = 0;
  readonly #options: Required<ListCacheOptions>;

  constructor(options: ListCacheOptions) {
    this.#options = { now: Date.now, ...options };
  }

  get enabled(): boolean {
    return this.#options.ttlMs > 0;
  }

  get size(): number {
    return this.#entries.size;
  }

  get bytes(): number {
    return this.#bytes;
  }

  get(key: string): CachedAnswer | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    this.#entries.delete(key);
    if (entry.expiresAt <= this.#options.now()) {
      this.#bytes -= entry.body.byteLength;
      return undefined;
    }
    this.#entries.set(key, entry);
    return entry;
  }

  set(key: string, answer: CachedAnswer): void {
    if (!this.enabled || answer.body.byteLength > this.#options.maxBytes) return;
    this.delete(key);
    this.#entries.set(key, { ...answer, expiresAt: this.#options.now() + this.#options.ttlMs });
    this.#bytes += answer.body.byteLength;
    for (const [oldest, entry] of this.#entries) {
      if (this.#entries.size <= this.#options.maxEntries && this.#bytes <= this.#options.maxBytes) break;
      this.#entries.delete(oldest);
      this.#bytes -= entry.body.byteLength;
    }
  }

  delete(key: string): void {
    const entry = this.#entries.get(key);
    if (!entry) return;
    this.#entries.delete(key);
    this.#bytes -= entry.body.byteLength;
  }
}
