/**
 * Direct-upload drafts (docs/CONTRACT.md §7): `POST …/images/v2/direct_upload` reserves an id and answers a one-time
 * `uploadURL`; until a file is posted there the image is a draft: not listed, `GET` shows `draft: true`. Drafts are
 * rows of their own table in the store's database, so a restart keeps them; an expired draft answers 410 to its URL
 * and frees its id for anyone (a new upload or direct upload with that id replaces it).
 */
import type Database from 'better-sqlite3';
import type { ImageFields } from '../../src/contract/image-writes';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS drafts (
  id TEXT PRIMARY KEY,
  creator TEXT,
  meta TEXT,
  require_signed_urls INTEGER NOT NULL DEFAULT 0,
  created INTEGER NOT NULL,
  expiry INTEGER NOT NULL
);
`;

export interface Draft {
  id: string;
  creator: string | null;
  meta: Record<string, unknown>;
  requireSignedURLs: boolean;
  /** ms since the epoch. */
  created: number;
  expiry: number;
}

interface DraftRow {
  id: string;
  creator: string | null;
  meta: string | null;
  require_signed_urls: number;
  created: number;
  expiry: number;
}

const fromRow = (row: DraftRow): Draft => ({
  id: row.id,
  creator: row.creator,
  meta: row.meta === null ? {} : (JSON.parse(row.meta) as Record<string, unknown>),
  requireSignedURLs: row.require_signed_urls === 1,
  created: row.created,
  expiry: row.expiry,
});

export class Drafts {
  private readonly statements;
  /** Ids whose upload is being stored right now: a second post meanwhile gets 409. */
  private readonly claimed = new Set<string>();

  constructor(
    db: Database.Database,
    private readonly now: () => number = () => Date.now(),
  ) {
    db.exec(SCHEMA);
    this.statements = {
      get: db.prepare<[string], DraftRow>('SELECT * FROM drafts WHERE id = ?'),
      put: db.prepare<[string, string | null, string | null, number, number, number]>(
        'INSERT OR REPLACE INTO drafts (id, creator, meta, require_signed_urls, created, expiry) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      remove: db.prepare<[string]>('DELETE FROM drafts WHERE id = ?'),
      sweep: db.prepare<[number]>('DELETE FROM drafts WHERE expiry < ?'),
    };
  }

  /** The draft, expired or not. */
  find(id: string): Draft | undefined {
    const row = this.statements.get.get(id);
    return row ? fromRow(row) : undefined;
  }

  /** A live (unexpired) draft holds its id. */
  has(id: string): boolean {
    const draft = this.find(id);
    return draft !== undefined && draft.expiry > this.now();
  }

  create(id: string, fields: Omit<ImageFields, 'id'>, expiry: number): Draft {
    const created = this.now();
    const meta = Object.keys(fields.meta).length === 0 ? null : JSON.stringify(fields.meta);
    this.statements.put.run(id, fields.creator, meta, fields.requireSignedURLs ? 1 : 0, created, expiry);
    // Expired drafts older than a day are forgotten (their URL then answers 404 instead of 410).
    this.statements.sweep.run(created - 86_400_000);
    return { id, creator: fields.creator, meta: fields.meta, requireSignedURLs: fields.requireSignedURLs, created, expiry };
  }

  /** Takes a live draft for its upload: `undefined` when it is missing, expired or already being uploaded. */
  claim(id: string): { draft: Draft } | { refused: 'missing' | 'expired' | 'busy' } {
    if (this.claimed.has(id)) return { refused: 'busy' };
    const draft = this.find(id);
    if (!draft) return { refused: 'missing' };
    if (draft.expiry <= this.now()) return { refused: 'expired' };
    this.claimed.add(id);
    return { draft };
  }

  /** After the upload: `done` removes the draft (the image now exists), otherwise it stays usable. */
  release(id: string, done: boolean): void {
    this.claimed.delete(id);
    if (done) this.statements.remove.run(id);
  }

  remove(id: string): boolean {
    return this.statements.remove.run(id).changes > 0;
  }
}
