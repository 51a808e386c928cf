/** What to do with the selection: copy every URL, export, clear. Shown beside the status line while any is selected. */
import type { CfImage } from '../../../contract/image';
import { plural } from '../../../lib/format';
import { useCopyActions } from '../hooks/use-copy-actions';
import { sizeFromText } from '../hooks/use-delivery';
import { usePreferences } from '../hooks/use-preferences';
import { useSelection } from '../hooks/use-selection';
import { useImagesSlots } from './images-slots';

export interface SelectionActionsProps {
  images: readonly CfImage[];
  /** The preview variant: the size copied when no copy size is chosen. */
  variant: string;
  variants: readonly string[];
}

export function SelectionActions({ images, variant, variants }: SelectionActionsProps) {
  const selection = useSelection();
  const { copyImages, exportImages, ctx } = useCopyActions(variants);
  const { selectionActions, statusActions } = useImagesSlots();
  const { copySize } = usePreferences();
  const size = sizeFromText(copySize, ctx) ?? { variant };
  if (selection.count === 0) return statusActions ?? null;
  const selectedImages = () => images.filter((image) => selection.isSelected(image.id));
  const exportAs = (format: 'csv' | 'json') => exportImages(selectedImages(), size, format);
  return (
    <>
      <div className="selection-actions" role="group" aria-label="Selected images">
        <button type="button" className="button button--primary button--small" onClick={() => void copyImages(selectedImages(), size)}>
          Copy {plural(selection.count, 'URL')}
        </button>
        <button type="button" className="button button--small" onClick={() => void exportAs('csv')}>
          Export CSV
        </button>
        <button type="button" className="button button--small" onClick={() => void exportAs('json')}>
          Export JSON
        </button>
        {selectionActions}
        <button type="button" className="button button--quiet button--small" onClick={selection.clear}>
          Clear selection
        </button>
      </div>
      {statusActions}
    </>
  );
}
