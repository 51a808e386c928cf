/**
 * The metadata editor: one row per key (string, number, boolean, or JSON for nested values) and a raw-JSON tab
 * (a `tab` named "JSON", its text box "Metadata JSON"), with a live meter of the 1,024-byte budget and every
 * problem shown before saving. Tabs follow the WAI-ARIA APG "Tabs" pattern (arrow keys move between them).
 */
import { useId, type KeyboardEvent } from 'react';
import type { MetadataDraft } from '../hooks/use-metadata-draft';
import type { MetadataRow, RowType } from '../lib/metadata-rows';
import { MAX_METADATA_BYTES } from '../lib/write-rules';
import './actions.css';

const TYPES: { id: RowType; label: string }[] = [
  { id: 'string', label: 'Text' },
  { id: 'number', label: 'Number' },
  { id: 'boolean', label: 'Boolean' },
  { id: 'json', label: 'JSON' },
];

export function MetadataEditor({ draft, label = 'Metadata' }: { draft: MetadataDraft; label?: string }) {
  const id = useId();
  const { tab, setTab, result } = draft;
  const onTabKey = (event: KeyboardEvent) => {
    if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
    event.preventDefault();
    const next = tab === 'rows' ? 'json' : 'rows';
    setTab(next);
    document.getElementById(`${id}-${next}-tab`)?.focus();
  };
  return (
    <div className="meta-editor">
      <div className="meta-editor__head">
        <span className="meta-editor__label">{label}</span>
        <div role="tablist" aria-label={`${label} editor`} className="meta-editor__tabs" onKeyDown={onTabKey}>
          {(['rows', 'json'] as const).map((t) => (
            <button
              key={t}
              type="button"
              role="tab"
              id={`${id}-${t}-tab`}
              aria-selected={tab === t}
              aria-controls={`${id}-${t}-panel`}
              tabIndex={tab === t ? 0 : -1}
              onClick={() => setTab(t)}
            >
              {t === 'rows' ? 'Keys' : 'JSON'}
            </button>
          ))}
        </div>
      </div>
      <div role="tabpanel" id={`${id}-${tab}-panel`} aria-labelledby={`${id}-${tab}-tab`}>
        {tab === 'rows' ? <Rows draft={draft} /> : <JsonText draft={draft} />}
      </div>
      <BudgetMeter bytes={result.bytes} />
      {result.errors.length > 0 ? (
        <ul className="meta-editor__errors" aria-live="polite">
          {result.errors.map((error) => (
            <li key={error}>{error}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function BudgetMeter({ bytes }: { bytes: number | null }) {
  const over = bytes !== null && bytes > MAX_METADATA_BYTES;
  return (
    <div className={over ? 'budget budget--over' : 'budget'}>
      <meter min={0} max={MAX_METADATA_BYTES} high={MAX_METADATA_BYTES * 0.9} value={Math.min(bytes ?? 0, MAX_METADATA_BYTES)} aria-label="Metadata size" />
      <span>{bytes === null ? '—' : bytes.toLocaleString('en')} of {MAX_METADATA_BYTES.toLocaleString('en')} bytes</span>
    </div>
  );
}

function JsonText({ draft }: { draft: MetadataDraft }) {
  return (
    <textarea
      className="meta-editor__json"
      aria-label="Metadata JSON"
      spellCheck={false}
      rows={8}
      value={draft.json}
      onChange={(event) => draft.setJson(event.target.value)}
    />
  );
}

function Rows({ draft }: { draft: MetadataDraft }) {
  const { rows, setRows, result } = draft;
  const update = (index: number, patch: Partial<MetadataRow>) =>
    setRows(rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  return (
    <div className="meta-rows">
      {rows.length === 0 ? <p className="muted">No keys yet.</p> : null}
      {rows.map((row, index) => {
        const error = result.rowErrors.get(index);
        const n = index + 1;
        return (
          <div key={index} className="meta-row">
            <input aria-label={`Key ${n}`} placeholder="key" value={row.key} onChange={(e) => update(index, { key: e.target.value })} />
            <select
              aria-label={`Type of key ${n}`}
              value={row.type}
              onChange={(e) => {
                const type = e.target.value as RowType;
                update(index, { type, value: type === 'boolean' ? (row.value === 'false' ? 'false' : 'true') : row.value });
              }}
            >
              {TYPES.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.label}
                </option>
              ))}
            </select>
            {row.type === 'boolean' ? (
              <select aria-label={`Value of key ${n}`} value={row.value} onChange={(e) => update(index, { value: e.target.value })}>
                <option value="true">true</option>
                <option value="false">false</option>
              </select>
            ) : (
              <input
                aria-label={`Value of key ${n}`}
                aria-invalid={error ? true : undefined}
                className={row.type === 'json' ? 'mono' : undefined}
                placeholder={row.type === 'json' ? '{"name":"eu-west"}' : 'value'}
                value={row.value}
                onChange={(e) => update(index, { value: e.target.value })}
              />
            )}
            <button
              type="button"
              className="button button--quiet button--small"
              aria-label={`Remove key ${row.key || n}`}
              onClick={() => setRows(rows.filter((_, i) => i !== index))}
            >
              ✕
            </button>
            {error ? <p className="meta-row__error">{error}</p> : null}
          </div>
        );
      })}
      <button type="button" className="button button--small" onClick={() => setRows([...rows, { key: '', type: 'string', value: '' }])}>
        Add key
      </button>
    </div>
  );
}
