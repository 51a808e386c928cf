import { afterEach, describe, expect, it, vi } from 'vitest';
import { batchedLog } from './batched-log';

afterEach(() => vi.useRealTimers());

describe('batchedLog', () => {
  it('writes the lines of one moment together, in order, each on its own line', () => {
    vi.useFakeTimers();
    const writes: string[] = [];
    const log = batchedLog((text) => writes.push(text));
    log('GET /a 200 1ms');
    log('GET /b 200 2ms');
    expect(writes).toEqual([]);
    vi.advanceTimersByTime(25);
    expect(writes).toEqual(['GET /a 200 1ms\nGET /b 200 2ms\n']);
    log('GET /c 404 1ms');
    vi.advanceTimersByTime(25);
    expect(writes).toEqual(['GET /a 200 1ms\nGET /b 200 2ms\n', 'GET /c 404 1ms\n']);
  });

  it('writes at once past 64 kB, and flush() writes what is gathered', () => {
    vi.useFakeTimers();
    const writes: string[] = [];
    const log = batchedLog((text) => writes.push(text));
    const long = 'x'.repeat(40 * 1024);
    log(long);
    expect(writes).toHaveLength(0);
    log(long);
    expect(writes).toEqual([`${long}\n${long}\n`]);
    log('last');
    log.flush();
    expect(writes.at(-1)).toBe('last\n');
    log.flush();
    expect(writes).toHaveLength(2);
  });
});
