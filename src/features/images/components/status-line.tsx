import type { ReactNode } from 'react';
import type { IndexStatus } from '../../../contract/search-query';
import { formatCount } from '../../../lib/format';
import { statusText, type StatusInput } from '../lib/status-text';

/** The live count of loaded images (role="status": announced politely). */
export function StatusLine(props: StatusInput & { selected: number; index?: IndexStatus; children?: ReactNode }) {
  return (
    <div className="status-bar">
      <p role="status" className="status-line">
        {statusText(props)}
      </p>
      {props.index?.state === 'building' ? (
        <p className="status-index" aria-label="Index progress">
          Building the index: {formatCount(props.index.indexed)} images indexed so far. Results are partial.
        </p>
      ) : null}
      {props.selected > 0 ? <p className="status-selected">{props.selected.toLocaleString('en')} selected</p> : null}
      {props.children}
    </div>
  );
}
