import type { ReactNode } from 'react';
import { SelectionProvider } from '../hooks/use-selection';

/** State shared by the views of the images feature (the selection). Wrap the toolbar and the view in it. */
export function ImagesProvider({ children }: { children: ReactNode }) {
  return <SelectionProvider>{children}</SelectionProvider>;
}
