/** The app: providers, then the shell once `/api/config` has answered. */
import { QueryErrorResetBoundary, useQuery, type QueryClient } from '@tanstack/react-query';
import { Suspense, type ReactNode } from 'react';
import { ErrorBoundary } from '../components/ui/on-demand';
import { Banner } from '../components/ui/banner';
import { configQueryOptions } from '../lib/config';
import { Dashboard } from './dashboard';
import { AppProvider } from './provider';
import { ShellSkeleton } from './shell-skeleton';

export function App({ queryClient }: { queryClient?: QueryClient }) {
  return (
    <AppProvider client={queryClient}>
      <QueryErrorResetBoundary>
        {({ reset }) => (
          <StartupErrorBoundary onRetry={reset}>
            <ConfigGate>
              <Suspense fallback={<ShellSkeleton />}>
                <Dashboard />
              </Suspense>
            </ConfigGate>
          </StartupErrorBoundary>
        )}
      </QueryErrorResetBoundary>
    </AppProvider>
  );
}

/**
 * The skeleton until `/api/config` has answered, then the dashboard. A plain query rather than suspending on it:
 * React 19 holds back the reveal of a suspended tree for up to 300 ms after its fallback was shown, and that delay
 * sat on the first thumbnail's critical path (config → render → list request). Errors go to the boundary below.
 */
function ConfigGate({ children }: { children: ReactNode }) {
  const config = useQuery({ ...configQueryOptions(), throwOnError: true });
  return config.data ? children : <ShellSkeleton />;
}

/** Shows why the dashboard could not start (usually: `/api/config` unreachable), with a Retry. */
function StartupErrorBoundary({ onRetry, children }: { onRetry: () => void; children: ReactNode }) {
  return (
    <ErrorBoundary
      fallback={(error, reset) => (
        <main className="startup-error">
          <Banner
            title="The dashboard could not start"
            actions={
              <button
                type="button"
                className="button"
                onClick={() => {
                  onRetry();
                  reset();
                }}
              >
                Retry
              </button>
            }
          >
            <p>{error.message}</p>
          </Banner>
        </main>
      )}
    >
      {children}
    </ErrorBoundary>
  );
}
