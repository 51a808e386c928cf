// @vitest-environment jsdom
/**
 * The search box (search-box.tsx): the first write of a new search pushes a history entry, so Back returns to the
 * unsearched grid; later keystrokes of the same typing replace it.
 */
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SearchBox } from './search-box';

beforeEach(() => {
  vi.useFakeTimers();
  window.history.replaceState(null, '', '/');
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

function type(box: HTMLElement, value: string) {
  fireEvent.change(box, { target: { value } });
  act(() => vi.advanceTimersByTime(400));
}

describe('SearchBox', () => {
  it('pushes one history entry for a new search, then replaces it while the typing goes on', () => {
    render(<SearchBox />);
    const box = screen.getByRole('searchbox', { name: 'Search filename or ID' });
    const length = window.history.length;
    box.focus();
    type(box, 'eb');
    expect(window.location.search).toBe('?q=eb');
    expect(window.history.length).toBe(length + 1);
    type(box, 'ebul');
    expect(window.location.search).toBe('?q=ebul');
    expect(window.history.length).toBe(length + 1);
    // A new typing (after leaving the box) is a new entry.
    fireEvent.blur(box);
    box.focus();
    type(box, 'ebula');
    expect(window.history.length).toBe(length + 2);
  });
});
