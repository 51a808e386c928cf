/**
 * A list value as chips: Enter or comma adds what was typed (pasting `a|b|c` adds three), each chip has its own
 * remove button, Backspace in the empty input removes the last one. The text input is the control named "Value";
 * Enter with nothing typed submits the form as anywhere else.
 */
import { useState, type KeyboardEvent, type Ref } from 'react';
import { LIMITS } from '../../../contract/list-query';
import { splitChips } from '../lib/form-values';

export interface ChipsInputProps {
  id: string;
  inputRef: Ref<HTMLInputElement>;
  values: string[];
  onChange: (values: string[]) => void;
  onBlur: () => void;
  numeric: boolean;
  /** The `<datalist>` of values seen for the row's field. */
  suggestionsId?: string;
  invalid: boolean;
  errorId?: string;
}

export function ChipsInput({ id, inputRef, values, onChange, onBlur, numeric, suggestionsId, invalid, errorId }: ChipsInputProps) {
  const [draft, setDraft] = useState('');
  const [announcement, setAnnouncement] = useState('');

  const commit = (text: string) => {
    const added = splitChips(text);
    setDraft('');
    if (added.length === 0) return false;
    onChange([...values, ...added]);
    setAnnouncement(`Added ${added.join(', ')}`);
    return true;
  };

  const removeAt = (index: number) => {
    const removed = values[index];
    onChange(values.filter((_, i) => i !== index));
    setAnnouncement(`Removed ${removed ?? ''}`);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if ((event.key === 'Enter' || event.key === ',') && draft.trim() !== '') {
      event.preventDefault();
      commit(draft);
    } else if (event.key === ',') {
      event.preventDefault();
    } else if (event.key === 'Backspace' && draft === '' && values.length > 0) {
      removeAt(values.length - 1);
    }
  };

  const hintId = `${id}-hint`;
  return (
    <div className="fb-chips">
      <label htmlFor={id}>Value</label>
      {values.length > 0 ? (
        <ul className="fb-chips__list" aria-label="Values">
          {values.map((value, index) => (
            <li key={`${index}-${value}`} className="fb-chips__chip">
              <span>{value === '' ? '(empty)' : value}</span>
              <button type="button" aria-label={`Remove value ${value}`} onClick={() => removeAt(index)}>
                ×
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <input
        id={id}
        ref={inputRef}
        type="text"
        list={suggestionsId}
        inputMode={numeric ? 'decimal' : undefined}
        autoComplete="off"
        spellCheck={false}
        value={draft}
        placeholder={values.length === 0 ? 'type a value, then Enter' : 'add another'}
        aria-invalid={invalid || undefined}
        aria-describedby={[hintId, errorId].filter(Boolean).join(' ')}
        onChange={(event) => {
          const text = event.target.value;
          // A paste of `a|b|c` or `a, b` becomes chips at once; a single word waits for Enter or comma.
          if (/[|,]/.test(text)) commit(text);
          else setDraft(text);
        }}
        onKeyDown={onKeyDown}
        onBlur={() => {
          // Clicking "Apply filters" with a value still typed keeps it: it would be lost otherwise.
          commit(draft);
          onBlur();
        }}
      />
      <p id={hintId} className="fb-row__hint">
        Enter or comma after each value; up to {LIMITS.maxListValues}, any of them may match.
      </p>
      <p className="visually-hidden" aria-live="polite">
        {announcement}
      </p>
    </div>
  );
}
