import type { MouseEvent } from 'react';
import type { CfImage } from '../../../contract/image';

export interface CopyVariantChipsProps {
  image: CfImage;
  variants: readonly string[];
  /** "thumbnail · 320×320 cover" per variant, shown on hover; the bare name where the size is unknown. */
  labels?: ReadonlyMap<string, string>;
  onCopy: (image: CfImage, variant: string) => void;
  /** The wrapper's class; the grid card and the table row lay the chips out differently. */
  className: string;
  iconClassName?: string;
  /** Roving focus in the grid: chips leave the tab order when their card is not the focused one. */
  tabIndex?: number;
  /** Keep the click from reaching the card (where it would select). */
  isolateClicks?: boolean;
}

/** One "Copy <variant> URL" button per variant, as a card and a table row both show them. */
export function CopyVariantChips({
  image,
  variants,
  onCopy,
  className,
  iconClassName,
  tabIndex,
  isolateClicks = false,
  labels,
}: CopyVariantChipsProps) {
  const copy = (event: MouseEvent, variant: string) => {
    if (isolateClicks) event.stopPropagation();
    onCopy(image, variant);
  };
  return (
    <span className={className}>
      {/* The copy icon, drawn by CSS (styles.css `.copy-icon`): one element where an inline SVG was four, in every
          card and table row mounted while scrolling (docs/performance.md "Dashboard"). */}
      <span className={iconClassName ? `copy-icon ${iconClassName}` : 'copy-icon'} aria-hidden="true" />
      {variants.map((variant) => (
        <button
          key={variant}
          type="button"
          className="chip"
          tabIndex={tabIndex}
          aria-label={`Copy ${variant} URL`}
          title={`Copy the ${labels?.get(variant) ?? variant} URL of ${image.filename}`}
          onClick={(event) => copy(event, variant)}
        >
          {variant}
        </button>
      ))}
    </span>
  );
}
