/**
 * Builds a flexible-variant size (docs/CONTRACT.md §11): width, height, fit, format, quality, with a live preview
 * of the resulting image and its URL. Private images cannot use flexible variants: the builder says so and offers
 * the nearest named variant, signed. When the account has flexible variants off, one line says how to turn them on.
 */
import { useDeferredValue, useId, useState } from 'react';
import type { CfImage } from '../../../contract/image';
import {
  FLEXIBLE_FORMATS,
  FLEXIBLE_LIMITS,
  VARIANT_FITS,
  deliveryUrlWith,
  flexibleOptionsProblem,
  serializeFlexibleOptions,
  variantLabel,
  type FlexibleFormat,
  type FlexibleOptions,
  type VariantFit,
} from '../../../contract/variants';
import type { DeliveryContext, DeliverySize } from '../lib/copy-formats';
import { setPreferences } from '../hooks/use-preferences';

export interface SizeBuilderProps {
  image: CfImage;
  ctx: DeliveryContext;
  onCopy: (size: DeliverySize) => void;
}

interface Fields {
  width: string;
  height: string;
  fit: VariantFit | '';
  format: FlexibleFormat | '';
  quality: string;
}

const INITIAL: Fields = { width: '400', height: '300', fit: 'cover', format: '', quality: '' };

function optionsFrom(fields: Fields): FlexibleOptions {
  const options: FlexibleOptions = {};
  const number = (text: string) => (text.trim() === '' ? undefined : Number(text));
  const width = number(fields.width);
  const height = number(fields.height);
  const quality = number(fields.quality);
  if (width !== undefined) options.width = width;
  if (height !== undefined) options.height = height;
  if (fields.fit) options.fit = fields.fit;
  if (fields.format) options.format = fields.format;
  if (quality !== undefined) options.quality = quality;
  return options;
}

export function SizeBuilder({ image, ctx, onCopy }: SizeBuilderProps) {
  const id = useId();
  const [fields, setFields] = useState<Fields>(INITIAL);
  const set = (patch: Partial<Fields>) => setFields((f) => ({ ...f, ...patch }));
  const options = optionsFrom(fields);
  const problem = flexibleOptionsProblem(options);
  const url = problem || !image.variants[0] ? null : deliveryUrlWith(image.variants[0], serializeFlexibleOptions(options));
  // The preview follows the fields without asking the server for every keystroke's size.
  const previewUrl = useDeferredValue(url);

  if (!ctx.flexible) {
    return (
      <p className="size-builder__note">
        Custom sizes need flexible variants, which are off for this account: turn them on in Cloudflare's dashboard
        (Images → Delivery → Flexible variants).
      </p>
    );
  }
  if (image.requireSignedURLs) {
    const named = ctx.variants.filter((v) => v.width !== null && image.variants.some((u) => u.endsWith(`/${v.name}`)));
    const nearest = named.reduce<(typeof named)[number] | null>(
      (best, v) => (best === null || Math.abs((v.width ?? 0) - 400) < Math.abs((best.width ?? 0) - 400) ? v : best),
      null,
    );
    return (
      <div className="size-builder__note">
        <p>This image is private: Cloudflare refuses flexible variants for images that require signed URLs.</p>
        {nearest ? (
          <button type="button" className="button button--small" onClick={() => onCopy({ variant: nearest.name })}>
            Copy {variantLabel(nearest)}, signed
          </button>
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
          <select value={fields.fit} onChange={(e) => set({ fit: e.target.value as Fields['fit'] })}>
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
          <select value={fields.format} onChange={(e) => set({ format: e.target.value as Fields['format'] })}>
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
      {problem ? (
        <p className="size-builder__problem" role="alert">
          {problem}
        </p>
      ) : null}
      <output id={`${id}-url`} className="size-builder__url mono" aria-label="URL at this size">
        {url ?? '—'}
      </output>
      {previewUrl ? (
        <div className="size-builder__preview">
          <img src={previewUrl} alt="Preview at this size" loading="lazy" />
        </div>
      ) : null}
      <div className="size-builder__actions">
        <button type="button" className="button button--small" disabled={!url} onClick={() => onCopy({ flexible: options })}>
          Copy at this size
        </button>
        <button
          type="button"
          className="button button--quiet button--small"
          disabled={!url}
          onClick={() => setPreferences({ copySize: serializeFlexibleOptions(options) })}
        >
          Use this size for selections
        </button>
      </div>
    </fieldset>
  );
}
