import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  FLEXIBLE_FORMATS,
  VARIANT_FITS,
  deliveryUrlWith,
  flexibleOptionsProblem,
  isFlexibleVariant,
  parseFlexibleOptions,
  serializeFlexibleOptions,
  variantLabel,
  type FlexibleOptions,
} from './variants';

describe('parseFlexibleOptions (CONTRACT.md §11)', () => {
  it('reads every option in both spellings', () => {
    expect(parseFlexibleOptions('w=400,h=300,fit=cover,format=webp,q=80,dpr=2')).toEqual({
      ok: true,
      options: { width: 400, height: 300, fit: 'cover', format: 'webp', quality: 80, dpr: 2 },
    });
    expect(parseFlexibleOptions('width=1,height=12000,quality=100,dpr=1.5')).toEqual({
      ok: true,
      options: { width: 1, height: 12000, quality: 100, dpr: 1.5 },
    });
  });
  it.each(VARIANT_FITS)('accepts fit=%s', (fit) => {
    expect(parseFlexibleOptions(`w=10,fit=${fit}`)).toMatchObject({ ok: true, options: { fit } });
  });
  it.each(FLEXIBLE_FORMATS)('accepts format=%s', (format) => {
    expect(parseFlexibleOptions(`w=10,format=${format}`)).toMatchObject({ ok: true, options: { format } });
  });
  it.each([
    ['w=0', "'w' must be a whole number from 1 to 12000"],
    ['w=12001', "'w' must be a whole number from 1 to 12000"],
    ['height=-5', "'height' must be a whole number from 1 to 12000"],
    ['w=1.5', "'w' must be a whole number"],
    ['w=010', "'w' must be a whole number"],
    ['q=0', "'q' must be a whole number from 1 to 100"],
    ['quality=101', "'quality' must be a whole number from 1 to 100"],
    ['dpr=3.5', "'dpr' must be a number from 1 to 3"],
    ['dpr=0.5', "'dpr' must be a number from 1 to 3"],
    ['fit=stretch', "'fit' must be one of scale-down, contain, cover, crop, pad"],
    ['format=gif', "'format' must be one of auto, webp, avif, jpeg, png"],
    ['blur=5', "Unknown flexible variant option 'blur'"],
    ['w', "'w' must be a whole number"],
    ['w=1,w=2', "'w' given twice"],
    ['w=1,width=2', "'width' given twice"],
    ['__proto__=1', "Unknown flexible variant option '__proto__'"],
    ['', "Unknown flexible variant option ''"],
  ])('refuses %s, naming the option', (text, message) => {
    const parsed = parseFlexibleOptions(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toContain(message);
  });
  it('refuses overlong option strings', () => {
    expect(parseFlexibleOptions(`w=1${',q=1'.repeat(100)}`)).toMatchObject({ ok: false });
  });
});

describe('serializeFlexibleOptions', () => {
  it('writes the short names in a fixed order', () => {
    expect(serializeFlexibleOptions({ quality: 70, fit: 'pad', width: 400 })).toBe('w=400,fit=pad,q=70');
    expect(serializeFlexibleOptions({})).toBe('');
  });
  it('round-trips every valid option set', () => {
    const options = fc.record(
      {
        width: fc.integer({ min: 1, max: 12000 }),
        height: fc.integer({ min: 1, max: 12000 }),
        fit: fc.constantFrom(...VARIANT_FITS),
        format: fc.constantFrom(...FLEXIBLE_FORMATS),
        quality: fc.integer({ min: 1, max: 100 }),
        dpr: fc.constantFrom(1, 1.5, 2, 2.5, 3),
      },
      { requiredKeys: ['width'] },
    );
    fc.assert(
      fc.property(options, (o: FlexibleOptions) => {
        expect(parseFlexibleOptions(serializeFlexibleOptions(o))).toEqual({ ok: true, options: o });
      }),
    );
  });
});

describe('helpers', () => {
  it('tells flexible options from variant names', () => {
    expect(isFlexibleVariant('w=400')).toBe(true);
    expect(isFlexibleVariant('thumbnail')).toBe(false);
  });
  it('checks options a person builds', () => {
    expect(flexibleOptionsProblem({})).toBe('Give at least a width or a height');
    expect(flexibleOptionsProblem({ width: 0 })).toContain("'w' must be a whole number from 1 to 12000");
    expect(flexibleOptionsProblem({ width: 400, fit: 'cover' })).toBeNull();
  });
  it('labels variants with their size', () => {
    expect(variantLabel({ name: 'thumbnail', width: 320, height: 320, fit: 'cover' })).toBe('thumbnail · 320×320 cover');
    expect(variantLabel({ name: 'wide', width: 1200, height: null, fit: null })).toBe('wide · 1200×auto');
    expect(variantLabel({ name: 'x', width: null, height: null, fit: null })).toBe('x');
  });
  it('replaces the last segment of a delivery URL, dropping any signature', () => {
    expect(deliveryUrlWith('https://imagedelivery.net/H/a/b/public?exp=1&sig=2', 'w=10')).toBe('https://imagedelivery.net/H/a/b/w=10');
  });
});
