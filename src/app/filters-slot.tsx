/**
 * The filter panel in the layout's slot: the filters feature, given the loaded images (Field suggestions; the panel
 * walks each new page once) and the grid's page size (what a link without `per_page` means).
 *
 * The panel's code (react-hook-form, zod, the builder) is fetched once the page is first idle: evaluating and
 * rendering it while the first grid renders delayed the first thumbnails (bench/ui.bench.ts). A few hundred ms
 * later it is there; "Loading filters…" until then. The facets panel (docs/CONTRACT.md §8) follows the same way,
 * below the index's own filters.
 */
import { useEffect, useMemo, useState } from 'react';
import { OnDemand } from '../components/ui/on-demand';
import { needsIndex, serializeSearchQuery } from '../contract/search-query';
import { FacetsPanel, FilterPanel } from '../features/filters';
import { GRID_PAGE_SIZE, useGridImages } from '../features/images';
import { SearchFilters } from '../features/search';

export function FiltersSlot() {
  const { images, query, result } = useGridImages();
  const idle = useFirstIdle();
  const first = result.data?.pages[0];
  // The account index answers this query (docs/CONTRACT.md §8): the request preview says so instead of offering cURL.
  const indexAnswer = useMemo(
    () =>
      query && needsIndex(query)
        ? { search: serializeSearchQuery({ ...query, continuationToken: undefined }), total: first?.total, index: first?.index }
        : undefined,
    [query, first],
  );
  const loading = <p className="muted">Loading filters…</p>;
  return (
    <>
      {idle ? (
        <OnDemand what="The filter panel" inline fallback={loading}>
          <FilterPanel images={images} defaultPerPage={GRID_PAGE_SIZE} indexAnswer={indexAnswer} />
        </OnDemand>
      ) : (
        loading
      )}
      <SearchFilters />
      {idle ? (
        <OnDemand what="The facets">
          <FacetsPanel defaultPerPage={GRID_PAGE_SIZE} />
        </OnDemand>
      ) : null}
    </>
  );
}

/** False until the main thread first has nothing to do (at most a second), then true. */
function useFirstIdle(): boolean {
  const [idle, setIdle] = useState(false);
  useEffect(() => {
    if (typeof window.requestIdleCallback !== 'function') {
      const timer = setTimeout(() => setIdle(true), 200);
      return () => clearTimeout(timer);
    }
    const handle = window.requestIdleCallback(() => setIdle(true), { timeout: 1000 });
    return () => window.cancelIdleCallback(handle);
  }, []);
  return idle;
}
