import type { RefObject } from 'react';
import type { CfImage } from '../../../contract/image';

/** What both views of the loaded images (grid and table) take from `images-view.tsx`. */
export interface ImageViewProps {
  images: readonly CfImage[];
  hasMore: boolean;
  isLoading: boolean;
  /** False while a page loads or after a page failed (the banner's Retry takes over). */
  canLoadMore: boolean;
  loadMore: () => void;
  /** Loaded images still ahead of the last one rendered when the next page is asked for (`prefetchImages`). */
  prefetch: number;
  previewVariant: string;
  variants: readonly string[];
  /** "thumbnail · 320×320 cover" per variant name, where the size is known (docs/CONTRACT.md §11). */
  variantLabels?: ReadonlyMap<string, string>;
  onOpen: (image: CfImage) => void;
  onCopy: (image: CfImage, variant: string) => void;
  /**
   * Where the view puts its "focus this image" (scrolled into view; `false` when it is not loaded), for the detail
   * panel to give focus back to the image last shown.
   */
  focusImageRef?: RefObject<((id: string) => boolean) | null>;
}
