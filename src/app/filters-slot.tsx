/**
 * The filter panel in the layout's slot: the filters feature, given the loaded images (Field suggestions) and the
 * grid's page size (what a link without `per_page` means). The panel's code loads after the first screen.
 */
import { Suspense } from 'react';
import { FilterPanel } from '../features/filters';
import { GRID_PAGE_SIZE, useGridImages } from '../features/images';

export function FiltersSlot() {
  const { images } = useGridImages();
  return (
    <Suspense fallback={<p className="muted">Loading filters…</p>}>
      <FilterPanel images={images} defaultPerPage={GRID_PAGE_SIZE} />
    </Suspense>
  );
}
