/**
 * Original image files beside the database, in `DATA_DIR/originals/`. Uploads are content-addressed
 * (`<sha256>.<ext>`): the name never comes from the image id (ids may contain `/` and `..`), and identical uploads
 * share one file. Written to a temporary name, fsynced, renamed, then the directory fsynced, all before the row is
 * inserted: a row never names a file that a crash could lose.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { open, readFile, rename, rm, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ImageFormat } from './stored-image';

const EXTENSIONS: Record<ImageFormat, string> = { png: 'png', jpeg: 'jpg', gif: 'gif', webp: 'webp', svg: 'svg' };

export function extensionOf(format: ImageFormat): string {
  return EXTENSIONS[format];
}

/** Writes `bytes` to `path` durably: temp file + fsync + rename + fsync of the directory. */
export async function writeFileDurably(path: string, bytes: Uint8Array): Promise<void> {
  const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await open(temp, 'w', 0o644);
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  const dir = await open(dirname(path), 'r');
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}

export class Originals {
  readonly dir: string;
  readonly cacheDir: string;
  /** Files written but whose row is not inserted yet: never removed by a concurrent delete. */
  private readonly pending = new Map<string, number>();

  constructor(dataDir: string) {
    this.dir = join(dataDir, 'originals');
    this.cacheDir = join(dataDir, 'variants');
    mkdirSync(join(this.dir, 'demo'), { recursive: true });
    mkdirSync(this.cacheDir, { recursive: true });
  }

  path(file: string): string {
    return join(this.dir, file);
  }

  /**
   * Stores an upload's bytes; returns its file name and content key. Call `release` once the row is inserted (or
   * the insert failed).
   */
  async store(bytes: Uint8Array, format: ImageFormat): Promise<{ file: string; contentKey: string }> {
    const contentKey = createHash('sha256').update(bytes).digest('hex');
    const file = `${contentKey}.${extensionOf(format)}`;
    this.pending.set(file, (this.pending.get(file) ?? 0) + 1);
    try {
      await writeFileDurably(this.path(file), bytes);
    } catch (error) {
      this.release(file);
      throw error;
    }
    return { file, contentKey };
  }

  release(file: string): void {
    const n = (this.pending.get(file) ?? 1) - 1;
    if (n <= 0) this.pending.delete(file);
    else this.pending.set(file, n);
  }

  /**
   * Removes an original nobody names any more, and its cached variants. Never throws: the caller's row is already
   * gone, and a render writing into the folder at this moment removes its own files (variants.ts); anything a
   * failure here leaves is swept at the next start (sweep.ts).
   */
  async remove(file: string, contentKey: string): Promise<void> {
    if (this.pending.has(file)) return;
    await rm(this.path(file), { force: true }).catch(() => undefined);
    // A render may add a file while the folder is being removed (ENOTEMPTY): try again.
    await rm(join(this.cacheDir, contentKey), { recursive: true, force: true, maxRetries: 5, retryDelay: 10 }).catch(() => undefined);
  }

  read(file: string): Promise<Buffer> {
    return readFile(this.path(file));
  }
}
