/**
 * The current bulk job, for the dialogs that start it and the panel that shows it. One job at a time; it is saved to
 * localStorage as it goes, and a job found unfinished when the dashboard opens is shown paused, ready to resume
 * where it stopped.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { deleteImage, getImage, patchImage } from '../api/image-requests';
import { createJob, undoJob, type BulkAction, type JobState } from '../lib/bulk-job';
import { JobRunner } from '../lib/job-runner';
import { localJobStorage } from '../lib/job-storage';
import { performStep, type ImageClient } from '../lib/job-steps';

interface BulkJobs {
  accountId: string;
  job: JobState | null;
  /** The job was found unfinished when the page opened (it ran in an earlier visit). */
  interrupted: boolean;
  /** When a 429's Retry-After ends (ms since the epoch), else 0. */
  waitUntil: number;
  client: ImageClient;
  start: (action: BulkAction, targets: readonly string[]) => void;
  pause: () => void;
  resume: () => void;
  cancel: () => void;
  undo: () => void;
  dismiss: () => void;
}

const BulkJobContext = createContext<BulkJobs | null>(null);

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const newId = () => globalThis.crypto?.randomUUID?.() ?? `${Date.now()}-${Math.random()}`;

export function BulkJobProvider({ accountId, onChanged, children }: { accountId: string; onChanged: () => void; children: ReactNode }) {
  const storage = useMemo(() => localJobStorage(), []);
  const [job, setJob] = useState<JobState | null>(() => {
    const stored = storage.load();
    return stored && stored.status === 'running' ? { ...stored, status: 'paused', stretch: null } : stored;
  });
  const [interrupted, setInterrupted] = useState(() => job !== null && job.status === 'paused');
  const [waitUntil, setWaitUntil] = useState(0);
  const runner = useRef<JobRunner | null>(null);
  const latest = useRef(onChanged);
  useEffect(() => {
    latest.current = onChanged;
  });

  useEffect(() => {
    const detach = () => runner.current?.detach();
    window.addEventListener('pagehide', detach);
    return () => window.removeEventListener('pagehide', detach);
  }, []);

  const client = useMemo<ImageClient>(
    () => ({
      get: (id) => getImage(accountId, id, { bulk: true }),
      patch: (id, patch) => patchImage(accountId, id, patch, { bulk: true }),
      delete: (id) => deleteImage(accountId, id, { bulk: true }),
    }),
    [accountId],
  );

  const runnerFor = useCallback(
    (state: JobState) => {
      if (runner.current?.state.id === state.id) return runner.current;
      let last = state.status;
      const created = new JobRunner(state, {
        perform: (id, _index, current) => performStep(client, current.action, id),
        onChange: (next) => {
          storage.save(next);
          setJob(next);
          if (next.status !== last && next.status !== 'running') latest.current();
          last = next.status;
        },
        sleep,
        onWait: setWaitUntil,
        now: Date.now,
        concurrency: 4,
      });
      runner.current = created;
      return created;
    },
    [client, storage],
  );

  const start = useCallback(
    (action: BulkAction, targets: readonly string[]) => {
      if (runner.current?.state.status === 'running') return;
      const state = createJob(newId(), action, targets, Date.now());
      storage.save(state);
      setJob(state);
      setInterrupted(false);
      runnerFor(state).start();
    },
    [runnerFor, storage],
  );

  const value = useMemo<BulkJobs>(
    () => ({
      accountId,
      job,
      interrupted,
      waitUntil,
      client,
      start,
      pause: () => runner.current?.pause(),
      resume: () => {
        if (!job) return;
        setInterrupted(false);
        runnerFor(job).resume();
      },
      cancel: () => {
        if (job && !runner.current) runnerFor(job);
        runner.current?.cancel();
      },
      undo: () => {
        if (!job) return;
        const undo = undoJob(job, newId(), Date.now());
        storage.save(undo);
        setJob(undo);
        runnerFor(undo).start();
      },
      dismiss: () => {
        storage.clear();
        runner.current = null;
        setJob(null);
        setInterrupted(false);
      },
    }),
    [accountId, job, interrupted, waitUntil, client, start, runnerFor, storage],
  );
  return <BulkJobContext value={value}>{children}</BulkJobContext>;
}

export function useBulkJob(): BulkJobs {
  const jobs = useContext(BulkJobContext);
  if (!jobs) throw new Error('useBulkJob needs a <BulkJobProvider>');
  return jobs;
}
