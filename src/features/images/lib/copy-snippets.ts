/**
 * What copying puts on the clipboard, for one image or a selection, in each of the copy formats (copy-formats.ts).
 *
 * Two steps, because private images need signed URLs and signing is one server request for everything copied:
 * `planSnippet` lists the delivery URLs a snippet uses (and which must be signed), the caller signs those, then
 * `render` writes the text with the final URLs in place; `renderCopies` does the three for a selection. Fetched at
 * the first touch of the page (hooks/use-copy-actions.ts).
 */
import { variantName, type CfImage } from '../../../contract/image';
import {
  deliveryUrlWith,
  serializeFlexibleOptions,
  variantLabel,
  type FlexibleOptions,
  type VariantFit,
  type VariantInfo,
} from '../../../contract/variants';
import { MULTILINE_FORMATS, type CopyFormat, type DeliveryContext, type DeliverySize } from './copy-formats';

/** Widths offered in a `srcset` built from flexible variants, capped at twice the slot's width (2× screens). */
export const SRCSET_WIDTHS = [320, 480, 640, 768, 1024, 1280, 1536, 1920, 2560] as const;

export interface SnippetPlan {
  /** Delivery URLs the snippet uses, unsigned. */
  urls: string[];
  /** Whether these URLs must be signed before use (the image requires signed URLs). */
  sign: boolean;
  /** Why the chosen size was replaced (a private image cannot use flexible variants), if it was. */
  note: string | null;
  /**
   * Lines a file needs once, above any number of snippets (Next's import, its loader, the alt note): a selection
   * writes each distinct line once.
   */
  preamble: string[];
  /** The snippet with `urls[i]` replaced by `final[i]` (the signed URLs, or the same URLs), its preamble above. */
  render(final: readonly string[]): string;
  /** The same without the preamble. */
  body(final: readonly string[]): string;
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

/**
 * The box a delivery is drawn in (a named variant's size, or flexible `w`/`h`/`fit`), in CSS pixels. The list API
 * gives no image's own size (CONTRACT.md §2), so this is all a snippet knows of the picture.
 */
interface Box {
  width: number | null;
  height: number | null;
  fit: VariantFit | null;
}

/**
 * The sides of the delivered picture known exactly, from its box alone (docs/decisions.md "Copied snippets keep the
 * picture's shape"): `cover` and `pad` deliver the box itself, enlarged if need be; `cover`, `contain` and `pad` with
 * one side scale to that side. `scale-down` and `crop` never enlarge, and `contain` in a box keeps the picture's
 * proportions, so a side there depends on the original's size, which is unknown.
 */
export function exactSides(box: Box): { width: number | null; height: number | null } {
  const { width, height, fit } = box;
  if ((fit === 'cover' || fit === 'pad') && width !== null && height !== null) return { width, height };
  if (fit === 'cover' || fit === 'contain' || fit === 'pad') {
    if (height === null) return { width, height: null };
    if (width === null) return { width: null, height };
  }
  return { width: null, height: null };
}

/**
 * Whether a named variant is the same drawing as `box` at another scale: the same fit and the same proportions of
 * box, so candidates never switch between crops, and a `w` descriptor ranks them truly even where the box only
 * bounds the picture (a portrait in a square box is bounded by height in every one of them alike).
 */
function sameShape(info: VariantInfo, box: Box): boolean {
  if (info.fit === null || info.fit !== box.fit || info.width === null || box.width === null) return false;
  if (info.height === null || box.height === null) return info.height === box.height;
  return Math.abs(info.width * box.height - box.width * info.height) <= 0.01 * box.width * info.height;
}

/** The named variant `name` of `image` with its size, when the image has it. */
function namedVariant(image: CfImage, ctx: DeliveryContext, name: string): { url: string; info: VariantInfo | null } | null {
  const url = image.variants.find((u) => variantName(u) === name);
  if (!url) return null;
  return { url, info: ctx.variants.find((v) => v.name === name) ?? null };
}

/** The image's named variants that have a known width (of `box`'s shape, if given), narrowest first, one per width. */
function namedCandidates(image: CfImage, ctx: DeliveryContext, box?: Box): Candidate[] {
  const byWidth = new Map<number, string>();
  for (const info of ctx.variants) {
    if (info.width === null || (box && !sameShape(info, box))) continue;
    const url = image.variants.find((u) => variantName(u) === info.name);
    if (url && !byWidth.has(info.width)) byWidth.set(info.width, url);
  }
  return [...byWidth].sort((a, b) => a[0] - b[0]).map(([width, url]) => ({ url, width }));
}

interface Resolved {
  /** The URL at the chosen size. */
  url: string;
  box: Box;
  /** Flexible options in effect, when the size is flexible. */
  flexible: FlexibleOptions | null;
  note: string | null;
}

function boxOf(info: VariantInfo | null): Box {
  return { width: info?.width ?? null, height: info?.height ?? null, fit: info?.fit ?? null };
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
    return { url: named.url, box: boxOf(named.info), flexible: null, note: null };
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
      box: boxOf(info),
      flexible: null,
      note: `private images cannot use flexible variants: ${info ? variantLabel(info) : variantName(fallback.url)}, signed`,
    };
  }
  const options = size.flexible;
  return {
    url: deliveryUrlWith(base, serializeFlexibleOptions(options)),
    // Without `fit`, Cloudflare's default: scale-down (docs/decisions.md).
    box: { width: options.width ?? null, height: options.height ?? null, fit: options.fit ?? 'scale-down' },
    flexible: options,
    note: null,
  };
}

/**
 * Candidates for a srcset around a slot as wide as the box: the same flexible options at other widths (the height
 * scaled with them), or the named variants of the same shape. Each `w` is the box's width: what the browser gets,
 * or for a fit that never enlarges, at most that (docs/decisions.md). A size given by its height alone has none.
 */
function srcsetCandidates(image: CfImage, resolved: Resolved, ctx: DeliveryContext, format?: 'avif' | 'webp'): Candidate[] {
  const base = image.variants[0]!;
  if (resolved.flexible) {
    const { width: w, height: h, dpr: _dpr, ...rest } = resolved.flexible;
    if (w === undefined) return [];
    const slot = w;
    const widths = [...new Set([...SRCSET_WIDTHS.filter((x) => x <= slot * 2), slot])].sort((a, b) => a - b);
    return widths.map((width) => {
      const height = h !== undefined ? Math.max(1, Math.round((h * width) / w)) : undefined;
      const options: FlexibleOptions = { ...rest, width, ...(height !== undefined ? { height } : {}) };
      if (format) options.format = format;
      return { url: deliveryUrlWith(base, serializeFlexibleOptions(options)), width };
    });
  }
  return namedCandidates(image, ctx, resolved.box);
}

function sizesFor(width: number | null): string {
  return width ? `(max-width: ${width}px) 100vw, ${width}px` : '100vw';
}

/** `width`/`height` attributes for the sides known exactly; the others are left to the picture (no stretching). */
function sizeAttributes(resolved: Resolved): string {
  const { width, height } = exactSides(resolved.box);
  return `${width !== null ? ` width="${width}"` : ''}${height !== null ? ` height="${height}"` : ''}`;
}

/** `https://imagedelivery.net/<hash>` of a delivery URL `…/<hash>/<id>/<variant>` (ids may contain `/`). */
function deliveryBase(image: CfImage): string {
  const url = image.variants[0]!.split('?')[0]!;
  const suffix = `/${image.id}/${variantName(url)}`;
  return url.endsWith(suffix) ? url.slice(0, -suffix.length) : url.slice(0, url.lastIndexOf('/'));
}

function planOf(
  urls: string[],
  sign: boolean,
  note: string | null,
  preamble: string[],
  body: (final: readonly string[]) => string,
): SnippetPlan {
  return { urls, sign, note, preamble, body, render: (final) => withPreamble(preamble, body(final)) };
}

/**
 * The alt text: the metadata's `alt` when someone wrote one. A filename is not a description (WCAG 1.1.1, failure
 * F30), and the list API has no other text of the picture, so otherwise alt is empty and the copy carries a note,
 * once, to describe it (docs/decisions.md "Alt text of copied snippets").
 */
function altOf(image: CfImage): string {
  const alt = image.meta.alt;
  return typeof alt === 'string' ? alt.trim() : '';
}
const ALT_NOTE = 'alt="": describe the picture, or leave alt empty only if it is decorative';
const HTML_ALT_NOTE = `<!-- ${ALT_NOTE} -->`;

/**
 * Lists what one image's snippet needs. In `render`, URLs land HTML-escaped where the snippet is HTML; signed URLs
 * contain `&`, which is why the escaping happens at render time.
 */
export function planSnippet(image: CfImage, format: CopyFormat, size: DeliverySize, ctx: DeliveryContext): PlanResult {
  const resolved = resolveSize(image, size, ctx);
  if (typeof resolved === 'string') return { ok: false, message: resolved };
  const sign = image.requireSignedURLs;
  const alt = altOf(image);
  const altNote = alt === '' ? [HTML_ALT_NOTE] : [];
  const { note } = resolved;
  const ok = (plan: SnippetPlan): PlanResult => ({ ok: true, plan });

  switch (format) {
    case 'url':
      return ok(planOf([resolved.url], sign, note, [], (final) => final[0] ?? ''));
    case 'markdown':
      return ok(planOf([resolved.url], sign, note, altNote, (final) => `![${escapeMarkdownAlt(alt)}](${escapeMarkdownUrl(final[0] ?? '')})`));
    case 'html':
      return ok(
        planOf([resolved.url], sign, note, altNote, (final) => `<img src="${escapeHtml(final[0] ?? '')}" alt="${escapeHtml(alt)}"${sizeAttributes(resolved)}>`),
      );
    case 'srcset': {
      const candidates = srcsetCandidates(image, resolved, ctx);
      const urls = [resolved.url, ...candidates.map((c) => c.url)];
      return ok(
        planOf(urls, sign, note, altNote, (final) =>
          imgTag(final[0] ?? '', candidates.map((c, i) => ({ url: final[i + 1] ?? '', width: c.width })), resolved, alt),
        ),
      );
    }
    case 'picture': {
      const avif = resolved.flexible ? srcsetCandidates(image, resolved, ctx, 'avif') : [];
      const webp = resolved.flexible ? srcsetCandidates(image, resolved, ctx, 'webp') : [];
      const fallback = srcsetCandidates(image, resolved, ctx);
      const groups = [avif, webp, fallback];
      const urls = [resolved.url, ...groups.flat().map((c) => c.url)];
      return ok(planOf(urls, sign, note, altNote, (final) => {
          let at = 1;
          const [a, w, f] = groups.map((group) => group.map((c) => ({ url: final[at++] ?? '', width: c.width })));
          const sizes = escapeHtml(sizesFor(resolved.box.width));
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
      return ok(planOf(urls, sign, note, [], (final) => {
          const one = cssUrl(final[0] ?? '');
          const set = final.length > 1 ? `image-set(${one} 1x, ${cssUrl(final[1] ?? '')} 2x)` : `image-set(${one} 1x)`;
          return `background-image: ${one};\nbackground-image: ${set};`;
        }),
      );
    }
    case 'next':
      return ok(planNext(image, resolved, alt, sign, note));
    case 'nuxt':
      return ok(planNuxt(image, resolved, ctx, alt, altNote, sign, note));
  }
}

/** A srcset splits candidates at whitespace (HTML §4.8.4.3.10): spaces inside a URL are percent-encoded. */
function srcsetAttr(candidates: readonly Candidate[]): string {
  return escapeHtml(candidates.map((c) => `${c.url.replace(/\s/g, (ch) => encodeURIComponent(ch))} ${c.width}w`).join(', '));
}

function imgTag(src: string, candidates: readonly Candidate[], resolved: Resolved, alt: string): string {
  const srcset = candidates.length > 1 ? ` srcset="${srcsetAttr(candidates)}" sizes="${escapeHtml(sizesFor(resolved.box.width))}"` : '';
  return `<img src="${escapeHtml(src)}"${srcset} alt="${escapeHtml(alt)}"${sizeAttributes(resolved)} loading="lazy" decoding="async">`;
}

/**
 * The 2× URL for `image-set()`: `dpr=2` with flexible variants, else a named variant of the same shape at least
 * twice as wide (none rather than another crop).
 */
function doubleDensity(image: CfImage, resolved: Resolved, ctx: DeliveryContext): string | null {
  if (resolved.flexible) return deliveryUrlWith(image.variants[0]!, serializeFlexibleOptions({ ...resolved.flexible, dpr: 2 }));
  const { width } = resolved.box;
  if (!width) return null;
  const wide = namedCandidates(image, ctx, resolved.box).find((c) => c.width >= width * 2);
  return wide?.url ?? null;
}

/**
 * Next.js `<Image>` with a custom `loader` (nextjs.org/docs/app/api-reference/components/image#loader): public
 * images with flexible variants get a loader that asks Cloudflare for each width; otherwise (private, or flexible
 * variants off) the URL is used as is with `unoptimized`, since Next cannot sign or resize it.
 *
 * Next requires `width` and `height`: a side not known exactly (`exactSides`) is a placeholder from the box, and
 * `style` sets it back to `auto`, as Next's docs say to, so the picture keeps its own proportions.
 */
function planNext(image: CfImage, resolved: Resolved, altText: string, sign: boolean, note: string | null): SnippetPlan {
  const exact = exactSides(resolved.box);
  const width = exact.width ?? resolved.box.width ?? 1366;
  const height = exact.height ?? resolved.box.height ?? Math.round((width * 3) / 4);
  const auto = [exact.width === null ? "width: 'auto'" : '', exact.height === null ? "height: 'auto'" : ''].filter(Boolean);
  const style = auto.length > 0 ? ` style={{ ${auto.join(', ')} }}` : '';
  const alt = `{${jsString(altText)}}`;
  const preamble = ["import Image from 'next/image';"];
  if (altText === '') preamble.push(`// ${ALT_NOTE}.`);
  if (resolved.flexible) {
    const { width: w, height: h, dpr: _d, quality, ...rest } = resolved.flexible;
    const extra = serializeFlexibleOptions(rest);
    // The height follows each width Next asks for, so every width is the same crop as the box.
    const scaled = w !== undefined && h !== undefined ? `,h=\${Math.round((width * ${h}) / ${w})}` : '';
    const loaderBody = `\`${deliveryBase(image).replace(/[`\\$]/g, '\\$&')}/\${src}/w=\${width}${scaled},q=\${quality || ${quality ?? 75}}${extra ? `,${extra}` : ''}\``;
    preamble.push(
      '// Cloudflare Images flexible variants: one URL per width Next asks for.',
      `const cloudflareImagesLoader = ({ src, width, quality }) =>\n  ${loaderBody};`,
    );
    const text = `<Image loader={cloudflareImagesLoader} src=${jsString(image.id)} alt=${alt} width={${width}} height={${height}}${style} sizes=${jsString(sizesFor(resolved.box.width))} />`;
    return planOf([resolved.url], sign, note, preamble, () => text);
  }
  return planOf([resolved.url], sign, note, preamble, (final) =>
    `<Image src=${`{${jsString(final[0] ?? '')}}`} alt=${alt} width={${width}} height={${height}}${style} unoptimized />`,
  );
}

/**
 * Nuxt Image's `cloudflareimages` provider (image.nuxt.com/providers/cloudflareimages) takes the image id and the
 * account hash from `nuxt.config`; it builds flexible-variant URLs, so it fits public images of accounts with
 * flexible variants on. Otherwise the URL itself, with the `none` provider (no transformation).
 *
 * The provider builds the URL from `width` and `height`, which land on the `<img>` too: a side not known exactly is
 * set back to `auto` by `style`. With the `none` provider, only the sides known exactly are written.
 */
function planNuxt(
  image: CfImage,
  resolved: Resolved,
  ctx: DeliveryContext,
  altText: string,
  altNote: string[],
  sign: boolean,
  note: string | null,
): SnippetPlan {
  const alt = escapeHtml(altText);
  if (resolved.flexible && ctx.flexible) {
    const { width, height, dpr: _d, quality, format, ...rest } = resolved.flexible;
    const exact = exactSides(resolved.box);
    const auto = [
      width !== undefined && exact.width === null ? 'width:auto' : '',
      height !== undefined && exact.height === null ? 'height:auto' : '',
    ].filter(Boolean);
    const modifiers = Object.entries(rest).map(([k, v]) => `${k}: ${jsString(String(v))}`);
    const attrs = [
      `provider="cloudflareimages"`,
      `src="${escapeHtml(image.id)}"`,
      `alt="${alt}"`,
      width !== undefined ? `width="${width}"` : '',
      height !== undefined ? `height="${height}"` : '',
      auto.length > 0 ? `style="${auto.join(';')}"` : '',
      format && format !== 'auto' ? `format="${format}"` : '',
      quality !== undefined ? `quality="${quality}"` : '',
      modifiers.length > 0 ? `:modifiers="{ ${escapeHtml(modifiers.join(', '))} }"` : '',
    ].filter(Boolean);
    const hash = deliveryBase(image).split('/').at(-1) ?? '';
    const preamble = [`<!-- nuxt.config: image: { cloudflareimages: { accountHash: '${escapeHtml(hash)}' } } -->`, ...altNote];
    const text = `<NuxtImg ${attrs.join(' ')} />`;
    return planOf([resolved.url], sign, note, preamble, () => text);
  }
  return planOf([resolved.url], sign, note, altNote, (final) => `<NuxtImg provider="none" src="${escapeHtml(final[0] ?? '')}" alt="${alt}"${sizeAttributes(resolved)} />`);
}

export interface CopiedItem {
  image: CfImage;
  /** The URL at the chosen size, signed where that applies. */
  url: string;
  /** The text in the chosen format, whole on its own (its preamble included). */
  text: string;
}

export interface Rendered {
  items: CopiedItem[];
  /**
   * What the clipboard gets for the whole selection: each distinct preamble line once, then the snippets, one a
   * line (a blank line between multi-line ones).
   */
  text: string;
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
  const bodies = plans.map(({ plan }) => plan.body(finals.get(plan) ?? plan.urls));
  const items = plans.map(({ image, plan }, i) => ({
    image,
    url: (finals.get(plan) ?? plan.urls)[0] ?? '',
    text: withPreamble(plan.preamble, bodies[i]!),
  }));
  const preamble = [...new Set(plans.flatMap(({ plan }) => plan.preamble))];
  const separator = MULTILINE_FORMATS.has(format) ? '\n\n' : '\n';
  // Several `<Image>`s in one fragment: JSX takes one expression, so the paste parses as it is.
  const joined = format === 'next' && bodies.length > 1 ? `<>\n${bodies.map((b) => `  ${b}`).join('\n')}\n</>` : bodies.join(separator);
  return {
    items,
    text: withPreamble(preamble, joined),
    skipped,
    skipReason,
    signedCount: toSign.length,
    note: plans.find((p) => p.plan.note)?.plan.note ?? null,
  };
}

/** Next's import and loader stand apart from the JSX by a blank line; comments and HTML sit right above. */
function withPreamble(preamble: readonly string[], body: string): string {
  if (preamble.length === 0) return body;
  const code = preamble.some((line) => line.startsWith('import '));
  return `${preamble.join('\n')}${code ? '\n\n' : '\n'}${body}`;
}
