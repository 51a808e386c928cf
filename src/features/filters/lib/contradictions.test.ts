import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileMatcher, type MetaFilter, type Operator } from '../../../contract/list-query';
import { describeFilter, findContradictions } from './contradictions';

const f = (path: string, operator: Operator, value: string): MetaFilter => ({ path: path.split('.'), operator, value });
const pairs = (filters: MetaFilter[]) => findContradictions(filters).map((c) => c.filters);

describe('findContradictions', () => {
  it('finds the same path equal to two different values', () => {
    const found = findContradictions([f('status', 'eq', 'active'), f('status', 'eq:string', 'pending')]);
    expect(found).toEqual([
      {
        filters: [0, 1],
        message:
          'Filter 1 (status is “active”) and Filter 2 (status is (text) “pending”) cannot both hold: no value of status satisfies them together, so the API would answer with no images.',
      },
    ]);
  });

  it('finds ranges that do not meet', () => {
    expect(pairs([f('n', 'gt', '5'), f('n', 'lt', '3')])).toEqual([[0, 1]]);
    expect(pairs([f('n', 'gt', '5'), f('n', 'lte:number', '5')])).toEqual([[0, 1]]);
    expect(pairs([f('n', 'gte', '5'), f('n', 'lte', '5')])).toEqual([]);
    expect(pairs([f('n', 'gte', '1'), f('n', 'lte', '5')])).toEqual([]);
  });

  it('finds an equality outside a range, typed or not', () => {
    expect(pairs([f('priority', 'eq:number', '5'), f('priority', 'gt', '7')])).toEqual([[0, 1]]);
    expect(pairs([f('priority', 'eq', '5'), f('priority', 'gt', '7')])).toEqual([[0, 1]]);
    expect(pairs([f('priority', 'eq:number', '5'), f('priority', 'lte:number', '3')])).toEqual([[0, 1]]);
    expect(pairs([f('priority', 'eq', '8'), f('priority', 'gt', '7')])).toEqual([]);
    // Cloudflare's numbers: 5 and 5.0 are the same number.
    expect(pairs([f('priority', 'eq:number', '5.0'), f('priority', 'in:number', '5|6')])).toEqual([]);
  });

  it('finds lists with no overlap with an equality or with each other', () => {
    expect(pairs([f('status', 'in', 'pending|deleted'), f('status', 'eq', 'active')])).toEqual([[0, 1]]);
    expect(pairs([f('status', 'in', 'pending|deleted'), f('status', 'eq', 'deleted')])).toEqual([]);
    expect(pairs([f('ratings', 'in:number', '4|5'), f('ratings', 'in:number', '1|2')])).toEqual([[0, 1]]);
  });

  it('knows types never meet: text against a range, a boolean against a number', () => {
    expect(pairs([f('a', 'eq:string', '5'), f('a', 'gte', '0')])).toEqual([[0, 1]]);
    expect(pairs([f('a', 'eq:boolean', 'true'), f('a', 'eq:number', '1')])).toEqual([[0, 1]]);
    // Untyped `eq=true` matches the string "true" and the boolean true: no contradiction with either.
    expect(pairs([f('a', 'eq', 'true'), f('a', 'eq:boolean', 'true')])).toEqual([]);
    expect(pairs([f('a', 'eq', 'true'), f('a', 'eq:string', 'true')])).toEqual([]);
  });

  it('names all filters when no pair alone contradicts', () => {
    const found = findContradictions([f('s', 'in', 'a|b'), f('s', 'in', 'b|c'), f('s', 'in', 'c|a')]);
    expect(found.map((c) => c.filters)).toEqual([[0, 1, 2]]);
    expect(found[0]?.message).toMatch(/^Filter 1 .*, Filter 2 .* and Filter 3 .* cannot all hold/);
  });

  it('finds a path used both as a value and as an object', () => {
    const found = findContradictions([f('region.name', 'eq', 'eu-west'), f('region', 'eq', 'eu')]);
    expect(found.map((c) => c.filters)).toEqual([[0, 1]]);
    expect(found[0]?.message).toContain('region would have to be a single value and contain region.name');
  });

  it('leaves independent paths alone', () => {
    expect(pairs([f('status', 'eq', 'active'), f('priority', 'eq:number', '5'), f('region.name', 'eq', 'eu-west')])).toEqual([]);
  });

  it('describes a filter in words', () => {
    expect(describeFilter(f('ratings', 'in:number', '4|5'))).toBe('ratings is one of (numbers) “4”, “5”');
  });

  // The property that matters: a warning is never wrong. Whenever it warns, no value at that path matches all
  // filters, judged by the contract's own matcher over a pool of values that covers every boundary used.
  it('never warns about filters some image satisfies (checked with compileMatcher)', () => {
    const small = fc.constantFrom('1', '2', '3', '5', '5.0', '-1', 'true', 'false', 'a', 'b');
    const operator = fc.constantFrom<Operator>('eq', 'eq:string', 'eq:number', 'eq:boolean', 'in', 'in:string', 'in:number', 'gt', 'gte', 'lt', 'lte');
    const filter = fc.tuple(operator, fc.array(small, { minLength: 1, maxLength: 3 })).map(([op, values]): MetaFilter => {
      const typed = op.endsWith(':number') || ['gt', 'gte', 'lt', 'lte'].includes(op)
        ? values.filter((v) => !/[a-z]/.test(v))
        : op === 'eq:boolean'
          ? ['true']
          : values;
      const list = typed.length > 0 ? typed : ['1'];
      return { path: ['x'], operator: op, value: op.startsWith('in') ? list.join('|') : (list[0] as string) };
    });
    const pool: unknown[] = [1, 2, 3, 5, -1, 0, 1.5, 2.5, 4, 6, -2, true, false, '1', '2', '3', '5', '5.0', '-1', 'true', 'false', 'a', 'b'];
    fc.assert(
      fc.property(fc.array(filter, { minLength: 2, maxLength: 4 }), (filters) => {
        const matches = compileMatcher({ filters });
        const satisfiable = pool.some((x) => matches({ creator: null, meta: { x } }));
        const warned = findContradictions(filters).length > 0;
        expect(warned).toBe(!satisfiable);
      }),
      { numRuns: 500 },
    );
  });
});

describe('findContradictions numbering', () => {
  it('uses the numbers the person sees when given', () => {
    const found = findContradictions([f('n', 'gt', '5'), f('n', 'lt', '3')], [2, 4]);
    expect(found[0]?.message).toMatch(/^Filter 2 \(n greater than “5”\) and Filter 4 \(n less than “3”\)/);
  });
});
