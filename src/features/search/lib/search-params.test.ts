import { describe, expect, it } from 'vitest';
import { fromDateOf, ltOfToDate, setParam, toDateOf } from './search-params';

describe('search params in the address bar', () => {
  it('an inclusive "To" date is the next day as uploaded[lt], and back', () => {
    expect(ltOfToDate('2026-02-28')).toBe('2026-03-01');
    expect(ltOfToDate('2024-12-31')).toBe('2025-01-01');
    expect(toDateOf('2026-03-01')).toBe('2026-02-28');
    expect(toDateOf(ltOfToDate('2026-07-04'))).toBe('2026-07-04');
    expect(ltOfToDate('not a date')).toBeNull();
  });

  it('reads date-times as their UTC day and ignores what is not a date', () => {
    expect(fromDateOf('2026-11-22T09:30:00Z')).toBe('2026-11-22');
    expect(toDateOf('2026-11-22T09:30:00Z')).toBe('2026-11-22');
    expect(fromDateOf('garbage')).toBe('');
    expect(fromDateOf(null)).toBe('');
  });

  it('setParam sets, replaces and removes', () => {
    const p = new URLSearchParams('view=table&q=a');
    expect(setParam(p, 'q', 'b').toString()).toBe('view=table&q=b');
    expect(setParam(p, 'q', '').toString()).toBe('view=table');
    expect(setParam(p, 'private', 'true').toString()).toBe('view=table&private=true');
  });
});
