/**
 * The metadata editor's state: the rows and the raw JSON, whichever tab is active is the truth; switching tabs
 * carries the value over. `result` is the metadata to save or every reason it cannot be saved yet.
 */
import { useMemo, useState } from 'react';
import { metadataFromRows, rowsFromMetadata, type MetadataRow } from '../lib/metadata-rows';
import { jsonTextProblems } from '../lib/json-text';
import { metadataBytes, metadataError } from '../lib/write-rules';

export type DraftTab = 'rows' | 'json';

export interface MetadataDraftResult {
  value: Record<string, unknown> | null;
  /** Problems shown before saving; empty when `value` can be saved. */
  errors: string[];
  /** Bytes of the value as compact JSON; null while it cannot be parsed. */
  bytes: number | null;
  rowErrors: Map<number, string>;
}

function evaluate(tab: DraftTab, rows: readonly MetadataRow[], json: string): MetadataDraftResult {
  let value: Record<string, unknown> | null = null;
  const errors: string[] = [];
  const rowErrors = new Map<number, string>();
  if (tab === 'rows') {
    const parsed = metadataFromRows(rows);
    if (parsed.ok) value = parsed.value;
    else for (const e of parsed.errors) rowErrors.set(e.index, e.message);
    if (!parsed.ok) errors.push(`${parsed.errors.length === 1 ? 'A row needs' : `${parsed.errors.length} rows need`} fixing`);
  } else {
    try {
      const parsed: unknown = json.trim() === '' ? {} : JSON.parse(json);
      const problem = metadataError(parsed);
      if (problem && !/bytes|levels/.test(problem)) errors.push(problem);
      else value = parsed as Record<string, unknown>;
      // What JSON.parse took but would not save as typed (a duplicate key, a number a double cannot hold).
      errors.push(...jsonTextProblems(json));
    } catch (error) {
      errors.push(`Not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const bytes = value ? metadataBytes(value) : null;
  if (value) {
    const problem = metadataError(value);
    if (problem) errors.push(problem);
  }
  return { value: errors.length === 0 ? value : null, errors, bytes, rowErrors };
}

export function useMetadataDraft(initial: Record<string, unknown>) {
  const [tab, setTabState] = useState<DraftTab>('rows');
  const [rows, setRows] = useState<MetadataRow[]>(() => rowsFromMetadata(initial));
  const [json, setJson] = useState(() => JSON.stringify(initial, null, 2));
  const result = useMemo(() => evaluate(tab, rows, json), [tab, rows, json]);

  const setTab = (next: DraftTab) => {
    if (next === tab) return;
    if (next === 'json') {
      // An empty row blocks saving but has nothing to carry over: the JSON tab shows the rest.
      const parsed = metadataFromRows(rows.filter((row) => row.key !== '' || row.value !== ''));
      if (parsed.ok) setJson(JSON.stringify(parsed.value, null, 2));
    } else {
      try {
        const parsed: unknown = JSON.parse(json);
        if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
          setRows(rowsFromMetadata(parsed as Record<string, unknown>));
        }
      } catch {
        // The rows keep what they had; the JSON tab showed why its text was not used.
      }
    }
    setTabState(next);
  };

  return { tab, setTab, rows, setRows, json, setJson, result };
}

export type MetadataDraft = ReturnType<typeof useMetadataDraft>;
