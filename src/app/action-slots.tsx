/**
 * The actions feature put into the images views (features never import each other; the shell composes them):
 * bulk buttons beside the selection, "Select all matching" beside the status line, edit/download/delete in the detail panel,
 * upload by button or by dropping files on the results. After any write the lists and the count are refreshed.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, type ReactNode } from 'react';
import { OnDemand } from '../components/ui/on-demand';
import type { CfImage } from '../contract/image';
import {
  actionKeys,
  BulkActions,
  BulkJobProvider,
  ImageActions,
  SelectAllMatching,
  UploadButton,
  UploadDialog,
  UploadDropZone,
  UploadsProvider,
  useDeletedByJob,
} from '../features/actions';
import { imageKeys, matchingPageUrl, useGridImages, useSelection, type ImagesSlots } from '../features/images';
import { useConfig } from '../lib/config';
import { navigateSearch } from '../lib/use-search-params';

/** Pages of 1,000 (the API's maximum) when walking every matching image. */
const WALK_PAGE_SIZE = 1000;

/** Refreshes what a write may have changed: every loaded list, the image count. */
export function useRefreshAfterWrite(): () => void {
  const queryClient = useQueryClient();
  return useCallback(() => {
    void queryClient.invalidateQueries({ queryKey: imageKeys.lists() });
    void queryClient.invalidateQueries({ queryKey: actionKeys.all });
  }, [queryClient]);
}

/** The results region (src/features/images/components/images-view.tsx, the skip link's target). */
const resultsElement = () => document.getElementById('images');

export function ActionProviders({ children }: { children: ReactNode }) {
  const { accountId } = useConfig();
  const refresh = useRefreshAfterWrite();
  return (
    <BulkJobProvider accountId={accountId} onChanged={refresh}>
      <UploadsProvider accountId={accountId} onUploaded={refresh}>
        {children}
        <UploadDialog returnFocus={resultsElement} />
      </UploadsProvider>
    </BulkJobProvider>
  );
}

/** The images views' slots filled with the actions feature. */
export function useActionSlots(): ImagesSlots {
  return useMemo(
    () => ({
      statusActions: <SelectAllMatchingSlot />,
      selectionActions: <SelectionBulkActions />,
      detailActions: (image: CfImage, neighbour: string | null) => <DetailActions image={image} neighbour={neighbour} />,
    }),
    [],
  );
}

function SelectionBulkActions() {
  const { count, ids, remove } = useSelection();
  // What a delete job has deleted leaves the selection as it goes.
  const deleted = useDeletedByJob();
  useEffect(() => {
    if (deleted.length > 0) remove(deleted);
  }, [deleted, remove]);
  return <BulkActions count={count} ids={ids} />;
}

function DetailActions({ image, neighbour }: { image: CfImage; neighbour: string | null }) {
  const { accountId } = useConfig();
  const refresh = useRefreshAfterWrite();
  return (
    <OnDemand what="The image's actions">
      <ImageActions
        accountId={accountId}
        image={image}
        onChanged={(newId) => {
          refresh();
          if (newId) navigateSearch((params) => void params.set('image', newId), { replace: true });
        }}
        onDeleted={() => {
          refresh();
          // The panel moves on to the next image, as media libraries do; it closes after the last one.
          navigateSearch((params) => void (neighbour ? params.set('image', neighbour) : params.delete('image')), { replace: neighbour !== null });
        }}
      />
    </OnDemand>
  );
}

function SelectAllMatchingSlot() {
  const { config, query, images, result } = useGridImages();
  const { selectAll } = useSelection();
  const pageUrl = useMemo(
    // The grid's own question (list v2 or the index, search included), in pages of 1,000.
    () => (query ? (token: string | null) => matchingPageUrl(config.accountId, { ...query, perPage: WALK_PAGE_SIZE }, token) : null),
    [config.accountId, query],
  );
  // Nothing matches (or nothing is in yet): nothing to select.
  if (images.length === 0 && !result.hasNextPage) return null;
  return <SelectAllMatching pageUrl={pageUrl} onSelect={selectAll} />;
}

export { UploadButton, UploadDropZone };
