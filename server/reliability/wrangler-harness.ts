/**
 * Runs the Worker for real: `wrangler dev` (workerd, offline) on the repo's own wrangler.jsonc, with the assets
 * directory and the variables swapped for the test's. The config is copied to a temp dir so that the variables
 * file (`--env-file`, which may hold a test token) and wrangler's state never land in the repo.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { cleanEnv, freePort, repoRoot } from './child-server';

/** wrangler.jsonc as an object (JSON with comments, parsed by TypeScript's own JSONC reader). */
export function readWranglerConfig(): Record<string, unknown> & { assets: Record<string, unknown>; main: string } {
  const { config, error } = ts.parseConfigFileTextToJson(
    'wrangler.jsonc',
    readFileSync(join(repoRoot, 'wrangler.jsonc'), 'utf8'),
  );
  if (error) throw new Error(`wrangler.jsonc: ${ts.flattenDiagnosticMessageText(error.messageText, '\n')}`);
  return config;
}

export interface WranglerWorkspace {
  dir: string;
  configPath: string;
  assetsDir: string;
  envFile: string;
  remove(): void;
}

/**
 * A temp dir with a copy of wrangler.jsonc pointing at the repo's worker and at `assets/` (a stand-in for
 * `dist/` holding `index.html`), and `test.env` with `vars`.
 */
export function wranglerWorkspace(
  vars: Record<string, string>,
  indexHtml: string,
  /** Added to the copied configuration, e.g. a `d1_databases` binding for local D1. */
  extraConfig: Record<string, unknown> = {},
): WranglerWorkspace {
  const dir = mkdtempSync(join(tmpdir(), 'cfie-worker-'));
  const assetsDir = join(dir, 'assets');
  mkdirSync(assetsDir);
  writeFileSync(join(assetsDir, 'index.html'), indexHtml);
  const config = readWranglerConfig();
  config.main = join(repoRoot, config.main);
  config.assets.directory = assetsDir;
  Object.assign(config, extraConfig);
  const configPath = join(dir, 'wrangler.json');
  writeFileSync(configPath, JSON.stringify(config, null, 2));
  const envFile = join(dir, 'test.env');
  writeFileSync(envFile, Object.entries(vars).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join('\n') + '\n', {
    mode: 0o600,
  });
  return { dir, configPath, assetsDir, envFile, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Environment for wrangler itself: no inherited Cloudflare credentials, no telemetry, no prompts. */
function wranglerProcessEnv(): NodeJS.ProcessEnv {
  return cleanEnv({ WRANGLER_SEND_METRICS: 'false', CI: '1', NO_COLOR: '1', FORCE_COLOR: '0' });
}

export interface RunningWorker {
  url: string;
  port: number;
  output(): string;
  stop(): Promise<void>;
}

/** `wrangler dev` on 127.0.0.1:<free port>; resolves once the Worker answers any HTTP request. */
export async function startWranglerDev(
  workspace: WranglerWorkspace,
  startupTimeoutMs = 90_000,
  /** `--test-scheduled`: `GET /__scheduled?cron=…` runs the Worker's `scheduled` handler. */
  options: { testScheduled?: boolean } = {},
): Promise<RunningWorker> {
  const port = await freePort();
  const inspectorPort = await freePort();
  const child = spawn(
    join(repoRoot, 'node_modules', '.bin', 'wrangler'),
    [
      'dev',
      '--config', workspace.configPath,
      '--env-file', workspace.envFile,
      '--ip', '127.0.0.1',
      '--port', String(port),
      '--inspector-port', String(inspectorPort),
      '--persist-to', join(workspace.dir, 'state'),
      '--show-interactive-dev-session=false',
      '--local',
      ...(options.testScheduled ? ['--test-scheduled'] : []),
    ],
    // Its own process group: wrangler starts workerd, and stop() must end both.
    { cwd: workspace.dir, env: wranglerProcessEnv(), stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  let running = true;
  const exited = new Promise<void>((resolve) =>
    child.on('exit', () => {
      running = false;
      resolve();
    }),
  );
  const killGroup = (signal: NodeJS.Signals) => {
    try {
      if (child.pid) process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };
  const worker: RunningWorker = {
    url: `http://127.0.0.1:${port}`,
    port,
    output: () => output,
    async stop() {
      killGroup('SIGTERM');
      const timer = setTimeout(() => killGroup('SIGKILL'), 5000);
      if (running) await exited;
      clearTimeout(timer);
      // workerd may outlive wrangler by a moment; the group kill covers it.
      killGroup('SIGKILL');
    },
  };
  const deadline = Date.now() + startupTimeoutMs;
  while (Date.now() < deadline) {
    if (!running) throw new Error(`wrangler dev exited during startup:\n${output}`);
    try {
      await fetch(`${worker.url}/healthz`, { signal: AbortSignal.timeout(5000) });
      return worker;
    } catch {
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  await worker.stop();
  throw new Error(`wrangler dev did not answer within ${startupTimeoutMs} ms:\n${output}`);
}

/**
 * `wrangler deploy --dry-run --outdir`: bundles the Worker exactly as a deploy would, without uploading.
 * Returns the bundle and its source map's list of sources.
 */
export async function bundleWorker(workspace: WranglerWorkspace, extraEnv: Record<string, string> = {}) {
  const outdir = join(workspace.dir, 'bundle');
  const child = spawn(
    join(repoRoot, 'node_modules', '.bin', 'wrangler'),
    ['deploy', '--dry-run', '--outdir', outdir, '--config', workspace.configPath],
    { cwd: workspace.dir, env: { ...wranglerProcessEnv(), ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  if (code !== 0) throw new Error(`wrangler deploy --dry-run failed (${code}):\n${output}`);
  const code_ = readFileSync(join(outdir, 'worker.js'), 'utf8');
  const map = JSON.parse(readFileSync(join(outdir, 'worker.js.map'), 'utf8')) as { sources: string[] };
  return { code: code_, sources: map.sources, output };
}
