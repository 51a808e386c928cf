/**
 * One upstream body read once and streamed to every client that asked the same question at the same time
 * (CONTRACT.md §3, coalescing). Each client gets its own ReadableStream: chunks already read are replayed, later ones
 * follow as they arrive. The fastest client sets the pace (backpressure reaches upstream when every client is full).
 *
 * The chunks are also kept, up to `maxBufferedBytes`, for late joiners and the cache. A larger body is still
 * streamed, but once over the cap nobody new can join and nothing is cached: a 10,000-image page is never held
 * twice, and a huge one not at all.
 */

import { nextTurn } from '../lib/next-turn';

export interface SharedAnswerOptions {
  maxBufferedBytes: number;
  /** Whether `body` should hold the whole body at the end (for the cache); otherwise it resolves `null`. */
  keepBody: boolean;
  /** Longest pause between two chunks before the body is given up (the client's connection is then aborted). */
  idleTimeoutMs: number;
  /** Stops the upstream transfer (idle timeout, or every client gone). */
  abort: (reason: unknown) => void;
  /** Called once when late joiners can no longer be served (over the cap, failed, or finished). */
  onClosedToJoiners?: () => void;
}

interface Subscriber {
  controller: ReadableStreamDefaultController<Uint8Array>;
}

/**
 * Why a client's answer was cut off after its headers: the upstream body stalled past the deadline or broke off.
 * The runtime reports it as it aborts the connection (Node: @hono/node-server hands it to `console.error`), so it
 * prints as one readable line: a stack would point into timers, not at a fault of this server.
 */
export class UpstreamBodyBroken extends Error {
  override readonly name = 'UpstreamBodyBroken';
  constructor(cause: unknown) {
    super(`Cloudflare API answer broke off: ${cause instanceof Error ? cause.message : String(cause)}`);
    // Node's `util.inspect` (what `console.error` prints) asks for this; other runtimes ignore it.
    Object.defineProperty(this, Symbol.for('nodejs.util.inspect.custom'), { value: () => this.message });
  }
}

export class SharedAnswer {
  readonly #reader: ReadableStreamDefaultReader<Uint8Array>;
  readonly #options: SharedAnswerOptions;
  readonly #subscribers = new Set<Subscriber>();
  #chunks: Uint8Array[] | null = [];
  #bytes = 0;
  #state: 'streaming' | 'done' | 'failed' = 'streaming';
  #wake: (() => void) | undefined;
  /** When the pending upstream read began; `undefined` while waiting for clients instead. */
  #readingSince: number | undefined;
  #idleTimer: ReturnType<typeof setTimeout> | undefined;
  #resolveBody!: (body: Uint8Array<ArrayBuffer> | null) => void;
  #markSettled!: () => void;
  /** Resolves when the transfer is over, whichever way. */
  readonly #settled = new Promise<void>((resolve) => {
    this.#markSettled = resolve;
  });
  #closedToJoiners = false;

  /** The whole body once it arrived complete and within the cap; `null` otherwise. */
  readonly body: Promise<Uint8Array<ArrayBuffer> | null>;

  constructor(body: ReadableStream<Uint8Array>, options: SharedAnswerOptions) {
    this.#reader = body.getReader();
    this.#options = options;
    this.body = new Promise((resolve) => {
      this.#resolveBody = resolve;
    });
    // Starts reading now; the first client subscribes in the same tick, before any chunk is handed out.
    void this.#pump();
  }

  /** A stream of the whole body for one more client, or `null` when it can no longer be replayed from the start. */
  subscribe(): ReadableStream<Uint8Array> | null {
    if (this.#chunks === null || this.#state === 'failed') return null;
    let subscriber: Subscriber;
    const stream = new ReadableStream<Uint8Array>(
      {
        start: (controller) => {
          subscriber = { controller };
          for (const chunk of this.#chunks ?? []) controller.enqueue(chunk);
          if (this.#state === 'done') controller.close();
          else this.#subscribers.add(subscriber);
        },
        pull: () => this.#wake?.(),
        cancel: () => {
          this.#subscribers.delete(subscriber);
          if (this.#subscribers.size === 0 && this.#state === 'streaming') {
            // Every client left: stop the transfer rather than read a body nobody will see.
            this.#options.abort(new Error('every client disconnected'));
          }
        },
      },
      new CountQueuingStrategy({ highWaterMark: 4 }),
    );
    return stream;
  }

  async #pump(): Promise<void> {
    this.#armIdleTimer();
    try {
      for (;;) {
        while (this.#subscribers.size > 0 && !this.#someoneWantsMore()) {
          await new Promise<void>((resolve) => {
            this.#wake = resolve;
          });
        }
        this.#readingSince = Date.now();
        const { done, value } = await this.#reader.read();
        this.#readingSince = undefined;
        if (done) break;
        if (this.#chunks !== null) {
          this.#bytes += value.byteLength;
          if (this.#bytes > this.#options.maxBufferedBytes) {
            this.#chunks = null;
            this.#closeToJoiners();
          } else this.#chunks.push(value);
        }
        for (const subscriber of this.#subscribers) {
          try {
            subscriber.controller.enqueue(value);
          } catch {
            this.#subscribers.delete(subscriber); // its client went away between two chunks
          }
        }
      }
      this.#state = 'done';
      for (const { controller } of this.#subscribers) controller.close();
      this.#subscribers.clear();
      // Copying the page costs a full pass over it: only when the cache will keep it.
      this.#resolveBody(this.#chunks === null || !this.#options.keepBody ? null : concat(this.#chunks, this.#bytes));
    } catch (error) {
      this.#state = 'failed';
      this.#chunks = null;
      // Erroring the client's stream makes the runtime abort its connection: a broken body never looks complete.
      const broken = new UpstreamBodyBroken(error);
      for (const { controller } of this.#subscribers) controller.error(broken);
      this.#subscribers.clear();
      this.#resolveBody(null);
    } finally {
      this.#markSettled();
      clearTimeout(this.#idleTimer);
      this.#closeToJoiners();
    }
  }

  /**
   * The whole body, if it is complete within one turn of the event loop (a small answer that came with its
   * headers, as a gzip page does), else `null`: the caller then streams. A complete body can be answered in one
   * write with a `Content-Length`, without a stream per client. Up to `ONE_PIECE_MAX` bytes.
   */
  async completeSoon(): Promise<Uint8Array<ArrayBuffer> | null> {
    if (this.#state === 'streaming') await Promise.race([this.#settled, nextTurn()]);
    if (this.#state !== 'done' || this.#chunks === null || this.#bytes > ONE_PIECE_MAX) return null;
    const [only] = this.#chunks;
    return this.#chunks.length === 1 && only instanceof Uint8Array && only.buffer instanceof ArrayBuffer
      ? (only as Uint8Array<ArrayBuffer>)
      : concat(this.#chunks, this.#bytes);
  }

  #someoneWantsMore(): boolean {
    for (const { controller } of this.#subscribers) if ((controller.desiredSize ?? 0) > 0) return true;
    return false;
  }

  /** One timer for the whole transfer, re-armed lazily, instead of one per chunk. */
  #armIdleTimer(): void {
    const { idleTimeoutMs } = this.#options;
    const check = () => {
      if (this.#state !== 'streaming') return;
      // Only a pending read counts: waiting for slow clients is not upstream's idleness.
      const idle = this.#readingSince === undefined ? 0 : Date.now() - this.#readingSince;
      if (idle >= idleTimeoutMs) this.#options.abort(new Error(`upstream body stalled for ${idleTimeoutMs} ms`));
      else this.#idleTimer = setTimeout(check, Math.max(10, idleTimeoutMs - idle));
    };
    this.#idleTimer = setTimeout(check, idleTimeoutMs);
  }

  #closeToJoiners(): void {
    if (this.#closedToJoiners) return;
    this.#closedToJoiners = true;
    this.#options.onClosedToJoiners?.();
  }
}

/** Largest body answered in one piece by `completeSoon`; a larger one is streamed even when complete. */
const ONE_PIECE_MAX = 1024 * 1024;


/** One contiguous copy: a cached answer is then a single chunk, however many the upstream sent. */
function concat(chunks: Uint8Array[], length: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}
