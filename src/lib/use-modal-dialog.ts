import { useEffect, useLayoutEffect, useRef, type RefObject } from 'react';

/**
 * A `<dialog>` shown modal for as long as its component is mounted: opened on mount, closed on unmount, and the
 * focus given back to what had it before (the button that opened it), unless that is gone from the page.
 *
 * `showModal()` focuses the dialog's first focusable element (its header's Close): React's `autoFocus` ran before,
 * on an element the closed dialog did not show. The element a dialog asks for is marked `data-autofocus` instead.
 *
 * `returnFocus`, when given, is asked first on close: `true` when it placed the focus itself (the detail panel gives
 * it to the image last shown, not to the card that opened it).
 */
export function useModalDialog(ref: RefObject<HTMLDialogElement | null>, returnFocus?: () => boolean): void {
  const giveBack = useRef(returnFocus);
  useLayoutEffect(() => {
    giveBack.current = returnFocus;
  });
  useEffect(() => {
    const dialog = ref.current;
    const opener = document.activeElement as HTMLElement | null;
    if (dialog && !dialog.open) {
      dialog.showModal();
      dialog.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    }
    return () => {
      dialog?.close();
      if (giveBack.current?.()) return;
      if (opener?.isConnected) opener.focus({ preventScroll: true });
    };
  }, [ref]);
}
