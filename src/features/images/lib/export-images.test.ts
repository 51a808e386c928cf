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
  it('writes a header and one row per image with the URL copy gives', () => {
    const csv = imagesToCsv([image], new Map([['abc', { url: 'https://x/H/abc/public' }]]));
    expect(csv).toBe(
      'id,filename,creator,uploaded,requireSignedURLs,url,meta\r\n' +
        'abc,"a, ""b"".png",,2026-01-01T00:00:00.000Z,true,https://x/H/abc/public,"{""n"":1}"\r\n',
    );
  });
  it('writes the URL copy gives (a signed one) when there is one', () => {
    const signed = 'https://x/H/abc/public?exp=1&sig=ab';
    expect(imagesToCsv([image], new Map([['abc', { url: signed }]]))).toContain(`,true,${signed},`);
  });
  it('adds a snippet column for formats other than URL', () => {
    const snippet = '<img src="https://x/H/abc/w=400" alt="a">';
    const csv = imagesToCsv([image], new Map([['abc', { url: 'https://x/H/abc/w=400', snippet }]]));
    expect(csv.split('\r\n')[0]).toBe('id,filename,creator,uploaded,requireSignedURLs,url,meta,snippet');
    expect(csv).toContain(`,"<img src=""https://x/H/abc/w=400"" alt=""a"">"\r\n`);
  });
  it('writes JSON that parses back to the images, with what copy gives', () => {
    expect(JSON.parse(imagesToJson([image], new Map()))).toEqual([image]);
    expect(JSON.parse(imagesToJson([image], new Map([['abc', { url: 'u', snippet: 's' }]])))).toEqual([{ ...image, url: 'u', snippet: 's' }]);
  });
});
