/**
 * The filters panel: the builder, the request it sends and the saved views, all bound to the address bar. Applying
 * pushes a history entry (so Back undoes it); a malformed link opens in the builder as written, each mistake
 * beside its control. Loaded lazily (react-hook-form and zod stay out of the first screen's script).
 */
import { memo, useCallback, useMemo } from 'react';
import { encodeQueryComponent, LIMITS, type ListQuery } from '../../../contract/list-query';
import { parseSearchQuery, SEARCH_PARAMS } from '../../../contract/search-query';
import { useSearchParams } from '../../../lib/use-search-params';
import { useMetadataKeys } from '../hooks/use-metadata-keys';
import { searchToFormValues } from '../lib/form-values';
import { isListQueryParam, readListQuery, writeListQuery } from '../lib/url-state';
import { FilterBuilder } from './filter-builder';
import { RequestPreview, type IndexAnswer } from './request-preview';
import { SavedViewsPanel } from './saved-views-panel';
import './filters.css';

export interface FilterPanelProps {
  /**
   * The loaded images: their metadata keys are suggested in "Field". Collected page by page as the list grows
   * (`useMetadataKeys`): each image is walked once, not every loaded image on every page.
   */
  images: readonly { meta: unknown }[];
  /** The page size the results use when the link has no `per_page` (default: the API's). */
  defaultPerPage?: number;
  /** Set when the results come from the account index (`q`, upload dates, `private`): the preview says so. */
  indexAnswer?: IndexAnswer;
}

/** Memoized: it re-renders for its own props and the address bar, not whenever the page around it does. */
export default memo(function FilterPanel({ images, defaultPerPage = LIMITS.perPageDefault, indexAnswer }: FilterPanelProps) {
  const metadataKeys = useMetadataKeys(images);
  const [params, navigate] = useSearchParams();
  // Only the list query matters here: opening an image or switching view must not reset an edit in progress.
  // Re-encoded with the contract's encoder, so that a value holding `&`, `+`, `=` or `%` reads back as it was.
  const listKey = useMemo(
    () =>
      [...params]
        .filter(([name]) => isListQueryParam(name))
        .map(([name, value]) => `${encodeQueryComponent(name)}=${encodeQueryComponent(value)}`)
        .join('&'),
    [params],
  );

  const { sent, formValues, ok } = useMemo(() => {
    const own = new URLSearchParams(listKey);
    const read = readListQuery(own);
    const values = searchToFormValues(own);
    if (!own.has('per_page')) values.perPage = String(defaultPerPage);
    const query = read.ok ? { ...read.query, perPage: own.has('per_page') ? read.query.perPage : defaultPerPage } : null;
    return { sent: query, formValues: values, ok: read.ok };
  }, [listKey, defaultPerPage]);

  // The index's parameters (`q`, upload dates, `private`) are the search box's and SearchFilters' to edit; a saved view
  // keeps them too, since they select images as much as the filters do.
  const searchKey = useMemo(
    () =>
      SEARCH_PARAMS.filter((name) => params.has(name))
        .map((name) => `${encodeQueryComponent(name)}=${encodeQueryComponent(params.get(name) ?? '')}`)
        .join('&'),
    [params],
  );
  const viewQuery = useMemo(() => {
    const read = parseSearchQuery(searchKey);
    if (!sent || !read.ok) return null;
    const { q, uploadedGte, uploadedLt, private: priv } = read.query;
    return { ...sent, q, uploadedGte, uploadedLt, private: priv };
  }, [sent, searchKey]);

  const apply = useCallback(
    (query: Omit<ListQuery, 'continuationToken'>) => navigate((p) => writeListQuery(p, query, { defaultPerPage })),
    [navigate, defaultPerPage],
  );
  // A view is the whole query it was saved with: its index parameters replace the current ones, absent ones too.
  const open = useCallback(
    (queryString: string) => {
      const stored = new URLSearchParams(queryString);
      const read = readListQuery(stored);
      if (!read.ok) return;
      const own = [...stored].filter(([name]) => (SEARCH_PARAMS as readonly string[]).includes(name));
      navigate((p) => {
        const rest = [...writeListQuery(p, read.query, { defaultPerPage })].filter(([name]) => !(SEARCH_PARAMS as readonly string[]).includes(name));
        return new URLSearchParams([...own, ...rest]);
      });
    },
    [navigate, defaultPerPage],
  );

  return (
    <div className="fb-panel">
      <h2 className="fb-panel__title">Filters</h2>
      <FilterBuilder
        defaultValues={formValues}
        resetKey={listKey}
        images={images}
        metadataKeys={metadataKeys}
        onApply={apply}
        validateOnMount={!ok}
      />
      {sent ? <RequestPreview query={sent} indexAnswer={indexAnswer} /> : null}
      <SavedViewsPanel current={viewQuery} onOpen={open} />
    </div>
  );
});
