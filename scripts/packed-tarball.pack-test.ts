/**
 * What a user of `npx cf-images-explorer` gets: `npm pack` (its `prepack` builds the dashboard and the server), the
 * tarball installed from its path into an empty folder (its dependencies from the registry), then started with
 * `npx cf-images-explorer` from that folder, with nothing of this checkout around. It must print its address,
 * serve the dashboard and list the demo images; the tarball must hold the build and no sources or tests.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LOCAL_ACCOUNT_ID } from '../server/config';

const repoRoot = new URL('..', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'cfie-pack-'));
let server: ChildProcess | undefined;

afterAll(() => {
  // npx runs the bin in a child process: stop the whole group it leads.
  if (server?.pid && server.exitCode === null) process.kill(-server.pid, 'SIGTERM');
  rmSync(work, { recursive: true, force: true });
});

/** Runs `npx cf-images-explorer` in `cwd` and resolves with the address it prints. */
function startPackaged(cwd: string): Promise<string> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    npm_config_cache: process.env.npm_config_cache,
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: join(work, 'data'),
    DEMO_IMAGES: '12',
    DEMO_SEED: '7',
  };
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
  const child = spawn('npx', ['--no-install', 'cf-images-explorer'], { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  server = child;
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the packaged server did not start:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const address = /open (http:\/\/\S+)/.exec(output)?.[1];
      if (address) {
        clearTimeout(timer);
        resolve(address);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`the packaged server exited with ${code}:\n${output}`)));
  });
}

describe('the packed tarball', () => {
  let tarball = '';

  it('holds the built server, the built dashboard and the bin, and no sources or tests', () => {
    // The build `prepack` would run, run first on its own: its output would be mixed into pack's JSON.
    execFileSync('npm', ['run', 'build', '--silent'], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] });
    const packed = JSON.parse(
      execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: repoRoot, encoding: 'utf8' }),
    ) as { filename: string; files: { path: string }[] }[];
    const files = packed[0]!.files.map((f) => f.path);
    tarball = join(work, packed[0]!.filename);
    expect(files).toEqual(expect.arrayContaining(['package.json', 'bin/cf-images-explorer.js', 'build/node.js', 'dist/index.html']));
    expect(files.filter((f) => /\.test\.|\.spec\.|\.tsx?$|^(src|server|e2e|scripts|bench)\//.test(f))).toEqual([]);
  });

  it('installs into an empty folder and starts with `npx cf-images-explorer`, listing the demo images', async () => {
    const app = join(work, 'app');
    execFileSync('mkdir', ['-p', app]);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'empty', private: true }));
    execFileSync('npm', ['install', tarball, '--no-audit', '--no-fund', '--prefer-offline'], { cwd: app, stdio: 'ignore' });

    const address = await startPackaged(app);
    const list = await fetch(`${address}/client/v4/accounts/${LOCAL_ACCOUNT_ID}/images/v2?per_page=100`);
    expect(list.status).toBe(200);
    const body = (await list.json()) as { success: boolean; result: { images: { id: string }[] } };
    expect(body.success).toBe(true);
    expect(body.result.images).toHaveLength(12);

    // The dashboard comes from the package's own dist/, not from the folder it was started in.
    const page = await fetch(address);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
  });
});
