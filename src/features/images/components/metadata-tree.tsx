/** Metadata as a readable, nested list: keys, then values coloured by type. */
export function MetadataTree({ value }: { value: Record<string, unknown> }) {
  const entries = Object.entries(value);
  if (entries.length === 0) return <p className="muted">No metadata</p>;
  return <Entries entries={entries} />;
}

function Entries({ entries }: { entries: [string, unknown][] }) {
  return (
    <dl className="meta-tree">
      {entries.map(([key, item]) => (
        <div key={key} className="meta-tree__entry">
          <dt>{key}</dt>
          {/* A class, not `dd:has(> .meta-tree)`: a :has() rule made every style recalculation of the page dearer. */}
          <dd className={isNested(item) ? 'meta-tree__nested' : undefined}>
            <Value value={item} />
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** Whether `Value` shows `value` as a list of its own (a non-empty object or array). */
function isNested(value: unknown): boolean {
  return value !== null && typeof value === 'object' && Object.keys(value).length > 0;
}

function Value({ value }: { value: unknown }) {
  if (value === null) return <span className="meta-null">null</span>;
  if (Array.isArray(value)) {
    if (value.length === 0) return <span className="meta-null">[ ]</span>;
    return <Entries entries={value.map((item, i) => [`[${i}]`, item])} />;
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value);
    return entries.length === 0 ? <span className="meta-null">{'{ }'}</span> : <Entries entries={entries} />;
  }
  if (typeof value === 'string') return <span className="meta-string">“{value}”</span>;
  if (typeof value === 'number') return <span className="meta-number">{value}</span>;
  return <span className="meta-boolean">{String(value)}</span>;
}
