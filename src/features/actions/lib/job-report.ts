/** The job's report as CSV (RFC 4180): one row per image, `id,action,result,error`. */
import { csvCell } from '../../../lib/csv';
import { outcomeAt, type BulkAction, type JobState } from './bulk-job';

export function actionName(action: BulkAction): string {
  switch (action.kind) {
    case 'delete':
      return 'delete';
    case 'set-key':
      return `set metadata ${action.key}`;
    case 'remove-key':
      return `remove metadata ${action.key}`;
    case 'creator':
      return action.creator === null ? 'remove creator' : `set creator ${action.creator}`;
    case 'private':
      return action.value ? 'make private' : 'make public';
    case 'restore':
      return 'restore metadata';
  }
}

export function jobReportCsv(state: JobState): string {
  const action = actionName(state.action);
  const lines = ['id,action,result,error'];
  state.targets.forEach((id, index) => {
    const result = outcomeAt(state, index) ?? (state.status === 'cancelled' ? 'cancelled' : 'pending');
    const renamed = state.renamed[index];
    const error = state.errors[index] ?? (renamed ? `new id ${renamed}` : '');
    lines.push([id, action, result, error].map(csvCell).join(','));
  });
  return `${lines.join('\r\n')}\r\n`;
}
