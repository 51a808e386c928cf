/**
 * The results area: errors, the status line, the grid (or the table view, `view=table`), and the detail panel
 * for `?image=<id>`.
 */
import { lazy, useCallback, useMemo, useRef } from 'react';
import { OnDemand } from '../../../components/ui/on-demand';
import type { CfImage } from '../../../contract/image';
import { needsIndex, serializeSearchQuery } from '../../../contract/search-query';
import { variantLabel } from '../../../contract/variants';
import { useSearchParams } from '../../../lib/use-search-params';
import { useCopyActions } from '../hooks/use-copy-actions';
import { useImagesWorkspace } from '../hooks/use-grid-images';
import { prefetchImages } from '../lib/grid-query';
import { useEscapeClearsSelection } from '../hooks/use-escape-clears-selection';
import { useSelectionFollowsQuery } from '../hooks/use-selection-follows-query';
import { useSelection } from '../hooks/use-selection';
import { EmptyState } from './empty-state';
import { ImageGrid } from './image-grid';
import type { ImageViewProps } from './image-view-props';
import { ImagesErrorBanner, useUnreachableInARow } from './images-error-banner';
import { InvalidLinkBanner } from './invalid-link-banner';
import { SelectionActions } from './selection-actions';
import { StatusLine } from './status-line';
import { viewFrom } from '../../../lib/view-param';

const ImageDetailDialog = lazy(() => import('./image-detail-dialog'));
const ImageTable = lazy(() => import('./image-table'));

export function ImagesView() {
  const workspace = useImagesWorkspace();
  const { parsed, query, result, images, ids, variants, previewVariant } = workspace;
  const [params, navigate] = useSearchParams();
  const selection = useSelection();
  const { copyImage, ctx } = useCopyActions(variants);
  const variantLabels = useMemo(() => new Map(ctx.variants.map((v) => [v.name, variantLabel(v)])), [ctx.variants]);

  // A different list query is a different set of images: an old selection would act on images not shown.
  const queryKey = query ? serializeSearchQuery(query) : '';
  useSelectionFollowsQuery(selection, queryKey);
  useEscapeClearsSelection(selection);

  const { hasNextPage, isFetchingNextPage, fetchNextPage, isFetchNextPageError, error, refetch } = result;
  const unreachable = useUnreachableInARow(error);
  const loadMore = useCallback(() => void fetchNextPage(), [fetchNextPage]);
  // The grid or the table puts its "focus this image" here; the detail panel calls it on close (the image last shown).
  const focusImageRef = useRef<((id: string) => boolean) | null>(null);
  const returnFocus = useCallback((id: string) => focusImageRef.current?.(id) ?? false, []);
  const openImage = useCallback(
    (image: CfImage) => navigate((p) => void p.set('image', image.id)),
    [navigate],
  );

  if (!parsed.ok) return <InvalidLinkBanner errors={parsed.errors} />;

  // A new query (the old images stay on screen, dimmed) or a retry after the first page failed.
  const isLoading =
    result.isPending || (result.isPlaceholderData && result.isFetching) || (result.isRefetching && images.length === 0);
  const stale = isLoading && images.length > 0;
  const view = viewFrom(params);
  const openId = params.get('image');
  const retry = () => void (isFetchNextPageError ? fetchNextPage() : refetch());
  const viewProps: ImageViewProps = {
    images,
    hasMore: Boolean(hasNextPage),
    isLoading,
    canLoadMore: !isFetchingNextPage && !isFetchNextPageError && !result.isPlaceholderData,
    loadMore,
    prefetch: prefetchImages(query?.perPage),
    previewVariant,
    variants,
    variantLabels,
    onOpen: openImage,
    onCopy: copyImage,
    focusImageRef,
  };

  return (
    <section id="images" tabIndex={-1} className={stale ? 'results results--stale' : 'results'} aria-label="Results">
      {error && !isLoading ? (
        <ImagesErrorBanner
          error={error}
          onRetry={retry}
          failed={images.length === 0 ? 'first' : isFetchNextPageError ? 'next' : 'refresh'}
          unreachableInARow={unreachable}
        />
      ) : null}
      <StatusLine
        loaded={images.length}
        hasMore={Boolean(hasNextPage)}
        isLoading={isLoading}
        total={result.data?.pages[0]?.total}
        index={result.data?.pages[0]?.index}
        failed={Boolean(error)}
        selected={selection.count}
      >
        <SelectionActions images={images} query={query} variant={previewVariant} variants={variants} />
      </StatusLine>
      {stale ? <div className="results__progress" role="progressbar" aria-label="Loading the new query" /> : null}
      {!isLoading && !error && images.length === 0 ? <EmptyState filtered={(query?.filters.length ?? 0) > 0 || query?.creator !== undefined || (query !== null && needsIndex(query))} /> : null}
      {view === 'table' ? (
        // TABLE VIEW SLOT: the table view, loaded on demand (TanStack Table stays out of the first screen's script).
        <OnDemand what="The table" inline fallback={<p className="placeholder">Loading the table…</p>}>
          <ImageTable {...viewProps} />
        </OnDemand>
      ) : (
        <ImageGrid {...viewProps} ids={ids} />
      )}
      {openId !== null ? (
        <OnDemand what="The image's panel">
          <ImageDetailDialog
            imageId={openId}
            images={images}
            variants={variants}
            hasMore={Boolean(hasNextPage)}
            canLoadMore={!isFetchingNextPage && !isFetchNextPageError}
            loadMore={loadMore}
            listLoading={isLoading}
            returnFocus={returnFocus}
          />
        </OnDemand>
      ) : null}
    </section>
  );
}
