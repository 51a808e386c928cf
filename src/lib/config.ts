/**
 * `GET /api/config`: what the dashboard needs to start (server/app.ts `publicConfig`). Shared by the shell and
 * every feature, hence in src/lib.
 */
import { queryOptions, useSuspenseQuery } from '@tanstack/react-query';
import { callRoute, type ConfigAnswer } from './api-client';
import { CONFIG_URL } from './config-url';
import { takeEarlyResponse } from './early-requests';

/** The answer's shape is the server route's own (server/app.ts `publicConfig`), through the typed client's types. */
export type PublicConfig = ConfigAnswer;

export function getConfig(): Promise<PublicConfig> {
  // Already on its way when src/early.ts ran (index.html also preloads it).
  const early = takeEarlyResponse('config', CONFIG_URL);
  return callRoute(CONFIG_URL, { early });
}

export const configQueryOptions = () =>
  queryOptions({ queryKey: ['config'], queryFn: getConfig, staleTime: Infinity, retry: 1 });

/** The server's public config; suspends until loaded (the shell shows a skeleton meanwhile). */
export function useConfig(): PublicConfig {
  return useSuspenseQuery(configQueryOptions()).data;
}

/** Whether upload, edit and delete are offered: what `/api/config` says. */
export function canWrite(config: PublicConfig): boolean {
  return config.writes;
}
