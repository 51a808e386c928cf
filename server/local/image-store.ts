/**
 * The local store's durable truth: SQLite (better-sqlite3) in `DATA_DIR/images.db`, originals as files beside it
 * (originals.ts). All rows are also held in an `ImageIndex` for listing; every write goes to SQLite first and only
 * then to the index, so the index never shows what a crash would lose.
 *
 * Durability (CONTRACT.md §4: an upload answered with success survives a restart and a `kill -9`): WAL journal with
 * `synchronous=FULL`. With WAL, a commit is in the WAL file before `run()` returns, and the OS keeps that data through
 * the death of the process, so `synchronous=NORMAL` would already meet the kill -9 promise; FULL also fsyncs the WAL on
 * every commit, so an answered upload survives a power cut too. It costs one fsync per upload/edit/delete, which is
 * noise next to decoding the image, and seeding is one transaction (one fsync).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { lockDataDir, unlockDataDir } from '../lib/data-dir-lock';
import { ImageIndex, type ScanOptions, type ScanResult } from './image-index';
import type { ImageFormat, StoredImage } from './stored-image';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS images (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  filename TEXT NOT NULL,
  creator TEXT,
  meta TEXT,
  require_signed_urls INTEGER NOT NULL DEFAULT 0,
  uploaded INTEGER NOT NULL,
  format TEXT NOT NULL,
  file TEXT NOT NULL,
  content_key TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS images_by_upload ON images (uploaded, seq);
CREATE INDEX IF NOT EXISTS images_by_file ON images (file);
`;

/** One row of the `images` table, as SQLite returns it. */
export interface ImageRow {
  seq: number;
  id: string;
  filename: string;
  creator: string | null;
  meta: string | null;
  require_signed_urls: number;
  uploaded: number;
  format: string;
  file: string;
  content_key: string;
}

/** What a new image needs; `seq` is assigned by the store. */
export type NewImage = Omit<StoredImage, 'seq'>;

/** The fields PATCH may change (CONTRACT.md §4). */
export type ImageChanges = Partial<Pick<StoredImage, 'meta' | 'creator' | 'requireSignedURLs'>>;

/** Thrown by `insert` when the id exists (→ 409 / 5409). */
export class DuplicateIdError extends Error {
  constructor(readonly id: string) {
    super(`An image with id '${id}' exists`);
  }
}

/** A row as the store and its tests read it: metadata parsed, flags as booleans. */
export function imageFromRow(row: ImageRow): StoredImage {
  return {
    seq: row.seq,
    id: row.id,
    filename: row.filename,
    creator: row.creator,
    meta: row.meta === null ? {} : (JSON.parse(row.meta) as Record<string, unknown>),
    requireSignedURLs: row.require_signed_urls === 1,
    uploaded: row.uploaded,
    format: row.format as ImageFormat,
    file: row.file,
    contentKey: row.content_key,
  };
}

function metaJson(meta: Record<string, unknown>): string | null {
  return Object.keys(meta).length === 0 ? null : JSON.stringify(meta);
}

export class ImageStore {
  readonly db: Database.Database;
  private readonly index: ImageIndex;
  private readonly statements;

  /**
   * Opens (creating when needed) the store in `dataDir` and loads every row into memory. Throws
   * `DataDirInUseError` when another process holds the folder (server/lib/data-dir-lock.ts).
   */
  constructor(readonly dataDir: string) {
    mkdirSync(dataDir, { recursive: true });
    this.db = new Database(join(dataDir, 'images.db'));
    try {
      lockDataDir(this.db, dataDir);
    } catch (error) {
      this.db.close();
      throw error;
    }
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(SCHEMA);
    this.statements = {
      insert: this.db.prepare<[string, string, string | null, string | null, number, number, string, string, string]>(
        `INSERT INTO images (id, filename, creator, meta, require_signed_urls, uploaded, format, file, content_key)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      update: this.db.prepare<[string | null, string | null, number, number]>(
        'UPDATE images SET creator = ?, meta = ?, require_signed_urls = ? WHERE seq = ?',
      ),
      delete: this.db.prepare<[number]>('DELETE FROM images WHERE seq = ?'),
      fileUsers: this.db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM images WHERE file = ?'),
      references: this.db.prepare<[], { file: string; content_key: string }>('SELECT DISTINCT file, content_key FROM images'),
    };
    const rows = this.db.prepare<[], ImageRow>('SELECT * FROM images').all();
    this.index = new ImageIndex(rows.map(imageFromRow));
  }

  get size(): number {
    return this.index.size;
  }

  get(id: string): StoredImage | undefined {
    return this.index.get(id);
  }

  list(options: ScanOptions): ScanResult {
    return this.index.scan(options);
  }

  /** Inserts one image (durably, before returning). Throws `DuplicateIdError` when the id exists. */
  insert(image: NewImage): StoredImage {
    return this.insertMany([image])[0]!;
  }

  /** Inserts images in one transaction: all or none. */
  insertMany(images: readonly NewImage[]): StoredImage[] {
    const run = this.db.transaction((batch: readonly NewImage[]) =>
      batch.map((image) => {
        try {
          const info = this.statements.insert.run(
            image.id,
            image.filename,
            image.creator,
            metaJson(image.meta),
            image.requireSignedURLs ? 1 : 0,
            image.uploaded,
            image.format,
            image.file,
            image.contentKey,
          );
          return { ...image, seq: Number(info.lastInsertRowid) };
        } catch (error) {
          if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') throw new DuplicateIdError(image.id);
          throw error;
        }
      }),
    );
    const stored = run(images);
    for (const image of stored) this.index.add(image);
    return stored;
  }

  /** Applies PATCH changes; `undefined` when the id does not exist. */
  update(id: string, changes: ImageChanges): StoredImage | undefined {
    const current = this.index.get(id);
    if (!current) return undefined;
    const next: StoredImage = {
      ...current,
      meta: changes.meta ?? current.meta,
      creator: changes.creator !== undefined ? changes.creator : current.creator,
      requireSignedURLs: changes.requireSignedURLs ?? current.requireSignedURLs,
    };
    this.statements.update.run(next.creator, metaJson(next.meta), next.requireSignedURLs ? 1 : 0, next.seq);
    this.index.replace(next);
    return next;
  }

  /** Deletes the row; `undefined` when the id does not exist. The caller removes files nobody uses any more. */
  delete(id: string): StoredImage | undefined {
    const current = this.index.get(id);
    if (!current) return undefined;
    this.statements.delete.run(current.seq);
    this.index.remove(current);
    return current;
  }

  /** How many rows name this original file (content-addressed files can be shared). */
  fileUsers(file: string): number {
    return this.statements.fileUsers.get(file)?.n ?? 0;
  }

  /** Every original file and variant folder (content key) a row names: what the start-up sweep keeps (sweep.ts). */
  references(): { files: Set<string>; contentKeys: Set<string> } {
    const files = new Set<string>();
    const contentKeys = new Set<string>();
    for (const row of this.statements.references.iterate()) {
      files.add(row.file);
      contentKeys.add(row.content_key);
    }
    return { files, contentKeys };
  }

  close(): void {
    if (!this.db.open) return;
    this.db.close();
    unlockDataDir(this.dataDir);
  }
}

