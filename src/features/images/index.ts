/**
 * The images feature's public surface. The app shell composes these; the table view (image-table*.tsx, same
 * feature) reuses the data hook, the selection and the copy actions. See docs/dashboard.md "For contributors".
 */
export { ImagesProvider } from './components/images-provider';
export type { ImagesSlots } from './components/images-slots';
export { ImagesToolbar } from './components/images-toolbar';
export { ImagesView } from './components/images-view';
export { ImagePreview } from './components/image-preview';
export { RelativeTime } from './components/relative-time';
export { useImages, useFirstScreen, getImagesPage, imagesQueryOptions, firstScreenQueryOptions } from './api/get-images';
export { imageKeys } from './api/image-keys';
export { matchingPageUrl } from './api/search-images';
export { signUrls, useSignedPreview } from './api/sign-urls';
export { useGridImages, useImagesWorkspace, useVariants } from './hooks/use-grid-images';
export { useSelection, type Selection } from './hooks/use-selection';
export { useCopyActions } from './hooks/use-copy-actions';
export { usePreferences, setPreferences } from './hooks/use-preferences';
export { variantUrl, COPY_FORMATS, type CopyFormat } from './lib/copy-formats';
export { gridQueryFrom, firstScreenQuery, GRID_PAGE_SIZE, FIRST_SCREEN_PAGE_SIZE } from './lib/grid-query';
export { loadedImages, positionOf, idsOf, type LoadedImages } from './lib/loaded-images';
