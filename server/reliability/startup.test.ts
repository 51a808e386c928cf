/**
 * Start-up, with the real server as a child process (docs/CONTRACT.md §4, §6):
 * - one server process owns a DATA_DIR: a second one refuses to start, naming the folder and the holder's pid, and a
 *   `kill -9` of the holder does not leave the folder locked;
 * - a start-up failure (a busy port, a host that does not resolve) is one line naming the variable, never a stack.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startFakeUpstream } from '../test-support/fake-upstream';
import { TEST_ACCOUNT_ID, TEST_API_TOKEN } from '../test-support/test-config';
import { runRefusedStart, startNodeServer, type ChildServer, type RefusedStart } from './child-server';

const dataDir = mkdtempSync(join(tmpdir(), 'cfie-startup-'));
const env = { DATA_DIR: dataDir, DEMO_IMAGES: '3' };
const servers: ChildServer[] = [];

afterAll(async () => {
  for (const server of servers) await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/**
 * Stderr without @hono/node-server's own notice when no dashboard is built (`serveStatic: root path './dist' is not
 * found`): unit tests run before the build.
 */
function problems(stderr: string): string[] {
  return stderr
    .trim()
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('serveStatic:'));
}

/** A refusal is exit code 1 and exactly one line on stderr, with no stack trace. */
function expectOneLineRefusal(run: RefusedStart): string {
  expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(1);
  const lines = problems(run.stderr);
  expect(lines, run.stderr).toHaveLength(1);
  expect(run.stderr).not.toMatch(/^\s+at /m);
  return lines[0]!;
}

describe('one server per DATA_DIR', () => {
  it('a second server on the same folder refuses to start, naming the folder and the holder; kill -9 frees it', async () => {
    const first = await startNodeServer({ env });
    servers.push(first);

    const second = await runRefusedStart({ env });
    const line = expectOneLineRefusal(second);
    expect(line).toContain(resolve(dataDir));
    expect(line).toContain(`pid ${first.pid}`);
    expect(line).toContain('DATA_DIR');
    // The first server is unharmed and still answers.
    expect((await fetch(`${first.url}/healthz`)).status).toBe(200);

    // Through a path spelt differently (a trailing slash and a `..`), the same folder is still the same folder.
    const third = await runRefusedStart({ env: { ...env, DATA_DIR: `${dataDir}/../${dataDir.split('/').at(-1)}/` } });
    expect(expectOneLineRefusal(third)).toContain(`pid ${first.pid}`);

    await first.kill9();
    const after = await startNodeServer({ env });
    servers.push(after);
    const res = await fetch(`${after.url}/client/v4/accounts/10ca1000000000000000000000000000/images/v2`);
    expect(((await res.json()) as { result: { images: unknown[] } }).result.images).toHaveLength(3);
    await after.stop();

    // A clean stop frees it too.
    const again = await startNodeServer({ env });
    servers.push(again);
    await again.stop();
  }, 120_000);
});

describe('one server per DATA_DIR in cloudflare mode', () => {
  it('a second server on the folder of the index refuses to start, naming the holder: two would spend twice the budget', async () => {
    const upstream = await startFakeUpstream({ images: 10 });
    const cfDir = mkdtempSync(join(tmpdir(), 'cfie-startup-cf-'));
    const cfEnv = { CLOUDFLARE_ACCOUNT_ID: TEST_ACCOUNT_ID, CLOUDFLARE_API_TOKEN: TEST_API_TOKEN, CLOUDFLARE_BASE_URL: upstream.baseUrl, DATA_DIR: cfDir };
    try {
      const first = await startNodeServer({ env: cfEnv });
      servers.push(first);
      const line = expectOneLineRefusal(await runRefusedStart({ env: cfEnv }));
      expect(line).toContain(resolve(cfDir));
      expect(line).toContain(`pid ${first.pid}`);
      expect(line).not.toContain(TEST_API_TOKEN);
      expect((await fetch(`${first.url}/healthz`)).status).toBe(200);
      await first.kill9();
      const after = await startNodeServer({ env: cfEnv });
      servers.push(after);
      await after.stop();
      // INDEX=off: the folder is not used, so not held.
      const a = await startNodeServer({ env: { ...cfEnv, INDEX: 'off' } });
      const b = await startNodeServer({ env: { ...cfEnv, INDEX: 'off' } });
      servers.push(a, b);
      await a.stop();
      await b.stop();
    } finally {
      await upstream.close();
      rmSync(cfDir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('start-up failures are one line', () => {
  it('a port in use names PORT and what to do', async () => {
    const holder: Server = createServer();
    const port = await new Promise<number>((done) =>
      holder.listen(0, '127.0.0.1', () => done((holder.address() as { port: number }).port)),
    );
    try {
      const run = await runRefusedStart({ env: { DEMO_IMAGES: '0', DATA_DIR: mkdtempSync(join(tmpdir(), 'cfie-port-')) }, port });
      const line = expectOneLineRefusal(run);
      expect(line).toContain('PORT');
      expect(line).toContain(String(port));
      expect(line).toMatch(/in use/);
    } finally {
      holder.close();
    }
  }, 60_000);

  it('a HOST that does not resolve names HOST and what to do', async () => {
    const run = await runRefusedStart({
      env: { HOST: 'no-such-host.invalid', DASHBOARD_PASSWORD: 'a-password', DEMO_IMAGES: '0', DATA_DIR: mkdtempSync(join(tmpdir(), 'cfie-host-')) },
    });
    const line = expectOneLineRefusal(run);
    expect(line).toContain('HOST');
    expect(line).toContain('no-such-host.invalid');
  }, 60_000);

  it('HOST=[::1] (the bracketed form) listens on the IPv6 loopback', async () => {
    const run = await runRefusedStart({
      env: { HOST: '[::1]', DEMO_IMAGES: '0', DATA_DIR: mkdtempSync(join(tmpdir(), 'cfie-ipv6-')) },
      startedWhen: /open http:\/\/\[::1\]:\d+/,
    });
    expect(problems(run.stderr)).toEqual([]);
    expect(run.code, run.stdout).toBeNull(); // still running when its address was printed: it started
    expect(run.stdout).toMatch(/open http:\/\/\[::1\]:\d+/);
  }, 60_000);
});
