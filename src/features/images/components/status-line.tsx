import type { ReactNode } from 'react';
import { statusText, type StatusInput } from '../lib/status-text';

/** The live count of loaded images (role="status": announced politely). */
export function StatusLine(props: StatusInput & { selected: number; children?: ReactNode }) {
  return (
    <div className="status-bar">
      <p role="status" className="status-line">
        {statusText(props)}
      </p>
      {props.selected > 0 ? <p className="status-selected">{props.selected.toLocaleString('en')} selected</p> : null}
      {props.children}
    </div>
  );
}
