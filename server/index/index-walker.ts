/**
 * The walk of the account (docs/CONTRACT.md §8): list v2 page by page (`per_page=1000`) into the index, again every
 * `INDEX_REFRESH_MINUTES` to drop deleted images. A small state machine whose state is data (`WalkState`, saved by
 * the index with every page in the same transaction as the page's images), so a restart, a kill -9 or the next Cron
 * Trigger resumes where it stood. `step()` does one transition and no waiting: tests drive it directly, without
 * timers; `startWalkLoop` (Node) and `runWalkFor` (Workers' `scheduled`) decide when to call it.
 *
 *   idle ──(due)──▶ walking ──page──▶ walking ──last page──▶ idle (completedAt = now, unseen images dropped)
 *                      │ stale token: back to the first page of the same walk
 *                      │ no budget, or a 429 (WalkThrottledError): same state, `throttled`, try later
 *                      │ upstream failure: same state, error recorded, try later
 *
 * What a page costs in requests is the page source's business (list-page-source.ts: the batch API, or the global
 * API within half of the shared rate budget).
 */
import type { CfImage } from '../../src/contract/image';
import type { AccountIndex, WalkState } from './account-index';
import type { RecentWrites } from './recent-writes';
import { learnFromListedImages, type AccountHashStore } from '../proxy/account-hash';

export interface ListPage {
  images: CfImage[];
  continuationToken: string | null;
}

/** Fetches one page of list v2 (through the batch API, or the global API within the budget). */
export interface PageSource {
  fetchPage(token: string | null): Promise<ListPage>;
}

/** Thrown by a page source when upstream refuses the continuation token (400): the walk starts its pages again. */
export class StaleTokenError extends Error {}

/** Thrown by a page source when the rate budget has no request for the walk now, or upstream answered 429. */
export class WalkThrottledError extends Error {}

export type StepOutcome = 'idle' | 'started' | 'page' | 'completed' | 'restarted' | 'throttled' | 'failed';

export interface WalkerOptions {
  refreshMinutes: number;
  now?: () => number;
  /** Writes through the proxy: a page asked for before one does not undo it (recent-writes.ts). */
  recentWrites?: RecentWrites;
  /** The app's delivery account hash, learnt from the walk's pages while unknown (docs/CONTRACT.md §3). */
  accountHash?: AccountHashStore;
}

export class IndexWalker {
  private readonly now: () => number;
  private readonly refreshMs: number;
  private readonly recentWrites: RecentWrites | undefined;
  private readonly accountHash: AccountHashStore | undefined;

  constructor(
    private readonly index: AccountIndex,
    private readonly source: PageSource,
    options: WalkerOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.refreshMs = options.refreshMinutes * 60_000;
    this.recentWrites = options.recentWrites;
    this.accountHash = options.accountHash;
  }

  /** When the next walk is due (ms since the epoch); now when one is under way or none ever completed. */
  dueAt(state: WalkState): number {
    if (state.phase === 'walking' || state.completedAt === null) return this.now();
    return Date.parse(state.completedAt) + this.refreshMs;
  }

  /** One transition. Never throws for upstream trouble (it is recorded in the state); the index's own errors do. */
  async step(): Promise<StepOutcome> {
    const state = await this.index.walkState();
    const at = new Date(this.now()).toISOString();
    if (state.phase === 'idle') {
      if (this.now() < this.dueAt(state)) return 'idle';
      await this.index.saveWalkStep(
        [],
        { ...state, generation: state.generation + 1, phase: 'walking', token: null, pages: 0, seen: 0, startedAt: at, error: null },
        false,
      );
      return 'started';
    }
    let page: ListPage;
    const requestedAt = Date.now();
    try {
      page = await this.source.fetchPage(state.token);
    } catch (error) {
      // Nothing to record: the same page is asked for once the budget (or Cloudflare) allows.
      if (error instanceof WalkThrottledError) return 'throttled';
      const message = error instanceof Error ? error.message : String(error);
      if (error instanceof StaleTokenError && state.token !== null) {
        await this.index.saveWalkStep([], { ...state, token: null, error: `started the pages again: ${message}` }, false);
        return 'restarted';
      }
      await this.index.saveWalkStep([], { ...state, error: message }, false);
      return 'failed';
    }
    if (this.accountHash) learnFromListedImages(this.accountHash, page.images);
    const complete = page.continuationToken === null;
    const next: WalkState = {
      ...state,
      token: page.continuationToken,
      pages: state.pages + 1,
      seen: state.seen + page.images.length,
      error: null,
      ...(complete ? { phase: 'idle' as const, completedAt: at } : {}),
    };
    // An image written since the page was asked for keeps what the write recorded (stamped with this walk, so the
    // walk's end does not drop it).
    const images = this.recentWrites ? this.recentWrites.unchangedSince(page.images, requestedAt) : page.images;
    await this.index.saveWalkStep(images, next, complete);
    return complete ? 'completed' : 'page';
  }
}

/** Sleeps that a loop can cut short. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}

export interface WalkLoopOptions {
  log?: (line: string) => void;
  /** Wait after "no budget now" (default 2 s) and after a failure (default 30 s). */
  throttledMs?: number;
  failedMs?: number;
  /** Longest sleep while idle, so a changed clock or a deleted database is noticed (default 60 s). */
  idleMaxMs?: number;
}

/** Node: runs the walker for the life of the process. `stop()` ends the loop after the current step. */
export function startWalkLoop(walker: IndexWalker, index: AccountIndex, options: WalkLoopOptions = {}): { stop(): void; done: Promise<void> } {
  const controller = new AbortController();
  const log = options.log ?? console.log;
  let failing = false;
  const done = (async () => {
    while (!controller.signal.aborted) {
      let outcome: StepOutcome;
      try {
        outcome = await walker.step();
      } catch (error) {
        log(`index: walk step failed: ${error instanceof Error ? error.message : String(error)}`);
        outcome = 'failed';
      }
      if (outcome === 'failed' && !failing) {
        failing = true;
        const state = await index.walkState().catch(() => undefined);
        log(`index: the walk cannot fetch a page (${state?.error ?? 'unknown error'}); retrying every ${Math.round((options.failedMs ?? 30_000) / 1000)} s`);
      }
      if (outcome === 'page' || outcome === 'completed') failing = false;
      if (outcome === 'completed') {
        const state = await index.walkState();
        log(`index: walk ${state.generation} complete, ${state.seen} images in ${state.pages} pages`);
      }
      let wait = 0;
      if (outcome === 'throttled') wait = options.throttledMs ?? 2_000;
      else if (outcome === 'failed') wait = options.failedMs ?? 30_000;
      else if (outcome === 'idle') {
        const state = await index.walkState();
        wait = Math.max(1_000, Math.min(options.idleMaxMs ?? 60_000, walker.dueAt(state) - Date.now()));
      }
      if (wait > 0) await sleep(wait, controller.signal);
      // Let requests in between pages: one page's SQLite transaction is the longest the event loop is held.
      else await new Promise((resolve) => setTimeout(resolve, 0));
    }
  })();
  return { stop: () => controller.abort(), done };
}

/**
 * Workers (a Cron Trigger's `scheduled`): steps until the walk is idle, waits for budget or fails, or `maxSteps` /
 * `maxMs` are spent (a Worker invocation has a subrequest and time limit); the next trigger resumes.
 */
export async function runWalkFor(walker: IndexWalker, limits: { maxSteps: number; maxMs: number }, now: () => number = Date.now): Promise<StepOutcome[]> {
  const started = now();
  const outcomes: StepOutcome[] = [];
  while (outcomes.length < limits.maxSteps && now() - started < limits.maxMs) {
    const outcome = await walker.step();
    outcomes.push(outcome);
    if (outcome === 'idle' || outcome === 'throttled' || outcome === 'failed' || outcome === 'completed') break;
  }
  return outcomes;
}
