/**
 * Builds a flexible-variant size (docs/CONTRACT.md §11): width, height, fit, format, quality, with a live preview
 * of the resulting image and its URL. Private images cannot use flexible variants: the builder says so and offers
 * the nearest named variant, signed. When the account has flexible variants off, one line says how to turn them on.
 *
 * One component in two places, over one draft (hooks/use-size-draft.ts): the detail panel (copy this image at the
 * size, or keep it for selections) and the toolbar's copy menu (the size a selection's copies and exports use).
 */
import { useDeferredValue, useId } from 'react';
import type { CfImage } from '../../../contract/image';
import {
  FLEXIBLE_FORMATS,
  FLEXIBLE_LIMITS,
  VARIANT_FITS,
  deliveryUrlWith,
  flexibleOptionsProblem,
  parseFlexibleOptions,
  serializeFlexibleOptions,
  variantLabel,
  type FlexibleOptions,
  type VariantInfo,
} from '../../../contract/variants';
import { plural } from '../../../lib/format';
import type { DeliveryContext, DeliverySize } from '../lib/copy-formats';
import { setPreferences } from '../hooks/use-preferences';
import { optionsFromFields, setSizeDraft, useSizeDraft, type SizeFields } from '../hooks/use-size-draft';

export interface SizeBuilderProps {
  /** The image previewed. */
  image: CfImage;
  ctx: DeliveryContext;
  /**
   * The detail panel: copies this image at the size built (or at the nearest named variant, signed, for a private
   * one). Without it (the copy menu), the size built becomes the copy size of selections.
   */
  onCopy?: (size: DeliverySize) => void;
  /** After the size became the copy size of selections (the copy menu closes). */
  onUse?: (size: string) => void;
  /** The copy menu: how many images are selected, and how many of them are private. */
  selection?: { count: number; private: number };
}

/** The image's named variant whose width is nearest `width` (sizes from `/api/config`), if any has a width. */
export function nearestNamedVariant(image: CfImage, ctx: DeliveryContext, width: number): VariantInfo | null {
  const named = ctx.variants.filter((v) => v.width !== null && image.variants.some((u) => u.endsWith(`/${v.name}`)));
  return named.reduce<VariantInfo | null>(
    (best, v) => (best === null || Math.abs((v.width ?? 0) - width) < Math.abs((best.width ?? 0) - width) ? v : best),
    null,
  );
}

/** The fields' labels, in the order they are shown. */
const FIELD_LABELS: readonly [keyof FlexibleOptions, string][] = [
  ['width', 'Width'],
  ['height', 'Height'],
  ['fit', 'Fit'],
  ['format', 'Format'],
  ['quality', 'Quality'],
  ['dpr', 'Pixel density'],
];

/**
 * What is wrong with the size, in the words of the field at fault ("Width must be a whole number from 1 to 12000").
 * The contract's rules decide (`flexibleOptionsProblem`); its messages name the API's options (`'w'`), right for
 * the server's answers but not for a form (docs/decisions.md).
 */
export function sizeProblem(options: FlexibleOptions): string | null {
  const problem = flexibleOptionsProblem(options);
  if (problem === null) return null;
  for (const [key, label] of FIELD_LABELS) {
    const value = options[key];
    if (value === undefined || parseFlexibleOptions(serializeFlexibleOptions({ [key]: value })).ok) continue;
    if (key === 'fit') return `${label} must be one of ${VARIANT_FITS.join(', ')}`;
    if (key === 'format') return `${label} must be one of ${FLEXIBLE_FORMATS.join(', ')}`;
    const { min, max } = FLEXIBLE_LIMITS[key];
    return `${label} must be ${key === 'dpr' ? 'a number' : 'a whole number'} from ${min} to ${max}`;
  }
  return problem;
}

export function SizeBuilder({ image, ctx, onCopy, onUse, selection }: SizeBuilderProps) {
  const id = useId();
  const fields = useSizeDraft();
  const set = (patch: Partial<SizeFields>) => setSizeDraft(patch);
  const options = optionsFromFields(fields);
  const problem = sizeProblem(options);
  const url = problem || !image.variants[0] ? null : deliveryUrlWith(image.variants[0], serializeFlexibleOptions(options));
  // The preview follows the fields without asking the server for every keystroke's size.
  const previewUrl = useDeferredValue(url);
  const use = (size: string) => {
    setPreferences({ copySize: size });
    onUse?.(size);
  };
  const forSelection = selection ? `for ${selection.count === 1 ? 'the selected image' : `the ${plural(selection.count, 'selected image')}`}` : 'for selections';

  if (!ctx.flexible) {
    return (
      <p className="size-builder__note">
        Custom sizes need flexible variants, which are off for this account: turn them on in Cloudflare's dashboard
        (Images → Delivery → Flexible variants).
      </p>
    );
  }
  if (image.requireSignedURLs) {
    const nearest = nearestNamedVariant(image, ctx, options.width ?? options.height ?? 400);
    const all = selection && selection.count > 1 ? 'These images are private' : 'This image is private';
    return (
      <div className="size-builder__note">
        <p>{all}: Cloudflare refuses flexible variants for images that require signed URLs.</p>
        {nearest ? (
          onCopy ? (
            <button type="button" className="button button--small" onClick={() => onCopy({ variant: nearest.name })}>
              Copy {variantLabel(nearest)}, signed
            </button>
          ) : (
            <button type="button" className="button button--small" onClick={() => use(nearest.name)}>
              Use {variantLabel(nearest)}, signed
            </button>
          )
        ) : null}
      </div>
    );
  }

  return (
    <fieldset className="size-builder" aria-describedby={`${id}-url`}>
      <legend className="visually-hidden">Size builder</legend>
      <div className="size-builder__fields">
        <label className="size-builder__field">
          <span>Width</span>
          <input
            type="number"
            inputMode="numeric"
            min={FLEXIBLE_LIMITS.width.min}
            max={FLEXIBLE_LIMITS.width.max}
            value={fields.width}
            onChange={(e) => set({ width: e.target.value })}
          />
        </label>
        <label className="size-builder__field">
          <span>Height</span>
          <input
            type="number"
            inputMode="numeric"
            min={FLEXIBLE_LIMITS.height.min}
            max={FLEXIBLE_LIMITS.height.max}
            value={fields.height}
            onChange={(e) => set({ height: e.target.value })}
          />
        </label>
        <label className="size-builder__field">
          <span>Fit</span>
          <select value={fields.fit} onChange={(e) => set({ fit: e.target.value as SizeFields['fit'] })}>
            <option value="">default (scale-down)</option>
            {VARIANT_FITS.map((fit) => (
              <option key={fit} value={fit}>
                {fit}
              </option>
            ))}
          </select>
        </label>
        <label className="size-builder__field">
          <span>Format</span>
          <select value={fields.format} onChange={(e) => set({ format: e.target.value as SizeFields['format'] })}>
            <option value="">auto (by browser)</option>
            {FLEXIBLE_FORMATS.filter((f) => f !== 'auto').map((format) => (
              <option key={format} value={format}>
                {format}
              </option>
            ))}
          </select>
        </label>
        <label className="size-builder__field">
          <span>Quality</span>
          <input
            type="number"
            inputMode="numeric"
            min={FLEXIBLE_LIMITS.quality.min}
            max={FLEXIBLE_LIMITS.quality.max}
            placeholder="auto"
            value={fields.quality}
            onChange={(e) => set({ quality: e.target.value })}
          />
        </label>
      </div>
      {/* One box of one height for the preview, or what is wrong with the size: the buttons below it stay put. */}
      <div className="size-builder__preview">
        {problem ? (
          <p className="size-builder__problem" role="alert">
            {problem}
          </p>
        ) : previewUrl ? (
          <img src={previewUrl} alt="Preview at this size" loading="lazy" />
        ) : null}
      </div>
      {selection && selection.private > 0 ? (
        <p className="size-builder__note size-builder__note--spaced">{privateNote(selection.private, selection.count)}</p>
      ) : null}
      <div className="size-builder__actions">
        {onCopy ? (
          <button type="button" className="button button--small" disabled={!url} onClick={() => onCopy({ flexible: options })}>
            Copy at this size
          </button>
        ) : null}
        <button
          type="button"
          className={onCopy ? 'button button--quiet button--small' : 'button button--primary button--small'}
          disabled={!url}
          onClick={() => use(serializeFlexibleOptions(options))}
        >
          Use this size {forSelection}
        </button>
      </div>
      {/* Below the buttons: its length (two lines or one) does not move them. */}
      <output id={`${id}-url`} className="size-builder__url mono" aria-label="URL at this size">
        {url ?? '—'}
      </output>
    </fieldset>
  );
}

/** Some of a selection are private: what their copies get instead. */
function privateNote(count: number, of: number): string {
  const one = count === 1;
  return `${count} of the ${of} selected images ${one ? 'is' : 'are'} private: Cloudflare refuses flexible variants for ${one ? 'it' : 'them'}, so ${one ? 'it is' : 'they are'} copied at the nearest named variant, signed.`;
}
