import type { ReactNode } from 'react';
import { SelectionProvider } from '../hooks/use-selection';
import { ImagesSlotsContext, type ImagesSlots } from './images-slots';

const NO_SLOTS: ImagesSlots = {};

/**
 * State shared by the views of the images feature (the selection), and the slots the app shell fills with other
 * features' controls. Wrap the toolbar and the view in it.
 */
export function ImagesProvider({ slots = NO_SLOTS, children }: { slots?: ImagesSlots; children: ReactNode }) {
  return (
    <ImagesSlotsContext value={slots}>
      <SelectionProvider>{children}</SelectionProvider>
    </ImagesSlotsContext>
  );
}
