/**
 * Keeps the current bulk job in localStorage, so that reopening the dashboard finds an unfinished job and resumes it
 * where it stopped. The targets (large, never change) are written once under their own key; the rest (marks, errors,
 * previous metadata) after every outcome. Only this hook reads it, so it needs no subscription; the storage comes
 * from src/lib/local-store.ts like every other store's.
 */
import { browserStorage } from '../../../lib/local-store';
import type { JobState } from './bulk-job';

const KEY = 'cfie:bulk-job';
const targetsKey = (id: string) => `${KEY}:targets:${id}`;

type Stored = Omit<JobState, 'targets'>;

export interface JobStorage {
  load(): JobState | null;
  save(state: JobState): void;
  clear(): void;
}

export function localJobStorage(storage: Storage | undefined = browserStorage()): JobStorage {
  let targetsWritten: string | null = null;
  return {
    load() {
      try {
        const raw = storage?.getItem(KEY);
        if (!raw) return null;
        const stored = JSON.parse(raw) as Stored;
        const targets = JSON.parse(storage?.getItem(targetsKey(stored.id)) ?? 'null') as string[] | null;
        if (stored.version !== 1 || !Array.isArray(targets) || targets.length !== stored.marks.length) return null;
        targetsWritten = stored.id;
        return { ...stored, targets };
      } catch {
        return null;
      }
    },
    save(state) {
      if (!storage) return;
      const { targets, ...rest } = state;
      try {
        if (targetsWritten !== state.id) {
          for (let i = storage.length - 1; i >= 0; i--) {
            const key = storage.key(i);
            if (key?.startsWith(`${KEY}:targets:`)) storage.removeItem(key);
          }
          storage.setItem(targetsKey(state.id), JSON.stringify(targets));
          targetsWritten = state.id;
        }
        storage.setItem(KEY, JSON.stringify(rest));
      } catch {
        // Storage full or unavailable: the job still runs; only resuming after a reload is lost.
      }
    },
    clear() {
      if (!storage) return;
      const id = targetsWritten;
      storage.removeItem(KEY);
      if (id) storage.removeItem(targetsKey(id));
      targetsWritten = null;
    },
  };
}
