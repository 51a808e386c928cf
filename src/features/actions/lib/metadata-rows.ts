/**
 * The metadata editor's rows: one per top-level key, typed as string, number, boolean or JSON (a nested object,
 * an array or null, written as JSON). Pure, so the editor's rules are tested without a DOM.
 */
import { jsonTextProblems, numberProblem } from './json-text';

export type RowType = 'string' | 'number' | 'boolean' | 'json';

export interface MetadataRow {
  key: string;
  type: RowType;
  /** As typed: `"5"` for the number 5, `true`/`false` for booleans, JSON text for `json`. */
  value: string;
}

export function rowFromValue(key: string, value: unknown): MetadataRow {
  if (typeof value === 'string') return { key, type: 'string', value };
  if (typeof value === 'number') return { key, type: 'number', value: String(value) };
  if (typeof value === 'boolean') return { key, type: 'boolean', value: String(value) };
  return { key, type: 'json', value: JSON.stringify(value) };
}

export function rowsFromMetadata(meta: Record<string, unknown>): MetadataRow[] {
  return Object.entries(meta).map(([key, value]) => rowFromValue(key, value));
}

/** The value a row stands for, or the reason it stands for none. */
export function parseRowValue(row: Pick<MetadataRow, 'type' | 'value'>): { ok: true; value: unknown } | { ok: false; error: string } {
  switch (row.type) {
    case 'string':
      return { ok: true, value: row.value };
    case 'number': {
      const text = row.value.trim();
      const n = Number(text);
      if (text === '' || !Number.isFinite(n)) return { ok: false, error: `"${row.value}" is not a number` };
      const problem = numberProblem(text);
      return problem ? { ok: false, error: problem } : { ok: true, value: n };
    }
    case 'boolean':
      return row.value === 'true' || row.value === 'false'
        ? { ok: true, value: row.value === 'true' }
        : { ok: false, error: 'Choose true or false' };
    case 'json':
      try {
        const value = JSON.parse(row.value) as unknown;
        const [problem] = jsonTextProblems(row.value, 1);
        return problem ? { ok: false, error: problem } : { ok: true, value };
      } catch {
        return { ok: false, error: 'Not valid JSON, e.g. {"name":"eu-west"} or [1,2]' };
      }
  }
}

export type RowsResult =
  | { ok: true; value: Record<string, unknown> }
  | { ok: false; errors: { index: number; message: string }[] };

/**
 * The metadata the rows stand for. A row without a key is refused, an empty one too (the Edit and the upload form
 * alike): dropping it without a word would hide that what was added is not saved.
 */
export function metadataFromRows(rows: readonly MetadataRow[]): RowsResult {
  const value: Record<string, unknown> = {};
  const errors: { index: number; message: string }[] = [];
  const seen = new Set<string>();
  rows.forEach((row, index) => {
    if (row.key === '') return errors.push({ index, message: 'Give this value a key' });
    if (seen.has(row.key)) return errors.push({ index, message: `The key "${row.key}" is used twice` });
    seen.add(row.key);
    const parsed = parseRowValue(row);
    if (!parsed.ok) return errors.push({ index, message: parsed.error });
    // defineProperty: a key named __proto__ is data, not the prototype.
    Object.defineProperty(value, row.key, { value: parsed.value, enumerable: true, writable: true, configurable: true });
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value };
}
