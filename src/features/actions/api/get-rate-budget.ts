/** `GET /api/rate-budget` (docs/CONTRACT.md §9, §10): what is left of the upstream budget, shown while a job runs. */
import { queryOptions, useQuery } from '@tanstack/react-query';
import { callRoute, type RateBudgetAnswer } from '../../../lib/api-client';
import { actionKeys } from './action-keys';

/** The answer's shape is the server route's own (server/proxy/upstream-services.ts `rateBudgetAnswer`). */
export type RateBudget = RateBudgetAnswer;

export function useRateBudget(enabled: boolean) {
  return useQuery({
    ...queryOptions({
      queryKey: actionKeys.rateBudget(),
      queryFn: ({ signal }) => callRoute('/api/rate-budget', { signal }),
    }),
    enabled,
    // Polled while a job runs: the budget is shared with every other client of the server.
    refetchInterval: enabled ? 2000 : false,
    staleTime: 0,
    retry: false,
  });
}

/** "812 of 1,000 requests left" / "no budget (local mode)" / "batch API". */
export function describeBudget(budget: RateBudget | undefined): string {
  if (!budget) return 'unknown';
  const batch = budget.batch.state === 'ok' ? ' · batch API' : '';
  if (budget.limit === null) return `no limit${batch}`;
  const remaining = budget.remaining;
  const blocked = budget.blockedUntil ? ` · paused by Cloudflare until ${new Date(budget.blockedUntil).toLocaleTimeString('en')}` : '';
  return `${remaining.toLocaleString('en')} of ${budget.limit.toLocaleString('en')} requests${batch}${blocked}`;
}
