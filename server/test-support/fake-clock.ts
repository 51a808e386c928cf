/**
 * A clock for the rate budget and the batch client (server/proxy/rate-budget.ts `Clock`) that moves only when a test
 * says so: no real timers, no timing assertions.
 */
import type { Clock } from '../proxy/rate-budget';

export class FakeClock implements Clock {
  time = 1_000_000;
  private timers = new Map<number, { at: number; run: () => void }>();
  private nextId = 1;
  now = () => this.time;
  setTimeout = (run: () => void, ms: number) => {
    const id = this.nextId++;
    this.timers.set(id, { at: this.time + ms, run });
    return id;
  };
  clearTimeout = (handle: unknown) => {
    this.timers.delete(handle as number);
  };
  /** Moves time forward, running due timers in order. */
  async advance(ms: number) {
    const end = this.time + ms;
    for (;;) {
      const due = [...this.timers.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.timers.delete(due[0]);
      this.time = Math.max(this.time, due[1].at);
      due[1].run();
      await flush();
    }
    this.time = end;
    await flush();
  }
}

export const flush = async () => {
  for (let i = 0; i < 5; i += 1) await Promise.resolve();
};
