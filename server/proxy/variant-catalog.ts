/**
 * The account's variants with their sizes, and whether flexible variants are on (docs/CONTRACT.md §11), read by
 * the server itself from `GET …/images/v1/variants` and `GET …/images/v1/config` (never forwarded for a browser,
 * §7), and kept for ten minutes. Without the permission to read them (or on any failure) the dashboard learns
 * variant names from list answers, as before, and flexible variants count as off.
 */
import { z } from 'zod';
import { VARIANT_FITS, type VariantInfo } from '../../src/contract/variants';

/** GETs a path under `…/accounts/{id}/images/v1/` with the server's credentials (and within the rate budget). */
export type AccountGet = (path: 'variants' | 'config') => Promise<Response>;

export interface VariantCatalogState {
  /** `null` when the server could not read them. */
  variants: VariantInfo[] | null;
  flexibleVariants: boolean;
}

const variantsAnswer = z.object({
  success: z.literal(true),
  result: z.object({
    variants: z.record(
      z.string().max(256),
      z.object({
        options: z
          .object({
            fit: z.enum(VARIANT_FITS).optional(),
            width: z.number().int().positive().max(100_000).optional(),
            height: z.number().int().positive().max(100_000).optional(),
          })
          .optional(),
        neverRequireSignedURLs: z.boolean().optional(),
      }),
    ),
  }),
});

/** Cloudflare answers the account's image settings with snake_case keys (`flexible_variants`). */
const configAnswer = z.object({
  success: z.literal(true),
  result: z.object({ flexible_variants: z.boolean().optional() }),
});

/** Parses a variants answer; `null` when it is not one. Names are kept in the account's order. */
export function parseVariantsAnswer(body: unknown): VariantInfo[] | null {
  const parsed = variantsAnswer.safeParse(body);
  if (!parsed.success) return null;
  return Object.entries(parsed.data.result.variants).map(([name, v]) => ({
    name,
    width: v.options?.width ?? null,
    height: v.options?.height ?? null,
    fit: v.options?.fit ?? null,
    neverRequireSignedURLs: v.neverRequireSignedURLs ?? false,
  }));
}

export function parseConfigAnswer(body: unknown): boolean {
  const parsed = configAnswer.safeParse(body);
  return parsed.success ? (parsed.data.result.flexible_variants ?? false) : false;
}

export const CATALOG_TTL_MS = 10 * 60 * 1000;

async function readJson(get: AccountGet, path: 'variants' | 'config'): Promise<unknown> {
  try {
    const response = await get(path);
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      return null;
    }
    return await response.json();
  } catch {
    return null;
  }
}

/** Reads both once per `ttlMs`; concurrent callers share one read. */
export function createVariantCatalog(get: AccountGet, options: { ttlMs?: number; now?: () => number } = {}) {
  const ttlMs = options.ttlMs ?? CATALOG_TTL_MS;
  const now = options.now ?? Date.now;
  let cached: { at: number; state: Promise<VariantCatalogState> } | null = null;

  async function read(): Promise<VariantCatalogState> {
    const [variants, config] = await Promise.all([readJson(get, 'variants'), readJson(get, 'config')]);
    return { variants: parseVariantsAnswer(variants), flexibleVariants: parseConfigAnswer(config) };
  }

  return {
    get(): Promise<VariantCatalogState> {
      if (!cached || now() - cached.at >= ttlMs) cached = { at: now(), state: read() };
      return cached.state;
    },
  };
}

export type VariantCatalog = ReturnType<typeof createVariantCatalog>;
