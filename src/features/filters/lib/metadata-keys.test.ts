import { describe, expect, it } from 'vitest';
import { collectMetadataKeys, createMetadataKeyCollector, describeKey } from './metadata-keys';

describe('collectMetadataKeys', () => {
  it('lists filterable paths with the types seen, nested ones flattened', () => {
    const keys = collectMetadataKeys([
      { meta: { status: 'active', ratings: 5, region: { name: 'eu-west' }, featured: true } },
      { meta: { status: 'pending', ratings: '5', region: { name: 'us-east', zone: null }, tags: ['a'] } },
      { meta: { 'a.b': 1, 'c[0]': 2, deep: { l2: { l3: { l4: { l5: 'ok', l5b: { l6: 'too deep' } } } } } } },
      { meta: {} },
    ]);
    expect(keys).toEqual([
      { path: 'deep.l2.l3.l4.l5', types: ['text'], count: 1 },
      { path: 'featured', types: ['true/false'], count: 1 },
      { path: 'ratings', types: ['text', 'number'], count: 2 },
      { path: 'region.name', types: ['text'], count: 2 },
      { path: 'status', types: ['text'], count: 2 },
    ]);
    expect(keys.map(describeKey)).toContain('ratings · text, number');
    expect(keys.map(describeKey)).toContain('region.name · text');
  });
});

describe('createMetadataKeyCollector', () => {
  const page = (n: number, from = 0) =>
    Array.from({ length: n }, (_, i) => ({ meta: { status: 'active', n: from + i, ...(from + i === 150 ? { late: true } : {}) } }));

  it('answers as collectMetadataKeys while the list grows page by page, walking only the new images', () => {
    const collector = createMetadataKeyCollector();
    const first = page(100);
    const both = [...first, ...page(100, 100)];
    expect(collector.update(first)).toEqual(collectMetadataKeys(first));
    const keys = collector.update(both);
    expect(keys).toEqual(collectMetadataKeys(both));
    expect(keys.find((k) => k.path === 'late')).toEqual({ path: 'late', types: ['true/false'], count: 1 });
    expect(collector.update(both)).toBe(keys);
  });

  it('starts over for a list that is not the previous one plus more', () => {
    const collector = createMetadataKeyCollector();
    collector.update(page(200));
    const other = [{ meta: { region: { name: 'eu-west' } } }];
    expect(collector.update(other)).toEqual([{ path: 'region.name', types: ['text'], count: 1 }]);
    expect(collector.update([])).toEqual([]);
  });
});
