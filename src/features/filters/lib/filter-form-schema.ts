/**
 * The builder's validation: a zod schema whose rules are the contract module's own checks, so that the browser
 * says exactly what the server would (CONTRACT.md §2), beside the control that fixes it.
 */
import { z } from 'zod/mini';
import {
  LIMITS,
  OPERATORS,
  SORT_ORDERS,
  checkFilterValue,
  checkOperator,
  filterKey,
  isListOperator,
  parseFilterKey,
  parseListQuery,
} from '../../../contract/list-query';
import { formValuesToQuery, rowToFilter, type FilterFormValues } from './form-values';
import { listQueryString } from './url-state';

/** Not the contract's: a list with no chip yet is unfinished, though the API would read it as "the empty string". */
export const EMPTY_LIST_MESSAGE = 'Add at least one value (press Enter or comma after each)';
/** Not the contract's: `creator=` means "not set", which has its own choice. */
export const EMPTY_CREATOR_MESSAGE = 'Enter a creator, or choose “Not set”';
/** Not the contract's: an empty Field is unfinished; the contract's message would quote a key (`meta.[eq]`) nobody typed. */
export const EMPTY_FIELD_MESSAGE = 'Enter a field name';
/**
 * Beside an Operator a link wrote wrong (`meta.status[bogus]`) or left out (`meta.status`): the contract's message,
 * then the operators there are, as the link writes them.
 */
export function writtenOperatorMessage(written: string): string {
  const problem = written === '' ? 'No operator given' : (checkOperator(written)?.message ?? `Unsupported metadata filter operator: '${written}'`);
  return `${problem}. Choose one in the list; the API's operators are ${OPERATORS.join(', ')}`;
}

/** Shown beside the disabled "Add filter" button. */
export const TOO_MANY_FILTERS_REASON = `At most ${LIMITS.maxFilters} filters: Cloudflare's limit`;

const rowSchema = z.object({
  path: z.string(),
  operator: z.enum(OPERATORS),
  value: z.string(),
  list: z.array(z.string()),
  writtenOperator: z.optional(z.string()),
});

/** The contract's message for one parameter on its own, or `null`. */
function paramError(name: string, value: string): string | null {
  const parsed = parseListQuery(new URLSearchParams([[name, value]]));
  return parsed.ok ? null : (parsed.errors[0]?.message ?? null);
}

const formShape = z.object({
  filters: z.array(rowSchema),
  creatorMode: z.enum(['any', 'none', 'exactly']),
  creator: z.string(),
  sortOrder: z.enum(SORT_ORDERS),
  writtenSortOrder: z.optional(z.string()),
  perPage: z.string(),
});

export const filterFormSchema = formShape.check(
  z.superRefine((values: z.output<typeof formShape>, ctx) => {
    const reported = new Set<string>();
    const report = (message: string, path: (string | number)[]) => {
      reported.add(message);
      ctx.addIssue({ code: 'custom', message, path });
    };

    const keys: string[] = [];
    values.filters.forEach((row, index) => {
      const filter = rowToFilter(row);
      const key = filterKey(filter);
      const keyCheck = parseFilterKey(key);
      if (row.writtenOperator !== undefined) report(writtenOperatorMessage(row.writtenOperator), ['filters', index, 'operator']);
      if (row.path.trim() === '') report(EMPTY_FIELD_MESSAGE, ['filters', index, 'path']);
      else if ('code' in keyCheck) report(keyCheck.message, ['filters', index, 'path']);
      else if (row.writtenOperator !== undefined) return;
      else if (keys.includes(key)) {
        // The contract's message for a key given twice, asked of the contract itself.
        const twice = parseListQuery(new URLSearchParams([[key, filter.value], [key, filter.value]]));
        if (!twice.ok && twice.errors[0]) report(twice.errors[0].message, ['filters', index, 'operator']);
      }
      keys.push(key);
      if (isListOperator(row.operator) && row.list.length === 0) {
        report(EMPTY_LIST_MESSAGE, ['filters', index, 'value']);
        return;
      }
      const valueError = checkFilterValue(filter);
      if (valueError) report(valueError.message, ['filters', index, 'value']);
    });

    if (values.writtenSortOrder !== undefined) {
      report(`${paramError('sort_order', values.writtenSortOrder) ?? 'Invalid sort_order'}. Choose one in the list`, ['sortOrder']);
    }

    const perPageError = paramError('per_page', values.perPage);
    if (perPageError) report(perPageError, ['perPage']);

    if (values.creatorMode === 'exactly') {
      const creatorError = values.creator === '' ? EMPTY_CREATOR_MESSAGE : paramError('creator', values.creator);
      if (creatorError) report(creatorError, ['creator']);
    }

    // Whatever the rules above did not place beside a control (too many filters, a rule the contract adds later),
    // the form still never sends what the contract would refuse.
    if (reported.size > 0 && values.filters.length <= LIMITS.maxFilters) return;
    // Page size and creator are fully checked above; the rest is the filters as the API would receive them.
    const query = { ...formValuesToQuery(values), perPage: LIMITS.perPageDefault, creator: undefined };
    const whole = parseListQuery(listQueryString(query));
    const rest = whole.ok ? [] : whole.errors.map((error) => error.message).filter((message) => !reported.has(message));
    if (rest.length > 0) ctx.addIssue({ code: 'custom', message: rest.join(' '), path: ['root'] });
  }),
);

export type FilterFormInput = z.input<typeof filterFormSchema>;
export type { FilterFormValues };
