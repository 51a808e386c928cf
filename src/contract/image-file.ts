/**
 * What an upload's file is, from its first bytes (docs/CONTRACT.md §4, §7): PNG, JPEG, GIF, WebP or SVG, never
 * decided by the name or the content-type. The server sniffs with this before it decodes; the dashboard sniffs with
 * it before it sends, so a file the server would refuse for its type is refused in the queue, in the same terms.
 * Pure TypeScript with Web APIs only (TextDecoder, Blob): runs in Node, Workers and the browser.
 */
import { ErrorCode } from './envelope';
import { WRITE_LIMITS, WriteRuleError } from './image-writes';

export const IMAGE_FORMATS = ['png', 'jpeg', 'gif', 'webp', 'svg'] as const;
export type ImageFormat = (typeof IMAGE_FORMATS)[number];

export const IMAGE_FORMAT_NAMES: Record<ImageFormat, string> = { png: 'PNG', jpeg: 'JPEG', gif: 'GIF', webp: 'WebP', svg: 'SVG' };

/** How many first bytes `sniffImageFormat` looks at (an SVG's `<svg` may follow a declaration and comments). */
export const SNIFF_BYTES = 4096;

function startsWith(bytes: Uint8Array, signature: readonly number[], at = 0): boolean {
  return signature.every((byte, i) => bytes[at + i] === byte);
}

const ascii = (text: string) => [...text].map((ch) => ch.charCodeAt(0));

/** SVG is text: an `<svg` root, possibly after a BOM, whitespace, an XML declaration, comments or a doctype. */
function looksLikeSvg(bytes: Uint8Array): boolean {
  // Not fatal: a multi-byte character cut at SNIFF_BYTES must not refuse the file.
  const head = new TextDecoder('utf-8').decode(bytes.subarray(0, SNIFF_BYTES)).replace(/^\uFEFF/, '');
  const rest = head
    .replace(/^\s*<\?xml[\s\S]*?\?>/, '')
    .replace(/^(\s*(<!--[\s\S]*?-->|<!DOCTYPE[^>]*>))*/i, '')
    .trimStart();
  return /^<svg[\s>/]/.test(rest);
}

/** The format the first bytes name (`SNIFF_BYTES` of them suffice), or `null`. */
export function sniffImageFormat(bytes: Uint8Array): ImageFormat | null {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, ascii('GIF87a')) || startsWith(bytes, ascii('GIF89a'))) return 'gif';
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return 'webp';
  if (looksLikeSvg(bytes)) return 'svg';
  return null;
}

/** Why a file whose first bytes name no format is refused (415 / 5455), in both modes. */
export const NOT_AN_IMAGE_REASON = 'Unsupported file: not a PNG, JPEG, GIF, WebP or SVG image (decided from its bytes, not its name or type)';

/**
 * The rules of an upload's file that need no decoder (§4, §7), for the local API and the proxy alike: at most
 * `WRITE_LIMITS.maxUploadBytes` (413 / 5413), not empty, and first bytes that name a format (415 / 5455). Throws
 * a `WriteRuleError`; answers the format. Local mode then decodes the picture (server/local/image-format.ts);
 * in cloudflare mode Cloudflare does.
 */
export async function checkUploadFile(file: Blob): Promise<ImageFormat> {
  const max = WRITE_LIMITS.maxUploadBytes;
  if (file.size > max) throw new WriteRuleError(`File too large: ${file.size} bytes, maximum ${max} (10 MB)`, 413, ErrorCode.tooLarge);
  if (file.size === 0) throw new WriteRuleError('Unsupported file: it is empty (0 bytes)', 415, ErrorCode.unsupportedMedia);
  const format = sniffImageFormat(new Uint8Array(await file.slice(0, SNIFF_BYTES).arrayBuffer()));
  if (!format) throw new WriteRuleError(NOT_AN_IMAGE_REASON, 415, ErrorCode.unsupportedMedia);
  return format;
}
