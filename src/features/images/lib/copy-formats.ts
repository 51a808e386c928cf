/** The text a copy puts on the clipboard, per format. */
import type { CfImage } from '../../../contract/image';
import { variantName } from '../../../contract/image';

export const COPY_FORMATS = ['url', 'markdown', 'html'] as const;
export type CopyFormat = (typeof COPY_FORMATS)[number];

export const COPY_FORMAT_LABELS: Record<CopyFormat, string> = {
  url: 'URL',
  markdown: 'Markdown',
  html: 'HTML <img>',
};

/** The delivery URL of one variant of an image, or `null` when the image has no such variant. */
export function variantUrl(image: Pick<CfImage, 'variants'>, variant: string): string | null {
  return image.variants.find((url) => variantName(url) === variant) ?? null;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Markdown alt text must not close the bracket early; URLs must not close the parenthesis. */
function escapeMarkdownAlt(text: string): string {
  return text.replace(/([\\[\]])/g, '\\$1');
}
function escapeMarkdownUrl(url: string): string {
  return url.replace(/\(/g, '%28').replace(/\)/g, '%29').replace(/ /g, '%20');
}

/** `url` formatted for pasting: as is, as Markdown `![filename](url)`, or as `<img src alt>`. */
export function formatLink(url: string, filename: string, format: CopyFormat): string {
  switch (format) {
    case 'markdown':
      return `![${escapeMarkdownAlt(filename)}](${escapeMarkdownUrl(url)})`;
    case 'html':
      return `<img src="${escapeHtml(url)}" alt="${escapeHtml(filename)}">`;
    default:
      return url;
  }
}

/** Several links, one per line (bulk copy). */
export function formatLinks(items: readonly { url: string; filename: string }[], format: CopyFormat): string {
  return items.map((item) => formatLink(item.url, item.filename, format)).join('\n');
}
