import type { Server } from 'node:http';
import { connect } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerClientErrors } from './client-errors';

let server: Server;
let base: string;

beforeAll(async () => {
  const app = new Hono();
  app.get('*', (c) => c.json({ ok: true }));
  server = createAdaptorServer({ fetch: app.fetch }) as Server;
  answerClientErrors(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('requests node:http refuses', () => {
  it('a query over 16 kB gets 431 in the envelope, saying what to shorten', async () => {
    const query = Array.from({ length: 900 }, (_, i) => `meta.key${i}[eq]=value`).join('&');
    expect(query.length).toBeGreaterThan(16_384);
    const res = await fetch(`${base}/client/v4/accounts/x/images/v2?${query}`);
    expect(res.status).toBe(431);
    expect(res.headers.get('content-type')).toBe('application/json');
    const body = (await res.json()) as { success: boolean; errors: { code: number; message: string }[] };
    expect(body.success).toBe(false);
    expect(body.errors[0]!.code).toBe(5400);
    expect(body.errors[0]!.message).toMatch(/at most 16 KB.*shorten the query/);
    // The server still answers ordinary requests.
    expect((await fetch(`${base}/ok`)).status).toBe(200);
  });

  it('a malformed request line gets 400 in the envelope', async () => {
    const text = await new Promise<string>((resolve, reject) => {
      const socket = connect((server.address() as { port: number }).port, '127.0.0.1', () => socket.write('GET / HTTP/1.1\r\nHost: localhost\r\nBad Header\r\n\r\n'));
      let data = '';
      socket.on('data', (chunk) => (data += chunk.toString()));
      socket.on('end', () => resolve(data));
      socket.on('error', reject);
    });
    expect(text).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4))).toMatchObject({ success: false, errors: [{ code: 5400 }] });
  });
});
