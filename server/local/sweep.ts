/**
 * What a crash leaves in `DATA_DIR`, removed at start-up (docs/CONTRACT.md §4): temporary files of writes that never
 * finished (`*.tmp`), originals written by an upload whose row was never inserted (killed between the two), and
 * variant folders of images that are gone (a render that finished after its image was deleted, before a crash).
 * Runs before the server listens, with the folder locked (server/lib/data-dir-lock.ts), so no write is in progress.
 */
import type { Dirent } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { ImageStore } from './image-store';
import type { Originals } from './originals';

export interface SweepResult {
  temporary: number;
  originals: number;
  variantFolders: number;
}

async function entries(dir: string): Promise<Dirent[]> {
  try {
    return await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

export async function sweepDataDir(store: ImageStore, originals: Originals): Promise<SweepResult> {
  const { files, contentKeys } = store.references();
  const result: SweepResult = { temporary: 0, originals: 0, variantFolders: 0 };
  const remove = async (path: string, kind: keyof SweepResult) => {
    await rm(path, { recursive: true, force: true });
    result[kind] += 1;
  };

  // originals/<file> and originals/demo/<file>: a row's `file` is the path below originals/.
  for (const sub of ['', 'demo']) {
    for (const entry of await entries(join(originals.dir, sub))) {
      if (!entry.isFile()) continue;
      const file = sub ? `${sub}/${entry.name}` : entry.name;
      if (entry.name.endsWith('.tmp')) await remove(originals.path(file), 'temporary');
      else if (!files.has(file)) await remove(originals.path(file), 'originals');
    }
  }
  // variants/<contentKey>/<variant>.<ext>
  for (const entry of await entries(originals.cacheDir)) {
    const path = join(originals.cacheDir, entry.name);
    if (!entry.isDirectory()) await remove(path, entry.name.endsWith('.tmp') ? 'temporary' : 'variantFolders');
    else if (!contentKeys.has(entry.name)) await remove(path, 'variantFolders');
    else {
      for (const file of await entries(path)) if (file.name.endsWith('.tmp')) await remove(join(path, file.name), 'temporary');
    }
  }
  return result;
}
