/** What to do with the selection: copy every URL, export, clear. Shown beside the status line while any is selected. */
import type { CfImage } from '../../../contract/image';
import { plural } from '../../../lib/format';
import { useCopyActions } from '../hooks/use-copy-actions';
import { useSelection } from '../hooks/use-selection';
import { useImagesSlots } from './images-slots';

export function SelectionActions({ images, variant }: { images: readonly CfImage[]; variant: string }) {
  const selection = useSelection();
  const { copyImages, exportImages } = useCopyActions();
  const { selectionActions, statusActions } = useImagesSlots();
  if (selection.count === 0) return statusActions ?? null;
  const selectedImages = () => images.filter((image) => selection.selected.has(image.id));
  const exportAs = (format: 'csv' | 'json') => exportImages(selectedImages(), variant, format);
  return (
    <>
      <div className="selection-actions" role="group" aria-label="Selected images">
        <button type="button" className="button button--primary button--small" onClick={() => void copyImages(selectedImages(), variant)}>
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
