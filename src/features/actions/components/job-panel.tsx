/**
 * The bulk job a person watches: a progress bar ("Job progress") with done, failed, remaining, rate, time left and
 * the server's budget left; Pause, Resume, Cancel while it runs; the report (CSV) and Undo (metadata edits) after.
 * A job found unfinished when the dashboard opens is offered for resuming.
 */
import { useEffect, useRef, useState } from 'react';
import { useRateBudget, describeBudget } from '../api/get-rate-budget';
import { useBulkJob } from '../hooks/use-bulk-job';
import { isMetadataEdit, summarize } from '../lib/bulk-job';
import { actionName, jobReportCsv } from '../lib/job-report';
import { downloadFile } from '../../../lib/download';
import { formatCount } from '../../../lib/format';
import './actions.css';

function duration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '—';
  if (seconds < 60) return `${Math.ceil(seconds)} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
  return `${Math.floor(seconds / 3600)} h ${Math.round((seconds % 3600) / 60)} min`;
}

/** The time, refreshed every second while `ticking` (rate, time left and a 429's wait move on their own). */
function useNow(ticking: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!ticking) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [ticking]);
  return now;
}

export function JobPanel() {
  const { job, interrupted, waitUntil, waitReason, startedHere, pause, resume, cancel, undo, dismiss } = useBulkJob();
  // A job started on this page (Apply in a bulk dialog, Undo) takes the focus: the dialog's opener is disabled while
  // a job runs, and the panel is where its progress and its buttons are. A job found in storage at load does not.
  const panel = useRef<HTMLElement>(null);
  const focusedFor = useRef<string | null>(null);
  useEffect(() => {
    if (startedHere === null || startedHere === focusedFor.current) return;
    focusedFor.current = startedHere;
    panel.current?.focus();
  }, [startedHere]);
  const running = job?.status === 'running';
  const budget = useRateBudget(running);
  const now = useNow(running);
  if (!job) return null;
  const s = summarize(job, now);
  const handled = s.done + s.failed + s.skipped;
  const over = job.status === 'finished' || job.status === 'cancelled';
  const canUndo = over && isMetadataEdit(job.action) && Object.keys(job.previous).length > 0;
  const title = `${actionName(job.action)} · ${formatCount(s.total)} ${s.total === 1 ? 'image' : 'images'}`;
  const state = {
    running:
      waitUntil > now
        ? waitReason === 'unreachable'
          ? `The server cannot be reached: trying again in ${Math.ceil((waitUntil - now) / 1000)} s`
          : `Rate limited: waiting ${Math.ceil((waitUntil - now) / 1000)} s`
        : 'Running',
    paused: interrupted ? 'Stopped when the page closed: resume to finish the remaining images' : 'Paused',
    cancelled: 'Cancelled',
    finished: 'Finished',
  }[job.status];

  return (
    <section ref={panel} tabIndex={-1} className="job-panel" aria-label="Bulk job">
      <div className="job-panel__head">
        <p className="job-panel__title">
          <strong>{title}</strong> <span className="muted">· {state}</span>
        </p>
        <div className="job-panel__buttons">
          {/* One button, Pause or Resume: swapping two would drop the focus that just pressed one to the page. */}
          {running || job.status === 'paused' ? (
            <button
              type="button"
              className={running ? 'button button--small' : 'button button--primary button--small'}
              onClick={running ? pause : resume}
            >
              {running ? 'Pause' : 'Resume'}
            </button>
          ) : null}
          {!over ? (
            <button
              type="button"
              className="button button--small"
              onClick={() => {
                cancel();
                // Cancel goes with the job's controls; the panel, which says "Cancelled", keeps the focus.
                panel.current?.focus();
              }}
            >
              Cancel
            </button>
          ) : null}
          {handled > 0 ? (
            <button
              type="button"
              className="button button--small"
              onClick={() => downloadFile(`bulk-report-${job.id.slice(0, 8)}.csv`, jobReportCsv(job), 'text/csv;charset=utf-8')}
            >
              Download report
            </button>
          ) : null}
          {canUndo ? (
            <button type="button" className="button button--small" onClick={undo}>
              Undo
            </button>
          ) : null}
          {over ? (
            <button type="button" className="button button--quiet button--small" onClick={dismiss}>
              Dismiss
            </button>
          ) : null}
        </div>
      </div>
      <progress
        className="job-panel__bar"
        aria-label="Job progress"
        max={Math.max(1, s.total)}
        value={handled}
        aria-valuetext={`${formatCount(handled)} of ${formatCount(s.total)} images handled`}
      />
      <dl className="job-panel__figures">
        <Figure label="Done" value={formatCount(s.done)} />
        <Figure label="Failed" value={formatCount(s.failed)} />
        {s.skipped > 0 ? <Figure label="Skipped" value={formatCount(s.skipped)} /> : null}
        <Figure label="Remaining" value={formatCount(s.remaining)} />
        <Figure label="Rate" value={s.rate === null ? '—' : `${s.rate.toFixed(1)}/s`} />
        <Figure label="Time left" value={running ? duration(s.secondsLeft) : '—'} />
        <Figure label="Budget left" value={running || budget.data ? describeBudget(budget.data) : '—'} />
      </dl>
    </section>
  );
}

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}
