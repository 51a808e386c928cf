import { describe, expect, it } from 'vitest';
import { compareFacetValues, type FacetValue } from '../../../contract/search-query';
import { createValueSuggester, suggestionsFor } from './value-suggestions';

/** The reference: every image walked for every question. */
function reference(images: readonly { meta: unknown }[], path: string): FacetValue[] {
  const counts = new Map<string, FacetValue>();
  for (const { meta } of images) {
    let node: unknown = meta;
    for (const segment of path.split('.')) node = node && typeof node === 'object' && !Array.isArray(node) ? (node as Record<string, unknown>)[segment] : undefined;
    if (typeof node !== 'string' && typeof node !== 'number' && typeof node !== 'boolean') continue;
    const type = typeof node as FacetValue['type'];
    const id = `${type}:${String(node)}`;
    const seen = counts.get(id);
    if (seen) seen.count += 1;
    else counts.set(id, { value: node, type, count: 1 });
  }
  return [...counts.values()].sort(compareFacetValues).slice(0, 50);
}

function makeImages(n: number, offset = 0) {
  return Array.from({ length: n }, (_, i) => {
    const k = i + offset;
    return { meta: { status: ['active', 'pending', 'flagged'][k % 3], batch: k % 4 === 0 ? String(k % 5) : k % 5, region: { name: `r${k % 7}` }, featured: k % 2 === 0, tags: ['a'] } };
  });
}

describe('createValueSuggester: the loaded images’ values of one path, as the facets route would count them', () => {
  it('answers what walking every image answers, for strings, numbers, booleans, mixed types and nested paths', () => {
    const images = makeImages(300);
    const suggester = createValueSuggester();
    for (const path of ['status', 'batch', 'featured', 'region.name', 'tags', 'missing']) {
      expect(suggester.valuesFor(images, path)).toEqual(reference(images, path));
    }
  });

  it('counts a path once: asking again for the same list walks nothing and gives the same array', () => {
    let reads = 0;
    const images = Array.from({ length: 1000 }, (_, i) => ({
      get meta() {
        reads += 1;
        return { status: i % 2 ? 'a' : 'b' };
      },
    }));
    const suggester = createValueSuggester();
    const first = suggester.valuesFor(images, 'status');
    expect(reads).toBe(1000);
    // Every keystroke in the Value box asks again.
    for (let i = 0; i < 20; i += 1) expect(suggester.valuesFor(images, 'status')).toBe(first);
    expect(reads).toBe(1000);
    // A new page: only its images are walked, and the answer is the whole list's.
    reads = 0;
    const more = [...images, ...Array.from({ length: 100 }, () => ({ meta: { status: 'c' } }))];
    expect(suggester.valuesFor(more, 'status')).toEqual([
      { value: 'a', type: 'string', count: 500 },
      { value: 'b', type: 'string', count: 500 },
      { value: 'c', type: 'string', count: 100 },
    ]);
    expect(reads).toBe(0);
  });

  it('starts afresh for a new query', () => {
    const suggester = createValueSuggester();
    const a = makeImages(50);
    expect(suggester.valuesFor(a, 'status')).toEqual(reference(a, 'status'));
    const b = makeImages(20, 1);
    expect(suggester.valuesFor(b, 'status')).toEqual(reference(b, 'status'));
  });

  it('keeps at most 50 values, most frequent first', () => {
    const images = Array.from({ length: 200 }, (_, i) => ({ meta: { n: i % 80 } }));
    const values = createValueSuggester().valuesFor(images, 'n');
    expect(values).toHaveLength(50);
    expect(values[0]).toEqual({ value: 0, type: 'number', count: 3 });
  });
});

describe('suggestionsFor: what an operator can take', () => {
  const values: FacetValue[] = [
    { value: 'active', type: 'string', count: 12 },
    { value: 5, type: 'number', count: 3 },
    { value: '5', type: 'string', count: 2 },
    { value: true, type: 'boolean', count: 1 },
  ];
  it('gives text to a text operator, numbers to a number or range operator, all once to untyped eq and in', () => {
    expect(suggestionsFor(values, 'eq:string').map((s) => s.text)).toEqual(['active', '5']);
    expect(suggestionsFor(values, 'eq:number').map((s) => s.text)).toEqual(['5']);
    expect(suggestionsFor(values, 'gte').map((s) => s.text)).toEqual(['5']);
    expect(suggestionsFor(values, 'in:number').map((s) => s.text)).toEqual(['5']);
    expect(suggestionsFor(values, 'eq').map((s) => s.text)).toEqual(['active', '5', 'true']);
    expect(suggestionsFor(values, 'in')[0]).toEqual({ text: 'active', label: '12 images' });
  });
  it('gives nothing to the true/false switch', () => {
    expect(suggestionsFor(values, 'eq:boolean')).toEqual([]);
  });
});
