/**
 * Flexible variants in local delivery (docs/CONTRACT.md §11): `w`, `h`, `fit`, `format`, `quality`, `dpr` drawn
 * with sharp, so that every URL the dashboard builds can be opened and checked without an account. The fits follow
 * Cloudflare's definitions (developers.cloudflare.com, "Create variants"):
 * - scale-down: shrunk to fit within the box, never enlarged;
 * - contain: as large as possible within the box, enlarged if need be;
 * - cover: fills the box exactly, cropping;
 * - crop: like cover, but never enlarged (a smaller image is left as scale-down leaves it);
 * - pad: fits within the box (enlarged if need be) and fills the rest with a background.
 */
import sharp, { type ResizeOptions } from 'sharp';
import { FLEXIBLE_LIMITS, serializeFlexibleOptions, type FlexibleOptions, type VariantFit } from '../../src/contract/variants';
import type { ImageFormat } from './stored-image';

/** What a flexible render writes: never SVG (rasterised), GIF only for animated GIF sources left as they are. */
export type FlexibleOutput = 'webp' | 'avif' | 'jpeg' | 'png' | 'gif';

const FIT: Record<VariantFit, ResizeOptions> = {
  'scale-down': { fit: 'inside', withoutEnlargement: true },
  contain: { fit: 'inside' },
  cover: { fit: 'cover' },
  crop: { fit: 'cover', withoutEnlargement: true },
  pad: { fit: 'contain', background: { r: 0, g: 0, b: 0, alpha: 0 } },
};

/**
 * The format sent for `format=auto` (or none): AVIF or WebP when the browser says it takes them, as Cloudflare
 * does, else the source's own kind (JPEG stays JPEG; PNG, SVG and others become PNG; GIF stays GIF).
 */
export function outputFor(options: FlexibleOptions, source: ImageFormat, accept: string | undefined): FlexibleOutput {
  if (options.format && options.format !== 'auto') return options.format;
  const accepted = (accept ?? '').toLowerCase();
  if (accepted.includes('image/avif')) return 'avif';
  if (accepted.includes('image/webp')) return 'webp';
  if (source === 'jpeg') return 'jpeg';
  if (source === 'gif') return 'gif';
  return 'png';
}

/** The cache file's name for these options and output: canonical, so `width=400` and `w=400` share one file. */
export function flexibleCacheName(options: FlexibleOptions, output: FlexibleOutput): string {
  return `flex_${serializeFlexibleOptions(options).replace(/[=,]/g, (c) => (c === '=' ? '-' : '_'))}.${output === 'jpeg' ? 'jpg' : output}`;
}

/** The box in pixels: the options times `dpr`, each side capped at the contract's 12,000. */
export function boxFor(options: FlexibleOptions): { width?: number; height?: number } {
  const dpr = options.dpr ?? 1;
  const side = (value: number | undefined) =>
    value === undefined ? undefined : Math.min(FLEXIBLE_LIMITS.width.max, Math.max(1, Math.round(value * dpr)));
  return { width: side(options.width), height: side(options.height) };
}

/** Draws `source` (the original's bytes, or an SVG drawing with `density`) at `options`. */
export async function renderFlexible(
  source: Buffer,
  sourceFormat: ImageFormat,
  options: FlexibleOptions,
  output: FlexibleOutput,
  density?: number,
): Promise<Buffer> {
  const animated = sourceFormat === 'gif' && (output === 'gif' || output === 'webp');
  let pipeline = sharp(source, { animated, limitInputPixels: 100_000_000, ...(density ? { density } : {}) });
  if (!animated) pipeline = pipeline.rotate();
  const box = boxFor(options);
  if (box.width !== undefined || box.height !== undefined) {
    pipeline = pipeline.resize({ ...box, ...FIT[options.fit ?? 'scale-down'] });
  }
  const quality = options.quality;
  switch (output) {
    case 'jpeg':
      return pipeline.flatten({ background: '#ffffff' }).jpeg({ quality: quality ?? 82 }).toBuffer();
    case 'webp':
      return pipeline.webp({ quality: quality ?? 80, effort: 2 }).toBuffer();
    case 'avif':
      return pipeline.avif({ quality: quality ?? 60, effort: 2 }).toBuffer();
    case 'gif':
      return pipeline.gif().toBuffer();
    default:
      return pipeline.png().toBuffer();
  }
}
