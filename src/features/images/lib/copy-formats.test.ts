import { describe, expect, it } from 'vitest';
import { formatLink, formatLinks, variantUrl } from './copy-formats';

const url = 'https://imagedelivery.net/HASH/abc/public';

describe('formatLink', () => {
  it('copies the URL as is', () => {
    expect(formatLink(url, 'cat.jpg', 'url')).toBe(url);
  });
  it('writes Markdown with the filename as alt text, escaping brackets and parentheses', () => {
    expect(formatLink(url, 'cat.jpg', 'markdown')).toBe(`![cat.jpg](${url})`);
    expect(formatLink(`${url}?a=(1)`, 'a [b].png', 'markdown')).toBe(`![a \\[b\\].png](${url}?a=%281%29)`);
  });
  it('writes an HTML img with escaped attributes', () => {
    expect(formatLink(`${url}?exp=1&sig=2`, 'x"<y>.png', 'html')).toBe(
      `<img src="${url}?exp=1&amp;sig=2" alt="x&quot;&lt;y&gt;.png">`,
    );
  });
  it('joins several links one per line', () => {
    expect(formatLinks([{ url: 'a', filename: 'A' }, { url: 'b', filename: 'B' }], 'markdown')).toBe('![A](a)\n![B](b)');
  });
});

describe('variantUrl', () => {
  it('finds a variant by the last path segment, not by substring', () => {
    const image = { variants: [`${url}-large`, 'https://imagedelivery.net/HASH/public/thumbnail', url] };
    expect(variantUrl(image, 'public')).toBe(url);
    expect(variantUrl(image, 'hero')).toBeNull();
  });
});
