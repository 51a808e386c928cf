/**
 * The filters feature's public surface. The panel is loaded on demand: react-hook-form, zod and the builder stay
 * out of the first screen's script.
 */
import { lazy } from 'react';

export const FilterPanel = lazy(() => import('./components/filter-panel'));
export type { FilterPanelProps } from './components/filter-panel';
/** "Facets" (docs/CONTRACT.md §8): loaded on demand like the panel. */
export const FacetsPanel = lazy(() => import('./components/facets-panel'));
export type { FacetsPanelProps } from './components/facets-panel';
