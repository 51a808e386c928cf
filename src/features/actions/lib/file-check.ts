/**
 * The upload queue's check before anything is sent (docs/actions.md): what can be known cheaply, with the contract's
 * rules (src/contract/image-file.ts, docs/CONTRACT.md §4): the size, and the format the first bytes name. The
 * picture is not decoded here: the server does that, and its refusals show in its own words.
 */
import { IMAGE_FORMAT_NAMES, SNIFF_BYTES, sniffImageFormat } from '../../../contract/image-file';
import { WRITE_LIMITS } from '../../../contract/image-writes';

const MB = 1024 * 1024;
const MAX = WRITE_LIMITS.maxUploadBytes;
const names = Object.values(IMAGE_FORMAT_NAMES);
export const NOT_AN_IMAGE = `Not an image Cloudflare accepts: ${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;

/** "12.3 MB"; in bytes when a rounded size would read as the maximum itself ("10.0 MB, at most 10 MB"). */
function tooLarge(size: number): string {
  const mb = (size / MB).toFixed(1);
  return Number(mb) > MAX / MB
    ? `Too large: ${mb} MB, at most ${MAX / MB} MB`
    : `Too large: ${size.toLocaleString('en')} bytes, at most ${MAX.toLocaleString('en')} (${MAX / MB} MB)`;
}

/** Why `file` would be refused, or null when it is worth sending. Reads at most the first SNIFF_BYTES. */
export async function uploadFileProblem(file: Blob): Promise<string | null> {
  if (file.size === 0) return 'Empty file: there is nothing to upload';
  if (file.size > MAX) return tooLarge(file.size);
  let head: Uint8Array;
  try {
    head = new Uint8Array(await file.slice(0, SNIFF_BYTES).arrayBuffer());
  } catch {
    // A file moved or deleted since it was chosen: the browser cannot read it, so neither could the upload.
    return 'Cannot be read: it may have been moved or deleted since it was chosen';
  }
  return sniffImageFormat(head) ? null : NOT_AN_IMAGE;
}
