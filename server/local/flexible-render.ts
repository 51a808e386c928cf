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
  const accepted = acceptedTypes(accept);
  if (accepted.has('image/avif')) return 'avif';
  if (accepted.has('image/webp')) return 'webp';
  if (source === 'jpeg') return 'jpeg';
  if (source === 'gif') return 'gif';
  return 'png';
}

/** The media types an `Accept` header takes, lower-cased; one given `q=0` is refused, not taken (RFC 9110 §12.5.1). */
function acceptedTypes(accept: string | undefined): Set<string> {
  const taken = new Set<string>();
  for (const part of (accept ?? '').toLowerCase().split(',')) {
    const [type = '', ...params] = part.split(';').map((piece) => piece.trim());
    const q = params.find((param) => /^q\s*=/.test(param));
    if (q !== undefined && Number(q.split('=')[1]) === 0) continue;
    if (type) taken.add(type);
  }
  return taken;
}

/** The cache file's name for these options and output: canonical, so `width=400` and `w=400` share one file. */
export function flexibleCacheName(options: FlexibleOptions, output: FlexibleOutput): string {
  // Named by what is drawn, so URLs that draw the same bytes share one file: `dpr` folded into the box, the format
  // asked for only as the output's extension, the quality only where the output is lossy (PNG and GIF ignore it).
  const box = boxFor(options);
  const lossy = output === 'jpeg' || output === 'webp' || output === 'avif';
  const drawn: FlexibleOptions = { width: box.width, height: box.height, fit: options.fit, quality: lossy ? options.quality : undefined };
  const named = Object.fromEntries(Object.entries(drawn).filter(([, value]) => value !== undefined)) as FlexibleOptions;
  const text = serializeFlexibleOptions(named) || 'original-size';
  return `flex_${text.replace(/[=,]/g, (c) => (c === '=' ? '-' : '_'))}.${output === 'jpeg' ? 'jpg' : output}`;
}

/** The box in pixels: the options times `dpr`, each side capped at the contract's 12,000. */
export function boxFor(options: FlexibleOptions): { width?: number; height?: number } {
  const dpr = options.dpr ?? 1;
  const side = (value: number | undefined) =>
    value === undefined ? undefined : Math.min(FLEXIBLE_LIMITS.width.max, Math.max(1, Math.round(value * dpr)));
  return { width: side(options.width), height: side(options.height) };
}

/**
 * Cloudflare delivers an animation of over 50 megapixels, every frame counted, without applying transformations
 * (developers.cloudflare.com, Images, "Limits and formats"). Local delivery does the same (docs/decisions.md), and
 * counts what a render would draw as well as what it reads: an animation that a fit would enlarge past the limit
 * is not drawn either, so one URL cannot keep the renderer busy for minutes.
 */
export const ANIMATION_TRANSFORM_MAX_PIXELS = 50_000_000;

/** Whether `source` is an animation that `options` must deliver untransformed (`ANIMATION_TRANSFORM_MAX_PIXELS`). */
export async function animationOverLimit(source: Buffer, sourceFormat: ImageFormat, options: FlexibleOptions, output: FlexibleOutput): Promise<boolean> {
  if (!drawsAnimation(sourceFormat, output)) return false;
  const meta = await sharp(source, { animated: true, limitInputPixels: false }).metadata();
  const frames = meta.pages ?? 1;
  const width = meta.width ?? 0;
  const height = meta.pageHeight ?? meta.height ?? 0;
  if (frames <= 1 || width === 0 || height === 0) return false;
  let frame = width * height;
  const box = boxFor(options);
  const fit = options.fit ?? 'scale-down';
  if ((fit === 'contain' || fit === 'cover' || fit === 'pad') && (box.width !== undefined || box.height !== undefined)) {
    // cover and pad with both sides draw the box itself; otherwise the frame is scaled to fit within the box.
    const drawn =
      box.width !== undefined && box.height !== undefined && fit !== 'contain'
        ? box.width * box.height
        : width * height * Math.min(box.width === undefined ? Infinity : box.width / width, box.height === undefined ? Infinity : box.height / height) ** 2;
    frame = Math.max(frame, drawn);
  }
  return frames * frame > ANIMATION_TRANSFORM_MAX_PIXELS;
}

/** A GIF drawn as GIF or WebP keeps its frames; any other output is a still of the first frame. */
function drawsAnimation(sourceFormat: ImageFormat, output: FlexibleOutput): boolean {
  return sourceFormat === 'gif' && (output === 'gif' || output === 'webp');
}

/** Draws `source` (the original's bytes, or an SVG drawing with `density`) at `options`. */
export async function renderFlexible(
  source: Buffer,
  sourceFormat: ImageFormat,
  options: FlexibleOptions,
  output: FlexibleOutput,
  density?: number,
): Promise<Buffer> {
  const animated = drawsAnimation(sourceFormat, output);
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
