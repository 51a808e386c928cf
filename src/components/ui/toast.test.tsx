// @vitest-environment jsdom
/** Toasts (toast.tsx): each goes by itself, but not while the pointer is over it or the focus is in it (WCAG 2.2.1). */
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ToastProvider, useToast } from './toast';

beforeEach(() => vi.useFakeTimers());
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

function Raise() {
  const notify = useToast();
  return (
    <button type="button" onClick={() => notify('2 images unselected', 'info', { label: 'Undo', onClick: () => {} })}>
      Raise
    </button>
  );
}

function raise() {
  render(
    <ToastProvider>
      <Raise />
    </ToastProvider>,
  );
  act(() => screen.getByRole('button', { name: 'Raise' }).click());
  return screen.getByText('2 images unselected').closest('.toast') as HTMLElement;
}

describe('toasts', () => {
  it('go by themselves', () => {
    raise();
    act(() => vi.advanceTimersByTime(60_000));
    expect(screen.queryByText('2 images unselected')).toBeNull();
  });

  it('stay while hovered, and go a while after the pointer leaves', () => {
    const toast = raise();
    fireEvent.pointerEnter(toast);
    act(() => vi.advanceTimersByTime(60_000));
    expect(screen.queryByText('2 images unselected')).toBeTruthy();
    fireEvent.pointerLeave(toast);
    act(() => vi.advanceTimersByTime(2_000));
    expect(screen.queryByText('2 images unselected')).toBeTruthy();
    act(() => vi.advanceTimersByTime(60_000));
    expect(screen.queryByText('2 images unselected')).toBeNull();
  });

  it('stay while the focus is in them (on Undo)', () => {
    raise();
    const undo = screen.getByRole('button', { name: 'Undo' });
    act(() => undo.focus());
    act(() => vi.advanceTimersByTime(60_000));
    expect(screen.queryByText('2 images unselected')).toBeTruthy();
    act(() => undo.blur());
    act(() => vi.advanceTimersByTime(60_000));
    expect(screen.queryByText('2 images unselected')).toBeNull();
  });
});
