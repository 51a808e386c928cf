/**
 * Cloudflare mode's §7 routes against an upstream that answers oddly but legally, or hostilely (docs/CONTRACT.md §3,
 * §7, §8), over real HTTP on both sides: a gzip answer with its length, an error that echoes the token, an answer
 * of any size, a details answer that arrives after a write, an SVG original. The proxy's answer is whole, bounded,
 * redacted, and never undoes a write in the index.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../app';
import { openSqliteIndex } from '../index/sqlite-index';
import { pngBytes } from '../local/test-helpers';
import { expectNoSecrets } from '../test-support/proxy-harness';
import { cloudflareConfig, TEST_ACCOUNT_ID, TEST_API_TOKEN } from '../test-support/test-config';

const V1 = `/client/v4/accounts/${TEST_ACCOUNT_ID}/images/v1`;
const SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">${'<rect width="1" height="1"/>'.repeat(200)}</svg>`;

/** The upstream's images for details, PATCH and DELETE. */
const images = new Map<string, Record<string, unknown>>();
/** While set, details answers wait for it (a slow GET). */
let detailsGate: Promise<void> | null = null;
let detailsArrived: (() => void) | null = null;
const seen: string[] = [];
/** Bytes the `huge` answer had written when its connection closed. */
let hugeWritten = -1;

function image(id: string, meta: Record<string, unknown>): Record<string, unknown> {
  return {
    id,
    filename: `${id}.png`,
    creator: null,
    meta,
    requireSignedURLs: false,
    uploaded: '2026-01-02T03:04:05.000Z',
    variants: [`https://imagedelivery.net/AnswerHash000/${id}/public`],
  };
}

const envelope = (result: unknown) => JSON.stringify({ success: true, errors: [], messages: [], result });

function send(res: ServerResponse, status: number, type: string, body: Buffer, extra: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': type, 'content-length': String(body.length), ...extra });
  res.end(body);
}

async function handle(req: IncomingMessage, res: ServerResponse) {
  const path = new URL(req.url!, 'http://x').pathname;
  seen.push(`${req.method} ${path}`);
  const id = decodeURIComponent(path.slice(`${V1}/`.length));
  if (req.method === 'GET' && id === 'gz/blob') {
    send(res, 200, 'image/svg+xml', gzipSync(SVG), { 'content-encoding': 'gzip' });
  } else if (req.method === 'GET' && id === 'gzjson/blob') {
    // A JSON answer on the blob route (the proxy reads and redacts it).
    send(res, 200, 'application/json', gzipSync(envelope(image('gzjson', { pad: 'x'.repeat(300) }))), { 'content-encoding': 'gzip' });
  } else if (req.method === 'GET' && id === 'tok/blob') {
    const body = { success: false, errors: [{ code: 5404, message: `Image not found (token ${TEST_API_TOKEN})` }], messages: [], result: null };
    send(res, 404, 'application/json', Buffer.from(JSON.stringify(body)));
  } else if (req.method === 'GET' && id === 'huge') {
    // A 200 JSON answer of 256 MB, written as fast as it is read.
    res.writeHead(200, { 'content-type': 'application/json' });
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    let written = 0;
    res.on('close', () => (hugeWritten = written));
    const pump = () => {
      while (written < 256 * 1024 * 1024 && !res.destroyed) {
        written += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      res.end();
    };
    pump();
  } else if (req.method === 'GET' && id === 'svg/blob') {
    send(res, 200, 'image/svg+xml', Buffer.from(SVG));
  } else if (req.method === 'GET' && images.has(id)) {
    const answer = envelope(images.get(id));
    detailsArrived?.();
    if (detailsGate) await detailsGate;
    send(res, 200, 'application/json', Buffer.from(answer));
  } else if (req.method === 'DELETE' && images.has(id)) {
    images.delete(id);
    send(res, 200, 'application/json', Buffer.from(envelope({})));
  } else if (req.method === 'PATCH' && images.has(id)) {
    let text = '';
    for await (const part of req) text += String(part);
    const next = { ...images.get(id)!, meta: (JSON.parse(text) as { metadata: Record<string, unknown> }).metadata };
    images.set(id, next);
    send(res, 200, 'application/json', Buffer.from(envelope(next)));
  } else if (req.method === 'POST') {
    for await (const _ of req) void _;
    send(res, 200, 'application/json', Buffer.from(envelope(image('uploaded', {}))));
  } else {
    const body = { success: false, errors: [{ code: 5404, message: 'Image not found' }], messages: [], result: null };
    send(res, 404, 'application/json', Buffer.from(JSON.stringify(body)));
  }
}

let upstream: Server;
let server: ReturnType<typeof serve>;
let origin: string;
let dir: string;
let opened: ReturnType<typeof openSqliteIndex>;
const logs: string[] = [];

beforeAll(async () => {
  upstream = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/client/v4`;
  dir = mkdtempSync(join(tmpdir(), 'cfie-image-answers-'));
  opened = openSqliteIndex(dir);
  const app = createApp(cloudflareConfig(base, { ALLOW_WRITES: 'true' }), { log: (line) => logs.push(line), index: opened.index });
  server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  expectNoSecrets(logs.join('\n'), 'the log');
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    (server as unknown as { closeAllConnections(): void }).closeAllConnections();
  });
  upstream.closeAllConnections();
  await new Promise((resolve) => upstream.close(resolve));
  opened.close();
  rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => {
  seen.length = 0;
});

/** The whole answer within 3 s (a length that promises more than is sent would hang here). */
async function get(path: string, init?: RequestInit) {
  const res = await fetch(`${origin}${path}`, { ...init, signal: AbortSignal.timeout(3000) });
  const bytes = Buffer.from(await res.arrayBuffer());
  expectNoSecrets(bytes.toString('latin1') + [...res.headers].join('\n'), path);
  return { status: res.status, headers: res.headers, bytes, json: () => JSON.parse(bytes.toString()) as { success: boolean; errors: { code: number; message: string }[]; result: any } }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

describe('an answer the proxy changed carries no length of the upstream (§3, §7)', () => {
  it('a gzip blob with its compressed length: the client gets the whole original', async () => {
    const blob = await get(`${V1}/gz/blob`);
    expect(blob.status).toBe(200);
    expect(blob.bytes.toString()).toBe(SVG);
  });

  it('a gzip JSON answer to a blob request, with its compressed length: the client gets the whole envelope', async () => {
    const details = await get(`${V1}/gzjson/blob`);
    expect(details.json().result).toMatchObject({ id: 'gzjson' });
  });

  it('a blob error that echoes the token: redacted, whole, no hang', async () => {
    const refused = await get(`${V1}/tok/blob`);
    expect(refused.status).toBe(404);
    expect(refused.json().errors[0]!.message).toBe('Image not found (token [redacted])');
  });
});

describe('an upstream answer of any size (§7)', () => {
  it('is read up to the cap, then 502 / 7503, and the upstream connection is dropped', async () => {
    const answer = await get(`${V1}/huge`);
    expect(answer.status).toBe(502);
    expect(answer.json().errors[0]!.code).toBe(7503);
    expect(answer.json().errors[0]!.message).toMatch(/over 1048576 bytes/);
    for (let i = 0; i < 50 && hugeWritten < 0; i += 1) await new Promise((r) => setTimeout(r, 20));
    expect(hugeWritten).toBeGreaterThan(0);
    expect(hugeWritten).toBeLessThan(32 * 1024 * 1024);
  });
});

describe('an SVG original from Cloudflare gets the protections local mode gives it', () => {
  it('a sandboxing CSP and Content-Disposition: attachment', async () => {
    const blob = await get(`${V1}/svg/blob`);
    expect(blob.status).toBe(200);
    expect(blob.headers.get('content-type')).toBe('image/svg+xml');
    expect(blob.headers.get('content-length')).toBe(String(SVG.length)); // bytes as they came: their length passes
    expect(blob.bytes.toString()).toBe(SVG);
    expect(blob.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
    expect(blob.headers.get('content-disposition')).toMatch(/^attachment\b/);
  });
});

describe('the upload checks the file’s first bytes before forwarding (§7)', () => {
  const upload = (file: Blob, name: string) => {
    const form = new FormData();
    form.append('file', file, name);
    return get(V1, { method: 'POST', body: form });
  };

  it('a text file and an empty file: 415 / 5455, never forwarded; an image is forwarded', async () => {
    for (const [file, name] of [
      [new Blob(['just some text\n']), 'notes.png'],
      [new Blob([]), 'empty.png'],
    ] as const) {
      const refused = await upload(file, name);
      expect(refused.status, name).toBe(415);
      expect(refused.json().errors[0]!.code).toBe(5455);
    }
    expect(seen).toEqual([]);
    const ok = await upload(new Blob([new Uint8Array(await pngBytes(4, 4, '#123456'))]), 'a.png');
    expect(ok.status).toBe(200);
    expect(seen).toEqual([`POST ${V1}`]);
  });
});

describe('a details answer older than a write does not undo it in the index (§8)', () => {
  const search = async (q: string) => (await get(`/api/images?q=${encodeURIComponent(q)}`)).json().result as { total: number; images: { meta: Record<string, unknown> }[] };

  /** Runs `write` while a details GET of `id` is held upstream, then lets the GET answer. */
  async function writeDuringDetails(id: string, write: () => Promise<unknown>) {
    let open!: () => void;
    detailsGate = new Promise((resolve) => (open = resolve));
    const arrived = new Promise<void>((resolve) => (detailsArrived = resolve));
    const details = get(`${V1}/${encodeURIComponent(id)}`);
    await arrived;
    detailsGate = null;
    detailsArrived = null;
    await write();
    open();
    expect((await details).status).toBe(200);
  }

  it('a DELETE while a details GET is in flight: the image stays gone', async () => {
    images.set('race/deleted', image('race/deleted', { v: 'old' }));
    await get(`${V1}/race%2Fdeleted`);
    expect((await search('race/deleted')).total).toBe(1);
    await writeDuringDetails('race/deleted', async () => expect((await get(`${V1}/race%2Fdeleted`, { method: 'DELETE' })).status).toBe(200));
    expect((await search('race/deleted')).total).toBe(0);
  });

  it('a PATCH while a details GET is in flight: the new metadata stays', async () => {
    images.set('race/edited', image('race/edited', { v: 'old' }));
    await writeDuringDetails('race/edited', async () => {
      const patched = await get(`${V1}/race%2Fedited`, { method: 'PATCH', body: JSON.stringify({ metadata: { v: 'new' } }), headers: { 'content-type': 'application/json' } });
      expect(patched.status).toBe(200);
    });
    expect((await search('race/edited')).images.map((i) => i.meta.v)).toEqual(['new']);
  });
});
