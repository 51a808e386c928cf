/**
 * Starts the first screen's requests as soon as the script runs, not when React gets round to them: `/api/config`
 * (in the page, server/lib/page-config.ts), then, the moment it answers, the first page of the list the
 * address bar asks for and the first screen's small page. src/early.ts has usually started all three before this
 * bundle ran; the queries then take its answers over. The components that need them find them in the query cache
 * (in flight or done), so nothing is fetched twice. Before this the list request waited for the shell to render and commit (~300 ms: React holds a
 * Suspense reveal back for a while after its fallback showed).
 *
 * Settles once what the first screen shows is in the cache (the first screen's page, or the walk's first page when
 * there is no separate first screen), or has failed: src/main.tsx waits for it, a little while at most, so that the
 * first render is the dashboard with its images rather than the skeleton followed by two more renders
 * (docs/performance.md "The first screen").
 */
import type { QueryClient } from '@tanstack/react-query';
import { firstScreenQuery, firstScreenQueryOptions, gridQueryFrom, imagesQueryOptions } from '../features/images';
import { configQueryOptions } from '../lib/config';

export function startLoading(queryClient: QueryClient): Promise<void> {
  if (typeof window === 'undefined') return Promise.resolve();
  return queryClient.fetchQuery(configQueryOptions()).then(
    async (config) => {
      const parsed = gridQueryFrom(new URLSearchParams(window.location.search));
      if (!parsed.ok) return;
      const first = firstScreenQuery(parsed.query);
      const firstScreen = first ? queryClient.prefetchQuery(firstScreenQueryOptions(config.accountId, first)) : null;
      const walk = queryClient.prefetchInfiniteQuery(imagesQueryOptions(config.accountId, parsed.query));
      // Prefetches never reject: a failure is in the cache for the views to show.
      await (firstScreen ?? walk);
    },
    // The shell shows the error (its own config query fails the same way and offers Retry).
    () => undefined,
  );
}
