/**
 * Variants, their sizes, and flexible variants (docs/CONTRACT.md §11): what `/api/config` says of each variant, the
 * local API's own variants, and the options a flexible variant takes in place of a name
 * (`https://imagedelivery.net/<hash>/<id>/w=400,fit=cover`). The server (local delivery) and the dashboard (size
 * builder, copy formats) both read these rules from here.
 */

export const VARIANT_FITS = ['scale-down', 'contain', 'cover', 'crop', 'pad'] as const;
export type VariantFit = (typeof VARIANT_FITS)[number];

/** One named variant as `/api/config` describes it; sizes are `null` when the server could not read them. */
export interface VariantInfo {
  name: string;
  width: number | null;
  height: number | null;
  fit: VariantFit | null;
  neverRequireSignedURLs: boolean;
}

/**
 * The local API's variants (CONTRACT.md §4). "Fit within" is Cloudflare's `scale-down` (never enlarged);
 * `original` is the stored file, with no size of its own.
 */
export const LOCAL_VARIANT_INFO: readonly VariantInfo[] = [
  { name: 'thumbnail', width: 320, height: 320, fit: 'cover', neverRequireSignedURLs: false },
  { name: 'public', width: 1366, height: 1366, fit: 'scale-down', neverRequireSignedURLs: false },
  { name: 'hero', width: 1920, height: 1080, fit: 'scale-down', neverRequireSignedURLs: false },
  { name: 'original', width: null, height: null, fit: null, neverRequireSignedURLs: false },
];

/** "thumbnail · 320×320 cover"; the bare name when the size is not known. */
export function variantLabel(variant: Pick<VariantInfo, 'name' | 'width' | 'height' | 'fit'>): string {
  const { name, width, height, fit } = variant;
  if (width === null && height === null) return name;
  const size = `${width ?? 'auto'}×${height ?? 'auto'}`;
  return fit ? `${name} · ${size} ${fit}` : `${name} · ${size}`;
}

export const FLEXIBLE_FORMATS = ['auto', 'webp', 'avif', 'jpeg', 'png'] as const;
export type FlexibleFormat = (typeof FLEXIBLE_FORMATS)[number];

/** The options of a flexible variant, each optional. */
export interface FlexibleOptions {
  width?: number;
  height?: number;
  fit?: VariantFit;
  format?: FlexibleFormat;
  quality?: number;
  dpr?: number;
}

export const FLEXIBLE_LIMITS = {
  width: { min: 1, max: 12_000 },
  height: { min: 1, max: 12_000 },
  quality: { min: 1, max: 100 },
  dpr: { min: 1, max: 3 },
} as const;

/** Accepted spellings, as Cloudflare accepts them: `w`/`width`, `h`/`height`, `q`/`quality`. */
const OPTION_NAMES: Record<string, keyof FlexibleOptions> = {
  w: 'width',
  width: 'width',
  h: 'height',
  height: 'height',
  fit: 'fit',
  format: 'format',
  q: 'quality',
  quality: 'quality',
  dpr: 'dpr',
};

/** The short spelling written by `serializeFlexibleOptions`, in this order. */
const WRITTEN: readonly [keyof FlexibleOptions, string][] = [
  ['width', 'w'],
  ['height', 'h'],
  ['fit', 'fit'],
  ['format', 'format'],
  ['quality', 'q'],
  ['dpr', 'dpr'],
];

export type FlexibleParse = { ok: true; options: FlexibleOptions } | { ok: false; message: string };

/**
 * A delivery path's last segment names a flexible variant when it holds an option (`name=value`); a variant name
 * never contains `=` (Cloudflare's variant names are letters, digits, `-` and `_`).
 */
export function isFlexibleVariant(segment: string): boolean {
  return segment.includes('=');
}

const INTEGER = /^(0|[1-9][0-9]*)$/;
const DECIMAL = /^(0|[1-9][0-9]*)(\.[0-9]+)?$/;

function numberOption(
  key: 'width' | 'height' | 'quality' | 'dpr',
  raw: string,
  written: string,
): { ok: true; value: number } | { ok: false; message: string } {
  const { min, max } = FLEXIBLE_LIMITS[key];
  const pattern = key === 'dpr' ? DECIMAL : INTEGER;
  const value = Number(raw);
  if (!pattern.test(raw) || value < min || value > max) {
    const kind = key === 'dpr' ? 'a number' : 'a whole number';
    return { ok: false, message: `Flexible variant option '${written}' must be ${kind} from ${min} to ${max}, got '${raw.slice(0, 32)}'` };
  }
  return { ok: true, value };
}

/** Parses `w=400,h=300,fit=cover` (CONTRACT.md §11); an unknown option or a bad value names it. */
export function parseFlexibleOptions(text: string): FlexibleParse {
  const options: FlexibleOptions = {};
  const seen = new Set<keyof FlexibleOptions>();
  if (text.length > 256) return { ok: false, message: 'Flexible variant options are longer than 256 characters' };
  for (const part of text.split(',')) {
    const eq = part.indexOf('=');
    const written = eq < 0 ? part : part.slice(0, eq);
    const raw = eq < 0 ? '' : part.slice(eq + 1);
    const key = Object.hasOwn(OPTION_NAMES, written) ? OPTION_NAMES[written] : undefined;
    if (!key) {
      return {
        ok: false,
        message: `Unknown flexible variant option '${written.slice(0, 32)}': use w, h, fit, format, q or dpr`,
      };
    }
    if (seen.has(key)) return { ok: false, message: `Flexible variant option '${written}' given twice` };
    seen.add(key);
    if (key === 'fit') {
      if (!(VARIANT_FITS as readonly string[]).includes(raw)) {
        return { ok: false, message: `Flexible variant option 'fit' must be one of ${VARIANT_FITS.join(', ')}, got '${raw.slice(0, 32)}'` };
      }
      options.fit = raw as VariantFit;
    } else if (key === 'format') {
      if (!(FLEXIBLE_FORMATS as readonly string[]).includes(raw)) {
        return { ok: false, message: `Flexible variant option 'format' must be one of ${FLEXIBLE_FORMATS.join(', ')}, got '${raw.slice(0, 32)}'` };
      }
      options.format = raw as FlexibleFormat;
    } else {
      const parsed = numberOption(key, raw, written);
      if (!parsed.ok) return parsed;
      options[key] = parsed.value;
    }
  }
  return { ok: true, options };
}

/** The canonical spelling: short names, a fixed order, options left out when unset (`w=400,fit=cover`). */
export function serializeFlexibleOptions(options: FlexibleOptions): string {
  const parts: string[] = [];
  for (const [key, written] of WRITTEN) {
    const value = options[key];
    if (value !== undefined) parts.push(`${written}=${value}`);
  }
  return parts.join(',');
}

/** Problems with options a person is building, before any URL is made (the same rules the server applies). */
export function flexibleOptionsProblem(options: FlexibleOptions): string | null {
  const text = serializeFlexibleOptions(options);
  if (text === '') return 'Give at least a width or a height';
  const parsed = parseFlexibleOptions(text);
  return parsed.ok ? null : parsed.message;
}

/** The delivery URL of an image with `last` (a variant name or flexible options) as its last segment. */
export function deliveryUrlWith(variantUrl: string, last: string): string {
  const path = variantUrl.split('?')[0] ?? variantUrl;
  return `${path.slice(0, path.lastIndexOf('/') + 1)}${last}`;
}
