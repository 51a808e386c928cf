// @vitest-environment jsdom
/**
 * The list's error banner (images-error-banner.tsx): which request failed, and retrying by itself when the server
 * gave no answer at all, each pause twice the last, up to 30 s.
 */
import { act, cleanup, render, renderHook, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiRequestError } from '../../../lib/api-client';
import { ImagesErrorBanner, unreachablePauseMs, useUnreachableInARow } from './images-error-banner';

beforeEach(() => vi.useFakeTimers());
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const unreachable = () => new ApiRequestError('The server could not be reached. Check that cf-images-explorer is running.', 0);

describe('ImagesErrorBanner', () => {
  it('with no answer at all, counts down and retries once by itself', () => {
    const onRetry = vi.fn();
    render(<ImagesErrorBanner error={unreachable()} onRetry={onRetry} failed="next" unreachableInARow={3} />);
    expect(screen.getByRole('alert').textContent).toContain('The next page could not be loaded');
    expect(screen.getByText(/Retrying by itself in 8 s/)).toBeTruthy();
    act(() => vi.advanceTimersByTime(7_000));
    expect(onRetry).not.toHaveBeenCalled();
    act(() => vi.advanceTimersByTime(1_500));
    expect(onRetry).toHaveBeenCalledTimes(1);
    act(() => vi.advanceTimersByTime(60_000));
    expect(onRetry).toHaveBeenCalledTimes(1);
  });

  it('with no answer at all, Retry stays enabled during the countdown; a 429’s Retry-After keeps it disabled', () => {
    const onRetry = vi.fn();
    const { rerender } = render(<ImagesErrorBanner error={unreachable()} onRetry={onRetry} failed="first" unreachableInARow={5} />);
    expect(screen.getByText(/Retrying by itself in 30 s/)).toBeTruthy();
    const retry = screen.getByRole('button', { name: 'Retry' });
    expect(retry).toHaveProperty('disabled', false);
    act(() => retry.click());
    expect(onRetry).toHaveBeenCalledTimes(1);
    const limited = new ApiRequestError('Rate limited', 429, [{ code: 971, message: 'Rate limited' }], 10_000);
    rerender(<ImagesErrorBanner error={limited} onRetry={onRetry} failed="first" unreachableInARow={0} />);
    expect(screen.getByRole('button', { name: 'Retry' })).toHaveProperty('disabled', true);
  });

  it('an answer with an error (not a 429) waits for Retry', () => {
    const onRetry = vi.fn();
    render(<ImagesErrorBanner error={new ApiRequestError('Bad gateway', 502, [{ code: 7502, message: 'Bad gateway' }])} onRetry={onRetry} failed="first" unreachableInARow={0} />);
    expect(screen.getByRole('alert').textContent).toContain('The images could not be loaded');
    expect(screen.queryByText(/Retrying by itself/)).toBeNull();
    act(() => vi.advanceTimersByTime(60_000));
    expect(onRetry).not.toHaveBeenCalled();
  });

  it('a failed refresh says the images shown are as they were', () => {
    render(<ImagesErrorBanner error={unreachable()} onRetry={() => {}} failed="refresh" unreachableInARow={1} />);
    expect(screen.getByRole('alert').textContent).toContain('The images could not be refreshed');
    expect(screen.getByText(/as they were before/)).toBeTruthy();
    expect(screen.getByText(/Retrying by itself in 2 s/)).toBeTruthy();
  });
});

describe('unreachablePauseMs', () => {
  it('doubles from 2 s and stops at 30 s', () => {
    expect([1, 2, 3, 4, 5, 6, 20].map(unreachablePauseMs)).toEqual([2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
  });
});

describe('useUnreachableInARow', () => {
  it('counts answerless errors in a row, restarts after an answer, and is 0 once a request succeeds', () => {
    const { result, rerender } = renderHook(({ error }: { error: Error | null }) => useUnreachableInARow(error), {
      initialProps: { error: null as Error | null },
    });
    expect(result.current).toBe(0);
    const first = unreachable();
    rerender({ error: first });
    expect(result.current).toBe(1);
    rerender({ error: first }); // the same error rendered again is not another failure
    expect(result.current).toBe(1);
    rerender({ error: unreachable() });
    expect(result.current).toBe(2);
    rerender({ error: new ApiRequestError('Internal error', 500) });
    expect(result.current).toBe(0);
    rerender({ error: unreachable() });
    expect(result.current).toBe(1);
    rerender({ error: null });
    expect(result.current).toBe(0);
  });
});
