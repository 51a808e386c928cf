/** Beside the rows: who uploaded (creator), the order (upload time) and the page size. */
import { useId } from 'react';
import { useController, useFormContext, useWatch } from 'react-hook-form';
import { LIMITS } from '../../../contract/list-query';
import type { FilterFormValues } from '../lib/form-values';
import { FieldError } from './field-error';

export function QuerySettings() {
  const { register, formState, setValue, trigger } = useFormContext<FilterFormValues>();
  const creatorMode = useWatch<FilterFormValues, 'creatorMode'>({ name: 'creatorMode' });
  // A link's sort order that is neither: no order is shown chosen until the person picks one (as for an operator).
  const writtenSortOrder = useWatch<FilterFormValues, 'writtenSortOrder'>({ name: 'writtenSortOrder' });
  // Destructured: the React Compiler's lint takes any object holding a `ref` for a ref object.
  const {
    field: { ref: sortRef, name: sortName, value: sortOrder, onChange: onSortChange, onBlur: onSortBlur },
  } = useController<FilterFormValues, 'sortOrder'>({ name: 'sortOrder' });
  const id = useId();
  const { errors } = formState;

  return (
    <div className="fb-settings">
      <div className="fb-settings__item">
        <label htmlFor={`${id}-creator-mode`}>Creator</label>
        <select id={`${id}-creator-mode`} {...register('creatorMode')}>
          <option value="any">Any creator</option>
          <option value="none">Not set</option>
          <option value="exactly">Exactly…</option>
        </select>
      </div>
      {creatorMode === 'exactly' ? (
        <div className="fb-settings__item">
          <label htmlFor={`${id}-creator`}>Creator ID</label>
          <input
            id={`${id}-creator`}
            type="text"
            autoComplete="off"
            spellCheck={false}
            placeholder="e.g. user123"
            aria-invalid={errors.creator ? true : undefined}
            aria-describedby={errors.creator ? `${id}-creator-error` : undefined}
            {...register('creator')}
          />
          <FieldError id={`${id}-creator-error`} message={errors.creator?.message} />
        </div>
      ) : null}
      <div className="fb-settings__item">
        <label htmlFor={`${id}-sort`}>Sort order</label>
        <select
          id={`${id}-sort`}
          name={sortName}
          ref={sortRef}
          value={writtenSortOrder !== undefined ? '' : sortOrder}
          aria-invalid={errors.sortOrder ? true : undefined}
          aria-describedby={errors.sortOrder ? `${id}-sort-error` : undefined}
          onBlur={onSortBlur}
          onChange={(event) => {
            onSortChange(event.target.value);
            if (writtenSortOrder !== undefined) {
              setValue('writtenSortOrder', undefined, { shouldDirty: true });
              void trigger('sortOrder');
            }
          }}
        >
          {writtenSortOrder !== undefined ? (
            <option value="" disabled>
              {`“${writtenSortOrder.length > 16 ? `${writtenSortOrder.slice(0, 15)}…` : writtenSortOrder}”`}
            </option>
          ) : null}
          <option value="desc">Newest first</option>
          <option value="asc">Oldest first</option>
        </select>
        <FieldError id={`${id}-sort-error`} message={errors.sortOrder?.message} />
      </div>
      <div className="fb-settings__item">
        <label htmlFor={`${id}-per-page`}>Page size</label>
        <input
          id={`${id}-per-page`}
          type="text"
          inputMode="numeric"
          autoComplete="off"
          aria-invalid={errors.perPage ? true : undefined}
          aria-describedby={`${id}-per-page-hint${errors.perPage ? ` ${id}-per-page-error` : ''}`}
          {...register('perPage')}
        />
        <p id={`${id}-per-page-hint`} className="fb-row__hint">
          Images per request, {LIMITS.perPageMin} to {LIMITS.perPageMax}
        </p>
        <FieldError id={`${id}-per-page-error`} message={errors.perPage?.message} />
      </div>
    </div>
  );
}
