/**
 * `GET /api/config`: what the dashboard needs to start (server/app.ts `PublicConfig`). Shared by the shell and
 * every feature, hence in src/lib.
 */
import { queryOptions, useSuspenseQuery } from '@tanstack/react-query';
import { z } from 'zod/mini';
import { fetchJson } from './api-client';
import { CONFIG_URL } from './config-url';
import { takeEarlyResponse } from './early-requests';

export const publicConfigSchema = z.object({
  mode: z.enum(['local', 'cloudflare']),
  accountId: z.string().check(z.minLength(1)),
  accountHash: z.nullable(z.string()),
  variants: z.array(z.string()),
  signing: z.boolean(),
  version: z.string(),
  /** Whether the server accepts writes (docs/CONTRACT.md §7); absent from servers older than that section. */
  writes: z.optional(z.boolean()),
});
export type PublicConfig = z.infer<typeof publicConfigSchema>;

export function getConfig(): Promise<PublicConfig> {
  // Already on its way when src/early.ts ran (index.html also preloads it).
  return fetchJson(CONFIG_URL, publicConfigSchema, { early: takeEarlyResponse('config', CONFIG_URL) });
}

export const configQueryOptions = () =>
  queryOptions({ queryKey: ['config'], queryFn: getConfig, staleTime: Infinity, retry: 1 });

/** The server's public config; suspends until loaded (the shell shows a skeleton meanwhile). */
export function useConfig(): PublicConfig {
  return useSuspenseQuery(configQueryOptions()).data;
}

/** Whether upload, edit and delete are offered: what `/api/config` says, else (an older server) local mode only. */
export function canWrite(config: PublicConfig): boolean {
  return config.writes ?? config.mode === 'local';
}
