/**
 * The address bar's query string as React state. The URL is the dashboard's state (docs/dashboard.md, TanStack Table's
 * query-router-search-params example): list-query parameters (`per_page`, `sort_order`, `creator`, `meta.*`),
 * plus `view` and `image`. Each feature reads and writes only its own parameters and keeps the others.
 */
import { useSyncExternalStore } from 'react';
import { encodeQueryComponent } from '../contract/list-query';

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
  const before = readableSearch(new URLSearchParams(window.location.search));
  const current = new URLSearchParams(window.location.search);
  const search = readableSearch(update(current) ?? current);
  // Compared as parameters, not as text: a link pasted in another encoding is the same state.
  if (search === before) return;
  const url = `${window.location.pathname}${search ? `?${search}` : ''}${window.location.hash}`;
  if (options.replace) window.history.replaceState(window.history.state, '', url);
  else window.history.pushState(window.history.state, '', url);
  window.dispatchEvent(new Event(CHANGE_EVENT));
}

/**
 * A query string without `?` that a person can read and share: `meta.status[eq]=active&meta.tags[in]=a|b`, not
 * `meta.status%5Beq%5D=active` as `URLSearchParams.toString()` writes it. Only `[`, `]`, `:` and `|` stay literal
 * (the contract module's encoder, the one list requests use); `new URLSearchParams(readableSearch(p))` equals `p`.
 */
export function readableSearch(params: URLSearchParams): string {
  return [...params].map(([name, value]) => `${encodeQueryComponent(name)}=${encodeQueryComponent(value)}`).join('&');
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
