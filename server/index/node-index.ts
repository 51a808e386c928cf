/**
 * The account index on Node, chosen once from the configuration (docs/CONTRACT.md §8):
 * local mode searches the store itself; cloudflare mode keeps `DATA_DIR/index.sqlite` and walks the account in the
 * background through the app's batch client, or within half of the app's one rate budget when the batch host is
 * unavailable (list-page-source.ts, docs/index.md).
 */
import { join, resolve } from 'node:path';
import type { AppConfig } from '../config';
import type { LocalImagesApiHandle } from '../local';
import type { UpstreamServices } from '../proxy/upstream-services';
import type { AccountIndexHandle } from './account-index';
import { IndexWalker, startWalkLoop } from './index-walker';
import { batchPageSource } from './list-page-source';
import { LocalStoreIndex } from './local-store-index';
import { INDEX_FILE, openSqliteIndex } from './sqlite-index';

export function createNodeIndex(
  config: AppConfig,
  local: LocalImagesApiHandle | undefined,
  /** `upstream`: the app's own rate budget and batch client (cloudflare mode), the ones `createApp` is given. */
  options: { log?: (line: string) => void; upstream?: UpstreamServices } = {},
): AccountIndexHandle | undefined {
  if (!config.index.enabled) return undefined;
  if (config.mode === 'local') {
    if (!local) return undefined;
    return { index: new LocalStoreIndex(local.store), describe: 'index on (the local store)' };
  }
  if (!config.cloudflare || !options.upstream) return undefined;
  // The folder is this server's, as in local mode: two servers on one index would spend two budgets (§9).
  const opened = openSqliteIndex(resolve(config.local.dataDir), { lock: true });
  const source = batchPageSource(options.upstream.batch, config.upstreamTimeoutMs);
  const walker = new IndexWalker(opened.index, source, { refreshMinutes: config.index.refreshMinutes, recentWrites: options.upstream.recentWrites, accountHash: options.upstream.accountHash });
  const loop = startWalkLoop(walker, opened.index, { log: options.log });
  return {
    index: opened.index,
    describe: `index on (${join(config.local.dataDir, INDEX_FILE)}, walked every ${config.index.refreshMinutes} min)`,
    close: () => {
      loop.stop();
      void loop.done.finally(opened.close);
    },
  };
}
