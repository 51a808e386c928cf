/** `GET …/images/v1/stats` (docs/CONTRACT.md §7): images stored and allowed, for the header's "N of M images". */
import { queryOptions, useQuery } from '@tanstack/react-query';
import { z } from 'zod/mini';
import { envelopeSchema, fetchJson } from '../../../lib/api-client';
import { actionKeys } from './action-keys';

const statsEnvelope = envelopeSchema(z.object({ count: z.object({ current: z.number(), allowed: z.number() }) }));

export const statsQueryOptions = (accountId: string) =>
  queryOptions({
    queryKey: actionKeys.stats(accountId),
    queryFn: async ({ signal }) =>
      (await fetchJson(`/client/v4/accounts/${encodeURIComponent(accountId)}/images/v1/stats`, statsEnvelope, { signal }))
        .result.count,
    staleTime: 30_000,
  });

export function useImageStats(accountId: string) {
  return useQuery(statsQueryOptions(accountId));
}
