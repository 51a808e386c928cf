// @vitest-environment jsdom
/** The job panel (job-panel.tsx): Pause and Resume take each other's place, and the focus stays on that button. */
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { JobPanel } from './job-panel';

const state = vi.hoisted(() => ({ status: 'running' as 'running' | 'paused' }));
const listeners = vi.hoisted(() => new Set<() => void>());
vi.mock('../hooks/use-bulk-job', async () => {
  const { useSyncExternalStore } = await import('react');
  const set = (status: 'running' | 'paused') => {
    state.status = status;
    for (const listener of listeners) listener();
  };
  return {
    useBulkJob: () => {
      const status = useSyncExternalStore(
        (listener) => {
          listeners.add(listener);
          return () => listeners.delete(listener);
        },
        () => state.status,
      );
      return {
        job: { id: 'job-1', action: { kind: 'delete' }, ids: ['a', 'b'], marks: {}, errors: {}, previous: {}, status, startedAt: 0, handledAt: [] },
        interrupted: false,
        waitUntil: 0,
        waitReason: null,
        startedHere: null,
        pause: () => set('paused'),
        resume: () => set('running'),
        cancel: () => {},
        undo: () => {},
        dismiss: () => {},
      };
    },
  };
});
vi.mock('../api/get-rate-budget', () => ({ useRateBudget: () => ({ data: undefined }), describeBudget: () => '—' }));
vi.mock('../lib/bulk-job', async (original) => ({
  ...(await original<object>()),
  summarize: () => ({ total: 2, done: 0, failed: 0, skipped: 0, remaining: 2, rate: null, secondsLeft: null }),
}));

afterEach(cleanup);

describe('JobPanel', () => {
  it('Pause then Resume: the focus stays on the button in their place', async () => {
    const user = userEvent.setup();
    render(<JobPanel />);
    await user.click(screen.getByRole('button', { name: 'Pause' }));
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Resume' }));
    await user.click(screen.getByRole('button', { name: 'Resume' }));
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Pause' }));
  });
});
