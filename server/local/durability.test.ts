/**
 * CONTRACT.md §4: an upload answered with success survives a restart and a `kill -9`. Runs the real entry
 * (`server/node.ts` through tsx) as a child process, SIGKILLs it right after the last successful answer (with more uploads
 * still in flight), restarts it on the same DATA_DIR and checks every answered upload is listed exactly once.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { ACCOUNT, pngBytes, tempDataDir } from './test-helpers';

const dataDir = tempDataDir();
const children: ChildProcess[] = [];

afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** Starts the server and resolves once it logged its one start-up line. */
async function start(): Promise<{ child: ChildProcess; base: string }> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, DATA_DIR: dataDir, PORT: String(port), DEMO_IMAGES: '0' };
  // `node --import tsx` rather than the `tsx` wrapper: the wrapper runs the server in a child process, and a SIGKILL
  // of the wrapper would leave the server running instead of killing it.
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/node.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('open http://')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
  return { child, base: `http://127.0.0.1:${port}/client/v4/accounts/${ACCOUNT}/images` };
}

function uploadOnce(base: string, bytes: Buffer, n: number): Promise<Response> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)]), `d${n}.png`);
  form.append('metadata', JSON.stringify({ n }));
  return fetch(`${base}/v1`, { method: 'POST', body: form });
}

describe('durability', () => {
  it('keeps every answered upload through kill -9 and a restart; the database stays intact', async () => {
    const first = await start();
    const bytes = await pngBytes(16, 16, '#abcdef');
    const answered: string[] = [];
    const N = 24;
    for (let i = 0; i < N; i += 4) {
      const batch = await Promise.all([0, 1, 2, 3].map((k) => uploadOnce(first.base, bytes, i + k)));
      for (const res of batch) {
        expect(res.status).toBe(200);
        answered.push(((await res.json()) as { result: { id: string } }).result.id);
      }
    }
    // More uploads in flight when the process dies: whatever happens to them, nothing may break.
    const inFlight = Array.from({ length: 4 }, (_, k) => uploadOnce(first.base, bytes, 100 + k).catch(() => null));
    const exited = new Promise((resolve) => first.child.once('exit', resolve));
    first.child.kill('SIGKILL');
    await exited;
    await Promise.all(inFlight);
    expect(() => process.kill(first.child.pid!, 0)).toThrow(); // really gone, not orphaned

    const second = await start();
    try {
      const res = await fetch(`${second.base}/v2?per_page=10000`);
      expect(res.status).toBe(200);
      const ids = ((await res.json()) as { result: { images: { id: string }[] } }).result.images.map((i) => i.id);
      for (const id of answered) expect(ids.filter((x) => x === id), id).toHaveLength(1);
      expect(new Set(ids).size).toBe(ids.length);
      const original = await fetch(`${second.base.replace(/\/client\/v4.*/, '')}/cdn-cgi/imagedelivery/LocalImagesExplorer000/${answered.at(-1)}/original`);
      expect(Buffer.from(await original.arrayBuffer()).equals(bytes)).toBe(true);
    } finally {
      const exited2 = new Promise((resolve) => second.child.once('exit', resolve));
      second.child.kill('SIGTERM');
      await exited2;
    }
    const db = new Database(join(dataDir, 'images.db'), { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect((db.prepare('SELECT count(*) AS n FROM images').get() as { n: number }).n).toBeGreaterThanOrEqual(N);
    } finally {
      db.close();
    }
  });
});
