/** Query keys of the actions feature. */
export const actionKeys = {
  all: ['actions'] as const,
  stats: (accountId: string) => [...actionKeys.all, 'stats', accountId] as const,
  rateBudget: () => [...actionKeys.all, 'rate-budget'] as const,
};
