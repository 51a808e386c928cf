/** The app: providers, then the shell once `/api/config` has answered. */
import { QueryErrorResetBoundary } from '@tanstack/react-query';
import { Component, Suspense, type ErrorInfo, type ReactNode } from 'react';
import { Banner } from '../components/ui/banner';
import { Dashboard } from './dashboard';
import { AppProvider } from './provider';
import { ShellSkeleton } from './shell-skeleton';

export function App() {
  return (
    <AppProvider>
      <QueryErrorResetBoundary>
        {({ reset }) => (
          <StartupErrorBoundary onRetry={reset}>
            <Suspense fallback={<ShellSkeleton />}>
              <Dashboard />
            </Suspense>
          </StartupErrorBoundary>
        )}
      </QueryErrorResetBoundary>
    </AppProvider>
  );
}

interface BoundaryProps {
  onRetry: () => void;
  children: ReactNode;
}

/** Shows why the dashboard could not start (usually: `/api/config` unreachable), with a Retry. */
class StartupErrorBoundary extends Component<BoundaryProps, { error: Error | null }> {
  override state = { error: null as Error | null };
  static getDerivedStateFromError(error: Error) {
    return { error };
  }
  override componentDidCatch(error: Error, info: ErrorInfo) {
    console.error(error, info.componentStack);
  }
  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <main className="startup-error">
        <Banner
          title="The dashboard could not start"
          actions={
            <button
              type="button"
              className="button"
              onClick={() => {
                this.props.onRetry();
                this.setState({ error: null });
              }}
            >
              Retry
            </button>
          }
        >
          <p>{this.state.error.message}</p>
        </Banner>
      </main>
    );
  }
}
