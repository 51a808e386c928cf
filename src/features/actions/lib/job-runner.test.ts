import { describe, expect, it } from 'vitest';
import { createJob, type JobState, type StepResult } from './bulk-job';
import { JobRunner, RateLimited, ServerUnreachable, type WaitReason } from './job-runner';
import { localJobStorage } from './job-storage';

/** A Storage in memory (the browser's localStorage interface). */
class MemoryStorage implements Storage {
  private items = new Map<string, string>();
  get length() {
    return this.items.size;
  }
  clear() {
    this.items.clear();
  }
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  key(index: number) {
    return [...this.items.keys()][index] ?? null;
  }
  removeItem(key: string) {
    this.items.delete(key);
  }
  setItem(key: string, value: string) {
    this.items.set(key, value);
  }
}

/** A perform whose answers the test releases one by one. */
function controlledPerform() {
  const calls: { id: string; settle: (result: StepResult | Error) => void }[] = [];
  const perform = (id: string) =>
    new Promise<StepResult>((resolve, reject) =>
      calls.push({ id, settle: (r) => (r instanceof Error ? reject(r) : resolve(r)) }),
    );
  return { calls, perform };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));
const ids = Array.from({ length: 10 }, (_, i) => `img-${i}`);

describe('job runner', () => {
  it('keeps going after failures and records every image once', async () => {
    const seen: string[] = [];
    const runner = new JobRunner(createJob('j', { kind: 'delete' }, ids, 0), {
      perform: async (id) => {
        seen.push(id);
        if (id === 'img-3') throw new Error('No image with id img-3');
        return { outcome: 'done' };
      },
      onChange: () => undefined,
      sleep: async () => undefined,
      now: () => 0,
      concurrency: 3,
    });
    runner.start();
    await runner.idle();
    expect(seen.sort()).toEqual([...ids].sort());
    expect(runner.state.status).toBe('finished');
    expect(runner.state.marks).toBe('dddfdddddd');
    expect(runner.state.errors[3]).toBe('No image with id img-3');
  });

  it('pauses after the requests in flight, and resumes after a reload without repeating finished images', async () => {
    const storage = new MemoryStorage();
    const store = localJobStorage(storage);
    const { calls, perform } = controlledPerform();
    const runner = new JobRunner(createJob('j', { kind: 'set-key', key: 'k', value: 1 }, ids, 0), {
      perform,
      onChange: (state) => store.save(state),
      sleep: async () => undefined,
      now: () => 0,
      concurrency: 2,
    });
    runner.start();
    await flush();
    expect(calls.map((c) => c.id)).toEqual(['img-0', 'img-1']);
    calls[0]!.settle({ outcome: 'done', previous: { k: 0 } });
    await flush();
    // The page goes away with img-1 and img-2 in flight: only img-0 is recorded.
    const reloaded = localJobStorage(storage).load() as JobState;
    expect(reloaded.marks).toBe('d.........');
    expect(reloaded.previous).toEqual({ 0: { k: 0 } });

    const again: string[] = [];
    const resumed = new JobRunner(reloaded, {
      perform: async (id) => {
        again.push(id);
        return { outcome: 'done' };
      },
      onChange: (state) => store.save(state),
      sleep: async () => undefined,
      now: () => 0,
    });
    resumed.start();
    await resumed.idle();
    expect(again).not.toContain('img-0');
    expect(new Set(again)).toEqual(new Set(ids.slice(1)));
    expect(localJobStorage(storage).load()?.status).toBe('finished');
  });

  it('waits out a 429 and retries the same image, without counting a failure', async () => {
    const waits: number[] = [];
    let now = 0;
    let refused = false;
    const runner = new JobRunner(createJob('j', { kind: 'delete' }, ids.slice(0, 3), 0), {
      perform: async (id) => {
        if (id === 'img-1' && !refused) {
          refused = true;
          throw new RateLimited(7);
        }
        return { outcome: 'done' };
      },
      onChange: () => undefined,
      sleep: async (ms) => {
        waits.push(ms);
        now += ms;
      },
      now: () => now,
      concurrency: 1,
    });
    runner.start();
    await runner.idle();
    expect(waits).toEqual([7000]);
    expect(runner.state.marks).toBe('ddd');
  });

  it('holds while the server cannot be reached, trying again after growing pauses, and counts no failure', async () => {
    const waits: number[] = [];
    const told: WaitReason[] = [];
    let now = 0;
    let outage = 4; // the server is away for the next four requests
    const runner = new JobRunner(createJob('j', { kind: 'delete' }, ids.slice(0, 4), 0), {
      perform: async (id) => {
        if (id === 'img-1' && outage > 0) {
          outage -= 1;
          throw new ServerUnreachable();
        }
        return { outcome: 'done' };
      },
      onChange: () => undefined,
      sleep: async (ms) => {
        waits.push(ms);
        now += ms;
      },
      onWait: (_until, reason) => told.push(reason),
      now: () => now,
      concurrency: 1,
    });
    runner.start();
    await runner.idle();
    expect(waits).toEqual([1000, 2000, 4000, 8000]);
    expect(told).toEqual(['unreachable', 'unreachable', 'unreachable', 'unreachable']);
    expect(runner.state.marks).toBe('dddd');
    expect(runner.state.status).toBe('finished');
  });

  it('four requests failing together while the server is away make one pause, not four growing ones', async () => {
    const waits: number[] = [];
    let now = 0;
    let away = true;
    const { calls, perform } = controlledPerform();
    const runner = new JobRunner(createJob('j', { kind: 'delete' }, ids.slice(0, 4), 0), {
      perform: (id) => (away ? Promise.reject(new ServerUnreachable()) : perform(id)),
      onChange: () => undefined,
      sleep: async (ms) => {
        waits.push(ms);
        // Time passes once every worker has had its answer (as on a real clock, the pauses overlap).
        await flush();
        now += ms;
        away = false;
      },
      now: () => now,
      concurrency: 4,
    });
    runner.start();
    for (let i = 0; i < 20 && calls.length < 4; i++) await flush();
    for (const call of calls) call.settle({ outcome: 'done' });
    await runner.idle();
    expect(waits).toEqual([1000, 1000, 1000, 1000]);
    expect(runner.state.marks).toBe('dddd');
  });

  it('records nothing after detach (the page is unloading): requests torn down stay pending for the resume', async () => {
    const { calls, perform } = controlledPerform();
    const saved: JobState[] = [];
    const runner = new JobRunner(createJob('j', { kind: 'delete' }, ids, 0), {
      perform,
      onChange: (state) => saved.push(state),
      sleep: async () => undefined,
      now: () => 0,
      concurrency: 2,
    });
    runner.start();
    await flush();
    calls[0]!.settle({ outcome: 'done' });
    await flush();
    runner.detach();
    calls[1]!.settle(new TypeError('Failed to fetch'));
    calls[2]!.settle({ outcome: 'done' });
    await runner.idle();
    expect(saved.at(-1)?.marks).toBe('d.........');
  });

  it('cancel stops handing out images; what was in flight is still recorded', async () => {
    const { calls, perform } = controlledPerform();
    const runner = new JobRunner(createJob('j', { kind: 'delete' }, ids, 0), {
      perform,
      onChange: () => undefined,
      sleep: async () => undefined,
      now: () => 0,
      concurrency: 1,
    });
    runner.start();
    await flush();
    runner.cancel();
    calls[0]!.settle({ outcome: 'done' });
    await runner.idle();
    expect(calls).toHaveLength(1);
    expect(runner.state.status).toBe('cancelled');
    expect(runner.state.marks).toBe('d.........');
  });
});
