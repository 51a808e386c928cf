/**
 * The figures every bench reports against its goal, printed side by side by `bench/run.ts` at the end of the run
 * (docs/performance.md). A bench adds its rows with `report`; its own detailed table stays where it is printed.
 */
import { table } from './load-runner';

export interface GoalRow {
  /** e.g. `local list, 1000 of 100,000, five filters: route / JSON.stringify` */
  measure: string;
  /** The figure, formatted, with its unit. */
  value: string;
  /** e.g. `≤ 1.50` */
  goal: string;
  met: boolean;
}

const rows: GoalRow[] = [];

export function report(row: GoalRow): void {
  rows.push(row);
}

export function summaryTable(): string {
  return table([['measure', 'figure', 'goal', ''], ...rows.map((r) => [r.measure, r.value, r.goal, r.met ? 'met' : 'MISSED'])]);
}

export function hasRows(): boolean {
  return rows.length > 0;
}
