/**
 * Toasts: short confirmations ("Copied …") announced politely to screen readers. One provider in the app shell;
 * any component calls `useToast()`. A toast may carry one action ("Undo"). Its time runs only while the pointer is
 * off it and the focus outside it, and starts again in full after (WCAG 2.2.1: Undo must stay reachable).
 *
 * While a modal dialog is open everything outside it is inert and painted below its backdrop, whatever the
 * z-index: the toasts then render inside that dialog, so a copy from the detail panel is confirmed where it is seen.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { createPortal } from 'react-dom';

export type ToastTone = 'success' | 'error' | 'info';
export interface ToastAction {
  label: string;
  onClick: () => void;
}
interface Toast {
  id: number;
  message: string;
  tone: ToastTone;
  action?: ToastAction;
}

type Notify = (message: string, tone?: ToastTone, action?: ToastAction) => void;
const ToastContext = createContext<Notify | null>(null);

const TOAST_MS = 3500;

export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const [host, setHost] = useState<Element | null>(null);
  const nextId = useRef(1);
  const dismiss = useCallback((id: number) => setToasts((current) => current.filter((t) => t.id !== id)), []);
  const notify = useCallback<Notify>(
    (message, tone = 'success', action) => {
      const id = nextId.current++;
      setHost(document.querySelector('dialog:modal'));
      // Keep at most three on screen: a burst of copies should not wall off the page.
      setToasts((current) => [...current.slice(-2), { id, message, tone, action }]);
    },
    [],
  );
  const value = useMemo(() => notify, [notify]);
  const region = (
    <section className="toasts" aria-label="Notifications" aria-live="polite">
      {toasts.map((toast) => (
        <ToastItem key={toast.id} toast={toast} dismiss={dismiss} />
      ))}
    </section>
  );
  return (
    <ToastContext value={value}>
      {children}
      {host?.isConnected ? createPortal(region, host) : region}
    </ToastContext>
  );
}

function ToastItem({ toast, dismiss }: { toast: Toast; dismiss: (id: number) => void }) {
  const [hovered, setHovered] = useState(false);
  const [focused, setFocused] = useState(false);
  const held = hovered || focused;
  useEffect(() => {
    if (held) return;
    // An action needs time to be read and reached.
    const timer = setTimeout(() => dismiss(toast.id), toast.action ? TOAST_MS * 2 : TOAST_MS);
    return () => clearTimeout(timer);
  }, [held, dismiss, toast.id, toast.action]);
  return (
    <div
      className={`toast toast--${toast.tone}`}
      onPointerEnter={() => setHovered(true)}
      onPointerLeave={() => setHovered(false)}
      onFocus={() => setFocused(true)}
      onBlur={(event) => setFocused(event.currentTarget.contains(event.relatedTarget))}
    >
      <p className="toast__message">{toast.message}</p>
      {toast.action ? (
        <button
          type="button"
          className="toast__action"
          onClick={() => {
            toast.action?.onClick();
            dismiss(toast.id);
          }}
        >
          {toast.action.label}
        </button>
      ) : null}
    </div>
  );
}

export function useToast(): Notify {
  const notify = useContext(ToastContext);
  if (!notify) throw new Error('useToast needs a <ToastProvider>');
  return notify;
}
