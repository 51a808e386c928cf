/**
 * Places where the app shell puts other features' controls into the images views (features never import each
 * other): beside the status line and the selection's actions, and in the detail panel for the image it shows.
 */
import { createContext, useContext, type ReactNode } from 'react';
import type { CfImage } from '../../../contract/image';

export interface ImagesSlots {
  /** Beside the status line, always (e.g. "Select all matching"). */
  statusActions?: ReactNode;
  /** More actions on the selection, shown with Copy / Export while any image is selected. */
  selectionActions?: ReactNode;
  /**
   * Actions on the image the detail panel shows; `neighbour` is the loaded image the panel moves on to when this one
   * is gone (the next, or the previous for the last), `null` when there is none.
   */
  detailActions?: (image: CfImage, neighbour: string | null) => ReactNode;
}

export const ImagesSlotsContext = createContext<ImagesSlots>({});

export function useImagesSlots(): ImagesSlots {
  return useContext(ImagesSlotsContext);
}
