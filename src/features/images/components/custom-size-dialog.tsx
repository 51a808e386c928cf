/**
 * "Custom size…" in the toolbar's copy menu (lazy: not part of the first screen): the size builder in a dialog,
 * previewing the first selected image. The size built becomes the copy size: "Copy N URLs", every copy format and
 * the CSV/JSON export use it, as they use a size kept from the detail panel. Private images are refused flexible
 * variants (docs/CONTRACT.md §11): the builder says so and offers the nearest named variant, signed. Full-screen on
 * phones, like the detail panel.
 */
import { useId, useRef, useState } from 'react';
import type { CfImage } from '../../../contract/image';
import { useDelivery } from '../hooks/use-delivery';
import { useImagesWorkspace } from '../hooks/use-grid-images';
import { useSelection } from '../hooks/use-selection';
import { positionOf } from '../lib/loaded-images';
import { SizeBuilder } from './size-builder';
import { useModalDialog } from '../../../lib/use-modal-dialog';

export interface SizePreview {
  /** The image the builder previews: the first public selected image, else the first selected one. */
  image: CfImage | null;
  /** How many are selected, and how many of those are private. */
  count: number;
  private: number;
}

/**
 * Which image previews the size: the first selected public image in the order shown (a private one cannot use
 * flexible variants), else the first selected; with nothing selected, the first loaded public image.
 */
export function sizePreviewFor(images: readonly CfImage[], selected: Iterable<string>): SizePreview {
  const ids = [...selected];
  if (ids.length === 0) {
    return { image: images.find((image) => !image.requireSignedURLs) ?? images[0] ?? null, count: 0, private: 0 };
  }
  const chosen = ids
    .map((id) => positionOf(images, id))
    .filter((at) => at >= 0)
    .sort((a, b) => a - b)
    .map((at) => images[at]!);
  const privateCount = chosen.filter((image) => image.requireSignedURLs).length;
  return { image: chosen.find((image) => !image.requireSignedURLs) ?? chosen[0] ?? null, count: chosen.length, private: privateCount };
}

export default function CustomSizeDialog({ onClose }: { onClose: () => void }) {
  const { images, variants } = useImagesWorkspace();
  const selection = useSelection();
  const ctx = useDelivery(variants);
  const dialogRef = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  // Fixed when the dialog opens (the page behind is inert meanwhile): the preview does not jump as pages arrive.
  const [preview] = useState(() => sizePreviewFor(images, selection.ids()));

  useModalDialog(dialogRef);

  const { image, count } = preview;
  return (
    <dialog
      ref={dialogRef}
      className="size-dialog"
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <header className="size-dialog__header">
        <h2 id={titleId} className="size-dialog__title">
          Custom size
        </h2>
        <button type="button" className="button" onClick={onClose}>
          Close
        </button>
      </header>
      <div className="size-dialog__body">
        <p className="size-dialog__for">
          {count > 0
            ? `For the ${count === 1 ? 'selected image' : `${count.toLocaleString('en')} selected images`}: `
            : 'For the images you select: '}
          “Copy N URLs”, every copy format and the CSV/JSON export use it.
          {image ? (
            <>
              {' '}
              Preview: <span className="size-dialog__filename">{image.filename}</span>
            </>
          ) : null}
        </p>
        {image ? (
          <SizeBuilder
            image={image}
            ctx={ctx}
            selection={count > 0 ? { count, private: preview.private } : undefined}
            onUse={onClose}
          />
        ) : (
          <p className="size-builder__note">No image is loaded yet to preview a size on.</p>
        )}
      </div>
    </dialog>
  );
}
