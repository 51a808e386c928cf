/** `GET /api/rate-budget` (docs/CONTRACT.md §9, §10): what is left of the upstream budget, shown while a job runs. */
import { queryOptions, useQuery } from '@tanstack/react-query';
import { z } from 'zod/mini';
import { fetchJson } from '../../../lib/api-client';
import { actionKeys } from './action-keys';

const rateBudgetSchema = z.object({
  limit: z.nullable(z.number()),
  windowSeconds: z.optional(z.nullable(z.number())),
  used: z.optional(z.nullable(z.number())),
  remaining: z.optional(z.nullable(z.number())),
  blockedUntil: z.optional(z.nullable(z.string())),
  batch: z.optional(
    z.object({ state: z.enum(['ok', 'unavailable', 'off']), ratePerSecond: z.optional(z.nullable(z.number())) }),
  ),
});
export type RateBudget = z.infer<typeof rateBudgetSchema>;

export function useRateBudget(enabled: boolean) {
  return useQuery({
    ...queryOptions({
      queryKey: actionKeys.rateBudget(),
      queryFn: ({ signal }) => fetchJson('/api/rate-budget', rateBudgetSchema, { signal }),
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
  const batch = budget.batch?.state === 'ok' ? ' · batch API' : '';
  if (budget.limit === null) return `no limit${batch}`;
  const remaining = budget.remaining ?? budget.limit - (budget.used ?? 0);
  const blocked = budget.blockedUntil ? ` · paused by Cloudflare until ${new Date(budget.blockedUntil).toLocaleTimeString('en')}` : '';
  return `${remaining.toLocaleString('en')} of ${budget.limit.toLocaleString('en')} requests${batch}${blocked}`;
}
