/**
 * The images the address bar asks for: parses the URL's list query, loads pages, indexes them as they arrive. The grid, the
 * table view, the toolbar and the detail panel all call this; they share one cached query.
 */
import { useMemo } from 'react';
import type { CfImage } from '../../../contract/image';
import { variantName } from '../../../contract/image';
import { useConfig } from '../../../lib/config';
import { useSearchParams } from '../../../lib/use-search-params';
import type { ListImagesResult } from '../../../contract/image';
import { useFirstScreen, useImages } from '../api/get-images';
import { firstScreenQuery, gridQueryFrom } from '../lib/grid-query';
import { loadedImages } from '../lib/loaded-images';
import { usePreferences } from './use-preferences';

export function useGridImages() {
  const config = useConfig();
  const [params] = useSearchParams();
  const parsed = useMemo(() => gridQueryFrom(params), [params]);
  const query = parsed.ok ? parsed.query : null;
  const walk = useImages(config.accountId, query);
  // Until the walk's first page of 1,000 is in, the first screen's small page shows (lib/grid-query.ts).
  const walkReady = walk.data !== undefined && !walk.isPlaceholderData;
  const first = useFirstScreen(config.accountId, query ? firstScreenQuery(query) : null, !walkReady);
  const firstPage = walkReady ? undefined : first.data;
  // Indexed page by page, once for every caller of this hook (lib/loaded-images.ts): a new page costs that page.
  const images = loadedImages(firstPage ? onePage(firstPage) : walk.data?.pages);
  const ids = images.ids;
  // While the first screen shows, the rest is "the next page, loading": more to come, nothing to ask for yet.
  const result = firstPage
    ? {
        ...walk,
        isPending: false,
        isPlaceholderData: false,
        hasNextPage: firstPage.continuation_token !== null,
        isFetchingNextPage: walk.isFetching,
      }
    : walk;
  return { config, parsed, query, result, images, ids };
}

/** One stable pages array per first-screen page, so every caller gets the same view of it. */
const singlePages = new WeakMap<ListImagesResult, readonly ListImagesResult[]>();
function onePage(page: ListImagesResult): readonly ListImagesResult[] {
  let pages = singlePages.get(page);
  if (!pages) singlePages.set(page, (pages = [page]));
  return pages;
}

/** Variant names: from `/api/config`, else learnt from the delivery URLs of the loaded images. */
export function useVariants(images: readonly CfImage[]): string[] {
  const config = useConfig();
  const first = images[0];
  return useMemo(() => {
    if (config.variants.length > 0) return config.variants;
    const names = new Set<string>();
    for (const image of images.slice(0, 50)) for (const url of image.variants) names.add(variantName(url));
    return [...names];
    // Learnt once the first image arrives; later pages rarely add variants and re-running per page is waste.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [config.variants, first]);
}

/** The chosen preview variant if the account has it, else `thumbnail`, else the first one. */
export function resolvePreviewVariant(choice: string | null, variants: readonly string[]): string {
  if (choice && variants.includes(choice)) return choice;
  if (variants.includes('thumbnail')) return 'thumbnail';
  return variants[0] ?? 'public';
}

/** Everything a view of the images needs: the data, the variants and the preview variant in effect. */
export function useImagesWorkspace() {
  const grid = useGridImages();
  const variants = useVariants(grid.images);
  const { previewVariant: choice } = usePreferences();
  const previewVariant = resolvePreviewVariant(choice, variants);
  return { ...grid, variants, previewVariant };
}
