// @vitest-environment jsdom
/**
 * The detail panel's editor (image-actions.tsx) and moving to another image: with changes made, the first move (←/→,
 * Previous/Next, which ask `mayLeave`) is held with a word, the second discards them, as Esc does.
 */
import { act, cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { ToastProvider } from '../../../components/ui/toast';
import { mayLeave } from '../../../lib/leave-guard';
import { ImageActions } from './image-actions';

afterEach(cleanup);

const image = { id: 'img-1', filename: 'picture-1.png', creator: null, meta: { title: 'A' }, requireSignedURLs: false };

function renderActions() {
  render(
    <ToastProvider>
      <ImageActions accountId="acc" image={image} onChanged={() => {}} onDeleted={() => {}} />
    </ToastProvider>,
  );
}

describe('ImageActions and moving to another image', () => {
  it('lets the panel move when nothing was changed', async () => {
    renderActions();
    await userEvent.click(screen.getByRole('button', { name: 'Edit metadata' }));
    expect(mayLeave()).toBe(true);
  });

  it('holds the first move with unsaved changes and says so; the second discards them', async () => {
    renderActions();
    await userEvent.click(screen.getByRole('button', { name: 'Edit metadata' }));
    await userEvent.type(screen.getByRole('textbox', { name: 'Creator' }), 'someone');
    let first = true;
    act(() => {
      first = mayLeave();
    });
    expect(first).toBe(false);
    expect(screen.getByRole('status').textContent).toMatch(/again to discard your changes/);
    expect(mayLeave()).toBe(true);
  });
});
