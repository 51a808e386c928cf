// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { navigateSearch, readableSearch } from './use-search-params';

afterEach(() => window.history.replaceState(null, '', '/'));

describe('readableSearch', () => {
  it('keeps [ ] : | literal, as Cloudflare writes filters', () => {
    const params = new URLSearchParams([
      ['meta.status[eq]', 'active'],
      ['meta.region.name[in:string]', 'eu-west|us-east'],
      ['view', 'table'],
    ]);
    expect(readableSearch(params)).toBe('meta.status[eq]=active&meta.region.name[in:string]=eu-west|us-east&view=table');
  });

  it('percent-encodes everything else and reads back unchanged', () => {
    const tricky: [string, string][] = [
      ['creator', 'a&b=c+d e#f%g?h/i'],
      ['meta.title[eq]', 'Ünïcödé ✓ 100%'],
      ['meta.a[eq]', ''],
      ['image', 'folder/a b.png'],
      ['meta.x[eq]', '\uD800 lone surrogate'],
    ];
    const search = readableSearch(new URLSearchParams(tricky));
    expect(search).not.toMatch(/[ #+?]/);
    expect(search).toContain('creator=a%26b%3Dc%2Bd%20e%23f%25g%3Fh%2Fi');
    const back = [...new URLSearchParams(search)];
    expect(back.slice(0, 4)).toEqual(tricky.slice(0, 4));
    expect(back[4]).toEqual(['meta.x[eq]', '\uFFFD lone surrogate']);
  });
});

describe('navigateSearch', () => {
  it('writes readable links to the address bar', () => {
    navigateSearch((p) => {
      p.set('meta.status[eq]', 'active');
      p.set('meta.n[gte:number]', '5');
    });
    expect(window.location.search).toBe('?meta.status[eq]=active&meta.n[gte:number]=5');
  });

  it('does not push a history entry when only the encoding differs', () => {
    window.history.replaceState(null, '', '/?meta.status%5Beq%5D=active');
    const length = window.history.length;
    navigateSearch(() => undefined);
    expect(window.history.length).toBe(length);
    expect(window.location.search).toBe('?meta.status%5Beq%5D=active');
  });
});
