/**
 * The current bulk job, for the dialogs that start it and the panel that shows it. One job at a time; it is saved to
 * localStorage as it goes, and a job found unfinished when the dashboard opens is shown paused, ready to resume
 * where it stopped. The code that runs a job is fetched with the first one (lib/job-machinery.ts).
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useToast } from '../../../components/ui/toast';
import { doneTargets, type BulkAction, type JobState } from '../lib/bulk-job';
import type { JobRunner, WaitReason } from '../lib/job-runner';
import { localJobStorage } from '../lib/job-storage';
import type { ImageClient } from '../lib/job-steps';

type Machinery = typeof import('../lib/job-machinery');
let machinery: Promise<Machinery> | undefined;
/** Fetched once; after a failed fetch (the network) the next call asks again. */
function loadMachinery(): Promise<Machinery> {
  machinery ??= import('../lib/job-machinery').catch((error: unknown) => {
    machinery = undefined;
    throw error;
  });
  return machinery;
}

interface BulkJobs {
  accountId: string;
  job: JobState | null;
  /** The job was found unfinished when the page opened (it ran in an earlier visit). */
  interrupted: boolean;
  /** When the job's hold ends (a 429's Retry-After, or the next try to reach the server; ms since the epoch), else 0. */
  waitUntil: number;
  /** Why the job holds until `waitUntil`. */
  waitReason: WaitReason;
  client: ImageClient;
  /** The id of the last job started on this page (Apply, Undo); `null` for one found in storage at load. */
  startedHere: string | null;
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
  const [wait, setWait] = useState<{ until: number; reason: WaitReason }>({ until: 0, reason: 'rate-limit' });
  const [startedHere, setStartedHere] = useState<string | null>(null);
  const runner = useRef<JobRunner | null>(null);
  /** A job is being created (its code is on the way): a second Start waits for nothing. */
  const starting = useRef(false);
  const toast = useToast();
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
      get: async (id) => (await loadMachinery()).getImage(accountId, id, { bulk: true }),
      patch: async (id, patch) => (await loadMachinery()).patchImage(accountId, id, patch, { bulk: true }),
      delete: async (id) => (await loadMachinery()).deleteImage(accountId, id, { bulk: true }),
    }),
    [accountId],
  );

  const runnerFor = useCallback(
    ({ JobRunner, performStep }: Machinery, state: JobState) => {
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
        onWait: (until, reason) => setWait({ until, reason }),
        now: Date.now,
        concurrency: 4,
      });
      runner.current = created;
      return created;
    },
    [client, storage],
  );

  /** Runs `then` with the job's code, or says why it could not be fetched. */
  const withMachinery = useCallback(
    (then: (loaded: Machinery) => void) =>
      loadMachinery().then(then, (error: unknown) => {
        // The browser's message names a hashed file: for the console, not for the person.
        console.error(error);
        // Chromium keeps a module that failed to load as failed until the page is reloaded: offer that.
        toast('The bulk job could not start: part of the dashboard did not load. Nothing was changed; reload to try again.', 'error', {
          label: 'Reload',
          onClick: () => window.location.reload(),
        });
      }),
    [toast],
  );

  const start = useCallback(
    (action: BulkAction, targets: readonly string[]) => {
      if (starting.current || runner.current?.state.status === 'running') return;
      starting.current = true;
      void withMachinery((loaded) => {
        const state = loaded.createJob(newId(), action, targets, Date.now());
        storage.save(state);
        setJob(state);
        setStartedHere(state.id);
        setInterrupted(false);
        runnerFor(loaded, state).start();
      }).finally(() => {
        starting.current = false;
      });
    },
    [runnerFor, storage, withMachinery],
  );

  const value = useMemo<BulkJobs>(
    () => ({
      accountId,
      job,
      interrupted,
      waitUntil: wait.until,
      waitReason: wait.reason,
      client,
      startedHere,
      start,
      pause: () => runner.current?.pause(),
      resume: () => {
        if (!job) return;
        setInterrupted(false);
        void withMachinery((loaded) => runnerFor(loaded, job).resume());
      },
      cancel: () => {
        if (runner.current) runner.current.cancel();
        else if (job) void withMachinery((loaded) => runnerFor(loaded, job).cancel());
      },
      undo: () => {
        if (!job) return;
        void withMachinery((loaded) => {
          const undo = loaded.undoJob(job, newId(), Date.now());
          storage.save(undo);
          setJob(undo);
          setStartedHere(undo.id);
          runnerFor(loaded, undo).start();
        });
      },
      dismiss: () => {
        storage.clear();
        runner.current = null;
        setJob(null);
        setInterrupted(false);
      },
    }),
    [accountId, job, interrupted, wait, client, startedHere, start, runnerFor, storage, withMachinery],
  );
  return <BulkJobContext value={value}>{children}</BulkJobContext>;
}

export function useBulkJob(): BulkJobs {
  const jobs = useContext(BulkJobContext);
  if (!jobs) throw new Error('useBulkJob needs a <BulkJobProvider>');
  return jobs;
}

/**
 * The images the current delete job has deleted so far (none for other jobs): the shell takes them out of the
 * selection, so no button offers to act on images that are gone.
 */
export function useDeletedByJob(): readonly string[] {
  const job = useContext(BulkJobContext)?.job ?? null;
  const marks = job?.marks;
  const targets = job?.targets;
  const deleting = job?.action.kind === 'delete';
  return useMemo(() => (deleting && targets && marks !== undefined ? doneTargets({ targets, marks }) : []), [deleting, targets, marks]);
}
