/**
 * The copy formats (docs/dashboard.md "Copy formats"): a URL at a size, a responsive `<img srcset sizes>`,
 * `<picture>` with AVIF and WebP sources, CSS `image-set()`, and Next.js / Nuxt snippets; their names and the sizes
 * copy can use. Writing the snippets is `copy-snippets.ts`, fetched when a person first reaches for the page.
 */
import type { CfImage } from '../../../contract/image';
import { variantName } from '../../../contract/image';
import type { FlexibleOptions, VariantInfo } from '../../../contract/variants';

export const COPY_FORMATS = ['url', 'markdown', 'html', 'srcset', 'picture', 'css', 'next', 'nuxt'] as const;
export type CopyFormat = (typeof COPY_FORMATS)[number];

export const COPY_FORMAT_LABELS: Record<CopyFormat, string> = {
  url: 'URL',
  markdown: 'Markdown',
  html: 'HTML <img>',
  srcset: 'Responsive <img srcset>',
  picture: '<picture> AVIF + WebP',
  css: 'CSS image-set()',
  next: 'Next.js <Image>',
  nuxt: 'Nuxt <NuxtImg>',
};

/** Formats whose text spans several lines: a selection separates them with a blank line. */
export const MULTILINE_FORMATS: ReadonlySet<CopyFormat> = new Set(['picture', 'css', 'next', 'nuxt']);

/** The delivery URL of one variant of an image, or `null` when the image has no such variant. */
export function variantUrl(image: Pick<CfImage, 'variants'>, variant: string): string | null {
  return image.variants.find((url) => variantName(url) === variant) ?? null;
}

/** A named variant, or flexible options (`w=400,fit=cover`). */
export type DeliverySize = { variant: string } | { flexible: FlexibleOptions };

export interface DeliveryContext {
  /** The account's variants with their sizes (`/api/config`, CONTRACT.md §11). */
  variants: readonly VariantInfo[];
  /** Whether the account has flexible variants on. */
  flexible: boolean;
}
