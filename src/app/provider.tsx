/** App-wide providers: server state (TanStack Query) and toasts. */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { ToastProvider } from '../components/ui/toast';
import { startLoading } from './start-loading';

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // The proxy already retries 429/5xx upstream (CONTRACT.md §3); retrying here again would hide errors
        // behind long waits. The error banner's Retry button is the second attempt.
        retry: false,
        refetchOnWindowFocus: false,
        staleTime: 60_000,
      },
    },
  });
}

export interface AppProviderProps {
  /** A client src/main.tsx made and started loading before the first render; otherwise one is made here. */
  client?: QueryClient;
  children: ReactNode;
}

export function AppProvider({ client, children }: AppProviderProps) {
  const [queryClient] = useState(() => {
    if (client) return client;
    const created = createQueryClient();
    void startLoading(created);
    return created;
  });
  return (
    <QueryClientProvider client={queryClient}>
      <ToastProvider>{children}</ToastProvider>
    </QueryClientProvider>
  );
}
