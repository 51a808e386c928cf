/**
 * The images the address bar asks for: parses the URL's list query, loads pages, flattens them. The grid, the
 * table view, the toolbar and the detail panel all call this; they share one cached query.
 */
import { useMemo } from 'react';
import type { CfImage } from '../../../contract/image';
import { variantName } from '../../../contract/image';
import { useConfig } from '../../../lib/config';
import { useSearchParams } from '../../../lib/use-search-params';
import { useImages } from '../api/get-images';
import { gridQueryFrom } from '../lib/grid-query';
import { usePreferences } from './use-preferences';

export function useGridImages() {
  const config = useConfig();
  const [params] = useSearchParams();
  const parsed = useMemo(() => gridQueryFrom(params), [params]);
  const query = parsed.ok ? parsed.query : null;
  const result = useImages(config.accountId, query);
  const pages = result.data?.pages;
  const images = useMemo<CfImage[]>(() => pages?.flatMap((page) => page.images) ?? [], [pages]);
  const ids = useMemo(() => images.map((image) => image.id), [images]);
  return { config, parsed, query, result, images, ids };
}

/** Variant names: from `/api/config`, else learnt from the delivery URLs of the loaded images. */
export function useVariants(images: readonly CfImage[]): string[] {
  const config = useConfig();
  const first = images[0];
  return useMemo(() => {
    if (config.variants.length > 0) return config.variants.map((v) => v.name);
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
