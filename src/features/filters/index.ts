/**
 * The filters feature's public surface. The panel is loaded on demand: react-hook-form, zod and the builder stay
 * out of the first screen's script.
 */
import { lazy } from 'react';

export const FilterPanel = lazy(() => import('./components/filter-panel'));
export type { FilterPanelProps } from './components/filter-panel';
