/** "Select all matching": walks every page the filters match and selects those images (not only the loaded ones). */
import { useRef, useState } from 'react';
import { useToast } from '../../../components/ui/toast';
import { plural } from '../../../lib/format';

export interface SelectAllMatchingProps {
  /** The list URL of one page of the current filters; null while the filters are invalid. */
  pageUrl: ((continuationToken: string | null) => string) | null;
  onSelect: (ids: string[]) => void;
}

export function SelectAllMatching({ pageUrl, onSelect }: SelectAllMatchingProps) {
  const notify = useToast();
  const [found, setFound] = useState<number | null>(null);
  const abort = useRef<AbortController | null>(null);
  const walking = found !== null;

  const walk = async () => {
    if (!pageUrl) return;
    const controller = new AbortController();
    abort.current = controller;
    setFound(0);
    try {
      // Fetched with the first click: the walk's code is not part of the first screen.
      const { walkMatchingIds } = await import('../api/walk-matching');
      const { ids, partial } = await walkMatchingIds(pageUrl, setFound, controller.signal);
      onSelect(ids);
      notify(
        partial
          ? `Selected ${plural(ids.length, 'matching image')} the index knows of: it is still reading the account, so more may match`
          : `Selected ${plural(ids.length, 'matching image')}`,
        partial ? 'info' : 'success',
      );
    } catch (error) {
      if (!controller.signal.aborted) notify(`Could not select all: ${error instanceof Error ? error.message : String(error)}`, 'error');
    } finally {
      setFound(null);
      abort.current = null;
    }
  };

  return walking ? (
    <span className="walking" role="status">
      Selecting… {plural(found, 'image')} found
      <button type="button" className="button button--quiet button--small" onClick={() => abort.current?.abort()}>
        Stop
      </button>
    </span>
  ) : (
    <button type="button" className="button button--quiet" disabled={!pageUrl} onClick={() => void walk()}>
      Select all matching
    </button>
  );
}
