/** A modal `<dialog>` that opens on mount and closes on unmount; Esc calls `onClose`. */
import { useRef, type ReactNode } from 'react';
import { useModalDialog } from '../../../lib/use-modal-dialog';

export function Modal({ title, onClose, children, wide }: { title: string; onClose: () => void; children: ReactNode; wide?: boolean }) {
  const ref = useRef<HTMLDialogElement>(null);
  useModalDialog(ref);
  return (
    <dialog
      ref={ref}
      className={wide ? 'panel-dialog panel-dialog--wide' : 'panel-dialog'}
      aria-label={title}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <header className="panel-dialog__header">
        <h2>{title}</h2>
        <button type="button" className="button" onClick={onClose}>
          Close
        </button>
      </header>
      {children}
    </dialog>
  );
}
