/** CSV and JSON exports of a selection. Loaded on demand (dynamic import): not needed on the first screen. */
import type { CfImage } from '../../../contract/image';
import { csvCell } from '../../../lib/csv';
import { downloadFile } from '../../../lib/download';

const COLUMNS = ['id', 'filename', 'creator', 'uploaded', 'requireSignedURLs', 'url', 'meta'] as const;

export { csvCell };

/** What copy gives for one image: the URL at the chosen size (signed where that applies), and the snippet. */
export interface CopiedText {
  url: string;
  /** Set when the copy format is not a bare URL: the Markdown, HTML, srcset, … text. */
  snippet?: string;
}

/**
 * `copies` holds what copy gives per image id (private images signed when the server can sign); an image without
 * one (it has no such variant) gets an empty URL. A `snippet` column follows when the copy format is not a URL.
 */
export function imagesToCsv(images: readonly CfImage[], copies: ReadonlyMap<string, CopiedText>): string {
  const withSnippet = images.some((image) => copies.get(image.id)?.snippet !== undefined);
  const rows = images.map((image) => {
    const copy = copies.get(image.id);
    const cells = [
      image.id,
      image.filename,
      image.creator ?? '',
      image.uploaded,
      String(image.requireSignedURLs),
      copy?.url ?? '',
      JSON.stringify(image.meta),
    ];
    if (withSnippet) cells.push(copy?.snippet ?? '');
    return cells.map(csvCell);
  });
  const header = withSnippet ? [...COLUMNS, 'snippet'] : [...COLUMNS];
  return [header.join(','), ...rows.map((row) => row.join(','))].join('\r\n') + '\r\n';
}

/** The images as the API gives them, each with the `url` (and `snippet`) copy gives. */
export function imagesToJson(images: readonly CfImage[], copies: ReadonlyMap<string, CopiedText>): string {
  const rows = images.map((image) => ({ ...image, ...copies.get(image.id) }));
  return `${JSON.stringify(rows, null, 2)}\n`;
}

function stamp(now = new Date()): string {
  return now.toISOString().slice(0, 19).replace(/[:T]/g, '-');
}

export function downloadImages(images: readonly CfImage[], format: 'csv' | 'json', copies: ReadonlyMap<string, CopiedText>): void {
  if (format === 'csv') downloadFile(`images-${stamp()}.csv`, imagesToCsv(images, copies), 'text/csv;charset=utf-8');
  else downloadFile(`images-${stamp()}.json`, imagesToJson(images, copies), 'application/json');
}
