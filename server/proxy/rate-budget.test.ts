/** The rate budget (docs/CONTRACT.md §9) on a fake clock: no real timers, no timing assertions. */
import { describe, expect, it } from 'vitest';
import { ApiError } from '../errors';
import { FakeClock, flush } from '../test-support/fake-clock';
import { RateBudget, budgeted, type BudgetPriority } from './rate-budget';

function track(promise: Promise<void> | undefined) {
  const state: { done: boolean; error?: ApiError } = { done: promise === undefined };
  promise?.then(
    () => (state.done = true),
    (error: ApiError) => (state.error = error),
  );
  return state;
}

describe('RateBudget', () => {
  it('N+10 requests with limit N: N go at once, the rest wait, then get 429 / 7429 with Retry-After', async () => {
    const clock = new FakeClock();
    const budget = new RateBudget({ limit: 5, maxWaitMs: 2000, clock });
    const states = Array.from({ length: 15 }, () => track(budget.tryAcquire('list')));
    await flush();
    expect(states.filter((s) => s.done)).toHaveLength(5);
    // The next slot frees in 300 s, beyond the wait: refused at once, with the time to wait.
    expect(states.filter((s) => s.error)).toHaveLength(10);
    const error = states.find((s) => s.error)!.error!;
    expect(error.status).toBe(429);
    expect(error.errors[0]?.code).toBe(7429);
    expect(error.headers?.get('retry-after')).toBe('300');
    expect(budget.snapshot()).toEqual({ limit: 5, windowSeconds: 300, used: 5, remaining: 0, blockedUntil: null });
    await clock.advance(300_000);
    expect(budget.snapshot().used).toBe(0);
  });

  it('waiters get slots as the window rolls, list first, then walk, then bulk', async () => {
    const clock = new FakeClock();
    const budget = new RateBudget({ limit: 3, windowMs: 10_000, maxWaitMs: 60_000, clock });
    for (let i = 0; i < 3; i += 1) expect(budget.tryAcquire('list')).toBeUndefined();
    const order: BudgetPriority[] = [];
    const queue = (p: BudgetPriority) => budget.tryAcquire(p)!.then(() => order.push(p));
    void queue('bulk');
    void queue('walk');
    void queue('list');
    void queue('bulk');
    await clock.advance(9_999);
    expect(order).toEqual([]);
    await clock.advance(1);
    expect(order).toEqual(['list', 'walk', 'bulk']);
    await clock.advance(10_000);
    expect(order).toEqual(['list', 'walk', 'bulk', 'bulk']);
    expect(budget.snapshot().used).toBe(1);
  });

  it('a waiter whose wait runs out gets 429 / 7429', async () => {
    const clock = new FakeClock();
    const budget = new RateBudget({ limit: 1, windowMs: 10_000, maxWaitMs: 15_000, clock });
    budget.tryAcquire('list');
    const second = track(budget.tryAcquire('list'));
    const state = track(budget.tryAcquire('bulk'));
    await clock.advance(10_000);
    expect(second.done).toBe(true);
    expect(state.done || state.error).toBeFalsy();
    await clock.advance(5_000);
    expect(state.done).toBe(false);
    expect(state.error?.errors[0]?.code).toBe(7429);
    expect(state.error?.headers?.get('retry-after')).toBe('5');
  });

  it('a 429 from Cloudflare stops every call until its Retry-After', async () => {
    const clock = new FakeClock();
    const budget = new RateBudget({ limit: 100, maxWaitMs: 60_000, clock });
    budget.noteResponse(429, '30');
    expect(budget.snapshot().blockedUntil).toBe(new Date(clock.time + 30_000).toISOString());
    const waiting = track(budget.tryAcquire('list'));
    await clock.advance(29_999);
    expect(waiting.done).toBe(false);
    await clock.advance(1);
    expect(waiting.done).toBe(true);
    expect(budget.snapshot().blockedUntil).toBeNull();
    budget.noteResponse(429, '600');
    const refused = track(budget.tryAcquire('list'));
    await flush();
    expect(refused.error?.headers?.get('retry-after')).toBe('600');
  });

  it('the index walk uses at most half of the budget; bulk is not held back by it', async () => {
    const clock = new FakeClock();
    const budget = new RateBudget({ limit: 4, windowMs: 10_000, maxWaitMs: 5_000, clock });
    expect(budget.tryAcquire('walk')).toBeUndefined();
    expect(budget.tryAcquire('walk')).toBeUndefined();
    const third = track(budget.tryAcquire('walk'));
    await flush();
    expect(third.error?.status).toBe(429);
    expect(budget.tryAcquire('bulk')).toBeUndefined();
    expect(budget.tryAcquire('list')).toBeUndefined();
    expect(budget.snapshot().remaining).toBe(0);
  });

  it('budgeted(): a counting upstream sees at most the limit; a 429 answer blocks the budget', async () => {
    const clock = new FakeClock();
    const budget = new RateBudget({ limit: 4, maxWaitMs: 1_000, clock });
    let calls = 0;
    const upstream = async () => {
      calls += 1;
      return calls === 2 ? new Response('{}', { status: 429, headers: { 'retry-after': '7' } }) : new Response('{}');
    };
    const wrapped = budgeted(upstream, budget, 'list');
    const results = await Promise.allSettled(Array.from({ length: 14 }, () => wrapped('http://x', {})));
    expect(calls).toBeLessThanOrEqual(4);
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(14 - calls);
    expect(budget.blocked()).toBe(clock.time + 7_000);
  });
});
