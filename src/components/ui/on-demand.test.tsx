// @vitest-environment jsdom
import { act, cleanup, render, screen } from '@testing-library/react';
import { lazy } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { OnDemand, partFailedMessage } from './on-demand';
import { ToastProvider } from './toast';

afterEach(cleanup);

/** A lazy part whose code cannot be fetched, as Chromium reports it. */
const Unfetchable = lazy(() => Promise.reject(new TypeError('Failed to fetch dynamically imported module: http://x/assets/image-table-abc.js')));

describe('OnDemand', () => {
  it('keeps the rest of the page when a part cannot be fetched, and says so with Reload', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    render(
      <ToastProvider>
        <p>the grid</p>
        <OnDemand what="The table" inline fallback={<p>Loading the table…</p>}>
          <Unfetchable />
        </OnDemand>
      </ToastProvider>,
    );
    await act(async () => {
      await new Promise((resolve) => setTimeout(resolve, 0));
    });
    expect(screen.getByText('the grid')).toBeTruthy();
    const said = 'The table could not be shown: the server may be restarting, or the dashboard was updated. Nothing was changed; reload to try again.';
    // In its place, and as a toast.
    expect(screen.getAllByText(said)).toHaveLength(2);
    expect(screen.getAllByRole('button', { name: 'Reload' }).length).toBeGreaterThanOrEqual(2);
    vi.restoreAllMocks();
  });

  it('catches a part that breaks while drawing the same way, and the startup boundary can draw it again', () => {
    expect(partFailedMessage('The upload dialog')).toBe(
      'The upload dialog could not be shown: the server may be restarting, or the dashboard was updated. Nothing was changed; reload to try again.',
    );
  });
});
