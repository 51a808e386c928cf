/**
 * Search-as-you-type history: the first change of a typing pushes one entry, so Back returns to what was shown before
 * it; later changes replace that entry. The typing ends with `end()` (blur, Enter) or once the address bar is no longer
 * what it wrote (Back, a link, another filter).
 */
import { useCallback, useRef } from 'react';
import { navigateSearch } from '../../../lib/use-search-params';

export function useTypingEntry() {
  /** The query string this typing last wrote, or `null` before its first change. */
  const written = useRef<string | null>(null);
  const write = useCallback((update: (params: URLSearchParams) => URLSearchParams | void) => {
    const before = window.location.search;
    navigateSearch(update, { replace: written.current === before });
    if (window.location.search !== before) written.current = window.location.search;
  }, []);
  const end = useCallback(() => {
    written.current = null;
  }, []);
  return { write, end };
}
