/**
 * The filter builder: up to five rows of Field / Operator / Value, plus creator, sort order and page size, applied
 * explicitly ("Apply filters", or Enter). Validation is the contract module's (filter-form-schema.ts), shown inline.
 */
import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { FormProvider, useFieldArray, useForm } from 'react-hook-form';
import { LIMITS, type ListQuery } from '../../../contract/list-query';
import { TOO_MANY_FILTERS_REASON, filterFormSchema } from '../lib/filter-form-schema';
import { EMPTY_ROW, formValuesToQuery, type FilterFormValues } from '../lib/form-values';
import { listQueryString } from '../lib/url-state';
import { collectMetadataKeys, describeKey, type MetadataKey } from '../lib/metadata-keys';
import { createValueSuggester } from '../lib/value-suggestions';
import { ContradictionNotice } from './contradiction-notice';
import { FilterRow } from './filter-row';
import { QuerySettings } from './query-settings';

const NO_IMAGES: readonly { meta: unknown }[] = [];

export interface FilterBuilderProps {
  defaultValues: FilterFormValues;
  /** The loaded images: their metadata keys become the Field suggestions, their values the Value suggestions. */
  images?: readonly { meta: unknown }[];
  /** The suggestions already collected (the app collects them page by page); takes precedence over `images`. */
  metadataKeys?: readonly MetadataKey[];
  onApply: (query: Omit<ListQuery, 'continuationToken'>) => void;
  /**
   * Changes whenever the applied query changes (back/forward, a saved view, a link): the form then starts again
   * from `defaultValues`. A reset rather than a remount, so that focus stays on "Apply filters".
   */
  resetKey?: string;
  /** Show the errors of `defaultValues` at once (a malformed link opened in the builder). */
  validateOnMount?: boolean;
}

export function FilterBuilder({
  defaultValues,
  images = NO_IMAGES,
  metadataKeys,
  onApply,
  resetKey,
  validateOnMount = false,
}: FilterBuilderProps) {
  const form = useForm<FilterFormValues>({
    defaultValues,
    resolver: zodResolver(filterFormSchema),
    mode: 'onSubmit',
    reValidateMode: 'onChange',
  });
  const { control, handleSubmit, trigger, reset, getValues, formState } = form;
  const { fields, append, remove } = useFieldArray({ control, name: 'filters' });
  const addButton = useRef<HTMLButtonElement>(null);
  const listId = useId();
  const reasonId = useId();
  const keys = useMemo(() => metadataKeys ?? collectMetadataKeys(images), [metadataKeys, images]);
  const [suggester] = useState(createValueSuggester);

  const firstReset = useRef(true);
  useEffect(() => {
    if (firstReset.current) firstReset.current = false;
    else if (sameQuery(getValues(), defaultValues)) {
      // The form's own apply came back through the address bar: keep the rows (and the focus in them), only
      // mark the form as applied.
      reset(defaultValues, { keepValues: true });
    } else reset(defaultValues);
    if (validateOnMount) void trigger();
    // `defaultValues` follows `resetKey` (the parent memoizes it on the same key).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [resetKey]);

  const full = fields.length >= LIMITS.maxFilters;
  const rootError = formState.errors.root?.message;

  return (
    <FormProvider {...form}>
      <form className="fb" noValidate onSubmit={handleSubmit((values) => onApply(formValuesToQuery(values)))}>
        <datalist id={listId}>
          {keys.map((key) => (
            <option key={key.path} value={key.path}>
              {describeKey(key)}
            </option>
          ))}
        </datalist>

        <div className="fb__rows">
          {fields.length === 0 ? <p className="fb__empty muted">No metadata filters: every image is listed.</p> : null}
          {fields.map((field, index) => (
            <FilterRow
              key={field.id}
              index={index}
              suggestionsId={listId}
              keys={keys}
              images={images}
              suggester={suggester}
              onRemove={() => {
                remove(index);
                // The removed row held the focus; the next natural place is the button that adds one back.
                requestAnimationFrame(() => addButton.current?.focus());
              }}
            />
          ))}
        </div>

        <div className="fb__add">
          <button
            ref={addButton}
            type="button"
            className="button"
            disabled={full}
            aria-describedby={full ? reasonId : undefined}
            onClick={() => append({ ...EMPTY_ROW }, { focusName: `filters.${fields.length}.path` })}
          >
            Add filter
          </button>
          {full ? (
            <p id={reasonId} className="fb__reason">
              {TOO_MANY_FILTERS_REASON}
            </p>
          ) : null}
        </div>

        <ContradictionNotice />
        <QuerySettings />

        {rootError ? (
          <p className="fb__error" role="alert">
            {rootError}
          </p>
        ) : null}

        <div className="fb__actions">
          <button type="submit" className="button button--primary">
            Apply filters
          </button>
          {formState.isDirty ? <span className="fb__pending muted">Changes not applied yet</span> : null}
        </div>
      </form>
    </FormProvider>
  );
}

/** Whether two sets of form values ask for the same list query (as the contract serializes it). */
function sameQuery(a: FilterFormValues, b: FilterFormValues): boolean {
  return a.perPage === b.perPage && listQueryString(formValuesToQuery(a)) === listQueryString(formValuesToQuery(b));
}
