/**
 * A part of the dashboard whose code is fetched when first needed (`React.lazy`: the table, the detail panel, the
 * upload dialog, …). While it loads, `fallback`. If it fails (its code cannot be fetched: the server is away, or a new
 * build replaced the files; or it breaks while drawing), only that part is lost: a toast says so and offers Reload
 * (Chromium keeps a module that failed to load as failed until the page is reloaded), and with `inline` the part's
 * place says it too. The grid, the selection and the filters stay; before, the error reached the app's startup
 * boundary and replaced the whole dashboard.
 */
import { Component, Suspense, useEffect, type ErrorInfo, type ReactNode } from 'react';
import { useToast } from './toast';

interface OnDemandProps {
  /** What the part is, for the message: "The table", "The upload dialog". */
  what: string;
  fallback?: ReactNode;
  /** Also say it in the part's own place (a view, not a dialog). */
  inline?: boolean;
  children: ReactNode;
}

export function OnDemand({ what, fallback = null, inline = false, children }: OnDemandProps) {
  return (
    <ErrorBoundary fallback={() => <PartFailed message={partFailedMessage(what)} inline={inline} />}>
      <Suspense fallback={fallback}>{children}</Suspense>
    </ErrorBoundary>
  );
}

/** What the person is told; the browser's own message names a hashed file, and goes to the console instead. */
export function partFailedMessage(what: string): string {
  return `${what} could not be shown: the server may be restarting, or the dashboard was updated. Nothing was changed; reload to try again.`;
}

/**
 * Catches what its children throw while drawing (or loading, under `Suspense`), logs it, and shows `fallback`
 * instead; `reset` draws the children again. The app's startup boundary (src/app/app.tsx) and `OnDemand` use it.
 */
export class ErrorBoundary extends Component<
  { fallback: (error: Error, reset: () => void) => ReactNode; children: ReactNode },
  { error: Error | null }
> {
  override state = { error: null as Error | null };
  static getDerivedStateFromError(error: Error) {
    return { error };
  }
  override componentDidCatch(error: Error, info: ErrorInfo) {
    console.error(error, info.componentStack);
  }
  override render() {
    const { error } = this.state;
    return error ? this.props.fallback(error, () => this.setState({ error: null })) : this.props.children;
  }
}

function PartFailed({ message, inline }: { message: string; inline: boolean }) {
  const toast = useToast();
  useEffect(() => {
    toast(message, 'error', { label: 'Reload', onClick: () => window.location.reload() });
  }, [toast, message]);
  if (!inline) return null;
  return (
    <div className="part-failed" role="status">
      <p>{message}</p>
      <button type="button" className="button" onClick={() => window.location.reload()}>
        Reload
      </button>
    </div>
  );
}
