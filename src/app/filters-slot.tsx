/**
 * The filter panel in the layout's slot: the filters feature, given the loaded images (Field suggestions) and the
 * grid's page size (what a link without `per_page` means). The panel's code loads after the first screen.
 */
import { Suspense, useMemo } from 'react';
import { FilterPanel } from '../features/filters';
import { GRID_PAGE_SIZE, useGridImages } from '../features/images';

const SUGGESTION_SAMPLE = 500;

export function FiltersSlot() {
  const { images } = useGridImages();
  // Suggestions come from a sample: walking every loaded image's metadata on each new page is O(n) per page, and
  // with 10,000 loaded it showed up as long tasks while scrolling (bench/ui.bench.ts). The first page is enough.
  const sampleSource = images.length >= SUGGESTION_SAMPLE ? images[SUGGESTION_SAMPLE - 1] : images.length;
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const sample = useMemo(() => images.slice(0, SUGGESTION_SAMPLE), [sampleSource]);
  return (
    <Suspense fallback={<p className="muted">Loading filters…</p>}>
      <FilterPanel images={sample} defaultPerPage={GRID_PAGE_SIZE} />
    </Suspense>
  );
}
