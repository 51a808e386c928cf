/**
 * What an upload is, decided from its bytes (never from the client's content-type): magic bytes name the format,
 * sharp must read the header as that same format, the picture must be within `MAX_INPUT_PIXELS`, and it must
 * decode to the end (docs/CONTRACT.md §7). So a PNG signature on garbage, a truncated file, a picture too large to
 * render, or a GIF header on a PNG is refused at upload with the reason, and every stored image renders every variant.
 */
import sharp, { type Metadata } from 'sharp';
import { IMAGE_FORMAT_NAMES as FORMAT_NAMES, NOT_AN_IMAGE_REASON, sniffImageFormat, type ImageFormat } from '../../src/contract/image-file';

/**
 * The most pixels a picture may have (docs/CONTRACT.md §7: 100 megapixels), counted as sharp counts them when it
 * renders a variant (variants.ts): width × height, every frame of an animated GIF, an SVG at its own size.
 */
export const MAX_INPUT_PIXELS = 100_000_000;

export type ImageCheck = { ok: true; format: ImageFormat } | { ok: false; reason: string };

/** sharp's own words, first line, short (it never names a file: the input is a buffer). */
function cause(error: unknown): string {
  const text = (error instanceof Error ? error.message : String(error)).split('\n')[0]!.trim();
  return text.length > 120 ? `${text.slice(0, 117)}…` : text;
}

/** Decides whether `bytes` are an image this server can store and render, and if not, says why in one sentence. */
export async function checkImage(bytes: Uint8Array): Promise<ImageCheck> {
  // The contract's rule (src/contract/image-file.ts), which the dashboard checks before sending too.
  const format = sniffImageFormat(bytes);
  if (!format) {
    return { ok: false, reason: NOT_AN_IMAGE_REASON };
  }
  const name = FORMAT_NAMES[format];
  let metadata: Metadata;
  try {
    // The header alone, with no pixel limit, so that a picture too large is named as such.
    metadata = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch (error) {
    return { ok: false, reason: `Unsupported file: it starts like a ${name} but is not a readable ${name} (${cause(error)})` };
  }
  if (metadata.format !== format) {
    const actual = metadata.format in FORMAT_NAMES ? FORMAT_NAMES[metadata.format as ImageFormat] : metadata.format;
    return { ok: false, reason: `Unsupported file: it starts like a ${name} but its content reads as ${actual}; send the file as it is` };
  }
  const width = metadata.width ?? 0;
  const height = metadata.height ?? 0;
  if (width <= 0 || height <= 0) {
    return { ok: false, reason: `Unsupported file: it starts like a ${name} but declares no width and height` };
  }
  const frames = format === 'gif' ? (metadata.pages ?? 1) : 1;
  const frameHeight = format === 'gif' ? (metadata.pageHeight ?? height) : height;
  const pixels = width * frameHeight * frames;
  if (pixels > MAX_INPUT_PIXELS) {
    const size = `${width}×${frameHeight}${frames > 1 ? ` × ${frames} frames` : ''}`;
    return {
      ok: false,
      reason: `Image too large: ${size} pixels is ${Math.round(pixels / 1e6)} megapixels, at most ${MAX_INPUT_PIXELS / 1e6} megapixels; scale it down before uploading`,
    };
  }
  try {
    // A real decode to the last byte (small output: libvips streams the rows, JPEG shrinks on load), with the options
    // the variants are rendered with, so that what is accepted here renders there.
    await sharp(bytes, { animated: format === 'gif', limitInputPixels: MAX_INPUT_PIXELS })
      .resize(64, 64, { fit: 'inside' })
      .raw()
      .toBuffer();
  } catch (error) {
    return { ok: false, reason: `Unsupported file: the ${name} cannot be decoded, it is truncated or corrupt (${cause(error)})` };
  }
  return { ok: true, format };
}
