/**
 * One cell of the grid: preview, filename, upload time, creator, a lock badge, and one copy button per variant.
 * A click opens the image, as media libraries do; the checkbox in the corner selects.
 */
import { memo, type KeyboardEvent, type MouseEvent } from 'react';
import type { CfImage } from '../../../contract/image';
import { LockIcon } from '../../../components/ui/icons';
import { CopyVariantChips } from './copy-variant-chips';
import { ImagePreview } from './image-preview';
import { RelativeTime } from './relative-time';

export interface ImageCardProps {
  image: CfImage;
  index: number;
  /** Column position for aria-colindex (1-based). */
  column: number;
  selected: boolean;
  /** The roving-focus cell: the only one in the tab order. */
  active: boolean;
  previewVariant: string;
  variants: readonly string[];
  variantLabels?: ReadonlyMap<string, string>;
  eager: boolean;
  /** A click on the card: opens it, or selects with ctrl/cmd (toggle) and shift (range). */
  onCellClick: (index: number, event: MouseEvent) => void;
  onOpen: (index: number) => void;
  /** The checkbox: toggles this card, shift extends the range from the last one. */
  onToggle: (index: number, event: MouseEvent) => void;
  onCopy: (image: CfImage, variant: string) => void;
}

export const ImageCard = memo(function ImageCard({
  image,
  index,
  column,
  selected,
  active,
  previewVariant,
  variants,
  variantLabels,
  eager,
  onCellClick,
  onOpen,
  onToggle,
  onCopy,
}: ImageCardProps) {
  const tab = active ? 0 : -1;
  const stop = (event: MouseEvent | KeyboardEvent) => event.stopPropagation();
  return (
    <div
      role="gridcell"
      aria-selected={selected}
      aria-colindex={column}
      tabIndex={tab}
      data-index={index}
      className={selected ? 'card card--selected' : 'card'}
      onClick={(event) => onCellClick(index, event)}
      onMouseDown={(event) => {
        // Shift-click selects a range of cards, not the text between them.
        if (event.shiftKey) event.preventDefault();
      }}
    >
      <div className="card__media">
        <ImagePreview image={image} variant={previewVariant} width={320} height={320} eager={eager} holdWhileFlinging />
        {image.requireSignedURLs ? (
          <span className="badge badge--lock" title="Private: requires signed URLs">
            <LockIcon />
            <span className="visually-hidden">Private</span>
          </span>
        ) : null}
        <button
          type="button"
          role="checkbox"
          className="card__check"
          tabIndex={tab}
          aria-label={`Select ${image.filename}`}
          aria-checked={selected}
          onClick={(event) => {
            stop(event);
            onToggle(index, event);
          }}
        />
      </div>
      <div className="card__info">
        <button
          type="button"
          className="card__name"
          // Its own direction: a right-to-left name is cut at its end, in reading order (docs/decisions.md).
          dir="auto"
          tabIndex={tab}
          title={image.filename}
          onClick={(event) => {
            // A modifier click selects, wherever it lands on the card: the card's own handler takes it.
            if (event.ctrlKey || event.metaKey || event.shiftKey) return;
            stop(event);
            onOpen(index);
          }}
        >
          {image.filename}
        </button>
        <p className="card__meta">
          <RelativeTime iso={image.uploaded} />
          <span aria-hidden="true"> · </span>
          <span className={image.creator ? 'card__creator' : 'card__creator card__creator--none'}>
            {image.creator ?? 'no creator'}
          </span>
        </p>
        <CopyVariantChips
          image={image}
          variants={variants}
          labels={variantLabels}
          onCopy={onCopy}
          className="card__copy"
          iconClassName="card__copy-label"
          tabIndex={tab}
          isolateClicks
        />
      </div>
    </div>
  );
});
