/**
 * The address bar's query string as React state. The URL is the dashboard's state (STYLE.md, TanStack Table's
 * query-router-search-params example): list-query parameters (`per_page`, `sort_order`, `creator`, `meta.*`),
 * plus `view` and `image`. Each feature reads and writes only its own parameters and keeps the others.
 */
import { useSyncExternalStore } from 'react';

const CHANGE_EVENT = 'cfie:searchchange';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  window.addEventListener(CHANGE_EVENT, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(CHANGE_EVENT, onChange);
  };
}

const getSnapshot = () => window.location.search;

export interface NavigateOptions {
  /** Replace the current history entry instead of pushing one (e.g. while typing). */
  replace?: boolean;
}

/** Updates the query string: `update` receives a copy of the current params and returns (or mutates) them. */
export function navigateSearch(
  update: (params: URLSearchParams) => URLSearchParams | void,
  options: NavigateOptions = {},
): void {
  const current = new URLSearchParams(window.location.search);
  const next = update(current) ?? current;
  const search = next.toString();
  if (search === window.location.search.replace(/^\?/, '')) return;
  const url = `${window.location.pathname}${search ? `?${search}` : ''}${window.location.hash}`;
  if (options.replace) window.history.replaceState(window.history.state, '', url);
  else window.history.pushState(window.history.state, '', url);
  window.dispatchEvent(new Event(CHANGE_EVENT));
}

/** `[params, navigate]`: the current query string, re-rendering on back/forward and on `navigate`. */
export function useSearchParams(): [URLSearchParams, typeof navigateSearch] {
  const search = useSyncExternalStore(subscribe, getSnapshot, () => '');
  const params = useMemoParams(search);
  // A module-level function: already stable, no useCallback needed.
  return [params, navigateSearch];
}

let lastSearch = '';
let lastParams = new URLSearchParams();
function useMemoParams(search: string): URLSearchParams {
  if (search !== lastSearch) {
    lastSearch = search;
    lastParams = new URLSearchParams(search);
  }
  return lastParams;
}
