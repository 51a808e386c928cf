/**
 * Node entry: parse the environment, build the app, listen. Everything else lives in app.ts.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { getRequestListener } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import type { MiddlewareHandler } from 'hono';
import { createApp, securityHeaderOptions, type AppOptions } from './app';
import { parseEnv } from './env';
import { createLocalImagesApi } from './local';
import { answerClientErrors, refuseMissingHost, requestErrorAnswer } from './lib/client-errors';
import { batchedLog } from './lib/batched-log';
import { builtAssets } from './lib/built-assets';
import { securityHeaderList } from './middleware/security-headers';
import { DataDirInUseError } from './lib/data-dir-lock';
import { createNodeIndex } from './index/node-index';
import { createNodeUpstreamFetch } from './proxy/node-upstream';
import { createUpstreamServices } from './proxy/upstream-services';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

/** A start-up failure a person can fix: one line naming the variable and what to do, never a stack trace. */
function refuseToStart(problem: string): never {
  console.error(`cf-images-explorer cannot start: ${problem}`);
  process.exit(1);
}

const env = parseEnv(process.env, version);
if (!env.ok) {
  if (env.problems.length === 1) refuseToStart(env.problems[0]!);
  console.error(`cf-images-explorer cannot start:\n${env.problems.map((p) => `  - ${p}`).join('\n')}`);
  process.exit(1);
}
const config = env.config;
for (const warning of env.warnings) console.warn(`cf-images-explorer: WARNING: ${warning}`);

/**
 * The built dashboard from dist/ next to this file's folder (server/ when run through tsx, build/ once built), not
 * the working directory: `npx cf-images-explorer` runs from anywhere. index.html answers client-side routes. The
 * content-hashed files are kept in memory (lib/built-assets.ts); index.html is read on each visit, so a rebuild shows.
 */
const dist = fileURLToPath(new URL('../dist', import.meta.url));
const file = serveStatic({ root: dist });
const index = serveStatic({ root: dist, path: 'index.html' });
const notFound = async () => undefined;
const built = builtAssets(dist);
const assets: MiddlewareHandler = async (c, next) => {
  const inMemory = await built(c, notFound);
  if (inMemory) return inMemory;
  // serveStatic answers with the Response it returns; a Response returned from its `next` would be dropped.
  const found = await file(c, notFound);
  if (found) return found;
  if (c.req.method === 'GET' && !c.req.path.startsWith('/client/') && !c.req.path.startsWith('/cdn-cgi/')) {
    const page = await index(c, notFound);
    if (page) return page;
  }
  await next();
};

// node:http to Cloudflare rather than the global fetch: gzip is passed through undecoded (docs/proxy.md). The
// request log is written in batches and the security headers by the transport (docs/performance.md).
const log = batchedLog();
process.on('exit', () => log.flush());
const options: AppOptions = { assets, upstreamFetch: createNodeUpstreamFetch(), log, securityHeadersByTransport: true };
let local: Awaited<ReturnType<typeof createLocalImagesApi>> | undefined;
if (config.mode === 'local') {
  try {
    local = await createLocalImagesApi(config);
    options.local = local;
  } catch (error) {
    if (error instanceof DataDirInUseError) refuseToStart(error.message);
    const { code, path } = error as NodeJS.ErrnoException;
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS' || code === 'ENOTDIR' || code === 'ENOSPC') {
      refuseToStart(`DATA_DIR ${config.local.dataDir} cannot be used (${code}${path ? ` on ${path}` : ''}); set DATA_DIR to a folder this user can write`);
    }
    throw error;
  }
}

// One rate budget and one batch client for the proxy and the index walk alike (docs/CONTRACT.md §9, §10).
options.upstream = createUpstreamServices(config, {}, (line) => console.log(line));
let indexHandle: ReturnType<typeof createNodeIndex>;
try {
  indexHandle = createNodeIndex(config, local, { upstream: options.upstream });
} catch (error) {
  if (error instanceof DataDirInUseError) refuseToStart(error.message);
  throw error;
}
options.index = indexHandle?.index;

const app = createApp(config, options);
const { host: hostname, port } = config.access;
const headers = await securityHeaderList(securityHeaderOptions(config));
// Every response carries the security headers (CONTRACT.md §6): set on the outgoing response before the app
// answers, so one a route sets itself wins (Node's writeHead takes precedence over setHeader), as the middleware's
// `overwrite: false` does.
const listener = getRequestListener(app.fetch, { hostname, errorHandler: requestErrorAnswer(log) });
const server = createServer({ requireHostHeader: false }, (req, res) => {
  for (const [name, value] of headers) res.setHeader(name, value);
  if (refuseMissingHost(req, res, log)) return;
  void listener(req, res);
});
server.listen(port, hostname, () => {
  const info = server.address() as AddressInfo;
  const host = info.family === 'IPv6' ? `[${info.address}]` : info.address;
  const where =
    config.mode === 'local'
      ? `local demo Images API in ${config.local.dataDir}`
      : `Cloudflare account ${config.accountId} via ${config.cloudflare?.baseUrl}`;
  const writes = config.writes.allowed ? 'read-write' : 'read-only (set ALLOW_WRITES=true to edit, upload and delete)';
  const index = indexHandle?.describe ?? 'index off (INDEX=off)';
  console.log(`cf-images-explorer ${version}: open http://${host}:${info.port} (${config.mode} mode: ${where}; ${config.modeReason}; ${writes}; ${index})`);
});

/** Why the socket could not be opened, as one line naming the variable to change. */
function listenProblem(error: NodeJS.ErrnoException): string | null {
  switch (error.code) {
    case 'EADDRINUSE':
      return `PORT ${port} is already in use on ${hostname}; stop the process using it, or set PORT to another port (PORT=0 picks a free one)`;
    case 'EACCES':
      return `PORT ${port} needs privileges this user does not have; set PORT to a port above 1023`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
      return `HOST '${hostname}' does not resolve to an address; set HOST to an address of this machine (default 127.0.0.1; IPv6 as ::1)`;
    case 'EADDRNOTAVAIL':
      return `HOST ${hostname} is not an address of this machine; set HOST to one of its addresses (default 127.0.0.1)`;
    default:
      return null;
  }
}

answerClientErrors(server);

server.on('error', (error: NodeJS.ErrnoException) => {
  const problem = listenProblem(error);
  if (!server.listening && problem) {
    indexHandle?.close?.();
    local?.close();
    refuseToStart(problem);
  }
  throw error;
});

function shutdown() {
  server.close();
  indexHandle?.close?.();
  local?.close();
  process.exit(0);
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
