/**
 * Value suggestions for a filter row: the values seen for its metadata path, most frequent first. They come from
 * the facets route when the server has the account index (docs/CONTRACT.md §8), else from the loaded images.
 *
 * From the loaded images, each path is counted when it is first asked for and then kept: a keystroke costs a map
 * lookup, and a new page of results costs that page's walk for the paths already asked for (100,000 loaded images
 * are not walked again on every keystroke or every page). A new query (a list that is not the old one plus more)
 * starts afresh.
 */
import { operatorValueType, scalarAt, type Operator } from '../../../contract/list-query';
import { SEARCH_LIMITS, compareFacetValues, type FacetValue, type FacetValueType } from '../../../contract/search-query';
import { valueControl } from './operators';

type Images = readonly { meta: unknown }[];

interface PathCount {
  path: string[];
  /** How many images of the list have been counted. */
  walked: number;
  counts: Map<string, FacetValue>;
  /** The sorted answer for `walked` images, until more are counted. */
  top: FacetValue[] | null;
}

function typeOf(value: string | number | boolean): FacetValueType {
  return typeof value === 'string' ? 'string' : typeof value === 'number' ? 'number' : 'boolean';
}

/** Counts values per path over a list of loaded images that grows page by page. */
export function createValueSuggester() {
  let source: Images = [];
  let paths = new Map<string, PathCount>();
  return {
    /** The most frequent values at `path` (`region.name`) in `images`, as the facets route would list them. */
    valuesFor(images: Images, path: string): readonly FacetValue[] {
      if (images !== source) {
        // Pages are only ever appended: the same first and last image as before means the old list is a prefix.
        const last = source.length - 1;
        const grown = images.length >= source.length && (last < 0 || (images[0] === source[0] && images[last] === source[last]));
        if (!grown) paths = new Map();
        source = images;
      }
      let entry = paths.get(path);
      if (!entry) paths.set(path, (entry = { path: path.split('.'), walked: 0, counts: new Map(), top: null }));
      if (entry.walked < images.length) {
        for (let i = entry.walked; i < images.length; i += 1) {
          const value = scalarAt(images[i]!.meta, entry.path);
          if (value === undefined || (typeof value === 'number' && !Number.isFinite(value))) continue;
          const type = typeOf(value);
          const id = `${type}:${String(value)}`;
          const seen = entry.counts.get(id);
          if (seen) seen.count += 1;
          else entry.counts.set(id, { value, type, count: 1 });
        }
        entry.walked = images.length;
        entry.top = null;
      }
      entry.top ??= [...entry.counts.values()]
        .map((v) => ({ ...v }))
        .sort(compareFacetValues)
        .slice(0, SEARCH_LIMITS.facetValues);
      return entry.top;
    },
  };
}

export type ValueSuggester = ReturnType<typeof createValueSuggester>;

export interface ValueSuggestion {
  /** What the Value box receives. */
  text: string;
  /** Beside it in the list: `512 images`. */
  label: string;
}

/**
 * The suggestions an operator can take: numbers for a number operator, text for a text one, all for untyped `eq`
 * and `in` (the same text once), none for the true/false switch.
 */
export function suggestionsFor(values: readonly FacetValue[], operator: Operator): ValueSuggestion[] {
  if (valueControl(operator) === 'boolean') return [];
  const type = operatorValueType(operator);
  const seen = new Set<string>();
  const out: ValueSuggestion[] = [];
  for (const { value, type: valueType, count } of values) {
    if (type !== 'any' && valueType !== type) continue;
    const text = String(value);
    if (seen.has(text)) continue;
    seen.add(text);
    out.push({ text, label: `${count.toLocaleString('en')} image${count === 1 ? '' : 's'}` });
  }
  return out;
}
