// @vitest-environment jsdom
import { cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { MetadataTree } from './metadata-tree';

afterEach(cleanup);

describe('MetadataTree', () => {
  it('marks the values shown as a list of their own, and no others', () => {
    const { container } = render(
      <MetadataTree value={{ region: { code: 'IE' }, tags: ['a'], empty: {}, none: [], status: 'active', n: 1, gone: null }} />,
    );
    const marked = [...container.querySelectorAll(':scope > dl > .meta-tree__entry > dd')].map((dd) => [
      dd.previousElementSibling?.textContent,
      dd.classList.contains('meta-tree__nested'),
    ]);
    expect(marked).toEqual([
      ['region', true],
      ['tags', true],
      ['empty', false],
      ['none', false],
      ['status', false],
      ['n', false],
      ['gone', false],
    ]);
    expect(container.querySelectorAll('dd.meta-tree__nested > dl.meta-tree')).toHaveLength(2);
  });
});
