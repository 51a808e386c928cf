/**
 * An upstream that sends its headers and then stalls the body, through the real server (a child process): the
 * client's answer breaks off or is an envelope at the deadline (UPSTREAM_TIMEOUT_MS), and the server's output gets
 * one readable line for it, never a stack trace (docs/reliability.md).
 */
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ACCOUNT_ID, TEST_API_TOKEN } from '../test-support/test-config';
import { startNodeServer, type ChildServer } from './child-server';

const TIMEOUT_MS = 800;
let upstream: Server;
const stalled = new Set<ServerResponse>();
let server: ChildServer;

beforeAll(async () => {
  // Every request: 200 with a JSON content type and the first bytes of a body, then nothing, connection open.
  upstream = createServer((req, res) => {
    const blob = req.url?.endsWith('/blob');
    res.writeHead(200, { 'content-type': blob ? 'image/png' : 'application/json' });
    res.write(blob ? '\x89PNG\r\n' : '{"success":true,"errors":[],"result":{"images":[');
    stalled.add(res);
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  const { port } = upstream.address() as AddressInfo;
  server = await startNodeServer({
    env: {
      CLOUDFLARE_ACCOUNT_ID: TEST_ACCOUNT_ID,
      CLOUDFLARE_API_TOKEN: TEST_API_TOKEN,
      CLOUDFLARE_BASE_URL: `http://127.0.0.1:${port}/client/v4`,
      UPSTREAM_TIMEOUT_MS: String(TIMEOUT_MS),
      CACHE_TTL_MS: '0',
      INDEX: 'off',
    },
  });
});

afterAll(async () => {
  await server?.stop();
  for (const res of stalled) res.destroy();
  await new Promise((resolve) => upstream?.close(resolve));
});

/** Reads the answer to its end, or to where it broke off. */
async function answer(path: string): Promise<{ status: number; text: string | null }> {
  const res = await fetch(`${server.url}/client/v4/accounts/${TEST_ACCOUNT_ID}/images/${path}`);
  const text = await res.text().catch(() => null);
  return { status: res.status, text };
}

/** The server's output lines matching `needle`, once there are `expected` of them (or after 5 s). */
async function linesAbout(needle: RegExp, expected: number): Promise<string[]> {
  for (let i = 0; i < 50; i += 1) {
    const lines = server.output().split('\n').filter((line) => needle.test(line));
    if (lines.length >= expected) return lines;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return server.output().split('\n').filter((line) => needle.test(line));
}

describe('a stalled upstream body', () => {
  it('list: the answer breaks off at the deadline; the log has one line, no stack', async () => {
    const res = await answer('v2?per_page=50');
    expect(res.status).toBe(200);
    expect(res.text).toBeNull();
    expect(await linesAbout(/stalled|broke off/i, 1)).toEqual([`Cloudflare API answer broke off: upstream body stalled for ${TIMEOUT_MS} ms`]);
  });

  it('details (JSON) and blob: an envelope or a broken-off body, one line each, no stack', async () => {
    const details = await answer('v1/some-image');
    expect(details.status).toBe(504);
    expect(JSON.parse(details.text ?? '{}')).toMatchObject({ success: false, errors: [{ code: 7504 }] });
    const blob = await answer('v1/some-image/blob');
    expect(blob.status).toBe(200);
    expect(blob.text).toBeNull();
    expect(await linesAbout(/stalled|broke off/i, 2)).toEqual(Array(2).fill(`Cloudflare API answer broke off: upstream body stalled for ${TIMEOUT_MS} ms`));
  });

  it('printed no stack trace and no token', async () => {
    // Give the streamed answers' deadlines time to pass and be reported.
    await new Promise((resolve) => setTimeout(resolve, TIMEOUT_MS * 2));
    const output = server.output();
    expect(output).not.toMatch(/^\s+at /m);
    expect(output).not.toMatch(/internal error/);
    expect(output).not.toContain(TEST_API_TOKEN);
  });
});
