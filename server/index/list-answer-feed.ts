/**
 * What the index learns from the list answers that pass through the proxy (docs/CONTRACT.md §8: "updated from every
 * list answer"), at a cost the proxy can carry. Recording an answer means decoding, parsing and writing up to 1,000
 * images: far more work than passing the answer on. So the feed takes one answer at a time, and after recording one
 * that took t ms it rests 3t ms before taking the next: at most a quarter of the process's time goes to it however
 * many answers pass, and an answer that arrives meanwhile passes through unread. Nothing is lost for good: the walk
 * (index-walker.ts) records every image again, and a person browsing sees the same images through the proxy either
 * way (docs/index.md).
 */
import { nextTurn } from '../lib/next-turn';
import type { CfImage } from '../../src/contract/image';
import type { AccountIndex } from './account-index';
import type { RecentWrites } from './recent-writes';

/** Rest after a recording, as a multiple of the time it took: at most 1 / (1 + 3) of the time goes to the feed. */
const REST_FACTOR = 3;

export interface ListAnswerFeed {
  /** Whether the next answer is wanted; true reserves the feed until `take` or `release`. */
  claim(): boolean;
  /**
   * Records the claimed answer's images; with `requestedAt` (ms since the epoch, when its request was sent), not the
   * ones written through the proxy since (recent-writes.ts).
   */
  take(images: readonly CfImage[], requestedAt?: number): void;
  /** Gives the claim back without images (the body never completed, or was not a list envelope). */
  release(): void;
}

/**
 * `index.recordSlice`: a store written on the server's own thread (SQLite on Node) is given the page that many images
 * at a time, one slice a turn of the event loop, so that a request arriving meanwhile waits for one slice's
 * transaction, not the whole page's (docs/performance.md). Without it (D1, whose writes are I/O) the page is one write.
 */
export function listAnswerFeed(
  index: Pick<AccountIndex, 'upsert' | 'recordSlice'>,
  log: (line: string) => void,
  options: { now?: () => number; recentWrites?: RecentWrites } = {},
): ListAnswerFeed {
  const { now = () => performance.now(), recentWrites } = options;
  let busy = false;
  let restUntil = 0;
  const slice = index.recordSlice ?? Infinity;

  async function record(images: readonly CfImage[], requestedAt: number | undefined): Promise<void> {
    let spent = 0;
    try {
      for (let at = 0; at < images.length; at += slice) {
        if (at > 0) await nextTurn();
        const part = at === 0 && images.length <= slice ? images : images.slice(at, at + slice);
        // Checked for each slice: a write may land between two of them.
        const unchanged = recentWrites && requestedAt !== undefined ? recentWrites.unchangedSince(part, requestedAt) : part;
        if (unchanged.length === 0) continue;
        const started = now();
        try {
          await index.upsert(unchanged);
        } finally {
          spent += now() - started;
        }
      }
    } catch (error) {
      log(`index: could not record a list answer: ${String(error)}`);
    } finally {
      restUntil = now() + REST_FACTOR * spent;
      busy = false;
    }
  }

  return {
    claim() {
      if (busy || now() < restUntil) return false;
      busy = true;
      return true;
    },
    take(images, requestedAt) {
      if (images.length === 0) {
        busy = false;
        return;
      }
      void record(images, requestedAt);
    },
    release() {
      busy = false;
    },
  };
}
