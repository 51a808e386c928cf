/**
 * Local variants (CONTRACT.md §4): `thumbnail` cover 320×320, `public` within 1366×1366, `hero` within 1920×1080,
 * `original` as stored. Rendered with sharp on first request, then served from `DATA_DIR/variants/<contentKey>/`.
 * SVG originals are rasterised to PNG for the resized variants; GIFs stay (animated) GIFs.
 */
import { randomBytes } from 'node:crypto';
import { access, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import sharp, { type ResizeOptions } from 'sharp';
import type { LocalVariant } from '../../src/contract/image';
import type { FlexibleOptions } from '../../src/contract/variants';
import { demoPictureSpec, demoPictureSvg, renderDemoPicture } from './demo/demo-picture';
import { animationOverLimit, boxFor, flexibleCacheName, renderFlexible, type FlexibleOutput } from './flexible-render';
import { parseDemoFile } from './demo/demo-images';
import { MAX_INPUT_PIXELS } from './image-format';
import { extensionOf, type Originals } from './originals';
import { CONTENT_TYPES, type ImageFormat, type StoredImage } from './stored-image';

const RESIZE: Record<Exclude<LocalVariant, 'original'>, ResizeOptions> = {
  thumbnail: { width: 320, height: 320, fit: 'cover' },
  public: { width: 1366, height: 1366, fit: 'inside', withoutEnlargement: true },
  hero: { width: 1920, height: 1080, fit: 'inside', withoutEnlargement: true },
};

export interface RenderedVariant {
  bytes: Buffer;
  format: ImageFormat;
  contentType: string;
}

function outputFormat(format: ImageFormat, variant: LocalVariant): ImageFormat {
  if (variant === 'original') return format;
  return format === 'svg' ? 'png' : format;
}

/**
 * Renders a resized variant. `density` rasterises an SVG source at that DPI (72 = its own size), so that a large
 * picture is drawn small instead of drawn large and shrunk.
 */
async function resize(
  source: Buffer,
  sourceFormat: ImageFormat,
  outputAs: ImageFormat,
  variant: Exclude<LocalVariant, 'original'>,
  density?: number,
): Promise<Buffer> {
  const animated = sourceFormat === 'gif';
  let pipeline = sharp(source, { animated, limitInputPixels: MAX_INPUT_PIXELS, ...(density ? { density } : {}) });
  if (!animated) pipeline = pipeline.rotate(); // honour EXIF orientation
  pipeline = pipeline.resize(RESIZE[variant]);
  switch (outputAs) {
    case 'jpeg':
      return pipeline.jpeg({ quality: 82 }).toBuffer();
    case 'webp':
      // effort 2 (of 0–6, default 4): about half the encoding time for a few percent more bytes.
      return pipeline.webp({ quality: 80, effort: 2 }).toBuffer();
    case 'gif':
      return pipeline.gif().toBuffer();
    default:
      return pipeline.png().toBuffer();
  }
}

/** The DPI at which an SVG of `width`×`height` comes out just large enough for the variant (never below 1). */
function densityFor(variant: Exclude<LocalVariant, 'original'>, width: number, height: number): number {
  const box = RESIZE[variant];
  const w = box.width ?? width;
  const h = box.height ?? height;
  if (box.fit === 'cover') return Math.max(1, Math.ceil(72 * Math.max(w / width, h / height) * 1.02));
  const scale = Math.min(w / width, h / height);
  // At or below its own size the drawing is used as it is (never enlarged); above, drawn a little larger, then fitted.
  return scale >= 1 ? 72 : Math.max(1, Math.ceil(72 * scale * 1.02));
}

/**
 * At most this many renders at once: all cores but one, so a page scrolling through thousands of new thumbnails on
 * the same machine (the local demo's usual case) keeps a core for the browser. Requests beyond wait their turn;
 * cached variants never wait.
 */
const RENDER_SLOTS = Math.max(1, availableParallelism() - 1);

/**
 * A flexible rendering that draws more than this many pixels (its box times `dpr`², or the original's size when it
 * names none) takes seconds: a 10000×10000 AVIF takes about 8 s here. It runs in a lane of its own, one at a time,
 * so that the grid's thumbnails and the size builder's small previews never queue behind it (docs/decisions.md).
 */
export const LARGE_RENDER_PIXELS = 4_000_000;

/** Whether `options` may draw more than `LARGE_RENDER_PIXELS` (no box, or a box that large). */
export function isLargeRender(options: FlexibleOptions): boolean {
  const { width, height } = boxFor(options);
  if (width === undefined && height === undefined) return true;
  // One side given: the other may be as long (a square at most, for the pixels of a portrait or landscape).
  const w = width ?? height!;
  const h = height ?? width!;
  return w * h > LARGE_RENDER_PIXELS;
}

/** A first-come, first-served limit on concurrent work. */
function limiter(slots: number) {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async <T>(work: () => Promise<T>): Promise<T> => {
    // A slot is taken here, or handed over by the work that frees it.
    if (running < slots) running += 1;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await work();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else running -= 1;
    }
  };
}

/** A cache file: readers see the old file or the whole new one, never half. */
async function writeAtomically(path: string, bytes: Buffer): Promise<void> {
  const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(temp, bytes);
  await rename(temp, path);
}

/** The image was deleted while its variant was being drawn (→ 404 / 5404, as if the delete had come first). */
export class ImageGoneError extends Error {
  constructor(readonly id: string) {
    super(`No image with id '${id.slice(0, 100)}': it was deleted while this variant was being drawn`);
    this.name = 'ImageGoneError';
  }
}

export class VariantRenderer {
  /** Renders in progress, so that concurrent requests for one variant render it once. */
  private readonly inFlight = new Map<string, Promise<unknown>>();
  private readonly limit = limiter(RENDER_SLOTS);
  /** Large flexible renderings (`isLargeRender`), one at a time, beside the others. */
  private readonly largeLimit = limiter(1);

  /**
   * `isStored` says whether a row still names the image's original. A delete can land at any moment of a render
   * (docs/CONTRACT.md §4): before the original is read (ENOENT), or after the delete removed the variant folder,
   * while the render is about to write into it. So every render asks once it is done, and if the image is gone,
   * removes what it wrote and answers `ImageGoneError`. The delete removes the row before the files, so a render that
   * still sees the row finished writing before those files are removed.
   */
  constructor(
    private readonly originals: Originals,
    private readonly isStored: (image: StoredImage) => boolean,
  ) {}

  /** Runs a render; if the image was deleted meanwhile, cleans up after it and throws `ImageGoneError`. */
  private async whileStored<T>(image: StoredImage, work: () => Promise<T>): Promise<T> {
    let result: T;
    try {
      result = await work();
    } catch (error) {
      if (this.isStored(image)) throw error;
      await this.originals.remove(image.file, image.contentKey);
      throw new ImageGoneError(image.id);
    }
    if (!this.isStored(image)) {
      await this.originals.remove(image.file, image.contentKey);
      throw new ImageGoneError(image.id);
    }
    return result;
  }

  /** The original's bytes; a demo picture is drawn (and kept on disk) the first time it is needed. */
  private async original(image: StoredImage): Promise<Buffer> {
    try {
      return await this.originals.read(image.file);
    } catch (error) {
      const demo = parseDemoFile(image.file);
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || !demo) throw error;
      return this.once(`${image.contentKey}/original`, async () => {
        const bytes = await renderDemoPicture(demoPictureSpec(demo.seed, demo.index));
        // Deterministic bytes that can be drawn again: temp + rename is enough, no fsync needed.
        await writeAtomically(this.originals.path(image.file), bytes);
        return bytes;
      });
    }
  }

  /** Runs `work` once for concurrent callers with the same key. */
  private once<T>(key: string, work: () => Promise<T>): Promise<T> {
    const running = this.inFlight.get(key) as Promise<T> | undefined;
    if (running) return running;
    const job = work().finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, job);
    return job;
  }

  /**
   * A resized variant from the original; for a demo image straight from its SVG drawing at the right size (about
   * 20 times faster than drawing the full-size original first, which matters for a first grid of thumbnails).
   */
  private async resized(image: StoredImage, format: ImageFormat, variant: Exclude<LocalVariant, 'original'>): Promise<Buffer> {
    const demo = parseDemoFile(image.file);
    if (demo) {
      const svg = demoPictureSvg(demoPictureSpec(demo.seed, demo.index));
      const [, width, height] = /width="(\d+)" height="(\d+)"/.exec(svg) ?? [];
      return resize(Buffer.from(svg), 'svg', format, variant, densityFor(variant, Number(width), Number(height)));
    }
    return resize(await this.original(image), image.format, format, variant);
  }

  private cachePath(image: StoredImage, variant: Exclude<LocalVariant, 'original'>) {
    const format = outputFormat(image.format, variant);
    const dir = join(this.originals.cacheDir, image.contentKey);
    return { format, dir, path: join(dir, `${variant}.${extensionOf(format)}`) };
  }

  /** Renders a resized variant into the cache unless it is there already (demo/prerender.ts). */
  async prerender(image: StoredImage, variant: Exclude<LocalVariant, 'original'>): Promise<void> {
    const { path } = this.cachePath(image, variant);
    try {
      await access(path);
    } catch {
      await this.render(image, variant).catch((error: unknown) => {
        if (!(error instanceof ImageGoneError)) throw error;
      });
    }
  }

  async render(image: StoredImage, variant: LocalVariant): Promise<RenderedVariant> {
    return this.whileStored(image, () => this.renderStored(image, variant));
  }

  private async renderStored(image: StoredImage, variant: LocalVariant): Promise<RenderedVariant> {
    if (variant === 'original') {
      const format = outputFormat(image.format, variant);
      return { bytes: await this.original(image), format, contentType: CONTENT_TYPES[format] };
    }
    const { format, dir, path } = this.cachePath(image, variant);
    const contentType = CONTENT_TYPES[format];
    return this.once(`${image.contentKey}/${variant}`, async () => {
      try {
        return { bytes: await readFile(path), format, contentType };
      } catch {
        const bytes = await this.limit(() => this.resized(image, format, variant));
        await mkdir(dir, { recursive: true });
        await writeAtomically(path, bytes);
        return { bytes, format, contentType };
      }
    });
  }

  /** A flexible variant (CONTRACT.md §11), cached beside the named ones under a canonical name. */
  async renderFlexible(image: StoredImage, options: FlexibleOptions, output: FlexibleOutput): Promise<RenderedVariant> {
    // A delete may land mid-render, as for named variants: cleaned up, and answered as if it came first.
    return this.whileStored(image, () => this.renderFlexibleStored(image, options, output));
  }

  private async renderFlexibleStored(image: StoredImage, options: FlexibleOptions, output: FlexibleOutput): Promise<RenderedVariant> {
    const dir = join(this.originals.cacheDir, image.contentKey);
    const name = flexibleCacheName(options, output);
    const path = join(dir, name);
    // `format` tells delivery whether the bytes are SVG (they never are here); AVIF has no ImageFormat of its own.
    const format: ImageFormat = output === 'avif' ? 'png' : output;
    const contentType = output === 'avif' ? 'image/avif' : CONTENT_TYPES[format];
    return this.once(`${image.contentKey}/${name}`, async () => {
      try {
        return { bytes: await readFile(path), format, contentType };
      } catch {
        if (image.format === 'gif') {
          // Cloudflare's rule for large animations: the original as it is, not a render (flexible-render.ts).
          const original = await this.original(image);
          if (await animationOverLimit(original, image.format, options, output)) return { bytes: original, format: 'gif', contentType: CONTENT_TYPES.gif };
        }
        const lane = isLargeRender(options) ? this.largeLimit : this.limit;
        const bytes = await lane(async () => {
          const demo = parseDemoFile(image.file);
          if (!demo) return renderFlexible(await this.original(image), image.format, options, output);
          const svg = demoPictureSvg(demoPictureSpec(demo.seed, demo.index));
          const [, width, height] = /width="(\d+)" height="(\d+)"/.exec(svg) ?? [];
          return renderFlexible(Buffer.from(svg), 'svg', options, output, svgDensity(options, Number(width), Number(height)));
        });
        await mkdir(dir, { recursive: true });
        await writeAtomically(path, bytes);
        return { bytes, format, contentType };
      }
    });
  }
}

/** The DPI at which an SVG of `width`×`height` is drawn just large enough for a flexible box (at least 1). */
function svgDensity(options: FlexibleOptions, width: number, height: number): number {
  const box = boxFor(options);
  const scales = [box.width === undefined ? null : box.width / width, box.height === undefined ? null : box.height / height].filter(
    (x): x is number => x !== null,
  );
  if (scales.length === 0) return 72;
  const cover = options.fit === 'cover' || options.fit === 'crop';
  const scale = cover ? Math.max(...scales) : Math.min(...scales);
  return Math.min(2400, Math.max(1, Math.ceil(72 * scale * 1.02)));
}
