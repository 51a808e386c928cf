/**
 * Drives a bulk job (bulk-job.ts): a few requests at a time, each outcome recorded and saved before the next image
 * is taken, so a reload loses at most the requests in flight. Failures are recorded and the job goes on; a 429 holds
 * every worker until its `Retry-After` has passed and then retries the same image, and so does a server that cannot
 * be reached, for a pause that grows while it stays away. Everything that waits or touches
 * the outside world is injected, so tests drive it without timers.
 */
import { cancel, nextIndices, pause, record, resume, type JobState, type StepResult } from './bulk-job';

/** Thrown by `perform` when the server answers 429: the image is retried after `retryAfter` seconds. */
export class RateLimited extends Error {
  override readonly name = 'RateLimited';
  constructor(readonly retryAfter: number) {
    super(`Rate limited: retry after ${retryAfter} s`);
  }
}

/**
 * Thrown by `perform` when the dashboard cannot reach its server (stopped, restarting, the network gone): every
 * worker holds, and the same image is tried again after a pause that doubles from 1 s up to 30 s, until the server
 * answers. Nothing is counted as failed for it.
 */
export class ServerUnreachable extends Error {
  override readonly name = 'ServerUnreachable';
  constructor() {
    super('The server could not be reached');
  }
}

/** Why the job is holding: a 429's `Retry-After`, or a server that cannot be reached. */
export type WaitReason = 'rate-limit' | 'unreachable';

const UNREACHABLE_FIRST_WAIT_MS = 1000;
const UNREACHABLE_LONGEST_WAIT_MS = 30_000;

export interface RunnerDeps {
  /**
   * Does the job's action to one image. Throws `RateLimited` on 429 and `ServerUnreachable` when the server cannot be
   * reached; any other throw is a failure of that image.
   */
  perform: (id: string, index: number, state: JobState) => Promise<StepResult>;
  /** Called with every new state (saving it is the caller's business, and happens here first). */
  onChange: (state: JobState) => void;
  sleep: (ms: number) => Promise<void>;
  /** Told when the job holds until `until` (ms since the epoch), and why. */
  onWait?: (until: number, reason: WaitReason) => void;
  now: () => number;
  /** Requests in flight at once. */
  concurrency?: number;
}

export class JobRunner {
  private busy = new Set<number>();
  private workers = 0;
  /** When the last 429's `Retry-After` ends (ms since the epoch); 0 when not waiting. */
  waitUntil = 0;
  /** The next pause while the server cannot be reached; back to the first after any answer. */
  private unreachableWait = UNREACHABLE_FIRST_WAIT_MS;
  private settled: Promise<void> = Promise.resolve();
  private detached = false;

  constructor(
    private current: JobState,
    private readonly deps: RunnerDeps,
  ) {}

  get state(): JobState {
    return this.current;
  }

  /** Resolves once no request of this runner is in flight. */
  idle(): Promise<void> {
    return this.settled;
  }

  private set(state: JobState): void {
    if (state === this.current) return;
    this.current = state;
    this.deps.onChange(state);
  }

  /** Starts (or restarts) the workers if the job is running. */
  start(): void {
    if (this.current.status !== 'running' || this.workers > 0) return;
    const n = Math.max(1, this.deps.concurrency ?? 4);
    const workers: Promise<void>[] = [];
    for (let i = 0; i < n; i++) workers.push(this.work());
    this.settled = Promise.all(workers).then(() => undefined);
  }

  pause(): void {
    this.set(pause(this.current));
  }

  resume(): void {
    this.set(resume(this.current, this.deps.now()));
    this.start();
  }

  cancel(): void {
    this.set(cancel(this.current));
  }

  /**
   * The page is going away: record nothing more. Requests in flight are being torn down by the browser, and their
   * errors say nothing about the images; those images stay pending and are done when the job resumes.
   */
  detach(): void {
    this.detached = true;
  }

  /** Every worker waits `ms` before its next request (the longest hold wins). */
  private hold(ms: number, reason: WaitReason): void {
    const until = this.deps.now() + ms;
    if (until <= this.waitUntil) return;
    this.waitUntil = until;
    this.deps.onWait?.(until, reason);
  }

  private async work(): Promise<void> {
    this.workers++;
    try {
      for (;;) {
        if (this.detached) return;
        const wait = this.waitUntil - this.deps.now();
        if (wait > 0) await this.deps.sleep(wait);
        const [index] = nextIndices(this.current, this.busy, 1);
        if (index === undefined) return;
        const id = this.current.targets[index]!;
        this.busy.add(index);
        let result: StepResult | null;
        try {
          result = await this.deps.perform(id, index, this.current);
        } catch (error) {
          if (error instanceof RateLimited) {
            this.hold(error.retryAfter * 1000, 'rate-limit');
            result = null;
          } else if (error instanceof ServerUnreachable) {
            // The requests in flight when the server went fail together: one pause for them, the next one longer.
            if (this.deps.now() >= this.waitUntil) {
              this.hold(this.unreachableWait, 'unreachable');
              this.unreachableWait = Math.min(UNREACHABLE_LONGEST_WAIT_MS, this.unreachableWait * 2);
            }
            result = null;
          } else {
            result = { outcome: 'failed', error: error instanceof Error ? error.message : String(error) };
          }
        } finally {
          this.busy.delete(index);
        }
        if (result) this.unreachableWait = UNREACHABLE_FIRST_WAIT_MS;
        // A request that was in flight when the person paused or cancelled still happened: record it.
        if (result && !this.detached) this.set(record(this.current, index, result));
      }
    } finally {
      this.workers--;
    }
  }
}
