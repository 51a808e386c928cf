/**
 * The app's one rate budget and one batch client (docs/CONTRACT.md §9, §10), the record of recent writes the index
 * holds its older answers against (§8) and the delivery account hash (§3), built once per app in cloudflare mode and
 * shared by the list proxy, the §7 routes and the account index's walker. On Workers each isolate holds its own
 * (docs/workers.md).
 */
import type { AppConfig } from '../config';
import type { LogSink } from '../middleware/request-log';
import { RecentWrites } from '../index/recent-writes';
import { AccountHashStore } from './account-hash';
import { BatchClient } from './batch-client';
import { RateBudget, type Clock } from './rate-budget';

export interface UpstreamServices {
  budget: RateBudget;
  batch: BatchClient;
  /** Images the §7 answers recorded in the index lately: list answers and walk pages asked for before do not undo them. */
  recentWrites: RecentWrites;
  /** The delivery account hash, configured or learnt from list and details answers and the index's walk (§3, §5). */
  accountHash: AccountHashStore;
}

export function createUpstreamServices(
  config: AppConfig,
  options: { fetch?: typeof fetch; clock?: Clock; /** Tests only: a limit beyond RATE_BUDGET's range. */ limit?: number },
  log: LogSink,
): UpstreamServices | undefined {
  if (config.mode !== 'cloudflare') return undefined;
  const budget = new RateBudget({ limit: options.limit ?? config.writes.rateBudget, maxWaitMs: config.upstreamTimeoutMs, clock: options.clock });
  const batch = new BatchClient({ config, budget, fetch: options.fetch, clock: options.clock, log: (line) => log(line) });
  // Longer than any list answer or walk page can take (the upstream timeout ends them first).
  const recentWrites = new RecentWrites(Math.max(5 * 60_000, 2 * config.upstreamTimeoutMs));
  const accountHash = new AccountHashStore(config.cloudflare?.imagesAccountHash);
  return { budget, batch, recentWrites, accountHash };
}

/** `GET /api/rate-budget` (§9, §10). Local mode has no budget: `limit: null`, batch `off`. */
export function rateBudgetAnswer(config: AppConfig, services: UpstreamServices | undefined) {
  if (!services) {
    return {
      limit: null,
      windowSeconds: 300,
      used: 0,
      remaining: null,
      blockedUntil: null,
      batch: { state: 'off' as const, ratePerSecond: config.writes.batchRate, used: 0 },
    };
  }
  return { ...services.budget.snapshot(), batch: services.batch.snapshot() };
}
