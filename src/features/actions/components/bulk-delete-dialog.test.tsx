// @vitest-environment jsdom
/** "Delete N images" (bulk-delete-dialog.tsx): the dialog opens on the field it asks for, so typing N then Enter deletes. */
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { BulkDeleteDialog } from './bulk-delete-dialog';

const start = vi.hoisted(() => vi.fn());
vi.mock('../hooks/use-bulk-job', () => ({ useBulkJob: () => ({ start }) }));

// jsdom has <dialog> without its behaviour: showModal() focuses as browsers do, the first element with the
// `autofocus` attribute, else the first focusable one (the header's Close).
beforeAll(() => {
  HTMLDialogElement.prototype.showModal = function showModal(this: HTMLDialogElement) {
    this.setAttribute('open', '');
    const target = this.querySelector<HTMLElement>('[autofocus]') ?? this.querySelector<HTMLElement>('button, input');
    target?.focus();
  };
  HTMLDialogElement.prototype.close = function close(this: HTMLDialogElement) {
    this.removeAttribute('open');
  };
});
afterEach(cleanup);

describe('BulkDeleteDialog', () => {
  it('opens with focus on "Type N to confirm"; N then Enter starts the delete', async () => {
    const onClose = vi.fn();
    render(<BulkDeleteDialog ids={['a', 'b', 'c']} onClose={onClose} />);
    expect(document.activeElement).toBe(screen.getByRole('textbox', { name: 'Type 3 to confirm' }));
    await userEvent.keyboard('3{Enter}');
    expect(start).toHaveBeenCalledWith({ kind: 'delete' }, ['a', 'b', 'c']);
    expect(onClose).toHaveBeenCalled();
  });
});
