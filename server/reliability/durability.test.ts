/**
 * Durability of the local store (CONTRACT.md §4: "an upload that was answered with success survives a restart and
 * a `kill -9`"): 8 clients upload in parallel, the server is killed with SIGKILL mid-flight, the database is checked
 * read-only (`PRAGMA integrity_check`), the server restarts on the same DATA_DIR, and then:
 * - every upload answered with success is listed exactly once, and its original is delivered byte for byte;
 * - an upload without an answer is listed at most once, and if listed, is whole (its delivery works too).
 * Two rounds, so the second kill lands on a store that already went through one crash recovery.
 * And nothing the kill left stays: after the restart, no temporary file and no original that no row names (the kill
 * leaves some by chance; one of each is also planted, so that the sweep is tested every time).
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { LOCAL_ACCOUNT_ID } from '../config';
import { startNodeServer, type ChildServer } from './child-server';

const CLIENTS = 8;
const dataDir = mkdtempSync(join(tmpdir(), 'cfie-durability-'));
const env = { DATA_DIR: dataDir, DEMO_IMAGES: '0' };
let server: ChildServer | undefined;

afterAll(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

interface Upload {
  creator: string;
  bytes: Buffer;
  /** The id from a success answer; absent when the request got no answer (the server died). */
  id?: string;
}

interface ListedImage {
  id: string;
  creator: string | null;
  variants: string[];
}

/** A distinct 24×24 PNG per (round, client, n). */
function png(round: number, client: number, n: number): Promise<Buffer> {
  return sharp({
    create: { width: 24, height: 24, channels: 3, background: { r: round * 100 + client * 16, g: n % 256, b: Math.floor(n / 256) } },
  })
    .png()
    .toBuffer();
}

const uploadUrl = () => `${server!.url}/client/v4/accounts/${LOCAL_ACCOUNT_ID}/images/v1`;

/** Uploads until `stop()` says so; records every request, with the id when it was answered with success. */
async function uploadUntil(round: number, client: number, uploads: Upload[], stop: () => boolean): Promise<void> {
  for (let n = 0; !stop(); n += 1) {
    const creator = `r${round}-c${client}-n${n}`;
    const bytes = await png(round, client, n);
    const upload: Upload = { creator, bytes };
    uploads.push(upload);
    const form = new FormData();
    form.set('file', new Blob([new Uint8Array(bytes)], { type: 'image/png' }), `${creator}.png`);
    form.set('creator', creator);
    form.set('metadata', JSON.stringify({ round, client, n }));
    let status: number;
    let body: { success: boolean; result: { id: string; creator: string } };
    try {
      const res = await fetch(uploadUrl(), { method: 'POST', body: form, signal: AbortSignal.timeout(20_000) });
      status = res.status;
      body = (await res.json()) as typeof body;
    } catch (error) {
      // No (whole) answer: the server was killed under this request. Before the kill, a failure of the test.
      if (!stop()) throw error;
      return;
    }
    // An answer that is not a success is a failure, kill or no kill.
    if (status !== 200 || !body.success || body.result.creator !== creator) {
      throw new Error(`upload ${creator}: ${status} ${JSON.stringify(body)}`);
    }
    upload.id = body.result.id;
  }
}

async function listAll(): Promise<ListedImage[]> {
  const images: ListedImage[] = [];
  let token: string | null = null;
  do {
    const query: string = `per_page=10000&sort_order=asc${token ? `&continuation_token=${encodeURIComponent(token)}` : ''}`;
    const res = await fetch(`${server!.url}/client/v4/accounts/${LOCAL_ACCOUNT_ID}/images/v2?${query}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { result: { images: ListedImage[]; continuation_token: string | null } };
    images.push(...body.result.images);
    token = body.result.continuation_token;
  } while (token);
  return images;
}

/** The files in originals/ (uploads only: demo pictures live in originals/demo/). */
function originalFiles(): string[] {
  return readdirSync(join(dataDir, 'originals'), { withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => entry.name);
}

/** The original files the rows name, read with the server stopped (it holds the database locked while it runs). */
function filesOfRows(): Set<string> {
  const db = new Database(join(dataDir, 'images.db'), { readonly: true, fileMustExist: true });
  try {
    return new Set((db.prepare('SELECT file FROM images').all() as { file: string }[]).map((row) => row.file));
  } finally {
    db.close();
  }
}

function integrityCheck(): { result: string; rows: number } {
  // Read-only, after the kill and before the restart: what the crash left on disk, WAL included.
  const db = new Database(join(dataDir, 'images.db'), { readonly: true, fileMustExist: true });
  try {
    const result = db.pragma('integrity_check', { simple: true }) as string;
    const { n } = db.prepare('SELECT count(*) AS n FROM images').get() as { n: number };
    return { result, rows: n };
  } finally {
    db.close();
  }
}

async function deliveredOriginal(image: ListedImage): Promise<Buffer | null> {
  const url = image.variants.find((v) => v.endsWith('/original'));
  if (!url) return null;
  const res = await fetch(url);
  if (res.status !== 200) return null;
  return Buffer.from(await res.arrayBuffer());
}

describe('local store under kill -9', () => {
  const all: Upload[] = [];

  for (const round of [1, 2]) {
    it(`round ${round}: answered uploads survive kill -9 mid-flight, exactly once and whole`, async () => {
      server = await startNodeServer({ env });
      const uploads: Upload[] = [];
      let killed = false;
      const clients = Array.from({ length: CLIENTS }, (_, client) => uploadUntil(round, client, uploads, () => killed));
      // Kill once a fair number have been answered, while the others are in flight.
      const deadline = Date.now() + 20_000;
      while (uploads.filter((u) => u.id).length < 40 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      const victim = server;
      killed = true; // before the kill: a client may see its socket close before we see the exit
      await victim.kill9();
      await Promise.all(clients);
      expect((await victim.exited).signal).toBe('SIGKILL');
      all.push(...uploads);

      const answered = uploads.filter((u) => u.id);
      expect(answered.length).toBeGreaterThanOrEqual(40);
      expect(uploads.length - answered.length).toBeGreaterThan(0); // some were in flight when it died

      const check = integrityCheck();
      expect(check.result).toBe('ok');
      expect(check.rows).toBeGreaterThanOrEqual(all.filter((u) => u.id).length);
      const rowFiles = filesOfRows();
      const leftByKill = originalFiles().filter((name) => name.endsWith('.tmp') || !rowFiles.has(name));
      writeFileSync(join(dataDir, 'originals', `${String(round).repeat(64)}.png`), 'an original with no row');
      writeFileSync(join(dataDir, 'originals', `${String(round).repeat(64)}.png.0123456789ab.tmp`), 'half an upload');

      server = await startNodeServer({ env });
      const listed = await listAll();
      const byCreator = new Map<string, ListedImage[]>();
      for (const image of listed) byCreator.set(image.creator ?? '', [...(byCreator.get(image.creator ?? '') ?? []), image]);

      // Never twice, for any upload of any round.
      expect([...byCreator].filter(([, images]) => images.length > 1).map(([creator]) => creator)).toEqual([]);
      // Every answered upload, both rounds: listed under its id, and delivered byte for byte.
      for (const upload of all.filter((u) => u.id)) {
        const images = byCreator.get(upload.creator) ?? [];
        expect(images.map((i) => i.id), upload.creator).toEqual([upload.id]);
        expect((await deliveredOriginal(images[0]!))?.equals(upload.bytes), `${upload.creator} delivered whole`).toBe(true);
      }
      // Unanswered uploads: absent, or whole.
      for (const upload of all.filter((u) => !u.id)) {
        const images = byCreator.get(upload.creator) ?? [];
        if (images.length === 1) {
          expect((await deliveredOriginal(images[0]!))?.equals(upload.bytes), `${upload.creator} delivered whole`).toBe(true);
        }
      }
      const unanswered = all.filter((u) => !u.id);
      console.log(
        `round ${round}: ${answered.length} answered before kill -9, ${uploads.length - answered.length} in flight; ` +
          `after restart ${listed.length} listed in all, ${unanswered.filter((u) => byCreator.has(u.creator)).length} of ` +
          `${unanswered.length} unanswered (all rounds) present and whole; integrity_check: ${check.result}; ` +
          `left by the kill and swept at restart: ${leftByKill.length} files`,
      );
      // Nothing listed that nobody uploaded.
      const known = new Set(all.map((u) => u.creator));
      expect(listed.filter((image) => !known.has(image.creator ?? ''))).toEqual([]);
      await server.stop();
      // The restart swept what the kill left: every original is named by a row, and no temporary file is left.
      const files = filesOfRows();
      expect(originalFiles().filter((name) => name.endsWith('.tmp') || !files.has(name))).toEqual([]);
    }, 60_000);
  }
});
