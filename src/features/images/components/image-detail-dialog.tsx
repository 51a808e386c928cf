/**
 * The detail panel for `?image=<id>` (lazy: not part of the first screen). A modal `<dialog>` named by the
 * filename: large preview, every variant with its own copy button, the facts, the metadata as a tree.
 * ←/→ move to the neighbouring image (the URL follows, so the link can be shared), unless unsaved work holds the move
 * (src/lib/leave-guard.ts: the metadata editor asks first, as it does for Esc); Esc or Close closes.
 * A link to an image that is not among the loaded ones asks the server for that one image (docs/CONTRACT.md §7)
 * rather than paging through the list; full-screen on phones.
 */
import { useRef, type KeyboardEvent } from 'react';
import type { CfImage } from '../../../contract/image';
import { variantLabel } from '../../../contract/variants';
import { CopyIcon } from '../../../components/ui/icons';
import { ApiRequestError } from '../../../lib/api-client';
import { useConfig } from '../../../lib/config';
import { formatExactTime } from '../../../lib/format';
import { mayLeave } from '../../../lib/leave-guard';
import { navigateSearch } from '../../../lib/use-search-params';
import { useModalDialog } from '../../../lib/use-modal-dialog';
import { useImage } from '../api/get-image';
import { useCopyActions } from '../hooks/use-copy-actions';
import { positionOf } from '../lib/loaded-images';
import type { DeliveryContext } from '../lib/copy-formats';
import { ImagePreview } from './image-preview';
import { useImagesSlots } from './images-slots';
import { MetadataTree } from './metadata-tree';
import { RelativeTime } from './relative-time';
import { SizeBuilder } from './size-builder';

export interface ImageDetailDialogProps {
  imageId: string;
  images: readonly CfImage[];
  variants: readonly string[];
  hasMore: boolean;
  canLoadMore: boolean;
  loadMore: () => void;
  /** The list's first page (or a new query) is on its way: the image may be in it. */
  listLoading: boolean;
  /**
   * On close, focuses the card (or row) of the image last shown, the one the person paged to; `false` when it is not
   * among the loaded images (focus then goes back to what opened the panel).
   */
  returnFocus?: (imageId: string) => boolean;
}

const LARGE_VARIANTS = ['public', 'hero', 'original'];

export default function ImageDetailDialog(props: ImageDetailDialogProps) {
  const { imageId, images, variants, hasMore, canLoadMore, loadMore, listLoading, returnFocus } = props;
  const { accountId } = useConfig();
  const dialogRef = useRef<HTMLDialogElement>(null);
  // A Map read, not a scan of every loaded image (lib/loaded-images.ts).
  const index = positionOf(images, imageId);
  const listed = images[index];
  // Not among the loaded images (a shared link, an image further down the list): one request for that image.
  const single = useImage(accountId, imageId, !listed && !listLoading);
  const image = listed ?? (single.data?.id === imageId ? single.data : undefined);
  const searching = !image && (listLoading || single.isFetching);
  const notFound = single.error instanceof ApiRequestError && single.error.status === 404;

  useModalDialog(dialogRef, () => returnFocus?.(imageId) ?? false);

  const close = () => navigateSearch((params) => void params.delete('image'));
  const go = (to: number) => {
    if (!mayLeave()) return;
    const next = images[to];
    if (next) navigateSearch((params) => void params.set('image', next.id), { replace: true });
    else if (to >= images.length && hasMore && canLoadMore) loadMore();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDialogElement>) => {
    if ((event.target as HTMLElement).closest('input, select, textarea')) return;
    if (event.key === 'ArrowRight' && listed) go(index + 1);
    else if (event.key === 'ArrowLeft' && index > 0) go(index - 1);
    else return;
    event.preventDefault();
  };

  const title =
    image?.filename ??
    (searching ? 'Looking for the image…' : single.error && !notFound ? 'The image could not be loaded' : 'Image not found');
  return (
    <dialog
      ref={dialogRef}
      className="detail"
      aria-labelledby="detail-title"
      onCancel={(event) => {
        event.preventDefault();
        close();
      }}
      onKeyDown={onKeyDown}
    >
      <header className="detail__header">
        <h2 id="detail-title" className="detail__title" dir="auto">
          {title}
        </h2>
        {listed ? (
          <p className="detail__position">
            {index + 1} of {images.length.toLocaleString('en')}
            {hasMore ? '+' : ''}
          </p>
        ) : null}
        <div className="detail__nav">
          <button type="button" className="button" onClick={() => go(index - 1)} disabled={!listed || index === 0}>
            ← Previous
          </button>
          <button
            type="button"
            className="button"
            onClick={() => go(index + 1)}
            disabled={!listed || (index === images.length - 1 && !hasMore)}
          >
            Next →
          </button>
          <button type="button" className="button button--primary" onClick={close}>
            Close
          </button>
        </div>
      </header>
      {image ? (
        <DetailBody image={image} variants={variants} neighbour={listed ? (images[index + 1]?.id ?? images[index - 1]?.id ?? null) : null} />
      ) : (
        <p className="detail__missing">
          {searching
            ? 'Asking the server for it…'
            : single.error && !notFound
              ? single.error.message
              : `This account has no image with the id ${imageId}.`}
        </p>
      )}
    </dialog>
  );
}

function DetailBody({ image, variants, neighbour }: { image: CfImage; variants: readonly string[]; neighbour: string | null }) {
  const { copyImage, ctx } = useCopyActions(variants);
  const { detailActions } = useImagesSlots();
  const large = LARGE_VARIANTS.find((v) => variants.includes(v)) ?? variants[0] ?? 'public';
  return (
    <div className="detail__body">
      <div className="detail__preview">
        <ImagePreview key={image.id} image={image} variant={large} width={1366} height={1024} eager />
      </div>
      <div className="detail__facts">
        {detailActions?.(image, neighbour)}
        <h3 className="detail__heading">Variants</h3>
        <ul className="variant-list">
          {variants.map((variant) => (
            <li key={variant}>
              <span className="variant-list__name">{labelOf(variant, ctx)}</span>
              <button
                type="button"
                className="button button--small"
                aria-label={`Copy ${variant} URL`}
                onClick={() => void copyImage(image, variant)}
              >
                <CopyIcon /> Copy
              </button>
            </li>
          ))}
        </ul>
        <h3 className="detail__heading">Custom size</h3>
        <SizeBuilder image={image} ctx={ctx} onCopy={(size) => void copyImage(image, size)} />
        <h3 className="detail__heading">Details</h3>
        <dl className="facts">
          <dt>ID</dt>
          <dd className="mono">{image.id}</dd>
          <dt>Filename</dt>
          <dd>{image.filename}</dd>
          <dt>Creator</dt>
          <dd>{image.creator ?? <span className="muted">not set</span>}</dd>
          <dt>Uploaded</dt>
          <dd>
            {formatExactTime(image.uploaded)} (<RelativeTime iso={image.uploaded} />)
          </dd>
          <dt>requireSignedURLs</dt>
          <dd>{image.requireSignedURLs ? 'true: private, served only through signed URLs' : 'false: public'}</dd>
        </dl>
        <h3 className="detail__heading">Metadata</h3>
        <MetadataTree value={image.meta} />
      </div>
    </div>
  );
}

/** "thumbnail · 320×320 cover" when the size is known, else the name. */
function labelOf(name: string, ctx: DeliveryContext): string {
  const info = ctx.variants.find((v) => v.name === name);
  return info ? variantLabel(info) : name;
}
