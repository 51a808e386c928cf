/** What to do with the selection: copy every URL, export, clear. Shown beside the status line while any is selected. */
import { useState } from 'react';
import { useToast } from '../../../components/ui/toast';
import type { CfImage } from '../../../contract/image';
import type { SearchQuery } from '../../../contract/search-query';
import { useConfig } from '../../../lib/config';
import { plural } from '../../../lib/format';
import { fetchSelectedImages } from '../api/selected-images';
import { useCopyActions } from '../hooks/use-copy-actions';
import { sizeFromText } from '../hooks/use-delivery';
import { usePreferences } from '../hooks/use-preferences';
import { useSelection } from '../hooks/use-selection';
import { useImagesSlots } from './images-slots';

export interface SelectionActionsProps {
  images: readonly CfImage[];
  /** The query shown: where the selected images not loaded are read from. */
  query: SearchQuery | null;
  /** The preview variant: the size copied when no copy size is chosen. */
  variant: string;
  variants: readonly string[];
}

export function SelectionActions({ images, query, variant, variants }: SelectionActionsProps) {
  const selection = useSelection();
  const { accountId } = useConfig();
  const notify = useToast();
  const { copyImages, exportImages, ctx } = useCopyActions(variants);
  const { selectionActions, statusActions } = useImagesSlots();
  const { copySize } = usePreferences();
  const [reading, setReading] = useState(false);
  const size = sizeFromText(copySize, ctx) ?? { variant };
  if (selection.count === 0) return statusActions ?? null;

  /** Every selected image: the loaded ones at once; with some not loaded ("Select all matching"), read them too. */
  const selectedImages = async (): Promise<CfImage[] | null> => {
    const loaded = images.filter((image) => selection.isSelected(image.id));
    if (loaded.length >= selection.count || !query) return loaded;
    setReading(true);
    try {
      return await fetchSelectedImages(accountId, query, new Set(selection.ids()));
    } catch (error) {
      notify(`Could not read the ${plural(selection.count - loaded.length, 'selected image')} not loaded: ${error instanceof Error ? error.message : String(error)}`, 'error');
      return null;
    } finally {
      setReading(false);
    }
  };
  // Not `disabled` while reading: the button clicked keeps the focus (a disabled one would drop it to the page).
  const act = async (run: (images: CfImage[]) => Promise<unknown>) => {
    if (reading) return;
    const selected = await selectedImages();
    if (selected) await run(selected);
  };
  return (
    <>
      <div className="selection-actions" role="group" aria-label="Selected images" aria-busy={reading || undefined}>
        <button type="button" className="button button--primary button--small" aria-disabled={reading || undefined} onClick={() => void act((all) => copyImages(all, size))}>
          Copy {plural(selection.count, 'URL')}
        </button>
        <button type="button" className="button button--small" aria-disabled={reading || undefined} onClick={() => void act((all) => exportImages(all, size, 'csv'))}>
          Export CSV
        </button>
        <button type="button" className="button button--small" aria-disabled={reading || undefined} onClick={() => void act((all) => exportImages(all, size, 'json'))}>
          Export JSON
        </button>
        {reading ? (
          <span className="walking" role="status">
            Reading the selected images not loaded…
          </span>
        ) : null}
        {selectionActions}
        <button type="button" className="button button--quiet button--small" onClick={selection.clear}>
          Clear selection
        </button>
      </div>
      {statusActions}
    </>
  );
}
