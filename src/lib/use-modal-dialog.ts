import { useEffect, type RefObject } from 'react';

/**
 * A `<dialog>` shown modal for as long as its component is mounted: opened on mount, closed on unmount, and the
 * focus given back to what had it before (the button that opened it), unless that is gone from the page.
 *
 * `showModal()` focuses the dialog's first focusable element (its header's Close): React's `autoFocus` ran before,
 * on an element the closed dialog did not show. The element a dialog asks for is marked `data-autofocus` instead.
 */
export function useModalDialog(ref: RefObject<HTMLDialogElement | null>): void {
  useEffect(() => {
    const dialog = ref.current;
    const opener = document.activeElement as HTMLElement | null;
    if (dialog && !dialog.open) {
      dialog.showModal();
      dialog.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    }
    return () => {
      dialog?.close();
      if (opener?.isConnected) opener.focus({ preventScroll: true });
    };
  }, [ref]);
}
