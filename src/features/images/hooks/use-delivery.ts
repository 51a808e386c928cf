/**
 * What copying needs to know of the account's delivery (docs/CONTRACT.md §11): the variants with their sizes, and
 * whether flexible variants are on. Sizes come from `/api/config`; when the server could not read them, the names
 * learnt from list answers stand in, without sizes.
 */
import { useMemo } from 'react';
import { isFlexibleVariant, parseFlexibleOptions, type VariantInfo } from '../../../contract/variants';
import { useConfig } from '../../../lib/config';
import type { DeliveryContext, DeliverySize } from '../lib/copy-formats';

export function useDelivery(variantNames: readonly string[]): DeliveryContext {
  const config = useConfig();
  return useMemo(() => {
    const variants: VariantInfo[] =
      config.variants.length > 0
        ? config.variants
        : variantNames.map((name) => ({ name, width: null, height: null, fit: null, neverRequireSignedURLs: false }));
    return { variants, flexible: config.flexibleVariants };
  }, [config.variants, config.flexibleVariants, variantNames]);
}

/** A stored size choice (a variant name or flexible options) as a size; `null` when it is no longer valid. */
export function sizeFromText(text: string | null, ctx: DeliveryContext): DeliverySize | null {
  if (!text) return null;
  if (!isFlexibleVariant(text)) return ctx.variants.some((v) => v.name === text) ? { variant: text } : null;
  if (!ctx.flexible) return null;
  const parsed = parseFlexibleOptions(text);
  return parsed.ok ? { flexible: parsed.options } : null;
}
