/**
 * Filters that can never match together, pointed out before they are sent: the API would quietly answer with
 * nothing. A warning, not a block. Only rows the contract accepts are compared.
 */
import { useMemo } from 'react';
import { useWatch } from 'react-hook-form';
import { checkFilterValue, isListOperator, parseFilterKey, filterKey } from '../../../contract/list-query';
import { findContradictions } from '../lib/contradictions';
import { rowToFilter, type FilterFormValues } from '../lib/form-values';

export function ContradictionNotice() {
  const rows = useWatch<FilterFormValues, 'filters'>({ name: 'filters' });
  const contradictions = useMemo(() => {
    // Unfinished or invalid rows are left out; the others keep the number the person sees ("Filter 3").
    const kept = (rows ?? []).flatMap((row, index) => {
      const filter = rowToFilter(row);
      const valid =
        row.writtenOperator === undefined &&
        !(isListOperator(row.operator) && row.list.length === 0) &&
        !('code' in parseFilterKey(filterKey(filter))) &&
        checkFilterValue(filter) === null;
      return valid ? [{ filter, number: index + 1 }] : [];
    });
    return findContradictions(
      kept.map((k) => k.filter),
      kept.map((k) => k.number),
    );
  }, [rows]);

  return (
    // A polite live region rather than role="status": the page has one status line (the results'), and this
    // region stays in the accessibility tree while empty so that a new warning is announced.
    <div aria-live="polite" className={contradictions.length > 0 ? 'fb-warnings fb-warnings--shown' : 'fb-warnings'}>
      {contradictions.length > 0 ? (
        <>
          <p className="fb-warnings__title">These filters can never match together</p>
          <ul>
            {contradictions.map((c) => (
              <li key={c.message}>{c.message}</li>
            ))}
          </ul>
          <p className="muted">You can still apply them; the result will be empty.</p>
        </>
      ) : null}
    </div>
  );
}
