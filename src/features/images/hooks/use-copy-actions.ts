/**
 * Copying image URLs: one variant of one image, or a selection (one per line), in the chosen format. Private
 * images get a signed URL with the chosen expiry when the server can sign. Confirms with a toast.
 */
import { useCallback } from 'react';
import type { CfImage } from '../../../contract/image';
import { useToast } from '../../../components/ui/toast';
import { copyText } from '../../../lib/clipboard';
import { useConfig } from '../../../lib/config';
import { plural } from '../../../lib/format';
import { signUrls } from '../api/sign-urls';
import { COPY_FORMAT_LABELS, formatLinks, variantUrl } from '../lib/copy-formats';
import { SIGN_EXPIRY_CHOICES, usePreferences } from './use-preferences';

export function useCopyActions() {
  const config = useConfig();
  const { copyFormat, signExpiry } = usePreferences();
  const notify = useToast();

  /** Delivery URLs for `variant` of `images`, private ones signed; images without that variant are left out. */
  const urlsFor = useCallback(
    async (images: readonly CfImage[], variant: string) => {
      const items = images.flatMap((image) => {
        const url = variantUrl(image, variant);
        return url ? [{ image, url, filename: image.filename }] : [];
      });
      const toSign = config.signing ? items.filter((item) => item.image.requireSignedURLs) : [];
      if (toSign.length > 0) {
        const signed = await signUrls(
          toSign.map((item) => item.url),
          signExpiry,
        );
        toSign.forEach((item, i) => (item.url = signed[i] ?? item.url));
      }
      return { items, signedCount: toSign.length };
    },
    [config.signing, signExpiry],
  );

  const copy = useCallback(
    async (images: readonly CfImage[], variant: string) => {
      try {
        const { items, signedCount } = await urlsFor(images, variant);
        if (items.length === 0) {
          notify(`No image has a ${variant} variant`, 'error');
          return;
        }
        await copyText(formatLinks(items, copyFormat));
        notify(confirmation(items.length, images, variant, copyFormat, signedCount, signExpiry, config.signing));
      } catch (error) {
        notify(`Could not copy: ${error instanceof Error ? error.message : String(error)}`, 'error');
      }
    },
    [urlsFor, copyFormat, notify, signExpiry, config.signing],
  );

  /** Copies one variant of one image. */
  const copyImage = useCallback((image: CfImage, variant: string) => copy([image], variant), [copy]);
  /** Copies one variant of each image, one per line. */
  const copyImages = useCallback((images: readonly CfImage[], variant: string) => copy(images, variant), [copy]);
  /**
   * Downloads the images as CSV (with the URLs copy would give: private ones signed) or JSON, and says how many
   * URLs were signed.
   */
  const exportImages = useCallback(
    async (images: readonly CfImage[], variant: string, format: 'csv' | 'json') => {
      try {
        // Loaded on demand: exports are not part of the first screen.
        const { downloadImages } = await import('../lib/export-images');
        const { items, signedCount } = format === 'csv' ? await urlsFor(images, variant) : { items: [], signedCount: 0 };
        downloadImages(images, format, variant, new Map(items.map((item) => [item.image.id, item.url])));
        const expiry = SIGN_EXPIRY_CHOICES.find((c) => c.seconds === signExpiry)?.label ?? `${signExpiry} s`;
        const signed = signedCount > 0 ? ` · ${plural(signedCount, 'URL')} signed, valid ${expiry}` : '';
        notify(`Exported ${plural(images.length, 'image')} as ${format.toUpperCase()}${signed}`);
      } catch (error) {
        notify(`Could not export: ${error instanceof Error ? error.message : String(error)}`, 'error');
      }
    },
    [urlsFor, notify, signExpiry],
  );
  return { copyImage, copyImages, exportImages };
}

function confirmation(
  count: number,
  images: readonly CfImage[],
  variant: string,
  format: keyof typeof COPY_FORMAT_LABELS,
  signedCount: number,
  signExpiry: number,
  signing: boolean,
): string {
  const what = format === 'url' ? '' : ` as ${COPY_FORMAT_LABELS[format]}`;
  const expiry = SIGN_EXPIRY_CHOICES.find((c) => c.seconds === signExpiry)?.label ?? `${signExpiry} s`;
  const signed =
    signedCount === 0 ? '' : signedCount === count ? ` · signed, valid ${expiry}` : ` · ${signedCount} signed, valid ${expiry}`;
  const unsignable = !signing && images.some((image) => image.requireSignedURLs)
    ? ' · private images need a signing key to open'
    : '';
  const subject = count === 1 ? `${variant} URL of ${images[0]?.filename ?? 'image'}` : `${plural(count, `${variant} URL`)}`;
  return `Copied ${subject}${what}${signed}${unsignable}`;
}
