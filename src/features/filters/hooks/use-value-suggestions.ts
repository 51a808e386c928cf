import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import type { Operator } from '../../../contract/list-query';
import type { FacetValue } from '../../../contract/search-query';
import { useSearchParams } from '../../../lib/use-search-params';
import { facetValuesQueryOptions } from '../api/facets';
import { facetsSearchOf, isFilterablePath } from '../lib/facet-filter';
import { valueControl } from '../lib/operators';
import { suggestionsFor, type ValueSuggester, type ValueSuggestion } from '../lib/value-suggestions';

/** A field name is asked about once the person stops typing it, not for every prefix on the way. */
const TYPING_PAUSE_MS = 250;

const NONE: readonly FacetValue[] = [];

export interface ValueSuggestionsInput {
  /** The row's Field, as typed. */
  path: string;
  operator: Operator;
  /** Whether the loaded images have this path (then they can answer without the index). */
  known: boolean;
  images: readonly { meta: unknown }[];
  suggester: ValueSuggester;
  /** Whether the person has been in the row: a link opens with up to five rows, none of which asks until used. */
  active: boolean;
}

/**
 * The values to suggest in a row's Value box (lib/value-suggestions.ts): the facets route's for the applied search
 * without this path's own filters (the values such a filter could choose from); the loaded images' when the route
 * cannot answer (no account index, `INDEX=off`, or an error). Both are cached per path.
 */
export function useValueSuggestions({ path, operator, known, images, suggester, active }: ValueSuggestionsInput): ValueSuggestion[] {
  const trimmed = path.trim();
  const [asked, setAsked] = useState(trimmed);
  useEffect(() => {
    if (asked === trimmed) return;
    const timer = setTimeout(() => setAsked(trimmed), TYPING_PAUSE_MS);
    return () => clearTimeout(timer);
  }, [asked, trimmed]);

  const [params] = useSearchParams();
  const search = useMemo(() => facetsSearchOf(params, asked), [params, asked]);
  const wanted = active && valueControl(operator) !== 'boolean' && isFilterablePath(asked);
  const facets = useQuery({ ...facetValuesQueryOptions(search ?? '', asked), enabled: wanted && search !== null });

  const fallback = wanted && known && asked === trimmed && (facets.isError || search === null);
  const values = useMemo(
    () => (fallback ? suggester.valuesFor(images, asked) : NONE),
    [fallback, suggester, images, asked],
  );
  const fromIndex = facets.data && asked === trimmed ? facets.data.values : undefined;
  return useMemo(() => suggestionsFor(fromIndex ?? values, operator), [fromIndex, values, operator]);
}
