/**
 * Cloudflare Workers entry: the same app as server/node.ts, built once per isolate from the Worker's bindings.
 * Everything else lives in app.ts. Local mode (SQLite, sharp) is a Node feature: without Cloudflare credentials
 * this Worker answers every route with a configuration error in Cloudflare's envelope (docs/workers.md).
 *
 * Bindings are typed by hand (two members) instead of pulling in @cloudflare/workers-types, whose globals clash
 * with @types/node in the project's single tsconfig (docs/decisions.md).
 */
import { Hono, type ExecutionContext, type MiddlewareHandler } from 'hono';
import { version } from '../package.json';
import { ErrorCode, errorEnvelope } from '../src/contract/envelope';
import { createApp } from './app';
import type { AppConfig } from './config';
import { parseEnv, type EnvInput } from './env';
import { d1Index, isD1Database } from './index/d1-index';
import { IndexWalker, runWalkFor } from './index/index-walker';
import { batchPageSource } from './index/list-page-source';
import type { SqlIndex } from './index/sql-index';
import { createUpstreamServices, type UpstreamServices } from './proxy/upstream-services';

/** The static-assets binding (`assets.binding` in wrangler.jsonc): `dist/` with the SPA fallback. */
export interface AssetsBinding {
  fetch(request: Request): Promise<Response>;
}

/** The Worker's `env`: vars and secrets are strings; `ASSETS` is the static-assets binding. */
export interface WorkerBindings {
  ASSETS?: AssetsBinding;
  [name: string]: unknown;
}

/** Secrets and vars a Cloudflare-mode Worker needs; named in the configuration error. */
const REQUIRED = 'CLOUDFLARE_ACCOUNT_ID (var or secret) and CLOUDFLARE_API_TOKEN (secret)';

/**
 * `HOST` and `PORT` describe a socket the Worker does not own; they are dropped so that the Node-only rule
 * "non-loopback HOST needs a password" cannot misfire here. Non-string bindings (ASSETS) are not configuration.
 */
export function envFromBindings(bindings: WorkerBindings): EnvInput {
  const env: EnvInput = {};
  for (const [name, value] of Object.entries(bindings)) {
    if (typeof value === 'string' && name !== 'HOST' && name !== 'PORT') env[name] = value;
  }
  return env;
}

/** Serves `dist/` through the assets binding; API-shaped paths never fall back to index.html. */
function assetsFrom(binding: AssetsBinding): MiddlewareHandler {
  return async (c, next) => {
    const path = c.req.path;
    if ((c.req.method !== 'GET' && c.req.method !== 'HEAD') || path.startsWith('/client/') || path.startsWith('/cdn-cgi/')) {
      return next();
    }
    const res = await binding.fetch(c.req.raw);
    // A fetched Response has immutable headers; copy it so the security middleware can add its own.
    return new Response(res.body, res);
  };
}

/** Every route: 503 / 7500 naming what to set. Headers match the app's security baseline (CONTRACT.md §6). */
export function misconfiguredApp(problems: string[]): Hono {
  const app = new Hono();
  app.all('*', (c) => {
    c.header('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'");
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'no-referrer');
    c.header('Cache-Control', 'no-store');
    return c.json(errorEnvelope(problems.map((message) => ({ code: ErrorCode.notConfigured, message }))), 503);
  });
  return app;
}

/**
 * What one isolate runs: the app, and (with an index) the walk of one Cron Trigger. Both share one rate budget and
 * one batch client (docs/CONTRACT.md §9, §10), so a walk that falls back to the global API counts against the same
 * budget as the requests this isolate proxies, and a Cloudflare 429 pauses both.
 */
export interface WorkerRuntime {
  app: Hono;
  /** One Cron Trigger's walk; absent without an index. */
  walk?: (log?: (line: string) => void) => Promise<string[]>;
}

/** Builds the runtime for these bindings, or the configuration-error app. Exported for tests. */
export function buildWorker(bindings: WorkerBindings, log: (line: string) => void = console.log): WorkerRuntime {
  const parsed = parseEnv(envFromBindings(bindings), version);
  if (!parsed.ok) {
    return { app: misconfiguredApp(parsed.problems.map((p) => `This Worker is misconfigured: ${p}`)) };
  }
  if (parsed.config.mode !== 'cloudflare') {
    return {
      app: misconfiguredApp([
        `This Worker is not configured: set ${REQUIRED} with \`wrangler secret put\` (local mode needs Node: run \`npm start\` instead). See docs/workers.md.`,
      ]),
    };
  }
  const config = parsed.config;
  const index = indexFor(config, bindings);
  // One line per isolate, never a secret (CONTRACT.md §1): which account, and whether the public URL is protected.
  log(
    `cf-images-explorer ${config.version} on Workers: cloudflare mode for account ${config.accountId}` +
      (config.access.dashboardPassword
        ? '; Basic auth on'
        : '; WARNING: DASHBOARD_PASSWORD is not set, anyone with the URL can browse these images (wrangler secret put DASHBOARD_PASSWORD)') +
      (index ? '; index on (D1 binding INDEX_DB, walked by the Cron Trigger)' : config.index.enabled ? '; index off (no D1 binding INDEX_DB, see docs/workers.md)' : '; index off (INDEX=off)'),
  );
  const upstream = createUpstreamServices(config, {}, log);
  const app = createApp(config, { log, upstream, ...(index ? { index } : {}), ...(bindings.ASSETS ? { assets: assetsFrom(bindings.ASSETS) } : {}) });
  return { app, ...(index && upstream ? { walk: (walkLog?: (line: string) => void) => scheduledWalk(config, index, upstream, walkLog ?? log) } : {}) };
}

/** The app alone (tests of routes and configuration errors). */
export function buildWorkerApp(bindings: WorkerBindings, log: (line: string) => void = console.log): Hono {
  return buildWorker(bindings, log).app;
}

/** The account index on D1 (docs/CONTRACT.md §8), when the binding is there and `INDEX` is not `off`. */
function indexFor(config: AppConfig, bindings: WorkerBindings): SqlIndex | undefined {
  return config.index.enabled && isD1Database(bindings.INDEX_DB) ? d1Index(bindings.INDEX_DB) : undefined;
}

/**
 * Most pages one Cron Trigger walks: each is one subrequest (a Worker invocation may make 50 on the free plan), plus
 * one for a batch token now and then. The next trigger resumes from the saved state.
 */
const PAGES_PER_TRIGGER = 20;

/**
 * One Cron Trigger: walk the account into D1 for a while, through the batch API, or within half of the isolate's
 * rate budget when the batch host is unavailable (server/index/list-page-source.ts).
 */
async function scheduledWalk(config: AppConfig, index: SqlIndex, upstream: UpstreamServices, log: (line: string) => void): Promise<string[]> {
  const walker = new IndexWalker(index, batchPageSource(upstream.batch, config.upstreamTimeoutMs), {
    refreshMinutes: config.index.refreshMinutes,
    recentWrites: upstream.recentWrites,
    accountHash: upstream.accountHash,
  });
  const outcomes = await runWalkFor(walker, { maxSteps: PAGES_PER_TRIGGER + 1, maxMs: 25_000 });
  const state = await index.walkState();
  log(
    `index: ${outcomes.join(', ')}; walk ${state.generation} ${state.phase}, ${state.seen} images; batch API ${upstream.batch.state()}` +
      (state.error ? `; last error: ${state.error}` : ''),
  );
  return outcomes;
}

// Bindings do not change within an isolate (a new deployment or secret starts new isolates), so build once.
let runtime: WorkerRuntime | undefined;

export default {
  fetch(request: Request, env: WorkerBindings, ctx: ExecutionContext): Response | Promise<Response> {
    runtime ??= buildWorker(env);
    return runtime.app.fetch(request, env, ctx);
  },
  // The Cron Trigger (wrangler.jsonc `triggers.crons`) walks the account index (docs/index.md).
  scheduled(_controller: unknown, env: WorkerBindings, ctx: ExecutionContext): void {
    runtime ??= buildWorker(env);
    if (runtime.walk) ctx.waitUntil(runtime.walk());
  },
};
