/** CSV and JSON exports of a selection. Loaded on demand (dynamic import): not needed on the first screen. */
import type { CfImage } from '../../../contract/image';
import { csvCell } from '../../../lib/csv';
import { downloadFile } from '../../../lib/download';
import { variantUrl } from './copy-formats';

const COLUMNS = ['id', 'filename', 'creator', 'uploaded', 'requireSignedURLs', 'url', 'meta'] as const;

export { csvCell };

/**
 * `urls` holds the URL to write per image id (copy's own: private images signed when the server can sign); an
 * image without one gets the variant's delivery URL.
 */
export function imagesToCsv(images: readonly CfImage[], variant: string, urls?: ReadonlyMap<string, string>): string {
  const rows = images.map((image) =>
    [
      image.id,
      image.filename,
      image.creator ?? '',
      image.uploaded,
      String(image.requireSignedURLs),
      urls?.get(image.id) ?? variantUrl(image, variant) ?? '',
      JSON.stringify(image.meta),
    ].map(csvCell),
  );
  return [COLUMNS.join(','), ...rows.map((row) => row.join(','))].join('\r\n') + '\r\n';
}

export function imagesToJson(images: readonly CfImage[]): string {
  return `${JSON.stringify(images, null, 2)}\n`;
}

function stamp(now = new Date()): string {
  return now.toISOString().slice(0, 19).replace(/[:T]/g, '-');
}

export function downloadImages(
  images: readonly CfImage[],
  format: 'csv' | 'json',
  variant: string,
  urls?: ReadonlyMap<string, string>,
): void {
  if (format === 'csv') downloadFile(`images-${stamp()}.csv`, imagesToCsv(images, variant, urls), 'text/csv;charset=utf-8');
  else downloadFile(`images-${stamp()}.json`, imagesToJson(images), 'application/json');
}
