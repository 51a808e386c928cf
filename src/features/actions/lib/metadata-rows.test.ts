import { describe, expect, it } from 'vitest';
import { metadataFromRows, rowsFromMetadata } from './metadata-rows';
import { metadataBytes, metadataError } from './write-rules';

describe('metadata editor rows', () => {
  it('round-trips strings, numbers, booleans and nested values', () => {
    const meta = { s: 'x', n: 5, b: false, o: { region: 'eu' }, a: [1], z: null };
    const rows = rowsFromMetadata(meta);
    expect(rows.map((r) => r.type)).toEqual(['string', 'number', 'boolean', 'json', 'json', 'json']);
    expect(metadataFromRows(rows)).toEqual({ ok: true, value: meta });
  });

  it('names the row and the problem: empty key (an empty row too), duplicate key, not a number, bad JSON', () => {
    const result = metadataFromRows([
      { key: '', type: 'string', value: 'v' },
      { key: 'k', type: 'number', value: '5a' },
      { key: 'k', type: 'string', value: '' },
      { key: 'j', type: 'json', value: '{' },
      { key: '', type: 'string', value: '' },
    ]);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors.map((e) => e.index)).toEqual([0, 1, 2, 3, 4]);
      // An empty row is not dropped without a word: the Edit and the upload form both block on it.
      expect(result.errors[4]?.message).toBe('Give this value a key');
    }
  });

  it('refuses a number row or a JSON row that would not be saved as typed', () => {
    const result = metadataFromRows([
      { key: 'big', type: 'number', value: '12345678901234567890' },
      { key: 'tiny', type: 'number', value: '1e-400' },
      { key: 'obj', type: 'json', value: '{"a":1,"a":2}' },
      { key: 'fine', type: 'number', value: '9007199254740991' },
    ]);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors.map((e) => e.index)).toEqual([0, 1, 2]);
      expect(result.errors[0]?.message).toMatch(/would be saved as 12345678901234567000/);
      expect(result.errors[1]?.message).toMatch(/too small to keep/);
      expect(result.errors[2]?.message).toMatch(/"a" is used twice/);
    }
  });

  it('counts UTF-8 bytes of compact JSON against 1,024 and the depth against 32', () => {
    expect(metadataBytes({ é: 'ü' })).toBe(JSON.stringify({ é: 'ü' }).length + 2);
    expect(metadataError({ s: 'x'.repeat(1016) })).toBeNull(); // {"s":"…"} = 1024 bytes
    expect(metadataError({ s: 'x'.repeat(1017) })).toMatch(/1025 bytes/);
    let deep: Record<string, unknown> = {};
    for (let i = 0; i < 32; i++) deep = { d: deep };
    expect(metadataError(deep)).toMatch(/33 levels/);
    expect(metadataError([1])).toMatch(/JSON object/);
  });
});
