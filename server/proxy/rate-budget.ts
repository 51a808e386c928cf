/**
 * The upstream request budget (docs/CONTRACT.md §9): at most `RATE_BUDGET` requests to the Cloudflare API per rolling
 * five minutes, shared by every client, the index walk, bulk writes and retries (each try counts). One instance per
 * app. A request that would exceed it waits, dashboard list requests first, then index walks, then bulk writes; one
 * that cannot get a slot within its wait gets 429 / 7429 with `Retry-After`. A 429 from Cloudflare stops every call
 * until its `Retry-After` has passed. The index walk may use at most half of the budget (§8).
 *
 * Time comes from an injected clock, so tests run without real timers. Web APIs only (Node and Workers; on Workers
 * each isolate has its own budget: docs/workers.md).
 */
import { ErrorCode } from '../../src/contract/envelope';
import { ApiError } from '../errors';
import { parseRetryAfter } from '../../src/contract/retry-after';

/** `list`: the dashboard's own requests; `walk`: the account index's walk; `bulk`: bulk jobs. Highest first. */
export type BudgetPriority = 'list' | 'walk' | 'bulk';
const PRIORITIES: readonly BudgetPriority[] = ['list', 'walk', 'bulk'];

export interface Clock {
  now(): number;
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realClock: Clock = {
  now: () => Date.now(),
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export const BUDGET_WINDOW_MS = 300_000;
/** A Cloudflare 429 without a readable `Retry-After` stops calls this long. */
const DEFAULT_BLOCK_MS = 60_000;

export interface RateBudgetOptions {
  /** Requests per window (`RATE_BUDGET`). */
  limit: number;
  windowMs?: number;
  /** How long a request may wait for a slot before 429 / 7429 (`UPSTREAM_TIMEOUT_MS`). */
  maxWaitMs: number;
  clock?: Clock;
  /** Share of the window's limit the index walk may use (§8: half). */
  walkShare?: number;
}

export interface RateBudgetSnapshot {
  limit: number;
  windowSeconds: number;
  used: number;
  remaining: number;
  blockedUntil: string | null;
}

interface Waiter {
  priority: BudgetPriority;
  resolve: () => void;
  reject: (error: unknown) => void;
  timer: unknown;
  cleanup?: () => void;
}

/** 429 / 7429: the budget is spent for now. */
export function budgetExhausted(retryAfterMs: number): ApiError {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return new ApiError(
    429,
    {
      code: ErrorCode.rateBudget,
      message: `Upstream request budget spent (RATE_BUDGET per 5 minutes, shared by every client): retry in ${seconds} s`,
    },
    { headers: { 'retry-after': String(seconds) } },
  );
}

export class RateBudget {
  readonly limit: number;
  readonly windowMs: number;
  readonly maxWaitMs: number;
  private readonly clock: Clock;
  private readonly walkLimit: number;
  /** Send times in the window, oldest first, and which of them were walk requests. */
  private readonly sent: number[] = [];
  private readonly walkSent: number[] = [];
  private blockedUntil = 0;
  private readonly queues: Record<BudgetPriority, Waiter[]> = { list: [], walk: [], bulk: [] };
  private wakeTimer: unknown = undefined;
  private wakeAt = Number.POSITIVE_INFINITY;

  constructor(options: RateBudgetOptions) {
    this.limit = options.limit;
    this.windowMs = options.windowMs ?? BUDGET_WINDOW_MS;
    this.maxWaitMs = options.maxWaitMs;
    this.clock = options.clock ?? realClock;
    this.walkLimit = Math.max(1, Math.floor(this.limit * (options.walkShare ?? 0.5)));
  }

  /**
   * Takes one request of the budget: `undefined` when a slot is free now (no allocation on this path), otherwise a
   * promise that resolves when one is, or rejects with 429 / 7429 after `maxWaitMs` (or when `signal` aborts).
   */
  tryAcquire(priority: BudgetPriority, signal?: AbortSignal): Promise<void> | undefined {
    const now = this.clock.now();
    this.prune(now);
    if (this.queuedAhead(priority) === 0 && this.canSend(priority, now)) {
      this.record(priority, now);
      return undefined;
    }
    const earliest = this.nextFreeAt(priority, now);
    if (earliest - now > this.maxWaitMs) return Promise.reject(budgetExhausted(earliest - now));
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { priority, resolve, reject, timer: undefined };
      waiter.timer = this.clock.setTimeout(() => this.giveUp(waiter), this.maxWaitMs);
      if (signal) {
        const onAbort = () => this.giveUp(waiter);
        signal.addEventListener('abort', onAbort, { once: true });
        waiter.cleanup = () => signal.removeEventListener('abort', onAbort);
      }
      this.queues[priority].push(waiter);
      this.pump();
    });
  }

  /** `tryAcquire` as a promise, for callers off the hot path (the batch client, the index walker). */
  async acquire(priority: BudgetPriority, signal?: AbortSignal): Promise<void> {
    const wait = this.tryAcquire(priority, signal);
    if (wait) await wait;
  }

  /** Every upstream answer passes here: a 429 stops all calls until its `Retry-After`. */
  noteResponse(status: number, retryAfter: string | null): void {
    if (status !== 429) return;
    const now = this.clock.now();
    const ms = parseRetryAfter(retryAfter, now) ?? DEFAULT_BLOCK_MS;
    if (now + ms > this.blockedUntil) {
      this.blockedUntil = now + ms;
      this.pump();
    }
  }

  /** Forgets what was sent and any block (tests that share one app between independent cases). */
  reset(): void {
    this.sent.length = 0;
    this.walkSent.length = 0;
    this.blockedUntil = 0;
    this.pump();
  }

  /** Until when nothing is sent (a Cloudflare 429), or `null`. */
  blocked(): number | null {
    return this.blockedUntil > this.clock.now() ? this.blockedUntil : null;
  }

  snapshot(): RateBudgetSnapshot {
    const now = this.clock.now();
    this.prune(now);
    const blocked = this.blocked();
    return {
      limit: this.limit,
      windowSeconds: Math.round(this.windowMs / 1000),
      used: this.sent.length,
      remaining: Math.max(0, this.limit - this.sent.length),
      blockedUntil: blocked === null ? null : new Date(blocked).toISOString(),
    };
  }

  private prune(now: number): void {
    const cutoff = now - this.windowMs;
    let n = 0;
    while (n < this.sent.length && this.sent[n]! <= cutoff) n += 1;
    if (n > 0) this.sent.splice(0, n);
    n = 0;
    while (n < this.walkSent.length && this.walkSent[n]! <= cutoff) n += 1;
    if (n > 0) this.walkSent.splice(0, n);
  }

  private canSend(priority: BudgetPriority, now: number): boolean {
    if (now < this.blockedUntil || this.sent.length >= this.limit) return false;
    return priority !== 'walk' || this.walkSent.length < this.walkLimit;
  }

  private queuedAhead(priority: BudgetPriority): number {
    let n = 0;
    for (const p of PRIORITIES) {
      if (p === priority) return n + this.queues[p].length;
      n += this.queues[p].length;
    }
    return n;
  }

  private record(priority: BudgetPriority, now: number): void {
    this.sent.push(now);
    if (priority === 'walk') this.walkSent.push(now);
  }

  /** The earliest time a request of this priority could be sent, ignoring the queue. */
  private nextFreeAt(priority: BudgetPriority, now: number): number {
    let at = Math.max(now, this.blockedUntil);
    if (this.sent.length >= this.limit) at = Math.max(at, this.sent[this.sent.length - this.limit]! + this.windowMs);
    if (priority === 'walk' && this.walkSent.length >= this.walkLimit) {
      at = Math.max(at, this.walkSent[this.walkSent.length - this.walkLimit]! + this.windowMs);
    }
    return at;
  }

  /** Grants free slots to waiters, highest priority first; then sleeps until the next slot frees. */
  private pump(): void {
    const now = this.clock.now();
    this.prune(now);
    for (;;) {
      const waiter = this.nextGrantable(now);
      if (!waiter) break;
      this.queues[waiter.priority].shift();
      this.clock.clearTimeout(waiter.timer);
      waiter.cleanup?.();
      this.record(waiter.priority, now);
      waiter.resolve();
    }
    let wake = Number.POSITIVE_INFINITY;
    for (const p of PRIORITIES) if (this.queues[p].length > 0) wake = Math.min(wake, this.nextFreeAt(p, now));
    if (wake !== this.wakeAt) {
      if (this.wakeTimer !== undefined) this.clock.clearTimeout(this.wakeTimer);
      this.wakeTimer = undefined;
      this.wakeAt = wake;
      if (wake !== Number.POSITIVE_INFINITY) {
        this.wakeTimer = this.clock.setTimeout(() => {
          this.wakeTimer = undefined;
          this.wakeAt = Number.POSITIVE_INFINITY;
          this.pump();
        }, Math.max(0, wake - now));
      }
    }
  }

  private nextGrantable(now: number): Waiter | undefined {
    for (const p of PRIORITIES) {
      const head = this.queues[p][0];
      if (!head) continue;
      if (this.canSend(p, now)) return head;
      // A walk held back by its own share does not hold back bulk; anything else (budget spent, blocked) does.
      if (p !== 'walk' || now < this.blockedUntil || this.sent.length >= this.limit) return undefined;
    }
    return undefined;
  }

  private giveUp(waiter: Waiter): void {
    const queue = this.queues[waiter.priority];
    const at = queue.indexOf(waiter);
    if (at < 0) return;
    queue.splice(at, 1);
    this.clock.clearTimeout(waiter.timer);
    waiter.cleanup?.();
    const now = this.clock.now();
    waiter.reject(budgetExhausted(this.nextFreeAt(waiter.priority, now) - now));
    this.pump();
  }
}

/**
 * Wraps a transport so that every call takes a request of the budget first and reports its status after (the list
 * proxy's hook). Without a budget the transport is returned as is.
 */
export function budgeted<I extends { signal?: AbortSignal }, R extends { status: number; headers: Headers }>(
  fetchImpl: (url: string, init: I) => Promise<R>,
  budget: RateBudget | undefined,
  priority: BudgetPriority,
): (url: string, init: I) => Promise<R> {
  if (!budget) return fetchImpl;
  return async (url: string, init: I) => {
    const wait = budget.tryAcquire(priority, init.signal);
    if (wait) await wait;
    const response = await fetchImpl(url, init);
    if (response.status === 429) budget.noteResponse(429, response.headers.get('retry-after'));
    return response;
  };
}
