/**
 * The account index on SQL (docs/CONTRACT.md §8): one schema and one set of statements for SQLite on Node
 * (sqlite-index.ts) and D1 on Workers (d1-index.ts), each a small `SqlDriver`. See docs/index.md.
 *
 * Why this shape (the bench, bench/index.bench.ts, measures it over 100,000 images):
 * - `images` keeps each image's wire fields plus `hay`: the filename and the id lower-cased in JavaScript (SQLite's
 *   `lower()` folds ASCII only), joined by a line break. `q` is one `GLOB '*needle*'` (pattern characters escaped)
 *   over the small covering index `images_by_hay` rather than the rows: a third cheaper than `instr()` on two
 *   columns. A needle holding a line break could match across the join, so it is also checked against
 *   `name_lc` / `id_lc`; so is one holding a NUL, which `hay` and the GLOB pattern hold as a line break (GLOB reads
 *   C strings, which end at a NUL). FTS5's trigram tokenizer was measured too (docs/decisions.md): it finds rare needles faster,
 *   but a common one (thousands of candidates) no faster than the scan, and it would need three-character needles,
 *   triggers, and a third of the index again on disk.
 * - Metadata leaves are rows of `image_meta (seq, path, type, value)`, indexed by `(path, type, value, seq)`: without
 *   `q`, a metadata filter is one indexed `seq IN (…)` lookup; with `q`, the needle's scan drives and each candidate's
 *   filters are `EXISTS` probes on the primary key `(seq, path)` (building a `seq IN` list of half the account per
 *   filter cost three times as much, EXPLAIN QUERY PLAN in docs/index.md). A facet is one grouped scan of one path,
 *   instead of parsing JSON per row. The values a filter accepts come from the contract module (`acceptedValues`,
 *   `isRangeOperator`); this file only says where to look for them.
 * - Writes are a few statements per page, not per image: the rows travel as one JSON parameter and `json_each`
 *   unpacks them (D1 allows 100 bound parameters per statement; SQLite and D1 both have JSON1).
 * - Keyset paging on `(uploaded, seq)`, `seq` being the row's insertion number: the tokens are local mode's.
 */
import type { CfImage } from '../../src/contract/image';
import { acceptedValues, isRangeOperator, parseNumber, type MetaFilter } from '../../src/contract/list-query';
import {
  SEARCH_LIMITS,
  compareFacetValues,
  metadataLeaves,
  searchFold,
  uploadedRange,
  type FacetKeysResult,
  type FacetValue,
  type FacetsResult,
  type IndexStatus,
  type SearchQuery,
} from '../../src/contract/search-query';
import type { Cursor } from '../lib/continuation-token';
import { INITIAL_WALK_STATE, type AccountIndex, type SearchPage, type WalkState } from './account-index';

export type SqlValue = string | number | null;
export interface SqlStatement {
  sql: string;
  params: SqlValue[];
}

/** What the index needs of a database: reads, and statements run together in one transaction. */
export interface SqlDriver {
  all<T>(sql: string, params: SqlValue[]): Promise<T[]>;
  batch(statements: SqlStatement[]): Promise<void>;
  /** Every call runs to its end on the caller's thread before it returns (better-sqlite3), not as I/O (D1). */
  readonly synchronous?: boolean;
}

const SCHEMA: string[] = [
  `CREATE TABLE IF NOT EXISTS images (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    filename TEXT NOT NULL,
    name_lc TEXT NOT NULL,
    id_lc TEXT NOT NULL,
    creator TEXT,
    meta TEXT NOT NULL,
    private INTEGER NOT NULL,
    uploaded INTEGER NOT NULL,
    variants TEXT NOT NULL,
    walk INTEGER NOT NULL,
    hay TEXT NOT NULL DEFAULT ''
  )`,
  // `value` has no declared type, so SQLite keeps each value's own (text, integer, real): no affinity conversions.
  `CREATE TABLE IF NOT EXISTS image_meta (
    seq INTEGER NOT NULL,
    path TEXT NOT NULL,
    type TEXT NOT NULL,
    value,
    PRIMARY KEY (seq, path)
  ) WITHOUT ROWID`,
  'CREATE TABLE IF NOT EXISTS walk_state (id INTEGER PRIMARY KEY CHECK (id = 1), generation INTEGER NOT NULL, state TEXT NOT NULL)',
];

/**
 * Indexes, created once the tables have every column. An index written by an earlier release has no `hay` column:
 * `HAY_MIGRATION` adds and fills it (a few hundred ms for 100,000 images), and its old `q` index is dropped.
 */
const INDEXES: string[] = [
  'CREATE INDEX IF NOT EXISTS images_by_upload ON images (uploaded, seq)',
  'CREATE INDEX IF NOT EXISTS images_by_walk ON images (walk)',
  'CREATE INDEX IF NOT EXISTS images_by_hay ON images (hay, uploaded)',
  'DROP INDEX IF EXISTS images_by_name',
  'CREATE INDEX IF NOT EXISTS image_meta_by_value ON image_meta (path, type, value, seq)',
];

const HAY_MIGRATION: string[] = [
  "ALTER TABLE images ADD COLUMN hay TEXT NOT NULL DEFAULT ''",
  'UPDATE images SET hay = replace(name_lc || char(10) || id_lc, char(0), char(10))',
];

/**
 * The searchable text of an image: `searchFold` of its filename and of its id, joined by a line break. A NUL is a
 * line break here too: SQLite reads GLOB's operands as C strings, which end at the first NUL, so a name holding one
 * would be cut short (`whereClause` maps the needle the same way and checks such needles exactly).
 */
function hayOf(nameFolded: string, idFolded: string): string {
  return `${nameFolded}\n${idFolded}`.replaceAll('\u0000', '\n');
}

/** `*needle*` for GLOB, the needle's own `*`, `?` and `[` each in a one-character class: a plain substring. */
function globContaining(needle: string): string {
  return `*${needle.replace(/[*?[]/g, '[$&]')}*`;
}

/** Short type tags in `image_meta.type`; their alphabetical order is the facet order of types (b < n < s). */
const TYPE_TAG = { boolean: 'b', number: 'n', string: 's' } as const;
const TAG_TYPE = { b: 'boolean', n: 'number', s: 'string' } as const;

/** A number as an SQL literal: numbers are inlined (D1 allows 100 bound parameters per statement). */
function numberLiteral(n: number): string {
  return Object.is(n, -0) ? '0' : String(n);
}

/**
 * One metadata filter: `seq IN (…)` over the value index (`lookup`), or, when another condition drives the scan, an
 * `EXISTS` probe of the candidate's own leaf (`probe`).
 */
function filterSql(filter: MetaFilter, params: SqlValue[], mode: 'lookup' | 'probe'): string {
  params.push(filter.path.join('.'));
  const wrap = (cond: string) =>
    mode === 'lookup'
      ? `seq IN (SELECT seq FROM image_meta WHERE path = ? AND ${cond})`
      : `EXISTS (SELECT 1 FROM image_meta AS m WHERE m.seq = images.seq AND m.path = ? AND ${cond})`;
  if (isRangeOperator(filter.operator)) {
    const op = { gt: '>', gte: '>=', lt: '<', lte: '<=' }[filter.operator.split(':')[0] as 'gt' | 'gte' | 'lt' | 'lte'];
    const bound = parseNumber(filter.value);
    if (bound === null) return '0';
    return wrap(`type = 'n' AND value ${op} ${numberLiteral(bound)}`);
  }
  const { strings, numbers, booleans } = acceptedValues(filter);
  const parts: string[] = [];
  if (strings.size > 0) {
    parts.push(`(type = 's' AND value IN (${[...strings].map(() => '?').join(', ')}))`);
    params.push(...strings);
  }
  if (numbers.size > 0) parts.push(`(type = 'n' AND value IN (${[...numbers].map(numberLiteral).join(', ')}))`);
  if (booleans.size > 0) parts.push(`(type = 'b' AND value IN (${[...booleans].map((b) => (b ? 1 : 0)).join(', ')}))`);
  if (parts.length === 0) return '0';
  return wrap(`(${parts.join(' OR ')})`);
}

/** The WHERE clause of a search (without paging), and its parameters. */
export function whereClause(query: SearchQuery): { sql: string; params: SqlValue[] } {
  const conds: string[] = [];
  const params: SqlValue[] = [];
  if (query.q !== undefined) {
    const needle = searchFold(query.q);
    conds.push('hay GLOB ?');
    params.push(globContaining(needle.replaceAll('\u0000', '\n')));
    if (needle.includes('\n') || needle.includes('\u0000')) {
      conds.push('(instr(name_lc, ?) > 0 OR instr(id_lc, ?) > 0)');
      params.push(needle, needle);
    }
  }
  const { gte, lt } = uploadedRange(query);
  if (gte !== undefined) conds.push(`uploaded >= ${numberLiteral(gte)}`);
  if (lt !== undefined) conds.push(`uploaded < ${numberLiteral(lt)}`);
  if (query.private !== undefined) conds.push(`private = ${query.private ? 1 : 0}`);
  if (query.creator !== undefined) {
    if (query.creator === '') conds.push("(creator IS NULL OR creator = '')");
    else {
      conds.push('creator = ?');
      params.push(query.creator);
    }
  }
  const mode = query.q !== undefined ? 'probe' : 'lookup';
  for (const filter of query.filters) conds.push(filterSql(filter, params, mode));
  return { sql: conds.length === 0 ? '1' : conds.join(' AND '), params };
}

interface ImageRow {
  seq: number;
  id: string;
  filename: string;
  creator: string | null;
  meta: string;
  private: number;
  uploaded: number;
  variants: string;
}

/** The row's `CfImage` as JSON, written in JavaScript: for the rare row `IMAGE_JSON_SQL` leaves to it. */
function imageJsonFromRow(row: ImageRow): string {
  return `{"id":${JSON.stringify(row.id)},"filename":${JSON.stringify(row.filename)},"creator":${JSON.stringify(row.creator)},"meta":${row.meta},"requireSignedURLs":${row.private === 1},"uploaded":"${new Date(row.uploaded).toISOString()}","variants":${row.variants}}`;
}

/** The upload times SQLite's date functions can write: years 0000 to 9999, as `toISOString` writes them. */
const SQL_DATE_RANGE = { min: Date.parse('0000-01-01T00:00:00.000Z'), max: Date.parse('9999-12-31T23:59:59.999Z') };

/**
 * `JSON.stringify` of the row's `CfImage`, written by SQLite (`t`: the table's name or alias): `meta` and `variants` as stored (they were
 * written by `JSON.stringify`), strings by `json_quote`, the upload time as `toISOString` writes it. A page of 1,000
 * then crosses into JavaScript as 1,000 strings instead of 1,000 objects of eight columns to be joined there (half
 * the page's cost). `NULL` for an upload time outside years 0000–9999, which `imageJsonFromRow` writes instead.
 * search.test.ts compares the answer's bytes with `JSON.stringify`'s, odd strings and dates included.
 */
function imageJsonSql(t: string): string {
  const ms = `((${t}.uploaded % 1000) + 1000) % 1000`;
  return `CASE WHEN ${t}.uploaded BETWEEN ${SQL_DATE_RANGE.min} AND ${SQL_DATE_RANGE.max} THEN
    '{"id":' || json_quote(${t}.id) || ',"filename":' || json_quote(${t}.filename) || ',"creator":' || json_quote(${t}.creator) ||
    ',"meta":' || ${t}.meta || ',"requireSignedURLs":' || CASE ${t}.private WHEN 1 THEN 'true' ELSE 'false' END ||
    ',"uploaded":"' || strftime('%Y-%m-%dT%H:%M:%S', (${t}.uploaded - ${ms}) / 1000, 'unixepoch') || printf('.%03dZ"', ${ms}) ||
    ',"variants":' || ${t}.variants || '}' END`;
}

interface PageRow {
  seq: number;
  uploaded: number;
  /** The image's JSON (`imageJsonSql`), or `null` when JavaScript writes it. */
  json: string | null;
  total?: number;
}

const GENERATION = 'COALESCE((SELECT generation FROM walk_state WHERE id = 1), 0)';

/**
 * Rows per statement: one statement carries this many images as one JSON parameter (a page of 1000 is ten of each
 * statement below, in one transaction). Small enough that a statement's parameter stays far below D1's limits.
 */
const ROWS_PER_STATEMENT = 100;

/**
 * The statements that put images (and their metadata leaves) in the index; `walk` is a literal or a subquery. Later
 * copies of an id in `images` win, as if upserted one after the other.
 */
function upsertStatements(images: readonly CfImage[], walk: string): SqlStatement[] {
  const unique = [...new Map(images.map((image) => [image.id, image])).values()];
  const statements: SqlStatement[] = [];
  for (let at = 0; at < unique.length; at += ROWS_PER_STATEMENT) {
    const rows: SqlValue[][] = [];
    const leaves: SqlValue[][] = [];
    for (const image of unique.slice(at, at + ROWS_PER_STATEMENT)) {
      const uploaded = Date.parse(image.uploaded);
      const meta = image.meta !== null && typeof image.meta === 'object' && !Array.isArray(image.meta) ? image.meta : {};
      const nameFolded = searchFold(image.filename);
      const idFolded = searchFold(image.id);
      rows.push([
        image.id,
        image.filename,
        nameFolded,
        idFolded,
        image.creator,
        JSON.stringify(meta),
        image.requireSignedURLs ? 1 : 0,
        Number.isFinite(uploaded) ? uploaded : 0,
        JSON.stringify(image.variants ?? []),
        hayOf(nameFolded, idFolded),
      ]);
      for (const leaf of metadataLeaves(meta)) {
        const type = TYPE_TAG[typeof leaf.value as 'string' | 'number' | 'boolean'];
        leaves.push([image.id, leaf.path.join('.'), type, typeof leaf.value === 'boolean' ? (leaf.value ? 1 : 0) : leaf.value]);
      }
    }
    const col = (n: number) => `json_extract(value, '$[${n}]')`;
    statements.push(
      {
        // `WHERE true`: an upsert's SELECT needs a WHERE clause, or SQLite reads ON CONFLICT as a join constraint.
        sql: `INSERT INTO images (id, filename, name_lc, id_lc, creator, meta, private, uploaded, variants, hay, walk)
              SELECT ${[0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map(col).join(', ')}, ${walk} FROM json_each(?) WHERE true
              ON CONFLICT (id) DO UPDATE SET filename = excluded.filename, name_lc = excluded.name_lc, hay = excluded.hay,
                creator = excluded.creator, meta = excluded.meta, private = excluded.private,
                uploaded = excluded.uploaded, variants = excluded.variants, walk = max(walk, excluded.walk)`,
        params: [JSON.stringify(rows)],
      },
      {
        sql: 'DELETE FROM image_meta WHERE seq IN (SELECT seq FROM images WHERE id IN (SELECT value FROM json_each(?)))',
        params: [JSON.stringify(rows.map((row) => row[0]))],
      },
    );
    if (leaves.length > 0) {
      statements.push({
        sql: `INSERT INTO image_meta (seq, path, type, value)
              SELECT images.seq, ${col(1)}, ${col(2)}, ${col(3)} FROM json_each(?) JOIN images ON images.id = ${col(0)}`,
        params: [JSON.stringify(leaves)],
      });
    }
  }
  return statements;
}

/** The statements that drop images (and their leaves) by id. */
function removeStatements(ids: readonly string[]): SqlStatement[] {
  const statements: SqlStatement[] = [];
  for (let at = 0; at < ids.length; at += ROWS_PER_STATEMENT) {
    const list = JSON.stringify(ids.slice(at, at + ROWS_PER_STATEMENT));
    statements.push(
      { sql: 'DELETE FROM image_meta WHERE seq IN (SELECT seq FROM images WHERE id IN (SELECT value FROM json_each(?)))', params: [list] },
      { sql: 'DELETE FROM images WHERE id IN (SELECT value FROM json_each(?))', params: [list] },
    );
  }
  return statements;
}

/** At most this many statements per transaction (a D1 batch is one request). A walk page is one transaction. */
const BATCH_STATEMENTS = 2000;

export class SqlIndex implements AccountIndex {
  private ready: Promise<void> | undefined;

  /** A synchronous driver records a list answer a statement's worth of images per turn (list-answer-feed.ts). */
  readonly recordSlice: number | undefined;

  constructor(private readonly driver: SqlDriver) {
    this.recordSlice = driver.synchronous ? ROWS_PER_STATEMENT : undefined;
  }

  /** Creates the tables and indexes once per instance (cheap when they exist), migrating an older index first. */
  private init(): Promise<void> {
    this.ready ??= this.createSchema().catch((error: unknown) => {
      this.ready = undefined;
      throw error;
    });
    return this.ready;
  }

  private async createSchema(): Promise<void> {
    const run = (sqls: string[]) => this.driver.batch(sqls.map((sql) => ({ sql, params: [] })));
    const hasHay = async () => (await this.driver.all<{ name: string }>('PRAGMA table_info(images)', [])).some((c) => c.name === 'hay');
    await run(SCHEMA);
    if (!(await hasHay())) {
      // Another process opening the same index may have migrated it meanwhile: then its column is there.
      await run(HAY_MIGRATION).catch(async (error: unknown) => {
        if (!(await hasHay())) throw error;
      });
    }
    await run(INDEXES);
  }

  private async all<T>(sql: string, params: SqlValue[]): Promise<T[]> {
    await this.init();
    return this.driver.all<T>(sql, params);
  }

  private async batch(statements: SqlStatement[]): Promise<void> {
    await this.init();
    for (let i = 0; i < statements.length; i += BATCH_STATEMENTS) {
      await this.driver.batch(statements.slice(i, i + BATCH_STATEMENTS));
    }
  }

  async search(query: SearchQuery, after: Cursor | undefined): Promise<SearchPage> {
    const where = whereClause(query);
    const desc = query.sortOrder === 'desc';
    const keyset = after ? ` AND (uploaded, seq) ${desc ? '<' : '>'} (${numberLiteral(after.uploaded)}, ${numberLiteral(after.seq)})` : '';
    const dir = desc ? 'DESC' : 'ASC';
    const count = () => this.all<{ n: number }>(`SELECT count(*) AS n FROM images WHERE ${where.sql}`, where.params);
    let rows: PageRow[];
    let total: number | undefined;
    if (query.q !== undefined) {
      // `q` drives: one scan of `images_by_hay` finds the matches (covering: the needle's column and `uploaded`),
      // counted and sorted there; only the page's rows are read. Walking `images_by_upload` in order instead reads
      // every row until the page is full: all of them when the matches are at the far end.
      rows = await this.all<PageRow>(
        `WITH hits AS MATERIALIZED (SELECT seq, uploaded FROM images WHERE ${where.sql}),
           top AS (SELECT seq, uploaded FROM hits WHERE true${keyset} ORDER BY uploaded ${dir}, seq ${dir} LIMIT ${query.perPage + 1})
         SELECT i.seq, i.uploaded, ${imageJsonSql('i')} AS json, (SELECT count(*) FROM hits) AS total
         FROM top JOIN images AS i ON i.seq = top.seq ORDER BY top.uploaded ${dir}, top.seq ${dir}`,
        where.params,
      );
      total = rows.length > 0 ? rows[0]?.total : (await count())[0]?.n;
    } else {
      // Filters drive (the value index), or the upload order does: the first page's rows are read in order.
      const [found, counted] = await Promise.all([
        this.all<PageRow>(
          `SELECT seq, uploaded, ${imageJsonSql('images')} AS json FROM images
           WHERE ${where.sql}${keyset} ORDER BY uploaded ${dir}, seq ${dir} LIMIT ${query.perPage + 1}`,
          where.params,
        ),
        count(),
      ]);
      rows = found;
      total = counted[0]?.n;
    }
    const more = rows.length > query.perPage;
    const page = more ? rows.slice(0, query.perPage) : rows;
    const last = page.at(-1);
    return {
      images: await this.pageJson(page),
      next: more && last ? { uploaded: last.uploaded, seq: last.seq } : null,
      total: total ?? 0,
    };
  }

  /** Each row's JSON; the rows SQLite could not write (`imageJsonSql`) are read whole and written here. */
  private async pageJson(page: readonly PageRow[]): Promise<string[]> {
    const missing = page.filter((row) => row.json === null).map((row) => row.seq);
    if (missing.length === 0) return page.map((row) => row.json as string);
    const whole = await this.all<ImageRow>(
      'SELECT seq, id, filename, creator, meta, private, uploaded, variants FROM images WHERE seq IN (SELECT value FROM json_each(?))',
      [JSON.stringify(missing)],
    );
    const bySeq = new Map(whole.map((row) => [row.seq, imageJsonFromRow(row)]));
    // A row removed between the two reads is left out, as if the page had been read after the removal.
    return page.flatMap((row) => row.json ?? bySeq.get(row.seq) ?? []);
  }

  private matching(query: SearchQuery): { sql: string; params: SqlValue[] } {
    const where = whereClause(query);
    return where.sql === '1'
      ? { sql: '', params: [] }
      : { sql: ` AND seq IN (SELECT seq FROM images WHERE ${where.sql})`, params: where.params };
  }

  async facets(query: SearchQuery, key: string[]): Promise<FacetsResult> {
    const path = key.join('.');
    const m = this.matching(query);
    const where = whereClause(query);
    const [values, present, total] = await Promise.all([
      this.all<{ type: 'b' | 'n' | 's'; value: string | number; n: number }>(
        `SELECT type, value, count(*) AS n FROM image_meta WHERE path = ?${m.sql}
         GROUP BY type, value ORDER BY n DESC, type, value LIMIT ${SEARCH_LIMITS.facetValues}`,
        [path, ...m.params],
      ),
      this.all<{ n: number }>(`SELECT count(*) AS n FROM image_meta WHERE path = ?${m.sql}`, [path, ...m.params]),
      this.all<{ n: number }>(`SELECT count(*) AS n FROM images WHERE ${where.sql}`, where.params),
    ]);
    const list: FacetValue[] = values.map((row) => ({
      value: row.type === 'b' ? row.value === 1 : row.value,
      type: TAG_TYPE[row.type],
      count: row.n,
    }));
    // SQLite orders text by UTF-8 bytes; the contract's order is JavaScript's (they differ only past U+FFFF).
    list.sort(compareFacetValues);
    return { key: path, values: list, missing: (total[0]?.n ?? 0) - (present[0]?.n ?? 0) };
  }

  async facetKeys(query: SearchQuery): Promise<FacetKeysResult> {
    const m = this.matching(query);
    const rows = await this.all<{ path: string; n: number }>(
      `SELECT path, count(*) AS n FROM image_meta WHERE 1${m.sql} GROUP BY path ORDER BY n DESC, path LIMIT ${SEARCH_LIMITS.facetKeys}`,
      m.params,
    );
    return { keys: rows.map((row) => ({ key: row.path, count: row.n })) };
  }

  async status(): Promise<IndexStatus> {
    const [count, state] = await Promise.all([
      this.all<{ n: number }>('SELECT count(*) AS n FROM images', []),
      this.walkState(),
    ]);
    return {
      state: state.completedAt === null ? 'building' : 'ready',
      indexed: count[0]?.n ?? 0,
      updated: state.completedAt,
    };
  }

  async upsert(images: readonly CfImage[]): Promise<void> {
    await this.batch(upsertStatements(images, GENERATION));
  }

  async remove(ids: readonly string[]): Promise<void> {
    await this.batch(removeStatements(ids));
  }

  async walkState(): Promise<WalkState> {
    const rows = await this.all<{ state: string }>('SELECT state FROM walk_state WHERE id = 1', []);
    const saved = rows[0]?.state;
    return saved ? { ...INITIAL_WALK_STATE, ...(JSON.parse(saved) as Partial<WalkState>) } : { ...INITIAL_WALK_STATE };
  }

  async saveWalkStep(images: readonly CfImage[], state: WalkState, complete: boolean): Promise<void> {
    const generation = numberLiteral(state.generation);
    const statements = upsertStatements(images, generation);
    if (complete) {
      statements.push(
        { sql: `DELETE FROM image_meta WHERE seq IN (SELECT seq FROM images WHERE walk < ${generation})`, params: [] },
        { sql: `DELETE FROM images WHERE walk < ${generation}`, params: [] },
      );
    }
    // Last, so that a crash part-way leaves the previous state: the page is fetched and applied again.
    statements.push({
      sql: `INSERT INTO walk_state (id, generation, state) VALUES (1, ${generation}, ?)
            ON CONFLICT (id) DO UPDATE SET generation = excluded.generation, state = excluded.state`,
      params: [JSON.stringify(state)],
    });
    await this.batch(statements);
  }
}
