import { describe, expect, it } from 'vitest';
import { collectMetadataKeys, describeKey } from './metadata-keys';

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
