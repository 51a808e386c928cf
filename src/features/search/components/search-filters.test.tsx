// @vitest-environment jsdom
/**
 * The "Uploaded" dates (search-filters.tsx): a range whose From is after its To can match nothing, so it says so and
 * offers to swap them, instead of an empty grid that gives no reason.
 */
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { SearchFilters } from './search-filters';

afterEach(() => {
  cleanup();
  window.history.replaceState(null, '', '/');
});

describe('SearchFilters', () => {
  it('a From after the To says the range is reversed; Swap dates turns it round, both days included', async () => {
    // From 30 November, To 1 January (uploaded[lt] holds the day after To).
    window.history.replaceState(null, '', '/?uploaded[gte]=2026-11-30&uploaded[lt]=2026-01-02');
    render(<SearchFilters />);
    expect(screen.getByRole('alert').textContent).toBe('From is after To: no image can match. Swap dates');
    await userEvent.click(screen.getByRole('button', { name: 'Swap dates' }));
    const params = new URLSearchParams(window.location.search);
    expect(params.get('uploaded[gte]')).toBe('2026-01-01');
    expect(params.get('uploaded[lt]')).toBe('2026-12-01');
    expect((screen.getByLabelText('From') as HTMLInputElement).value).toBe('2026-01-01');
    expect((screen.getByLabelText('To') as HTMLInputElement).value).toBe('2026-11-30');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('one day (From equal to To) and a range in order say nothing', () => {
    window.history.replaceState(null, '', '/?uploaded[gte]=2026-11-30&uploaded[lt]=2026-12-01');
    render(<SearchFilters />);
    expect(screen.queryByRole('alert')).toBeNull();
    cleanup();
    window.history.replaceState(null, '', '/?uploaded[gte]=2026-01-01&uploaded[lt]=2026-12-01');
    render(<SearchFilters />);
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('a date typed digit by digit is applied once its year is plausible, in one history entry; on blur as typed', () => {
    window.history.replaceState(null, '', '/');
    render(<SearchFilters />);
    const from = screen.getByLabelText('From') as HTMLInputElement;
    const length = window.history.length;
    from.focus();
    // What Chromium reports as the year's digits come in: 0002, 0020, 0202, 2026.
    for (const value of ['0002-06-01', '0020-06-01', '0202-06-01']) {
      fireEvent.change(from, { target: { value } });
      expect(window.location.search).toBe('');
    }
    fireEvent.change(from, { target: { value: '2026-06-01' } });
    expect(new URLSearchParams(window.location.search).get('uploaded[gte]')).toBe('2026-06-01');
    expect(window.history.length).toBe(length + 1);
    // Still typing in the same field: the entry is replaced, not pushed.
    fireEvent.change(from, { target: { value: '2026-06-02' } });
    expect(new URLSearchParams(window.location.search).get('uploaded[gte]')).toBe('2026-06-02');
    expect(window.history.length).toBe(length + 1);
    // An early year stands once the person leaves the field.
    fireEvent.change(from, { target: { value: '0999-06-02' } });
    expect(new URLSearchParams(window.location.search).get('uploaded[gte]')).toBe('2026-06-02');
    fireEvent.blur(from);
    expect(new URLSearchParams(window.location.search).get('uploaded[gte]')).toBe('0999-06-02');
  });
});
