/**
 * An image as Cloudflare's list v2 answers it (CONTRACT.md §2 "Response").
 * Note the casing `requireSignedURLs`: Cloudflare's wire format, not the SDK's documented `require_signed_urls`.
 */
export interface CfImage {
  id: string;
  filename: string;
  /** `null` when not set. */
  creator: string | null;
  /** `{}` when none. */
  meta: Record<string, unknown>;
  requireSignedURLs: boolean;
  /** ISO 8601 UTC with milliseconds, e.g. `2026-11-22T09:30:00.123Z`. */
  uploaded: string;
  /** One absolute URL per variant: `…/{account_hash}/{id}/{variant}`. */
  variants: string[];
}

export interface ListImagesResult {
  images: CfImage[];
  /** Non-null exactly when more matching images follow. */
  continuation_token: string | null;
}

/** Variants the local Images API renders (CONTRACT.md §4). */
export const LOCAL_VARIANTS = ['thumbnail', 'public', 'hero', 'original'] as const;
export type LocalVariant = (typeof LOCAL_VARIANTS)[number];

/** The variant name is the last path segment of a delivery URL. */
export function variantName(url: string): string {
  const path = url.split('?')[0] ?? url;
  return path.slice(path.lastIndexOf('/') + 1);
}
