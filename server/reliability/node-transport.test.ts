/**
 * The Node transport (server/node.ts) as a child process: the security headers every response carries (CONTRACT.md
 * §6) are set by the transport there, not by the app (docs/performance.md); a route's own stricter header still wins,
 * and the request log still gets its line.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNT, uploadForm, V1 } from '../local/test-helpers';
import { startNodeServer, type ChildServer } from './child-server';

const dataDir = mkdtempSync(join(tmpdir(), 'cfie-transport-'));
let server: ChildServer;

beforeAll(async () => {
  server = await startNodeServer({ env: { DATA_DIR: dataDir, DEMO_IMAGES: '3', CLOUDFLARE_ACCOUNT_ID: ACCOUNT } });
});
afterAll(async () => {
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

function expectSecurityHeaders(headers: Headers) {
  expect(headers.get('content-security-policy')).toMatch(/default-src 'self'/);
  expect(headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
  expect(headers.get('x-content-type-options')).toBe('nosniff');
  expect(headers.get('referrer-policy')).toBe('no-referrer');
  expect(headers.get('x-frame-options')).toBe('DENY');
}

describe('the Node transport', () => {
  it('puts the security headers on API answers, list pages, refusals and unknown routes', async () => {
    const answers = await Promise.all([
      fetch(`${server.url}/api/config`),
      fetch(`${server.url}${V1.replace('/v1', '/v2')}?per_page=10`),
      fetch(`${server.url}${V1.replace('/v1', '/v2')}?per_page=1`),
      fetch(`${server.url}/api/nothing-here`),
    ]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 400, 404]);
    for (const answer of answers) expectSecurityHeaders(answer.headers);
    const page = (await answers[1]!.json()) as { result: { images: unknown[] } };
    expect(page.result.images).toHaveLength(3);
  });

  it('writes a list page with its length, not in chunked transfer encoding', async () => {
    const answer = await fetch(`${server.url}${V1.replace('/v1', '/v2')}?per_page=10`);
    const bytes = new Uint8Array(await answer.arrayBuffer());
    expect(answer.status).toBe(200);
    expect(answer.headers.get('transfer-encoding')).toBeNull();
    expect(answer.headers.get('content-length')).toBe(String(bytes.length));
    expect((JSON.parse(new TextDecoder().decode(bytes)) as { result: { images: unknown[] } }).result.images).toHaveLength(3);
  });

  it('keeps a route’s own stricter policy (an SVG original) and logs each request', async () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="2"><script>alert(1)</script></svg>';
    const uploaded = await fetch(`${server.url}${V1}`, { method: 'POST', body: uploadForm({ file: new Blob([svg]) }, 'x.svg') });
    expect(uploaded.status).toBe(200);
    const { result } = (await uploaded.json()) as { result: { id: string; variants: string[] } };
    const original = result.variants.find((v) => v.endsWith('/original'))!;
    const answer = await fetch(`${server.url}${new URL(original).pathname}`);
    expect(answer.headers.get('content-type')).toBe('image/svg+xml');
    expect(answer.headers.get('content-security-policy')).toMatch(/default-src 'none'.*sandbox/);
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    await expect.poll(() => server.output(), { timeout: 5000 }).toContain(`POST ${V1} 200`);
  });

  it.each([
    ['a Host that is not a host', 'GET /healthz HTTP/1.1\r\nHost: localhost:abc\r\n'],
    ['a backslash in the path', 'GET /client/v4/accounts/x/images/v2\\x HTTP/1.1\r\nHost: localhost\r\n'],
    ['an asterisk for a path', 'GET * HTTP/1.1\r\nHost: localhost\r\n'],
    ['HTTP/1.1 without a Host', 'GET /healthz HTTP/1.1\r\n'],
  ])('answers a request it cannot read as a URL (%s) with 400 in the envelope, and logs it', async (_, head) => {
    const answer = await rawRequest(`${head}Connection: close\r\n\r\n`);
    const [headers = '', body = ''] = answer.split('\r\n\r\n');
    expect(headers).toMatch(/^HTTP\/1\.1 400 /);
    expect(headers.toLowerCase()).toContain('content-type: application/json');
    expect(headers.toLowerCase()).toContain('x-content-type-options: nosniff');
    expect(JSON.parse(body)).toMatchObject({ success: false, errors: [{ code: 5400 }], result: null });
    await expect.poll(() => server.output(), { timeout: 5000 }).toContain('malformed request refused');
  });

  it('logs a body the client broke off as that, not as an internal error with status 500', async () => {
    const head = `POST ${V1} HTTP/1.1\r\nHost: localhost\r\nContent-Type: multipart/form-data; boundary=XB\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n`;
    const answer = await rawRequest(`${head}5\r\n--XB\r\n\r\nzz\r\nabc\r\n`); // invalid chunk framing mid-body
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    await expect.poll(() => server.output(), { timeout: 5000 }).toContain('request body broke off');
    expect(server.output()).toContain(`POST ${V1} 400`);
    expect(server.output()).not.toContain('internal error');
    expect(server.output()).not.toMatch(/ 500 \d+ms/);
  });
});

/** One request written as it is on a fresh connection; the whole answer as text (the body is never chunked here). */
function rawRequest(text: string): Promise<string> {
  const { port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1', () => socket.write(text));
    let data = '';
    socket.on('data', (chunk) => (data += chunk.toString()));
    socket.on('end', () => resolve(data));
    socket.on('error', reject);
  });
}
