import { describe, expect, it } from 'vitest';
import { metadataValue } from '../../../contract/list-query';
import {
  compareMetadataValues,
  createMetadataColumnKeys,
  formatMetadataValue,
  metadataColumnKeys,
  renderedColumns,
  withPinnedColumns,
} from './table-columns';

describe('metadata columns', () => {
  const images = [
    { meta: { status: 'active', region: { name: 'eu-west', geo: { city: 'Dublin' } }, tags: ['a', 'b'] } },
    { meta: { status: 'pending', ratings: 4, region: { name: 'us-east' }, 'odd.key': true } },
    { meta: {} },
  ];

  it('flattens nested keys, in first-seen order', () => {
    expect(metadataColumnKeys(images).map((k) => k.label)).toEqual([
      'status',
      'region.name',
      'region.geo.city',
      'tags',
      'ratings',
      'odd.key',
    ]);
    // A key with a dot in it is its own column, not `odd` → `key`.
    const odd = metadataColumnKeys(images).find((k) => k.label === 'odd.key');
    expect(odd?.path).toEqual(['odd.key']);
    expect(metadataValue(images[1]?.meta, odd?.path ?? [])).toBe(true);
  });

  it('walks only appended pages and keeps the same keys array when nothing is new', () => {
    const columns = createMetadataColumnKeys();
    const first = columns(images.slice(0, 1));
    const more = [...images.slice(0, 1), { meta: { status: 'x' } }];
    expect(columns(more)).toBe(first);
    const all = [...more, ...images.slice(1)];
    const grown = columns(all);
    expect(grown.slice(0, first.length)).toEqual(first);
    expect(grown.map((k) => k.label)).toEqual(metadataColumnKeys(all).map((k) => k.label));
    // Not the previous list plus more (a new query): walked afresh.
    expect(columns([{ meta: { other: 1 } }]).map((k) => k.label)).toEqual(['other']);
  });

  it('reads and formats values', () => {
    expect(metadataValue({ a: { b: 1 } }, ['a', 'b'])).toBe(1);
    expect(metadataValue({ a: 1 }, ['a', 'b'])).toBeUndefined();
    expect(metadataValue({}, ['constructor'])).toBeUndefined();
    expect(formatMetadataValue(['a', 2])).toBe('a, 2');
    expect(formatMetadataValue({ x: 1 })).toBe('{"x":1}');
    expect(formatMetadataValue(null)).toBe('null');
    expect(formatMetadataValue(false)).toBe('false');
  });

  it('sorts mixed types: numbers numerically, then booleans, then text naturally', () => {
    const values = ['10', 'b', 2, true, 'a2', 10, false, 'a10'];
    expect([...values].sort(compareMetadataValues)).toEqual([2, 10, false, true, '10', 'a2', 'a10', 'b']);
  });
});

describe('the columns a row renders', () => {
  const columns = [
    { id: 'select', width: 40 },
    { id: 'a', width: 100 },
    { id: 'b', width: 100 },
    { id: 'c', width: 50 },
    { id: 'd', width: 70 },
  ];

  it('renders every column in order with no gap when all are in view', () => {
    expect(renderedColumns(columns, [0, 1, 2, 3, 4]).map(({ colIndex, gap }) => [colIndex, gap])).toEqual([
      [1, 0],
      [2, 0],
      [3, 0],
      [4, 0],
      [5, 0],
    ]);
  });

  it('gives the first column after the left-out ones their width, and keeps aria-colindex the column’s position', () => {
    expect(renderedColumns(columns, [0, 3, 4])).toEqual([
      { id: 'select', width: 40, colIndex: 1, gap: 0 },
      { id: 'c', width: 50, colIndex: 4, gap: 200 },
      { id: 'd', width: 70, colIndex: 5, gap: 0 },
    ]);
    expect(renderedColumns(columns, [2]).map((c) => c.gap)).toEqual([140]);
  });

  it('adds the pinned columns to the virtualizer’s range, ascending and once', () => {
    expect(withPinnedColumns([5, 6, 7], [0, 3, 6])).toEqual([0, 3, 5, 6, 7]);
    expect(withPinnedColumns([0, 1, 2, 3], [0, 3])).toEqual([0, 1, 2, 3]);
  });
});
