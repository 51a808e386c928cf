/** One filter: a group "Filter N" with Field, Operator, Value and "Remove filter". */
import { useId, useState } from 'react';
import { useController, useFormContext, useWatch } from 'react-hook-form';
import { convertRowForOperator, type FilterFormValues } from '../lib/form-values';
import type { MetadataKey } from '../lib/metadata-keys';
import { OPERATOR_GROUPS, OPERATOR_LABELS, valueControl } from '../lib/operators';
import { isOperator } from '../../../contract/list-query';
import { useValueSuggestions } from '../hooks/use-value-suggestions';
import type { ValueSuggester } from '../lib/value-suggestions';
import { FieldError } from './field-error';
import { ValueControl } from './value-control';

export interface FilterRowProps {
  index: number;
  suggestionsId: string;
  keys: readonly MetadataKey[];
  /** The loaded images and the per-path cache of their values: the Value suggestions without the index. */
  images: readonly { meta: unknown }[];
  suggester: ValueSuggester;
  onRemove: () => void;
}

export function FilterRow({ index, suggestionsId, keys, images, suggester, onRemove }: FilterRowProps) {
  const { register, getValues, setValue, trigger, formState } = useFormContext<FilterFormValues>();
  const errors = formState.errors.filters?.[index];
  const id = useId();
  const path = useWatch<FilterFormValues, `filters.${number}.path`>({ name: `filters.${index}.path` });
  const seen = keys.find((key) => key.path === path.trim());
  // A link's operator that is none of the contract's: no operator is shown chosen until the person picks one.
  const written = useWatch<FilterFormValues, `filters.${number}.writtenOperator`>({ name: `filters.${index}.writtenOperator` });

  // Destructured: the React Compiler's lint takes any object holding a `ref` for a ref object.
  const {
    field: { ref: operatorRef, name: operatorName, value: operator, onChange: onOperatorChange, onBlur: onOperatorBlur },
  } = useController<FilterFormValues, `filters.${number}.operator`>({ name: `filters.${index}.operator` });
  // The Value suggestions are asked for once the person is in the row (focus anywhere in it), not when a link opens it.
  const [active, setActive] = useState(false);
  const values = useValueSuggestions({ path, operator, known: seen !== undefined, images, suggester, active });
  const changeOperator = (next: string) => {
    if (!isOperator(next)) return;
    const converted = convertRowForOperator(getValues(`filters.${index}`), next);
    onOperatorChange(next);
    setValue(`filters.${index}.value`, converted.value, { shouldDirty: true });
    setValue(`filters.${index}.list`, converted.list, { shouldDirty: true });
    if (written !== undefined) {
      setValue(`filters.${index}.writtenOperator`, undefined, { shouldDirty: true });
      // The message named the operator the link wrote; it goes once one is chosen.
      if (errors?.operator) void trigger(`filters.${index}.operator`);
    }
  };

  return (
    <fieldset className="fb-row" onFocus={active ? undefined : () => setActive(true)}>
      <legend className="fb-row__legend">Filter {index + 1}</legend>
      <div className="fb-row__cell fb-row__cell--field">
        <label htmlFor={`${id}-path`}>Field</label>
        <input
          id={`${id}-path`}
          type="text"
          list={suggestionsId}
          autoComplete="off"
          spellCheck={false}
          placeholder="e.g. status, region.name"
          aria-invalid={errors?.path ? true : undefined}
          aria-describedby={[seen ? `${id}-path-hint` : '', errors?.path ? `${id}-path-error` : ''].join(' ').trim() || undefined}
          {...register(`filters.${index}.path`)}
        />
        {seen ? (
          <p id={`${id}-path-hint`} className="fb-row__hint">
            Seen as {seen.types.join(', ')} in {seen.count} loaded image{seen.count === 1 ? '' : 's'}
          </p>
        ) : null}
        <FieldError id={`${id}-path-error`} message={errors?.path?.message} />
      </div>
      <div className="fb-row__cell">
        <label htmlFor={`${id}-operator`}>Operator</label>
        <select
          id={`${id}-operator`}
          aria-invalid={errors?.operator ? true : undefined}
          aria-describedby={errors?.operator ? `${id}-operator-error` : undefined}
          name={operatorName}
          ref={operatorRef}
          value={written !== undefined ? '' : operator}
          onBlur={onOperatorBlur}
          onChange={(event) => changeOperator(event.target.value)}
        >
          {written !== undefined ? (
            <option value="" disabled>
              {written === '' ? 'Choose an operator' : `“${shorten(written)}”: not an operator`}
            </option>
          ) : null}
          {OPERATOR_GROUPS.map((group) => (
            <optgroup key={group.label} label={group.label}>
              {group.operators.map((operator) => (
                <option key={operator} value={operator}>
                  {OPERATOR_LABELS[operator]}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
        <FieldError id={`${id}-operator-error`} message={errors?.operator?.message} />
      </div>
      <div className={`fb-row__cell fb-row__cell--value${valueControl(operator) === 'list' ? ' fb-row__cell--wide' : ''}`}>
        <datalist id={`${id}-values`}>
          {values.map((value) => (
            <option key={value.text} value={value.text}>
              {value.label}
            </option>
          ))}
        </datalist>
        <ValueControl index={index} id={`${id}-value`} suggestionsId={`${id}-values`} error={errors?.value?.message} />
      </div>
      <div className="fb-row__cell fb-row__cell--remove">
        <button type="button" className="button button--quiet button--small" aria-label="Remove filter" onClick={onRemove}>
          Remove
        </button>
      </div>
    </fieldset>
  );
}

/** A link's text in an option, kept short (the message below the control quotes it, shortened the contract's way). */
function shorten(text: string): string {
  return text.length > 24 ? `${text.slice(0, 23)}…` : text;
}
