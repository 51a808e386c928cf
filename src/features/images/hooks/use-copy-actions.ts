/**
 * Copying what a page needs: one variant of one image, or a selection, in the chosen format (URL, Markdown, HTML,
 * responsive `<img>`, `<picture>`, CSS, Next.js, Nuxt) at the chosen size (a named variant or flexible options).
 * Private images get signed URLs with the chosen expiry when the server can sign: every URL of everything copied in
 * one signing request. Exports write the same URLs and snippets. Confirms with a toast.
 */
import { useCallback, useEffect } from 'react';
import type { CfImage } from '../../../contract/image';
import { serializeFlexibleOptions } from '../../../contract/variants';
import { useToast } from '../../../components/ui/toast';
import { copyText } from '../../../lib/clipboard';
import { onFirstIntent } from '../../../lib/first-intent';
import { useConfig } from '../../../lib/config';
import { plural } from '../../../lib/format';
import { signUrls } from '../api/sign-urls';
import { COPY_FORMAT_LABELS, type CopyFormat, type DeliverySize } from '../lib/copy-formats';
import type { Rendered } from '../lib/copy-snippets';
import { useDelivery } from './use-delivery';
import { SIGN_EXPIRY_CHOICES, usePreferences } from './use-preferences';

let snippets: Promise<typeof import('../lib/copy-snippets')> | undefined;
/**
 * The snippet writer, fetched once: when a person first points at, touches or types in the page (well before a copy
 * button's click lands), or at the first copy. After a failed fetch the next call asks again.
 */
export function loadCopySnippets(): Promise<typeof import('../lib/copy-snippets')> {
  snippets ??= import('../lib/copy-snippets').catch((error: unknown) => {
    snippets = undefined;
    throw error;
  });
  return snippets;
}

export function sizeName(size: DeliverySize): string {
  return 'variant' in size ? size.variant : serializeFlexibleOptions(size.flexible);
}

/** `variantNames`: the account's variant names as the view knows them (learnt from list answers if need be). */
export function useCopyActions(variantNames: readonly string[]) {
  const config = useConfig();
  const ctx = useDelivery(variantNames);
  const { copyFormat, signExpiry } = usePreferences();
  const notify = useToast();
  // A failure here is met again, and reported, by the copy that needs it.
  useEffect(() => onFirstIntent(() => void loadCopySnippets().catch(() => undefined)), []);

  const render = useCallback(
    (images: readonly CfImage[], size: DeliverySize, format: CopyFormat = copyFormat) =>
      loadCopySnippets().then(({ renderCopies }) =>
        renderCopies(images, format, size, ctx, config.signing ? (urls) => signUrls(urls, signExpiry) : null),
      ),
    [ctx, copyFormat, config.signing, signExpiry],
  );

  const copy = useCallback(
    async (images: readonly CfImage[], size: DeliverySize) => {
      try {
        const result = await render(images, size);
        if (result.items.length === 0) {
          notify(result.skipReason ?? 'Nothing to copy', 'error');
          return;
        }
        await copyText(result.text);
        notify(confirmation(result, images, sizeName(size), copyFormat, signExpiry, config.signing));
      } catch (error) {
        notify(`Could not copy: ${error instanceof Error ? error.message : String(error)}`, 'error');
      }
    },
    [render, copyFormat, notify, signExpiry, config.signing],
  );

  /** Copies one variant (or flexible size) of one image. */
  const copyImage = useCallback((image: CfImage, size: string | DeliverySize) => copy([image], toSize(size)), [copy]);
  /** Copies each image at `size`, one per line (a blank line between multi-line snippets). */
  const copyImages = useCallback((images: readonly CfImage[], size: string | DeliverySize) => copy(images, toSize(size)), [copy]);
  /**
   * Downloads the images as CSV or JSON with the URL (and the snippet, for formats other than URL) that copy
   * would give, private ones signed, and says how many were signed.
   */
  const exportImages = useCallback(
    async (images: readonly CfImage[], size: string | DeliverySize, format: 'csv' | 'json') => {
      try {
        // Loaded on demand: exports are not part of the first screen.
        const { downloadImages } = await import('../lib/export-images');
        const result = await render(images, toSize(size));
        const copies = new Map(result.items.map((item) => [item.image.id, { url: item.url, snippet: copyFormat === 'url' ? undefined : item.text }]));
        downloadImages(images, format, copies);
        const expiry = SIGN_EXPIRY_CHOICES.find((c) => c.seconds === signExpiry)?.label ?? `${signExpiry} s`;
        const signed = result.signedCount > 0 ? ` · ${plural(result.signedCount, 'URL')} signed, valid ${expiry}` : '';
        notify(`Exported ${plural(images.length, 'image')} as ${format.toUpperCase()}${signed}`);
      } catch (error) {
        notify(`Could not export: ${error instanceof Error ? error.message : String(error)}`, 'error');
      }
    },
    [render, notify, signExpiry, copyFormat],
  );
  return { copyImage, copyImages, exportImages, render, ctx };
}

function toSize(size: string | DeliverySize): DeliverySize {
  return typeof size === 'string' ? { variant: size } : size;
}

function confirmation(
  result: Rendered,
  images: readonly CfImage[],
  size: string,
  format: CopyFormat,
  signExpiry: number,
  signing: boolean,
): string {
  const count = result.items.length;
  const what = format === 'url' ? '' : ` as ${COPY_FORMAT_LABELS[format]}`;
  const expiry = SIGN_EXPIRY_CHOICES.find((c) => c.seconds === signExpiry)?.label ?? `${signExpiry} s`;
  const signed =
    result.signedCount === 0
      ? ''
      : result.signedCount === count
        ? ` · signed, valid ${expiry}`
        : ` · ${result.signedCount} signed, valid ${expiry}`;
  const unsignable = !signing && images.some((image) => image.requireSignedURLs) ? ' · private images need a signing key to open' : '';
  const skipped = result.skipped > 0 ? ` · ${result.skipped} left out: ${result.skipReason}` : '';
  const note = result.note ? ` · ${result.note}` : '';
  const subject = count === 1 ? `${size} URL of ${result.items[0]?.image.filename ?? 'image'}` : plural(count, `${size} URL`);
  return `Copied ${subject}${what}${signed}${note}${unsignable}${skipped}`;
}
