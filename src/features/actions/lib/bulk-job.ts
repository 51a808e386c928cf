/**
 * A bulk job as data: what to do, to which images, and what has happened to each. Pure transitions, so the job is
 * saved as it goes (job-storage.ts), resumed after a reload without repeating finished images, and tested without
 * timers. The runner (job-runner.ts) drives it; the person sees it through `summarize`.
 */

export type BulkAction =
  | { kind: 'delete' }
  | { kind: 'set-key'; key: string; value: unknown }
  | { kind: 'remove-key'; key: string }
  | { kind: 'creator'; creator: string | null }
  | { kind: 'private'; value: boolean }
  /** Undo of a metadata edit: each image's metadata before it (by id). */
  | { kind: 'restore'; metadata: Record<string, Record<string, unknown>> };

/** `.` pending, `d` done, `f` failed, `s` skipped (the change could not apply, e.g. metadata over 1,024 bytes). */
type Mark = '.' | 'd' | 'f' | 's';
export type Outcome = 'done' | 'failed' | 'skipped';
const MARK: Record<Outcome, Mark> = { done: 'd', failed: 'f', skipped: 's' };

/** The targets done so far (for a delete job: the images gone), in the job's order. */
export function doneTargets(state: Pick<JobState, 'targets' | 'marks'>): string[] {
  return state.targets.filter((_, index) => state.marks[index] === MARK.done);
}

export type JobStatus = 'running' | 'paused' | 'cancelled' | 'finished';

export interface JobState {
  version: 1;
  id: string;
  action: BulkAction;
  /** The image ids, in the order they are worked on. */
  targets: string[];
  /** One mark per target: a string rather than an array keeps the saved job small. */
  marks: string;
  /** Why an image failed or was skipped, by index. */
  errors: Record<number, string>;
  /** Metadata before the edit, by index, for Undo (metadata edits only). */
  previous: Record<number, Record<string, unknown>>;
  /** Ids an image got from the server instead of its old one (a change of `requireSignedURLs` may do that). */
  renamed: Record<number, string>;
  status: JobStatus;
  createdAt: number;
  /** The current running stretch, for the rate: when it started and how many outcomes it has recorded. */
  stretch: { startedAt: number; recorded: number } | null;
}

export interface StepResult {
  outcome: Outcome;
  error?: string;
  previous?: Record<string, unknown>;
  newId?: string;
}

export function createJob(id: string, action: BulkAction, targets: readonly string[], now: number): JobState {
  return {
    version: 1,
    id,
    action,
    targets: [...targets],
    marks: '.'.repeat(targets.length),
    errors: {},
    previous: {},
    renamed: {},
    status: targets.length === 0 ? 'finished' : 'running',
    createdAt: now,
    stretch: targets.length === 0 ? null : { startedAt: now, recorded: 0 },
  };
}

/** Whether the action changes metadata, so that Undo can put it back. */
export function isMetadataEdit(action: BulkAction): boolean {
  return action.kind === 'set-key' || action.kind === 'remove-key';
}

/** Up to `limit` pending indices, in order, that are not in `busy`. */
export function nextIndices(state: JobState, busy: ReadonlySet<number>, limit: number): number[] {
  const found: number[] = [];
  if (state.status !== 'running') return found;
  for (let i = state.marks.indexOf('.'); i !== -1 && found.length < limit; i = state.marks.indexOf('.', i + 1)) {
    if (!busy.has(i)) found.push(i);
  }
  return found;
}

/** Records what happened to the image at `index`. A recorded outcome is final: recording twice changes nothing. */
export function record(state: JobState, index: number, result: StepResult): JobState {
  if (state.marks[index] !== '.') return state;
  const marks = state.marks.slice(0, index) + MARK[result.outcome] + state.marks.slice(index + 1);
  const next: JobState = {
    ...state,
    marks,
    stretch: state.stretch ? { ...state.stretch, recorded: state.stretch.recorded + 1 } : null,
  };
  if (result.error !== undefined) next.errors = { ...state.errors, [index]: result.error };
  if (result.previous !== undefined) next.previous = { ...state.previous, [index]: result.previous };
  if (result.newId !== undefined) next.renamed = { ...state.renamed, [index]: result.newId };
  if (state.status === 'running' && !marks.includes('.')) {
    next.status = 'finished';
    next.stretch = null;
  }
  return next;
}

export function pause(state: JobState): JobState {
  return state.status === 'running' ? { ...state, status: 'paused', stretch: null } : state;
}

/** Running again (after Pause, or after a reload found it unfinished): only pending images are worked on. */
export function resume(state: JobState, now: number): JobState {
  if (state.status === 'finished' || state.status === 'cancelled') return state;
  if (!state.marks.includes('.')) return { ...state, status: 'finished', stretch: null };
  return { ...state, status: 'running', stretch: { startedAt: now, recorded: 0 } };
}

export function cancel(state: JobState): JobState {
  return state.status === 'finished' ? state : { ...state, status: 'cancelled', stretch: null };
}

export interface JobSummary {
  total: number;
  done: number;
  failed: number;
  skipped: number;
  remaining: number;
  /** Images per second in the current running stretch; null before the first outcome. */
  rate: number | null;
  /** Seconds until the pending images are done at that rate. */
  secondsLeft: number | null;
}

function count(marks: string, mark: Mark): number {
  let n = 0;
  for (let i = marks.indexOf(mark); i !== -1; i = marks.indexOf(mark, i + 1)) n++;
  return n;
}

export function summarize(state: JobState, now: number): JobSummary {
  const done = count(state.marks, 'd');
  const failed = count(state.marks, 'f');
  const skipped = count(state.marks, 's');
  const remaining = state.targets.length - done - failed - skipped;
  const elapsed = state.stretch ? (now - state.stretch.startedAt) / 1000 : 0;
  const rate = state.stretch && state.stretch.recorded > 0 && elapsed > 0 ? state.stretch.recorded / elapsed : null;
  return {
    total: state.targets.length,
    done,
    failed,
    skipped,
    remaining,
    rate,
    secondsLeft: rate ? remaining / rate : null,
  };
}

/** The image's outcome, or null while pending. */
export function outcomeAt(state: JobState, index: number): Outcome | null {
  const mark = state.marks[index];
  return mark === 'd' ? 'done' : mark === 'f' ? 'failed' : mark === 's' ? 'skipped' : null;
}

/**
 * The job that undoes a finished (or stopped) metadata edit: each image that was changed gets its previous metadata
 * back. Images the edit did not reach are left alone.
 */
export function undoJob(state: JobState, id: string, now: number): JobState {
  const metadata: Record<string, Record<string, unknown>> = {};
  const targets: string[] = [];
  for (const [index, meta] of Object.entries(state.previous)) {
    const i = Number(index);
    if (outcomeAt(state, i) !== 'done') continue;
    const target = state.renamed[i] ?? state.targets[i];
    if (target === undefined) continue;
    targets.push(target);
    metadata[target] = meta;
  }
  return createJob(id, { kind: 'restore', metadata }, targets, now);
}
