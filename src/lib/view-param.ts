/** `view=grid|table` in the address bar: the one place that reads and writes it (grid when absent). */
export type View = 'grid' | 'table';

export function viewFrom(params: URLSearchParams): View {
  return params.get('view') === 'table' ? 'table' : 'grid';
}

/** Writes `view` into `params`, leaving it out for the default grid so links stay short. */
export function setView(params: URLSearchParams, view: View): void {
  if (view === 'grid') params.delete('view');
  else params.set('view', view);
}
