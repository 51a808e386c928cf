import { useEffect, type RefObject } from 'react';

/**
 * A `<dialog>` shown modal for as long as its component is mounted: opened on mount, closed on unmount, and the
 * focus given back to what had it before (the button that opened it), unless that is gone from the page.
 */
export function useModalDialog(ref: RefObject<HTMLDialogElement | null>): void {
  useEffect(() => {
    const dialog = ref.current;
    const opener = document.activeElement as HTMLElement | null;
    if (dialog && !dialog.open) dialog.showModal();
    return () => {
      dialog?.close();
      if (opener?.isConnected) opener.focus({ preventScroll: true });
    };
  }, [ref]);
}
