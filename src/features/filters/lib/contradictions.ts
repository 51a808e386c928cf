/**
 * Filters that no image can satisfy together. The API does not refuse them, it answers with nothing
 * (CONTRACT.md §2: "Contradictory filters are not an error"), so the builder points them out before sending.
 * Warnings only: the person may know better (or want the empty answer).
 *
 * Each filter is turned into the set of metadata values it accepts (strings, numbers, booleans), following the
 * contract's matching table; filters on one path contradict each other when those sets do not intersect. Every
 * operator only matches a scalar, so a filter on `a` and one on `a.b` contradict each other too.
 */
import { acceptedValues, isListOperator, isRangeOperator, parseNumber, type MetaFilter } from '../../../contract/list-query';
import { OPERATOR_LABELS } from './operators';

export interface Contradiction {
  /** Indexes of the filters involved, ascending. */
  filters: number[];
  message: string;
}

interface Bound {
  value: number;
  inclusive: boolean;
}

/** The values one filter (or several, intersected) accepts. `null` means "any". */
interface Accepted {
  strings: Set<string> | null;
  booleans: Set<boolean>;
  numbers: { values: Set<number> | null; lower: Bound | null; upper: Bound | null };
}

function accepted(filter: MetaFilter): Accepted {
  if (isRangeOperator(filter.operator)) {
    const bound = parseNumber(filter.value) ?? NaN;
    const op = filter.operator.split(':')[0];
    const inclusive = op === 'gte' || op === 'lte';
    const isLower = op === 'gt' || op === 'gte';
    return {
      strings: new Set(),
      booleans: new Set(),
      numbers: {
        values: null,
        lower: isLower ? { value: bound, inclusive } : null,
        upper: isLower ? null : { value: bound, inclusive },
      },
    };
  }
  const { strings, numbers, booleans } = acceptedValues(filter);
  return { strings, booleans, numbers: { values: numbers, lower: null, upper: null } };
}

function intersectSets<T>(a: Set<T> | null, b: Set<T> | null): Set<T> | null {
  if (a === null) return b;
  if (b === null) return a;
  return new Set([...a].filter((x) => b.has(x)));
}

function tighter(a: Bound | null, b: Bound | null, pick: 'max' | 'min'): Bound | null {
  if (a === null) return b;
  if (b === null) return a;
  if (a.value === b.value) return { value: a.value, inclusive: a.inclusive && b.inclusive };
  return (pick === 'max' ? a.value > b.value : a.value < b.value) ? a : b;
}

function intersect(a: Accepted, b: Accepted): Accepted {
  return {
    strings: intersectSets(a.strings, b.strings),
    booleans: intersectSets(a.booleans, b.booleans) ?? new Set(),
    numbers: {
      values: intersectSets(a.numbers.values, b.numbers.values),
      lower: tighter(a.numbers.lower, b.numbers.lower, 'max'),
      upper: tighter(a.numbers.upper, b.numbers.upper, 'min'),
    },
  };
}

function within(n: number, lower: Bound | null, upper: Bound | null): boolean {
  if (lower && !(n > lower.value || (lower.inclusive && n === lower.value))) return false;
  if (upper && !(n < upper.value || (upper.inclusive && n === upper.value))) return false;
  return true;
}

function isEmpty(set: Accepted): boolean {
  if (set.strings === null || set.strings.size > 0 || set.booleans.size > 0) return false;
  const { values, lower, upper } = set.numbers;
  if (values !== null) return ![...values].some((n) => within(n, lower, upper));
  if (lower === null || upper === null) return false;
  return lower.value > upper.value || (lower.value === upper.value && !(lower.inclusive && upper.inclusive));
}

function quote(value: string): string {
  return `“${value}”`;
}

/** A filter in words: `status is one of “pending”, “deleted”`. */
export function describeFilter(filter: MetaFilter): string {
  const values = isListOperator(filter.operator) ? filter.value.split('|') : [filter.value];
  return `${filter.path.join('.')} ${OPERATOR_LABELS[filter.operator]} ${values.map(quote).join(', ')}`;
}

const NOTHING = 'so the API would answer with no images';

function involved(filters: readonly MetaFilter[], indexes: number[], numbers: readonly number[]): string {
  const parts = indexes.map((i) => `Filter ${numbers[i] ?? i + 1} (${describeFilter(filters[i] as MetaFilter)})`);
  return parts.length === 2 ? parts.join(' and ') : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}

function isPrefix(shorter: readonly string[], longer: readonly string[]): boolean {
  return shorter.length < longer.length && shorter.every((segment, i) => longer[i] === segment);
}

/**
 * The contradictions among `filters` (valid ones: run the contract's checks first). One warning per path whose
 * filters exclude each other, naming the smallest set found (a pair when one exists), and one per pair of paths
 * where one lies inside the other. `numbers` are the "Filter N" numbers the person sees (default: position + 1).
 */
export function findContradictions(filters: readonly MetaFilter[], numbers: readonly number[] = []): Contradiction[] {
  const found: Contradiction[] = [];
  const byPath = new Map<string, number[]>();
  filters.forEach((filter, index) => {
    const key = JSON.stringify(filter.path);
    byPath.set(key, [...(byPath.get(key) ?? []), index]);
  });

  for (const indexes of byPath.values()) {
    if (indexes.length < 2) continue;
    const sets = indexes.map((i) => accepted(filters[i] as MetaFilter));
    if (!isEmpty(sets.reduce(intersect))) continue;
    let culprits = indexes;
    search: for (let a = 0; a < indexes.length; a += 1) {
      for (let b = a + 1; b < indexes.length; b += 1) {
        if (isEmpty(intersect(sets[a] as Accepted, sets[b] as Accepted))) {
          culprits = [indexes[a] as number, indexes[b] as number];
          break search;
        }
      }
    }
    const path = (filters[culprits[0] as number] as MetaFilter).path.join('.');
    found.push({
      filters: culprits,
      message: `${involved(filters, culprits, numbers)} cannot ${culprits.length === 2 ? 'both' : 'all'} hold: no value of ${path} satisfies them together, ${NOTHING}.`,
    });
  }

  filters.forEach((outer, i) => {
    filters.forEach((inner, j) => {
      if (!isPrefix(outer.path, inner.path)) return;
      const pair = [i, j].sort((x, y) => x - y);
      found.push({
        filters: pair,
        message: `${involved(filters, pair, numbers)} cannot both hold: ${outer.path.join('.')} would have to be a single value and contain ${inner.path.join('.')}, ${NOTHING}.`,
      });
    });
  });

  return found.sort((x, y) => (x.filters[0] ?? 0) - (y.filters[0] ?? 0));
}
