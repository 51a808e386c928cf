import type { MouseEvent } from 'react';
import type { CfImage } from '../../../contract/image';
import { CopyIcon } from '../../../components/ui/icons';

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
      <span className={iconClassName} aria-hidden="true">
        <CopyIcon />
      </span>
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
