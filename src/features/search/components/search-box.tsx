/**
 * "Search filename or ID" above the results: writes `q` to the address bar (docs/CONTRACT.md §8), where the grid
 * reads it and asks the account index, after a short pause in the typing. A new search pushes one history entry (Back
 * returns to the unsearched grid), the rest of the same typing replaces it (`useTypingEntry`).
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { SEARCH_LIMITS } from '../../../contract/search-query';
import { useSearchParams } from '../../../lib/use-search-params';
import { useTypingEntry } from '../hooks/use-typing-entry';
import { setParam } from '../lib/search-params';
import './search.css';

const TYPING_PAUSE_MS = 300;

export function SearchBox() {
  const [params] = useSearchParams();
  const typing = useTypingEntry();
  const fromUrl = params.get('q') ?? '';
  const [text, setText] = useState(fromUrl);
  const [seen, setSeen] = useState(fromUrl);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  // Back/forward or a link changes `q`: the box follows (state adjusted while rendering, not in an effect).
  if (seen !== fromUrl) {
    setSeen(fromUrl);
    setText(fromUrl);
  }
  useEffect(() => () => clearTimeout(timer.current), []);

  const write = (value: string) => typing.write((p) => setParam(p, 'q', value.slice(0, SEARCH_LIMITS.maxQLength)));

  const onChange = (value: string) => {
    setText(value);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => write(value), TYPING_PAUSE_MS);
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    clearTimeout(timer.current);
    write(text);
    typing.end();
  };

  return (
    <form role="search" className="search-box" onSubmit={onSubmit}>
      <input
        type="search"
        className="search-box__input"
        aria-label="Search filename or ID"
        placeholder="Search filename or ID"
        maxLength={SEARCH_LIMITS.maxQLength}
        value={text}
        onChange={(event) => onChange(event.target.value)}
        onBlur={typing.end}
      />
    </form>
  );
}
