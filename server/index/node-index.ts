/**
 * The account index on Node, chosen once from the configuration (docs/CONTRACT.md §8):
 * local mode searches the store itself; cloudflare mode keeps `DATA_DIR/index.sqlite` and walks the account in the
 * background, within half of the rate budget (batch API: docs/index.md).
 */
import { join } from 'node:path';
import type { AppConfig } from '../config';
import type { LocalImagesApiHandle } from '../local';
import { credentialHeaders } from '../proxy/batch-client';
import type { AccountIndexHandle } from './account-index';
import { IndexWalker, startWalkLoop } from './index-walker';
import { WindowGate, listPageSource } from './list-page-source';
import { LocalStoreIndex } from './local-store-index';
import { INDEX_FILE, openSqliteIndex } from './sqlite-index';

/** The walk's share when the batch API cannot be used: half of the default budget of 1000 per five minutes (§9). */
export const WALK_BUDGET = 500;

export function createNodeIndex(
  config: AppConfig,
  local: LocalImagesApiHandle | undefined,
  options: { log?: (line: string) => void; fetch?: typeof fetch } = {},
): AccountIndexHandle | undefined {
  if (!config.index.enabled) return undefined;
  if (config.mode === 'local') {
    if (!local) return undefined;
    return { index: new LocalStoreIndex(local.store), describe: 'index on (the local store)' };
  }
  const cloudflare = config.cloudflare;
  if (!cloudflare) return undefined;
  const opened = openSqliteIndex(config.local.dataDir);
  const source = listPageSource({
    listUrl: `${cloudflare.baseUrl}/accounts/${config.accountId}/images/v2`,
    headers: () => ({ ...credentialHeaders(cloudflare.auth), 'user-agent': `cf-images-explorer/${config.version}` }),
    fetch: options.fetch,
    timeoutMs: config.upstreamTimeoutMs,
  });
  const walker = new IndexWalker(opened.index, source, new WindowGate(WALK_BUDGET), { refreshMinutes: config.index.refreshMinutes });
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
