/**
 * The first screen's requests, started before the main bundle has downloaded: index.html loads this small module
 * ahead of the app (vite.config.ts `earlyEntry`). It asks for `/api/config` (index.html also preloads it) and, the
 * moment that answers, for the first page of the list the address bar asks for (and the first screen's small page,
 * lib/grid-query.ts `firstScreenQuery`): the very URLs the app will build,
 * from the same modules (grid-query.ts, list-url.ts). The app takes both answers over (src/lib/early-requests.ts)
 * instead of asking again. Without this the list request waited for the 300 kB bundle to run (~500 ms).
 */
import { listImagesUrl } from './features/images/api/list-url';
import { firstScreenQuery, gridQueryFrom } from './features/images/lib/grid-query';
import type { ListQuery } from './contract/list-query';
import { needsIndex } from './contract/search-query';
import { putEarlyRequest, type EarlyRequest } from './lib/early-requests';
import { CONFIG_URL } from './lib/config-url';

const asJson = { headers: { accept: 'application/json' } };

const config = fetch(CONFIG_URL, asJson);
putEarlyRequest('config', Promise.resolve({ url: CONFIG_URL, response: config }));
/** Both list requests, started the moment the config names the account. */
const lists = config.then(async (response) => {
  if (!response.ok) return null;
  // Only the account id is read here; the app validates the whole answer when it takes it over.
  const body = (await response.clone().json()) as { accountId?: unknown } | null;
  const accountId = body?.accountId;
  const parsed = gridQueryFrom(new URLSearchParams(window.location.search));
  // A search (`q`, upload dates, `private`) is the account index's to answer (docs/CONTRACT.md §8): a list v2 request
  // here would be one the app never takes over, spending the rate budget on nothing.
  if (typeof accountId !== 'string' || accountId === '' || !parsed.ok || needsIndex(parsed.query)) return null;
  const start = (query: ListQuery): EarlyRequest => {
    const url = listImagesUrl(accountId, query, null);
    return { url, response: fetch(url, asJson) };
  };
  // The first screen's small page first (when the walk's pages are large), then the walk's first page.
  const first = firstScreenQuery(parsed.query);
  return { firstScreen: first ? start(first) : null, list: start(parsed.query) };
});
putEarlyRequest('first-screen', lists.then((requests) => requests?.firstScreen ?? null));
putEarlyRequest('list', lists.then((requests) => requests?.list ?? null));
