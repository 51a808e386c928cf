/** The search feature's public surface (docs/CONTRACT.md §8): the search box and the index's filters. */
export { SearchBox } from './components/search-box';
export { SearchFilters } from './components/search-filters';
