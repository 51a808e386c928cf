/**
 * The first screen's requests, started before the main bundle has downloaded: index.html loads this small module
 * ahead of the app (vite.config.ts `earlyEntry`). It reads the config the server folded into the page
 * (`/api/config` otherwise) and at once asks for the first page of the list the address bar asks for (and the first
 * screen's small page, lib/grid-query.ts `firstScreenQuery`): the very URLs the app will build, from the same modules
 * (grid-query.ts, list-url.ts). The app takes both answers over (src/lib/early-requests.ts) instead of asking again.
 * Without this the list request waited for the 300 kB bundle to run (~500 ms), and with the config asked for, a
 * round trip more.
 */
import { listImagesUrl } from './features/images/api/list-url';
import { firstScreenQuery, gridQueryFrom } from './features/images/lib/grid-query';
import type { ListQuery } from './contract/list-query';
import { needsIndex } from './contract/search-query';
import { putEarlyRequest, type EarlyRequest } from './lib/early-requests';
import { CONFIG_ELEMENT_ID, CONFIG_URL } from './lib/config-url';

const asJson = { headers: { accept: 'application/json' } };

interface ListRequests {
  firstScreen: EarlyRequest | null;
  list: EarlyRequest;
}

/** Both list requests for this account, or none (no account, an address the app will refuse, or a search). */
function startLists(accountId: unknown): ListRequests | null {
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
}

function putLists(lists: Promise<ListRequests | null>): void {
  putEarlyRequest('first-screen', lists.then((requests) => requests?.firstScreen ?? null));
  putEarlyRequest('list', lists.then((requests) => requests?.list ?? null));
}

function start(): void {
  // The config as the server folded it into the page (server/lib/page-config.ts): the list requests start now, in
  // this task. Only the account id is read here; the app validates the whole config when it takes it over.
  const block = document.getElementById(CONFIG_ELEMENT_ID)?.textContent;
  if (block) {
    const answer = new Response(block, { status: 200, headers: { 'content-type': 'application/json' } });
    putEarlyRequest('config', Promise.resolve({ url: CONFIG_URL, response: Promise.resolve(answer) }));
    let accountId: unknown;
    try {
      accountId = (JSON.parse(block) as { accountId?: unknown } | null)?.accountId;
    } catch {
      // The app reports a config it cannot read.
    }
    putLists(Promise.resolve(startLists(accountId)));
    return;
  }
  // Without the block (the Vite dev server's page): asked for, and the list requests the moment it answers.
  const config = fetch(CONFIG_URL, asJson);
  putEarlyRequest('config', Promise.resolve({ url: CONFIG_URL, response: config }));
  putLists(
    config.then(async (response) => {
      if (!response.ok) return null;
      const body = (await response.clone().json()) as { accountId?: unknown } | null;
      return startLists(body?.accountId);
    }),
  );
}

start();
