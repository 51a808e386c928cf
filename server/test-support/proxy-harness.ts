/**
 * The proxy under test, for real: the fake upstream plus the app in cloudflare mode served over HTTP on 127.0.0.1,
 * with its log captured. Every answer read through `call` is checked for leaked credentials.
 *
 * Two upstream transports, as in production: `node` (server/proxy/node-upstream.ts, what server/node.ts uses: gzip
 * passed through) and `fetch` (the global fetch, what Workers use). Suites run against both with `TRANSPORTS`.
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Hono, MiddlewareHandler } from 'hono';
import { expect } from 'vitest';
import { createApp } from '../app';
import { createUpstreamServices, type UpstreamServices } from '../proxy/upstream-services';
import type { EnvInput } from '../env';
import type { ProxyTuning } from '../proxy/list-proxy';
import { createNodeUpstreamFetch } from '../proxy/node-upstream';
import type { Clock } from '../proxy/rate-budget';
import { startFakeUpstream, type FakeUpstream, type FakeUpstreamOptions } from './fake-upstream';
import { TEST_ACCOUNT_ID, TEST_API_KEY, TEST_API_TOKEN, TEST_SIGNING_KEY, cloudflareConfig } from './test-config';

/** Credentials no answer, header or log line may contain. */
export const SECRETS = [TEST_API_TOKEN, TEST_API_KEY, TEST_SIGNING_KEY];

/** Fails the test when `text` contains a secret; names which one (by position, never the value). */
export function expectNoSecrets(text: string, where: string): void {
  SECRETS.forEach((secret, i) => expect(text.includes(secret), `secret #${i} leaked in ${where}`).toBe(false));
}

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  json: () => unknown;
}

export interface ProxyHarness {
  upstream: FakeUpstream;
  /** The app's rate budget and batch client; the budget's limit is `budgetLimit` (default: unlimited in practice). */
  services: UpstreamServices;
  app: Hono;
  /** `http://127.0.0.1:<port>` of the served app. */
  origin: string;
  /** Absolute list URL for the configured account with `query` (no `?`). */
  listUrl(query?: string, account?: string): string;
  logs: string[];
  /** Fetches over HTTP, reads the whole body and checks headers and body for leaked secrets. */
  call(url: string, init?: RequestInit): Promise<Answer>;
  close(): Promise<void>;
}

export type Transport = 'node' | 'fetch';
/** Both transports, for `describe.each`. */
export const TRANSPORTS: Transport[] = ['node', 'fetch'];

export interface ProxyHarnessOptions {
  /** Default `node`, like server/node.ts. */
  transport?: Transport;
  env?: EnvInput;
  tuning?: Partial<ProxyTuning>;
  upstream?: FakeUpstreamOptions;
  /** The rate budget's limit; default 1,000,000 so that suites about other things are not throttled. */
  budgetLimit?: number;
  /** The rate budget's and batch client's clock (default the real one). */
  clock?: Clock;
  /** The dashboard's files (server/node.ts and server/worker.ts pass their own). */
  assets?: MiddlewareHandler;
}

/** Fast retries for tests: waits are configuration, not seconds of sleep. */
export const FAST_TUNING: Partial<ProxyTuning> = { retryBaseMs: 20 };

export async function startProxyHarness(options: ProxyHarnessOptions = {}): Promise<ProxyHarness> {
  const upstream = await startFakeUpstream(options.upstream);
  const logs: string[] = [];
  // A fake with a batch host is the batch API too (docs/CONTRACT.md §10).
  const config = cloudflareConfig(upstream.baseUrl, {
    ...(options.upstream?.batch ? { CLOUDFLARE_BATCH_URL: `${upstream.origin}/batch` } : {}),
    ...options.env,
  });
  const services = createUpstreamServices(config, { limit: options.budgetLimit ?? 1_000_000, clock: options.clock }, (line) => logs.push(line))!;
  const app = createApp(config, {
    upstream: services,
    log: (line) => logs.push(line),
    proxy: { ...FAST_TUNING, ...options.tuning },
    ...(options.assets ? { assets: options.assets } : {}),
    ...((options.transport ?? 'node') === 'node' ? { upstreamFetch: createNodeUpstreamFetch() } : {}),
  });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    upstream,
    services,
    app,
    origin,
    logs,
    listUrl: (query = '', account = TEST_ACCOUNT_ID) =>
      `${origin}/client/v4/accounts/${account}/images/v2${query ? `?${query}` : ''}`,
    async call(url, init) {
      const res = await fetch(url, init);
      const text = await res.text();
      const headerText = [...res.headers].map(([k, v]) => `${k}: ${v}`).join('\n');
      expectNoSecrets(headerText, `headers of ${url}`);
      expectNoSecrets(text, `body of ${url}`);
      return { status: res.status, headers: res.headers, text, json: () => JSON.parse(text) as unknown };
    },
    async close() {
      expectNoSecrets(logs.join('\n'), 'the request log');
      const http = server as unknown as { closeAllConnections?: () => void };
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        http.closeAllConnections?.();
      });
      await upstream.close();
    },
  };
}

/** The error code of an envelope answer, checking the envelope's shape on the way. */
export function envelopeCode(answer: Answer): number | undefined {
  expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
  const body = answer.json() as { success: boolean; errors: { code: number }[]; result: unknown; messages: unknown[] };
  expect(body).toMatchObject({ success: false, result: null, messages: [] });
  return body.errors[0]?.code;
}
