/**
 * What copying puts on the clipboard, for one image or a selection, in each of the copy formats (copy-formats.ts).
 *
 * Two steps, because private images need signed URLs and signing is one server request for everything copied:
 * `planSnippet` lists the delivery URLs a snippet uses (and which must be signed), the caller signs those, then
 * `render` writes the text with the final URLs in place; `renderCopies` does the three for a selection. Fetched at
 * the first touch of the page (hooks/use-copy-actions.ts).
 */
import { variantName, type CfImage } from '../../../contract/image';
import { deliveryUrlWith, serializeFlexibleOptions, variantLabel, type FlexibleOptions, type VariantInfo } from '../../../contract/variants';
import type { CopyFormat, DeliveryContext, DeliverySize } from './copy-formats';

/** Widths offered in a `srcset` built from flexible variants, capped at twice the slot's width (2× screens). */
export const SRCSET_WIDTHS = [320, 480, 640, 768, 1024, 1280, 1536, 1920, 2560] as const;

export interface SnippetPlan {
  /** Delivery URLs the snippet uses, unsigned. */
  urls: string[];
  /** Whether these URLs must be signed before use (the image requires signed URLs). */
  sign: boolean;
  /** Why the chosen size was replaced (a private image cannot use flexible variants), if it was. */
  note: string | null;
  /** The snippet with `urls[i]` replaced by `final[i]` (the signed URLs, or the same URLs). */
  render(final: readonly string[]): string;
}

export type PlanResult = { ok: true; plan: SnippetPlan } | { ok: false; message: string };

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
function escapeMarkdownAlt(text: string): string {
  return text.replace(/([\\[\]])/g, '\\$1');
}
function escapeMarkdownUrl(url: string): string {
  return url.replace(/\(/g, '%28').replace(/\)/g, '%29').replace(/ /g, '%20');
}
/** A CSS `url("…")` argument: quotes, backslashes and newlines escaped (CSS Syntax §4.3.5). */
function cssUrl(url: string): string {
  return `url("${url.replace(/["\\]/g, '\\$&').replace(/\n/g, '\\a ')}")`;
}
/** A string inside a JavaScript template literal or a single-quoted JS/Vue string. */
function jsString(text: string): string {
  return `'${text.replace(/[\\']/g, '\\$&').replace(/\n/g, '\\n')}'`;
}

/** One width-described candidate of a srcset. */
interface Candidate {
  url: string;
  width: number;
}

/** The named variant `name` of `image` with its size, when the image has it. */
function namedVariant(image: CfImage, ctx: DeliveryContext, name: string): { url: string; info: VariantInfo | null } | null {
  const url = image.variants.find((u) => variantName(u) === name);
  if (!url) return null;
  return { url, info: ctx.variants.find((v) => v.name === name) ?? null };
}

/** The image's named variants that have a known width, narrowest first, one per width. */
function namedCandidates(image: CfImage, ctx: DeliveryContext): Candidate[] {
  const byWidth = new Map<number, string>();
  for (const info of ctx.variants) {
    if (info.width === null) continue;
    const url = image.variants.find((u) => variantName(u) === info.name);
    if (url && !byWidth.has(info.width)) byWidth.set(info.width, url);
  }
  return [...byWidth].sort((a, b) => a[0] - b[0]).map(([width, url]) => ({ url, width }));
}

interface Resolved {
  /** The URL at the chosen size. */
  url: string;
  width: number | null;
  height: number | null;
  /** Flexible options in effect, when the size is flexible. */
  flexible: FlexibleOptions | null;
  note: string | null;
}

/**
 * The chosen size for one image. A private image cannot use flexible variants (CONTRACT.md §11): it gets the
 * nearest named variant by width instead, with a note saying so.
 */
function resolveSize(image: CfImage, size: DeliverySize, ctx: DeliveryContext): Resolved | string {
  const base = image.variants[0];
  if (!base) return `${image.filename} has no delivery URL`;
  if ('variant' in size) {
    const named = namedVariant(image, ctx, size.variant);
    if (!named) return `${image.filename} has no ${size.variant} variant`;
    return { url: named.url, width: named.info?.width ?? null, height: named.info?.height ?? null, flexible: null, note: null };
  }
  if (!ctx.flexible) return 'Flexible variants are off for this account: choose a named variant';
  if (image.requireSignedURLs) {
    const wanted = size.flexible.width ?? size.flexible.height ?? 0;
    const candidates = namedCandidates(image, ctx);
    const nearest = candidates.reduce<Candidate | null>(
      (best, c) => (best === null || Math.abs(c.width - wanted) < Math.abs(best.width - wanted) ? c : best),
      null,
    );
    const fallback = nearest ?? { url: base, width: 0 };
    const info = ctx.variants.find((v) => v.name === variantName(fallback.url)) ?? null;
    return {
      url: fallback.url,
      width: info?.width ?? null,
      height: info?.height ?? null,
      flexible: null,
      note: `private images cannot use flexible variants: ${info ? variantLabel(info) : variantName(fallback.url)}, signed`,
    };
  }
  const options = size.flexible;
  return {
    url: deliveryUrlWith(base, serializeFlexibleOptions(options)),
    width: options.width ?? null,
    height: options.height ?? null,
    flexible: options,
    note: null,
  };
}

/** Candidates for a srcset around a slot `width` wide: flexible widths, or the named variants' widths. */
function srcsetCandidates(image: CfImage, resolved: Resolved, ctx: DeliveryContext, format?: 'avif' | 'webp'): Candidate[] {
  const base = image.variants[0]!;
  if (resolved.flexible) {
    const slot = resolved.width ?? 1366;
    const { width: w, height: h, dpr: _dpr, ...rest } = resolved.flexible;
    const widths = [...new Set([...SRCSET_WIDTHS.filter((x) => x <= slot * 2), slot])].sort((a, b) => a - b);
    return widths.map((width) => {
      const height = h !== undefined && w !== undefined ? Math.max(1, Math.round((h * width) / w)) : undefined;
      const options: FlexibleOptions = { ...rest, width, ...(height !== undefined ? { height } : {}) };
      if (format) options.format = format;
      return { url: deliveryUrlWith(base, serializeFlexibleOptions(options)), width };
    });
  }
  return namedCandidates(image, ctx);
}

function sizesFor(width: number | null): string {
  return width ? `(max-width: ${width}px) 100vw, ${width}px` : '100vw';
}

function sizeAttributes(resolved: Resolved): string {
  const w = resolved.width ? ` width="${resolved.width}"` : '';
  const h = resolved.height ? ` height="${resolved.height}"` : '';
  return `${w}${h}`;
}

/** `https://imagedelivery.net/<hash>` of a delivery URL `…/<hash>/<id>/<variant>` (ids may contain `/`). */
function deliveryBase(image: CfImage): string {
  const url = image.variants[0]!.split('?')[0]!;
  const suffix = `/${image.id}/${variantName(url)}`;
  return url.endsWith(suffix) ? url.slice(0, -suffix.length) : url.slice(0, url.lastIndexOf('/'));
}

function planOf(urls: string[], sign: boolean, note: string | null, render: (final: readonly string[]) => string): SnippetPlan {
  return { urls, sign, note, render };
}

/**
 * Lists what one image's snippet needs. In `render`, URLs land HTML-escaped where the snippet is HTML; signed URLs
 * contain `&`, which is why the escaping happens at render time.
 */
export function planSnippet(image: CfImage, format: CopyFormat, size: DeliverySize, ctx: DeliveryContext): PlanResult {
  const resolved = resolveSize(image, size, ctx);
  if (typeof resolved === 'string') return { ok: false, message: resolved };
  const sign = image.requireSignedURLs;
  const alt = image.filename;
  const { note } = resolved;
  const ok = (plan: SnippetPlan): PlanResult => ({ ok: true, plan });

  switch (format) {
    case 'url':
      return ok(planOf([resolved.url], sign, note, (final) => final[0] ?? ''));
    case 'markdown':
      return ok(planOf([resolved.url], sign, note, (final) => `![${escapeMarkdownAlt(alt)}](${escapeMarkdownUrl(final[0] ?? '')})`));
    case 'html':
      return ok(planOf([resolved.url], sign, note, (final) => `<img src="${escapeHtml(final[0] ?? '')}" alt="${escapeHtml(alt)}"${sizeAttributes(resolved)}>`));
    case 'srcset': {
      const candidates = srcsetCandidates(image, resolved, ctx);
      const urls = [resolved.url, ...candidates.map((c) => c.url)];
      return ok(planOf(urls, sign, note, (final) => imgTag(final[0] ?? '', candidates.map((c, i) => ({ url: final[i + 1] ?? '', width: c.width })), resolved, alt)));
    }
    case 'picture': {
      const avif = resolved.flexible ? srcsetCandidates(image, resolved, ctx, 'avif') : [];
      const webp = resolved.flexible ? srcsetCandidates(image, resolved, ctx, 'webp') : [];
      const fallback = srcsetCandidates(image, resolved, ctx);
      const groups = [avif, webp, fallback];
      const urls = [resolved.url, ...groups.flat().map((c) => c.url)];
      return ok(planOf(urls, sign, note, (final) => {
          let at = 1;
          const [a, w, f] = groups.map((group) => group.map((c) => ({ url: final[at++] ?? '', width: c.width })));
          const sizes = escapeHtml(sizesFor(resolved.width));
          const lines = ['<picture>'];
          if (a!.length > 0) lines.push(`  <source type="image/avif" srcset="${srcsetAttr(a!)}" sizes="${sizes}">`);
          if (w!.length > 0) lines.push(`  <source type="image/webp" srcset="${srcsetAttr(w!)}" sizes="${sizes}">`);
          if (a!.length === 0) {
            // Named variants are delivered as AVIF or WebP by content negotiation already (Cloudflare's format=auto).
            lines.push('  <!-- named variants: Cloudflare picks AVIF or WebP for each browser itself -->');
          }
          lines.push(`  ${imgTag(final[0] ?? '', f!, resolved, alt)}`);
          lines.push('</picture>');
          return lines.join('\n');
        }),
      );
    }
    case 'css': {
      const double = doubleDensity(image, resolved, ctx);
      const urls = double ? [resolved.url, double] : [resolved.url];
      return ok(planOf(urls, sign, note, (final) => {
          const one = cssUrl(final[0] ?? '');
          const set = final.length > 1 ? `image-set(${one} 1x, ${cssUrl(final[1] ?? '')} 2x)` : `image-set(${one} 1x)`;
          return `background-image: ${one};\nbackground-image: ${set};`;
        }),
      );
    }
    case 'next':
      return ok(planNext(image, resolved, sign, note));
    case 'nuxt':
      return ok(planNuxt(image, resolved, ctx, sign, note));
  }
}

/** A srcset splits candidates at whitespace (HTML §4.8.4.3.10): spaces inside a URL are percent-encoded. */
function srcsetAttr(candidates: readonly Candidate[]): string {
  return escapeHtml(candidates.map((c) => `${c.url.replace(/\s/g, (ch) => encodeURIComponent(ch))} ${c.width}w`).join(', '));
}

function imgTag(src: string, candidates: readonly Candidate[], resolved: Resolved, alt: string): string {
  const srcset = candidates.length > 1 ? ` srcset="${srcsetAttr(candidates)}" sizes="${escapeHtml(sizesFor(resolved.width))}"` : '';
  return `<img src="${escapeHtml(src)}"${srcset} alt="${escapeHtml(alt)}"${sizeAttributes(resolved)} loading="lazy" decoding="async">`;
}

/** The 2× URL for `image-set()`: `dpr=2` with flexible variants, else a named variant at least twice as wide. */
function doubleDensity(image: CfImage, resolved: Resolved, ctx: DeliveryContext): string | null {
  if (resolved.flexible) return deliveryUrlWith(image.variants[0]!, serializeFlexibleOptions({ ...resolved.flexible, dpr: 2 }));
  if (!resolved.width) return null;
  const wide = namedCandidates(image, ctx).find((c) => c.width >= resolved.width! * 2);
  return wide?.url ?? null;
}

/**
 * Next.js `<Image>` with a custom `loader` (nextjs.org/docs/app/api-reference/components/image#loader): public
 * images with flexible variants get a loader that asks Cloudflare for each width; otherwise (private, or flexible
 * variants off) the URL is used as is with `unoptimized`, since Next cannot sign or resize it.
 */
function planNext(image: CfImage, resolved: Resolved, sign: boolean, note: string | null): SnippetPlan {
  const width = resolved.width ?? 1366;
  const height = resolved.height ?? Math.round((width * 3) / 4);
  const alt = jsString(image.filename);
  if (resolved.flexible) {
    const { width: _w, height: _h, dpr: _d, quality, ...rest } = resolved.flexible;
    const extra = serializeFlexibleOptions(rest);
    const loaderBody = `\`${deliveryBase(image).replace(/[`\\$]/g, '\\$&')}/\${src}/w=\${width},q=\${quality || ${quality ?? 75}}${extra ? `,${extra}` : ''}\``;
    const text = [
      "import Image from 'next/image';",
      '',
      '// Cloudflare Images flexible variants: one URL per width Next asks for.',
      `const cloudflareImagesLoader = ({ src, width, quality }) =>\n  ${loaderBody};`,
      '',
      `<Image loader={cloudflareImagesLoader} src=${jsString(image.id)} alt=${`{${alt}}`} width={${width}} height={${height}} sizes=${jsString(sizesFor(resolved.width))} />`,
    ].join('\n');
    return planOf([resolved.url], sign, note, () => text);
  }
  return planOf([resolved.url], sign, note, (final) =>
    [
      "import Image from 'next/image';",
      '',
      `<Image src=${`{${jsString(final[0] ?? '')}}`} alt=${`{${alt}}`} width={${width}} height={${height}} unoptimized />`,
    ].join('\n'),
  );
}

/**
 * Nuxt Image's `cloudflareimages` provider (image.nuxt.com/providers/cloudflareimages) takes the image id and the
 * account hash from `nuxt.config`; it builds flexible-variant URLs, so it fits public images of accounts with
 * flexible variants on. Otherwise the URL itself, with the `none` provider (no transformation).
 */
function planNuxt(image: CfImage, resolved: Resolved, ctx: DeliveryContext, sign: boolean, note: string | null): SnippetPlan {
  const size = sizeAttributes(resolved);
  const alt = escapeHtml(image.filename);
  if (resolved.flexible && ctx.flexible) {
    const { width: _w, height: _h, dpr: _d, quality, format, ...rest } = resolved.flexible;
    const modifiers = Object.entries(rest).map(([k, v]) => `${k}: ${jsString(String(v))}`);
    const attrs = [
      `provider="cloudflareimages"`,
      `src="${escapeHtml(image.id)}"`,
      `alt="${alt}"`,
      size.trim(),
      format && format !== 'auto' ? `format="${format}"` : '',
      quality !== undefined ? `quality="${quality}"` : '',
      modifiers.length > 0 ? `:modifiers="{ ${escapeHtml(modifiers.join(', '))} }"` : '',
    ].filter(Boolean);
    const hash = deliveryBase(image).split('/').at(-1) ?? '';
    const text = [
      `<!-- nuxt.config: image: { cloudflareimages: { accountHash: '${escapeHtml(hash)}' } } -->`,
      `<NuxtImg ${attrs.join(' ')} />`,
    ].join('\n');
    return planOf([resolved.url], sign, note, () => text);
  }
  return planOf([resolved.url], sign, note, (final) => `<NuxtImg provider="none" src="${escapeHtml(final[0] ?? '')}" alt="${alt}"${size} />`);
}

export interface CopiedItem {
  image: CfImage;
  /** The URL at the chosen size, signed where that applies. */
  url: string;
  /** The text in the chosen format. */
  text: string;
}

export interface Rendered {
  items: CopiedItem[];
  /** Images left out, with why (the first reason, for the toast). */
  skipped: number;
  skipReason: string | null;
  signedCount: number;
  note: string | null;
}

/** Plans every image, signs every URL that needs it in one request, renders. */
export async function renderCopies(
  images: readonly CfImage[],
  format: CopyFormat,
  size: DeliverySize,
  ctx: DeliveryContext,
  sign: ((urls: string[]) => Promise<string[]>) | null,
): Promise<Rendered> {
  const plans: { image: CfImage; plan: SnippetPlan }[] = [];
  let skipped = 0;
  let skipReason: string | null = null;
  for (const image of images) {
    const planned = planSnippet(image, format, size, ctx);
    if (planned.ok) plans.push({ image, plan: planned.plan });
    else {
      skipped += 1;
      skipReason ??= planned.message;
    }
  }
  const toSign = sign ? plans.filter((p) => p.plan.sign) : [];
  const flat = toSign.flatMap((p) => p.plan.urls);
  const signed = flat.length > 0 && sign ? await sign(flat) : [];
  const finals = new Map<SnippetPlan, string[]>();
  let at = 0;
  for (const { plan } of toSign) {
    finals.set(plan, signed.slice(at, at + plan.urls.length));
    at += plan.urls.length;
  }
  const items = plans.map(({ image, plan }) => {
    const final = finals.get(plan) ?? plan.urls;
    return { image, url: final[0] ?? '', text: plan.render(final) };
  });
  return { items, skipped, skipReason, signedCount: toSign.length, note: plans.find((p) => p.plan.note)?.plan.note ?? null };
}
