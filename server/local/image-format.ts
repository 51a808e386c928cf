/**
 * What an upload is, decided from its bytes (never from the client's content-type): magic bytes name the format,
 * then sharp must be able to read the header as that format, so a PNG signature on garbage is still refused.
 */
import sharp from 'sharp';
import type { ImageFormat } from './stored-image';

function startsWith(bytes: Uint8Array, signature: number[], at = 0): boolean {
  return signature.every((byte, i) => bytes[at + i] === byte);
}

const ascii = (text: string) => [...text].map((ch) => ch.charCodeAt(0));

/** SVG is text: an `<svg` root, possibly after a BOM, XML declaration, comments or a doctype. */
function looksLikeSvg(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.subarray(0, 4096)).toString('utf8').replace(/^\uFEFF/, '');
  const rest = head
    .replace(/^\s*<\?xml[\s\S]*?\?>/, '')
    .replace(/^(\s*(<!--[\s\S]*?-->|<!DOCTYPE[^>]*>))*/i, '')
    .trimStart();
  return /^<svg[\s>]/.test(rest);
}

/** The format named by the magic bytes, or `null`. */
export function sniffFormat(bytes: Uint8Array): ImageFormat | null {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, ascii('GIF87a')) || startsWith(bytes, ascii('GIF89a'))) return 'gif';
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return 'webp';
  if (looksLikeSvg(bytes)) return 'svg';
  return null;
}

/** The image's format when it is a readable PNG, JPEG, GIF, WebP or SVG; otherwise `null`. */
export async function detectImageFormat(bytes: Uint8Array): Promise<ImageFormat | null> {
  const sniffed = sniffFormat(bytes);
  if (!sniffed) return null;
  try {
    const metadata = await sharp(bytes).metadata();
    return metadata.format === sniffed && (metadata.width ?? 0) > 0 && (metadata.height ?? 0) > 0 ? sniffed : null;
  } catch {
    return null;
  }
}
