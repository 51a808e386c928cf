/**
 * Runs the real Node server (server/node.ts) as a child process for reliability tests and `npm run loadtest`,
 * so that its memory, its crashes and its `kill -9` are its own and not the test runner's.
 *
 * Started as `node --import tsx server/node.ts` rather than the `tsx` CLI: the CLI forks a second Node process,
 * and the PID we measure (RSS) and kill must be the server itself.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** A TCP port that was free a moment ago on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Variables the server reads; the parent's values never leak into a child (a developer's real token, say). */
const SERVER_VARIABLES =
  /^(PORT|HOST|CLOUDFLARE_.*|UPSTREAM_TIMEOUT_MS|CACHE_TTL_MS|DASHBOARD_.*|ALLOWED_HOSTS|DATA_DIR|DEMO_.*)$/;

export function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) if (!SERVER_VARIABLES.test(name)) env[name] = value;
  return { ...env, NODE_ENV: 'production', ...extra };
}

export interface ChildServer {
  url: string;
  port: number;
  pid: number;
  process: ChildProcess;
  /** What the server printed (stdout and stderr): the first 8 KB and the last 32 KB. */
  output(): string;
  /** Resolves when the process has exited, with how. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Whether the process is still running. */
  alive(): boolean;
  /** Resident set size in bytes, from /proc (Linux) — the server's own memory. */
  rssBytes(): number;
  /** SIGTERM, then SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
  /** `kill -9`: no shutdown handler runs. */
  kill9(): Promise<void>;
}

export interface StartOptions {
  /** Environment for the server on top of a clean one; PORT and HOST are set here. */
  env: Record<string, string>;
  port?: number;
  startupTimeoutMs?: number;
  /** Extra Node flags, e.g. `--max-old-space-size=128` (the loadtest's `--node-args`). */
  nodeArgs?: string[];
  /** Run the built server (build/node.js, what `npm start` runs; benches) instead of the sources through tsx. */
  built?: boolean;
}

export function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  if (!match?.[1]) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(match[1]) * 1024;
}

/** Starts server/node.ts (or the built build/node.js) and waits for `/healthz`; fails with the server's output if it exits or hangs. */
export async function startNodeServer(options: StartOptions): Promise<ChildServer> {
  const port = options.port ?? (await freePort());
  const entry = options.built ? ['build/node.js'] : ['--import', 'tsx', 'server/node.ts'];
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), ...entry], {
    cwd: repoRoot,
    env: cleanEnv({ HOST: '127.0.0.1', ...options.env, PORT: String(port) }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // The request log under load is megabytes: keep the start (startup line) and the tail (the last errors).
  let head = '';
  let tail = '';
  const keep = (chunk: Buffer) => {
    const text = chunk.toString();
    if (head.length < 8192) head += text;
    else tail = (tail + text).slice(-32_768);
  };
  const output = () => (tail ? `${head}\n…\n${tail}` : head);
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let running = true;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => {
      running = false;
      resolve({ code, signal });
    }),
  );
  const url = `http://127.0.0.1:${port}`;
  const server: ChildServer = {
    url,
    port,
    pid: child.pid ?? -1,
    process: child,
    output,
    exited,
    alive: () => running,
    rssBytes: () => rssOf(child.pid ?? -1),
    async stop(graceMs = 5000) {
      if (!running) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
    async kill9() {
      if (!running) return;
      child.kill('SIGKILL');
      await exited;
    },
  };

  const deadline = Date.now() + (options.startupTimeoutMs ?? 60_000);
  while (Date.now() < deadline) {
    if (!running) throw new Error(`server exited during startup:\n${output()}`);
    try {
      const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return server;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await server.stop(1000);
  throw new Error(`server did not answer /healthz within ${options.startupTimeoutMs ?? 60_000} ms:\n${output()}`);
}

export interface RefusedStart {
  /** The exit code, or `null` when the server was still running after `timeoutMs` (and was then killed). */
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Starts server/node.ts expecting it to refuse to start (bad configuration, a busy port or DATA_DIR): resolves with
 * its exit code and output. A server still running after `timeoutMs`, or whose stdout matched `startedWhen`, is
 * killed and reported with `code: null`.
 */
export async function runRefusedStart(
  options: StartOptions & { timeoutMs?: number; /** Stop waiting (and kill it) once stdout matches. */ startedWhen?: RegExp },
): Promise<RefusedStart> {
  const port = options.port ?? (await freePort());
  const entry = options.built ? ['build/node.js'] : ['--import', 'tsx', 'server/node.ts'];
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), ...entry], {
    cwd: repoRoot,
    env: cleanEnv({ HOST: '127.0.0.1', ...options.env, PORT: String(port) }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let timedOut = false;
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    if (options.startedWhen?.test(stdout) && !timedOut) {
      timedOut = true;
      child.kill('SIGKILL');
    }
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, options.timeoutMs ?? 30_000);
  const code = await new Promise<number | null>((resolve) => child.on('exit', (exitCode) => resolve(exitCode)));
  clearTimeout(timer);
  return { code: timedOut ? null : code, stdout, stderr };
}
