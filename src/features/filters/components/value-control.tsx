/**
 * The Value control, shaped by the operator: text, a number field, a true/false switch, or chips for a list.
 * Whatever its shape, it is named "Value" and carries the row's value error.
 */
import { useController, useWatch } from 'react-hook-form';
import { operatorValueType } from '../../../contract/list-query';
import type { FilterFormValues } from '../lib/form-values';
import { valueControl } from '../lib/operators';
import { ChipsInput } from './chips-input';
import { FieldError } from './field-error';

export interface ValueControlProps {
  index: number;
  id: string;
  /** The `<datalist>` of values seen for the row's field (always set, so the box is a combobox throughout). */
  suggestionsId: string;
  error?: string;
}

export function ValueControl({ index, id, suggestionsId, error }: ValueControlProps) {
  const operator = useWatch<FilterFormValues, `filters.${number}.operator`>({ name: `filters.${index}.operator` });
  // Destructured: the React Compiler's lint takes any object holding a `ref` for a ref object.
  const {
    field: { ref, name, value, onChange, onBlur },
  } = useController<FilterFormValues, `filters.${number}.value`>({ name: `filters.${index}.value` });
  const {
    field: { value: list, onChange: onListChange, onBlur: onListBlur },
  } = useController<FilterFormValues, `filters.${number}.list`>({ name: `filters.${index}.list` });
  const kind = valueControl(operator);
  const errorId = `${id}-error`;
  const described = error ? errorId : undefined;

  if (kind === 'list') {
    return (
      <>
        <ChipsInput
          id={id}
          inputRef={ref}
          values={list}
          onChange={onListChange}
          onBlur={onListBlur}
          numeric={operatorValueType(operator) === 'number'}
          suggestionsId={suggestionsId}
          invalid={Boolean(error)}
          errorId={described}
        />
        <FieldError id={errorId} message={error} />
      </>
    );
  }

  if (kind === 'boolean') {
    const on = value === 'true';
    return (
      <>
        <label htmlFor={id}>Value</label>
        <span className="fb-switch">
          <input
            id={id}
            ref={ref}
            type="checkbox"
            role="switch"
            checked={on}
            aria-invalid={error ? true : undefined}
            aria-describedby={described}
            onChange={(event) => onChange(event.target.checked ? 'true' : 'false')}
            onBlur={onBlur}
          />
          <span aria-hidden="true">{on ? 'true' : 'false'}</span>
        </span>
        <FieldError id={errorId} message={error} />
      </>
    );
  }

  return (
    <>
      <label htmlFor={id}>Value</label>
      {/* A number is typed as text (inputMode shows a numeric keypad): type="number" would turn "abc" or "05"
          into an empty value, and the person would see a message about '' instead of what they typed. */}
      <input
        id={id}
        ref={ref}
        type="text"
        list={suggestionsId}
        inputMode={kind === 'number' ? 'decimal' : undefined}
        autoComplete="off"
        spellCheck={false}
        placeholder={kind === 'number' ? 'a number, e.g. 5 or 4.5' : undefined}
        aria-invalid={error ? true : undefined}
        aria-describedby={described}
        name={name}
        value={value}
        onChange={onChange}
        onBlur={onBlur}
      />
      <FieldError id={errorId} message={error} />
    </>
  );
}
