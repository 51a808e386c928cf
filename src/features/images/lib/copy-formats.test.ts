// @vitest-environment jsdom
import { transform } from 'lightningcss';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import type { CfImage } from '../../../contract/image';
import { LOCAL_VARIANT_INFO, parseFlexibleOptions, type VariantInfo } from '../../../contract/variants';
import { variantUrl, COPY_FORMATS, type DeliveryContext, type DeliverySize, type CopyFormat } from './copy-formats';
import { planSnippet, renderCopies } from './copy-snippets';

const BASE = 'https://imagedelivery.net/HASH';
function image(over: Partial<CfImage> = {}): CfImage {
  const id = over.id ?? 'a/b c';
  return {
    id,
    filename: 'Tom & "Jerry" <1>.png',
    creator: null,
    meta: {},
    requireSignedURLs: false,
    uploaded: '2026-11-22T09:30:00.123Z',
    variants: ['thumbnail', 'public', 'hero', 'original'].map((v) => `${BASE}/${id}/${v}`),
    ...over,
  };
}
const flexibleOn: DeliveryContext = { variants: LOCAL_VARIANT_INFO, flexible: true };
const flexibleOff: DeliveryContext = { variants: LOCAL_VARIANT_INFO, flexible: false };
const unknownSizes: DeliveryContext = {
  variants: LOCAL_VARIANT_INFO.map((v): VariantInfo => ({ ...v, width: null, height: null, fit: null })),
  flexible: false,
};
const w400: DeliverySize = { flexible: { width: 400, height: 300, fit: 'cover' } };
const named = (name: string, width: number | null, height: number | null, fit: VariantInfo['fit']): VariantInfo => ({
  name,
  width,
  height,
  fit,
  neverRequireSignedURLs: false,
});
/** An account with named variants of several shapes. */
const SHAPES: DeliveryContext = {
  variants: [
    named('tiny', 160, 160, 'cover'),
    named('thumbnail', 320, 320, 'cover'),
    named('square2x', 640, 640, 'cover'),
    named('small', 640, 640, 'scale-down'),
    named('public', 1366, 1366, 'scale-down'),
    named('wide', 1920, 1080, 'scale-down'),
    named('fitted', 1366, 1366, 'contain'),
  ],
  flexible: false,
};

/** Renders a plan with its own URLs, or with fake signatures when it asks for signing. */
function render(img: CfImage, format: CopyFormat, size: DeliverySize, ctx: DeliveryContext) {
  const planned = planSnippet(img, format, size, ctx);
  if (!planned.ok) throw new Error(planned.message);
  const { plan } = planned;
  const final = plan.sign ? plan.urls.map((u) => `${u}?exp=1&sig=ab`) : plan.urls;
  return { text: plan.render(final), plan };
}

function parseHtml(text: string): Document {
  return new DOMParser().parseFromString(`<!doctype html><body>${text}</body>`, 'text/html');
}

function srcsetOf(el: Element): { url: string; width: number }[] {
  return (el.getAttribute('srcset') ?? '').split(', ').map((part) => {
    const [url, w] = part.split(' ');
    return { url: decodeURI(url!), width: Number(w!.replace(/w$/, '')) };
  });
}

describe('URL, Markdown and HTML at a size', () => {
  it('builds a flexible-variant URL for a public image', () => {
    expect(render(image(), 'url', w400, flexibleOn).text).toBe(`${BASE}/a/b c/w=400,h=300,fit=cover`);
  });
  it('uses the named variant as it is', () => {
    expect(render(image(), 'url', { variant: 'hero' }, flexibleOn).text).toBe(`${BASE}/a/b c/hero`);
  });
  it('refuses flexible sizes when the account has them off', () => {
    expect(planSnippet(image(), 'url', w400, flexibleOff)).toEqual({
      ok: false,
      message: 'Flexible variants are off for this account: choose a named variant',
    });
  });
  it('gives a private image the nearest named variant, signed, and says why', () => {
    const { text, plan } = render(image({ requireSignedURLs: true }), 'url', w400, flexibleOn);
    expect(text).toBe(`${BASE}/a/b c/thumbnail?exp=1&sig=ab`);
    expect(plan.sign).toBe(true);
    expect(plan.note).toBe('private images cannot use flexible variants: thumbnail · 320×320 cover, signed');
  });
  it('escapes HTML and Markdown', () => {
    const doc = parseHtml(render(image({ requireSignedURLs: true, meta: { alt: 'Tom & "Jerry" <1>.png' } }), 'html', { variant: 'public' }, flexibleOn).text);
    const img = doc.querySelector('img')!;
    expect(img.getAttribute('src')).toBe(`${BASE}/a/b c/public?exp=1&sig=ab`);
    expect(img.getAttribute('alt')).toBe('Tom & "Jerry" <1>.png');
    expect(render(image({ meta: { alt: 'Tom [& "Jerry"]' } }), 'markdown', { variant: 'public' }, flexibleOn).text).toBe(
      `![Tom \\[& "Jerry"\\]](${BASE}/a/b%20c/public)`,
    );
  });
});

/** The `<img>`'s width and height attributes, `null` when left out. */
function imgSize(text: string): [string | null, string | null] {
  const img = parseHtml(text).querySelector('picture img, img')!;
  return [img.getAttribute('width'), img.getAttribute('height')];
}

describe('width and height: only what is true of the delivered picture (docs/decisions.md)', () => {
  const sizes: [string, DeliverySize, DeliveryContext, [string | null, string | null]][] = [
    // cover and pad deliver their box exactly, enlarged if need be.
    ['thumbnail (cover)', { variant: 'thumbnail' }, flexibleOn, ['320', '320']],
    ['w=400,h=300,fit=cover', w400, flexibleOn, ['400', '300']],
    ['w=400,h=300,fit=pad', { flexible: { width: 400, height: 300, fit: 'pad' } }, flexibleOn, ['400', '300']],
    // One side given with a fit that enlarges: that side is exact, the other follows the picture.
    ['w=400,fit=contain', { flexible: { width: 400, fit: 'contain' } }, flexibleOn, ['400', null]],
    ['h=300,fit=cover', { flexible: { height: 300, fit: 'cover' } }, flexibleOn, [null, '300']],
    // scale-down and crop never enlarge, contain in a box keeps the picture's proportions: neither side is known.
    ['public (scale-down, a portrait comes back 911×1366)', { variant: 'public' }, flexibleOn, [null, null]],
    ['hero (scale-down)', { variant: 'hero' }, flexibleOff, [null, null]],
    ['w=400 (default scale-down)', { flexible: { width: 400 } }, flexibleOn, [null, null]],
    ['w=400,h=300,fit=crop', { flexible: { width: 400, height: 300, fit: 'crop' } }, flexibleOn, [null, null]],
    ['w=400,h=300,fit=contain', { flexible: { width: 400, height: 300, fit: 'contain' } }, flexibleOn, [null, null]],
    ['sizes unknown', { variant: 'thumbnail' }, unknownSizes, [null, null]],
  ];
  it.each(sizes)('%s: HTML, srcset and picture', (_name, size, ctx, expected) => {
    for (const format of ['html', 'srcset', 'picture'] as const) {
      expect([format, imgSize(render(image(), format, size, ctx).text)]).toEqual([format, expected]);
    }
  });
  it.each(sizes)('%s: Nuxt', (_name, size, ctx, expected) => {
    const el = parseHtml(render(image(), 'nuxt', size, ctx).text).querySelector('nuxtimg')!;
    const provider = el.getAttribute('provider');
    if (provider === 'none') {
      expect([el.getAttribute('width'), el.getAttribute('height')]).toEqual(expected);
      expect(el.hasAttribute('style')).toBe(false);
    } else {
      // The provider builds the URL from width and height: a side that is not exact is set back to auto.
      const auto = [expected[0] === null && el.hasAttribute('width') ? 'width:auto' : '', expected[1] === null && el.hasAttribute('height') ? 'height:auto' : '']
        .filter(Boolean)
        .join(';');
      expect(el.getAttribute('style') ?? '').toBe(auto);
    }
  });
  it.each(sizes)('%s: Next.js', (_name, size, ctx, expected) => {
    const attrs = jsxAttributes(parseTsx(render(image(), 'next', size, ctx).text), 'Image');
    // Next requires both; a side that is not exact is only a placeholder, set back to auto.
    const auto = [expected[0] === null ? "width: 'auto'" : '', expected[1] === null ? "height: 'auto'" : ''].filter(Boolean);
    expect(attrs.style).toBe(auto.length > 0 ? `{{ ${auto.join(', ')} }}` : undefined);
    if (expected[0] !== null) expect(attrs.width).toBe(`{${expected[0]}}`);
    if (expected[1] !== null) expect(attrs.height).toBe(`{${expected[1]}}`);
  });
});

describe('responsive <img srcset sizes>', () => {
  it('offers flexible widths up to twice the slot, keeping the aspect ratio', () => {
    const doc = parseHtml(render(image(), 'srcset', w400, flexibleOn).text);
    const img = doc.querySelector('img')!;
    const set = srcsetOf(img);
    expect(set.map((c) => c.width)).toEqual([320, 400, 480, 640, 768]);
    for (const c of set) {
      const parsed = parseFlexibleOptions(c.url.slice(c.url.lastIndexOf('/') + 1));
      expect(parsed).toMatchObject({ ok: true, options: { width: c.width, fit: 'cover' } });
      if (parsed.ok) expect(parsed.options.height).toBe(Math.round((300 * c.width) / 400));
    }
    expect(img.getAttribute('sizes')).toBe('(max-width: 400px) 100vw, 400px');
    expect(img.getAttribute('src')).toBe(`${BASE}/a/b c/w=400,h=300,fit=cover`);
    expect(img.getAttribute('loading')).toBe('lazy');
  });
  it('uses only named variants of the same shape as the chosen one: same fit, same box proportions', () => {
    const img = image({ variants: SHAPES.variants.map((v) => `${BASE}/a/b c/${v.name}`) });
    const set = (variant: string) => srcsetOf(parseHtml(render(img, 'srcset', { variant }, SHAPES).text).querySelector('img')!);
    // Not `wide` (a 16:9 box bounds a portrait by its height) nor the square crops.
    expect(set('public')).toEqual([
      { url: `${BASE}/a/b c/small`, width: 640 },
      { url: `${BASE}/a/b c/public`, width: 1366 },
    ]);
    expect(set('thumbnail')).toEqual([
      { url: `${BASE}/a/b c/tiny`, width: 160 },
      { url: `${BASE}/a/b c/thumbnail`, width: 320 },
      { url: `${BASE}/a/b c/square2x`, width: 640 },
    ]);
  });
  it('writes a plain img for the local variants, which all differ in shape', () => {
    for (const variant of ['thumbnail', 'public', 'hero']) {
      const img = parseHtml(render(image(), 'srcset', { variant }, flexibleOff).text).querySelector('img')!;
      expect(img.hasAttribute('srcset')).toBe(false);
    }
  });
  it('offers no width candidates for a flexible size given by its height alone', () => {
    const img = parseHtml(render(image(), 'srcset', { flexible: { height: 300 } }, flexibleOn).text).querySelector('img')!;
    expect(img.hasAttribute('srcset')).toBe(false);
    expect(img.getAttribute('src')).toBe(`${BASE}/a/b c/h=300`);
  });
  it('signs every candidate of a private image', () => {
    const source = image({ requireSignedURLs: true, variants: SHAPES.variants.map((v) => `${BASE}/a/b c/${v.name}`) });
    const { text } = render(source, 'srcset', { variant: 'public' }, { ...SHAPES, flexible: true });
    const set = srcsetOf(parseHtml(text).querySelector('img')!);
    expect(set).toHaveLength(2);
    for (const c of set) expect(c.url).toMatch(/\?exp=1&sig=ab$/);
  });
  it('writes a plain img when no variant has a known width', () => {
    const img = parseHtml(render(image(), 'srcset', { variant: 'public' }, unknownSizes).text).querySelector('img')!;
    expect(img.hasAttribute('srcset')).toBe(false);
    expect(img.getAttribute('src')).toBe(`${BASE}/a/b c/public`);
  });
});

describe('<picture> with AVIF and WebP sources', () => {
  it('lists AVIF, then WebP, then the fallback img', () => {
    const doc = parseHtml(render(image(), 'picture', w400, flexibleOn).text);
    const picture = doc.querySelector('picture')!;
    const sources = [...picture.querySelectorAll('source')];
    expect(sources.map((s) => s.getAttribute('type'))).toEqual(['image/avif', 'image/webp']);
    expect(srcsetOf(sources[0]!).every((c) => c.url.includes('format=avif'))).toBe(true);
    expect(srcsetOf(sources[1]!).every((c) => c.url.includes('format=webp'))).toBe(true);
    expect(picture.lastElementChild?.tagName).toBe('IMG');
  });
  it('leaves the format to Cloudflare with named variants', () => {
    const doc = parseHtml(render(image(), 'picture', { variant: 'public' }, flexibleOff).text);
    expect(doc.querySelectorAll('picture source')).toHaveLength(0);
    expect(doc.querySelector('picture img')).not.toBeNull();
  });
});

describe('CSS image-set()', () => {
  function parseCss(text: string): string {
    const { code } = transform({ filename: 'x.css', code: Buffer.from(`.hero { ${text} }`), errorRecovery: false });
    return code.toString();
  }
  it('gives 1x and 2x (dpr=2) with flexible variants, after a plain fallback', () => {
    const text = render(image(), 'css', w400, flexibleOn).text;
    const css = parseCss(text);
    expect(css).toContain('image-set(');
    expect(text).toContain('w=400,h=300,fit=cover,dpr=2") 2x)');
    expect(text.split('\n')[0]).toBe(`background-image: url("${BASE}/a/b c/w=400,h=300,fit=cover");`);
  });
  it('uses a named variant of the same shape at least twice as wide for 2x, and escapes quotes', () => {
    const img = image({ id: 'q"x', variants: SHAPES.variants.map((v) => `${BASE}/q"x/${v.name}`) });
    const text = render(img, 'css', { variant: 'thumbnail' }, SHAPES).text;
    parseCss(text);
    expect(text).toContain(`url("${BASE}/q\\"x/square2x") 2x`);
  });
  it('gives no 2x rather than a variant of another shape', () => {
    // Local variants: public is at least twice the thumbnail's width, but uncropped.
    const text = render(image(), 'css', { variant: 'thumbnail' }, flexibleOff).text;
    expect(text).toContain(`image-set(url("${BASE}/a/b c/thumbnail") 1x)`);
  });
});

function parseTsx(text: string): ts.SourceFile {
  const file = ts.createSourceFile('snippet.tsx', text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const diagnostics = (file as unknown as { parseDiagnostics: ts.Diagnostic[] }).parseDiagnostics;
  expect(diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'))).toEqual([]);
  return file;
}
function jsxAttributes(file: ts.SourceFile, tag: string): Record<string, string> {
  let found: Record<string, string> | null = null;
  const visit = (node: ts.Node) => {
    if (ts.isJsxSelfClosingElement(node) && node.tagName.getText(file) === tag) {
      found = {};
      for (const attr of node.attributes.properties) {
        if (ts.isJsxAttribute(attr)) found[attr.name.getText(file)] = attr.initializer?.getText(file) ?? 'true';
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  expect(found).not.toBeNull();
  return found!;
}

describe('Next.js <Image>', () => {
  it('uses a Cloudflare Images loader with the documented ({ src, width, quality }) shape', () => {
    const text = render(image(), 'next', w400, flexibleOn).text;
    const file = parseTsx(text);
    const attrs = jsxAttributes(file, 'Image');
    expect(Object.keys(attrs).sort()).toEqual(['alt', 'height', 'loader', 'sizes', 'src', 'width']);
    expect(attrs.src).toBe("'a/b c'");
    expect(attrs.width).toBe('{400}');
    expect(attrs.height).toBe('{300}');
    expect(text).toContain("import Image from 'next/image';");
    // Run the loader as Next would and check the URL it gives.
    const loaderSource = /const cloudflareImagesLoader = (\(\{ src, width, quality \}\) =>[\s\S]*?);\n/.exec(text)![1]!;
    const loader = new Function(`return ${loaderSource}`)() as (p: { src: string; width: number; quality?: number }) => string;
    // The height follows each width, so every width Next asks for is the same 4:3 crop.
    expect(loader({ src: 'a/b c', width: 640 })).toBe(`${BASE}/a/b c/w=640,h=480,q=75,fit=cover`);
    expect(loader({ src: 'a/b c', width: 640, quality: 50 })).toBe(`${BASE}/a/b c/w=640,h=480,q=50,fit=cover`);
  });
  it('imports Image and declares the loader once for a selection, each image still whole on its own', async () => {
    const images = [image({ id: 'one' }), image({ id: 'two' }), image({ id: 'three', requireSignedURLs: true })];
    const result = await renderCopies(images, 'next', w400, flexibleOn, async (urls) => urls.map((u) => `${u}?exp=1&sig=ab`));
    const count = (text: string, part: string) => text.split(part).length - 1;
    expect(count(result.text, "import Image from 'next/image';")).toBe(1);
    expect(count(result.text, 'const cloudflareImagesLoader')).toBe(1);
    expect(count(result.text, '<Image ')).toBe(3);
    // One JSX expression (a fragment), so the whole paste parses.
    parseTsx(result.text);
    for (const item of result.items) expect(count(item.text, "import Image from 'next/image';")).toBe(1);
  });
  it('uses the signed URL unoptimized for a private image', () => {
    const file = parseTsx(render(image({ requireSignedURLs: true }), 'next', { variant: 'public' }, flexibleOn).text);
    const attrs = jsxAttributes(file, 'Image');
    expect(attrs.unoptimized).toBe('true');
    expect(attrs.src).toBe(`{'${BASE}/a/b c/public?exp=1&sig=ab'}`);
  });
});

describe('Nuxt <NuxtImg>', () => {
  it('uses the cloudflareimages provider with the image id and the account hash', () => {
    const text = render(image(), 'nuxt', w400, flexibleOn).text;
    const doc = parseHtml(text);
    const el = doc.querySelector('nuxtimg')!;
    expect(el.getAttribute('provider')).toBe('cloudflareimages');
    expect(el.getAttribute('src')).toBe('a/b c');
    expect(el.getAttribute('width')).toBe('400');
    expect(el.getAttribute('height')).toBe('300');
    expect(el.getAttribute(':modifiers')).toBe("{ fit: 'cover' }");
    expect(text).toContain("accountHash: 'HASH'");
  });
  it('falls back to the URL itself when flexible variants cannot be used', () => {
    const el = parseHtml(render(image(), 'nuxt', { variant: 'hero' }, flexibleOff).text).querySelector('nuxtimg')!;
    expect(el.getAttribute('provider')).toBe('none');
    expect(el.getAttribute('src')).toBe(`${BASE}/a/b c/hero`);
  });
});

describe('alt text', () => {
  // A filename is not a description (WCAG 1.1.1, failure F30): alt is the metadata's `alt` when someone wrote one,
  // else empty with a note, once per copy, to describe the picture.
  it('is empty, with one note to describe the picture, when the metadata has no alt', async () => {
    const html = render(image(), 'html', { variant: 'thumbnail' }, flexibleOn).text;
    expect(html.split('\n')[0]).toMatch(/^<!-- alt="": describe the picture/);
    expect(parseHtml(html).querySelector('img')!.getAttribute('alt')).toBe('');
    const next = render(image(), 'next', w400, flexibleOn).text;
    expect(jsxAttributes(parseTsx(next), 'Image').alt).toBe("{''}");
    expect(next).toMatch(/^\/\/ alt="": describe the picture/m);
    const result = await renderCopies([image({ id: 'one' }), image({ id: 'two' })], 'srcset', w400, flexibleOn, null);
    expect(result.text.split('<!-- alt=""')).toHaveLength(2);
    expect(result.text.split('\n')).toHaveLength(3);
  });
  it('is the metadata\'s alt, with no note, when there is one', () => {
    const img = image({ meta: { alt: 'A red kite over the "hill"' } });
    for (const format of ['html', 'srcset', 'picture', 'nuxt'] as const) {
      const text = render(img, format, { variant: 'thumbnail' }, flexibleOn).text;
      expect(text).not.toContain('<!-- alt');
      expect(parseHtml(text).querySelector('img, nuxtimg')!.getAttribute('alt')).toBe('A red kite over the "hill"');
    }
    expect(jsxAttributes(parseTsx(render(img, 'next', w400, flexibleOn).text), 'Image').alt).toBe(`{'A red kite over the "hill"'}`);
  });
});

describe('every format', () => {
  it.each(COPY_FORMATS)('%s: renders for public and private images, flexible on and off', (format) => {
    for (const ctx of [flexibleOn, flexibleOff]) {
      for (const img of [image(), image({ requireSignedURLs: true })]) {
        const { text, plan } = render(img, format, { variant: 'public' }, ctx);
        expect(text.length).toBeGreaterThan(0);
        expect(plan.sign).toBe(img.requireSignedURLs);
        expect(text).not.toContain('\u0000');
      }
    }
  });
});

describe('variantUrl', () => {
  it('finds a variant by the last path segment, not by substring', () => {
    const url = 'https://imagedelivery.net/HASH/abc/public';
    const image = { variants: [`${url}-large`, 'https://imagedelivery.net/HASH/public/thumbnail', url] };
    expect(variantUrl(image, 'public')).toBe(url);
    expect(variantUrl(image, 'hero')).toBeNull();
  });
});
