import { describe, expect, it } from 'vitest';
import { csvCell, imagesToCsv, imagesToJson } from './export-images';

const image = {
  id: 'abc',
  filename: 'a, "b".png',
  creator: null,
  meta: { n: 1 },
  requireSignedURLs: true,
  uploaded: '2026-01-01T00:00:00.000Z',
  variants: ['https://x/H/abc/public'],
};

describe('exports', () => {
  it('quotes CSV cells and defuses formulas', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
  });
  it('writes a header and one row per image with the chosen variant URL', () => {
    const csv = imagesToCsv([image], 'public');
    expect(csv).toBe(
      'id,filename,creator,uploaded,requireSignedURLs,url,meta\r\n' +
        'abc,"a, ""b"".png",,2026-01-01T00:00:00.000Z,true,https://x/H/abc/public,"{""n"":1}"\r\n',
    );
  });
  it('writes the URL copy gives (a signed one) when there is one', () => {
    const signed = 'https://x/H/abc/public?exp=1&sig=ab';
    expect(imagesToCsv([image], 'public', new Map([['abc', signed]]))).toContain(`,true,${signed},`);
  });
  it('writes JSON that parses back to the images', () => {
    expect(JSON.parse(imagesToJson([image]))).toEqual([image]);
  });
});
