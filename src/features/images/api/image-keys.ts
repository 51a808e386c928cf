/** Query keys of the images feature (one factory, so invalidation can target a level). */
import type { ListQuery } from '../../../contract/list-query';

export const imageKeys = {
  all: ['images'] as const,
  lists: () => [...imageKeys.all, 'list'] as const,
  /** The parsed list query (without a continuation token) is the key: equal queries share pages. */
  list: (accountId: string, query: ListQuery) => [...imageKeys.lists(), accountId, query] as const,
  /**
   * The first screen's small request (lib/grid-query.ts `firstScreenQuery`): not under `lists()`, whose entries are
   * all infinite queries, so updating or invalidating the lists never meets a single page here.
   */
  firstScreen: (accountId: string, query: ListQuery) => [...imageKeys.all, 'first-screen', accountId, query] as const,
  signed: () => [...imageKeys.all, 'signed'] as const,
  signedUrl: (url: string) => [...imageKeys.signed(), url] as const,
};
