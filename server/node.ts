/**
 * Node entry: parse the environment, build the app, listen. Everything else lives in app.ts.
 */
import { readFileSync } from 'node:fs';
import { serve } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import type { MiddlewareHandler } from 'hono';
import { createApp, type AppOptions } from './app';
import { parseEnv } from './env';
import { createLocalImagesApi } from './local';
import { createNodeIndex } from './index/node-index';
import { createNodeUpstreamFetch } from './proxy/node-upstream';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

const env = parseEnv(process.env, version);
if (!env.ok) {
  console.error(`cf-images-explorer cannot start:\n${env.problems.map((p) => `  - ${p}`).join('\n')}`);
  process.exit(1);
}
const config = env.config;

/** The built dashboard from dist/, with index.html for client-side routes. */
const file = serveStatic({ root: './dist' });
const index = serveStatic({ root: './dist', path: 'index.html' });
const notFound = async () => undefined;
const assets: MiddlewareHandler = async (c, next) => {
  // serveStatic answers with the Response it returns; a Response returned from its `next` would be dropped.
  const found = await file(c, notFound);
  if (found) return found;
  if (c.req.method === 'GET' && !c.req.path.startsWith('/client/') && !c.req.path.startsWith('/cdn-cgi/')) {
    const page = await index(c, notFound);
    if (page) return page;
  }
  await next();
};

// node:http to Cloudflare rather than the global fetch: gzip is passed through undecoded (docs/proxy.md).
const options: AppOptions = { assets, upstreamFetch: createNodeUpstreamFetch() };
let local: Awaited<ReturnType<typeof createLocalImagesApi>> | undefined;
if (config.mode === 'local') {
  local = await createLocalImagesApi(config);
  options.local = local;
}

const indexHandle = createNodeIndex(config, local);
options.index = indexHandle?.index;

const app = createApp(config, options);
const server = serve({ fetch: app.fetch, hostname: config.access.host, port: config.access.port }, (info) => {
  const host = info.family === 'IPv6' ? `[${info.address}]` : info.address;
  const where =
    config.mode === 'local'
      ? `local demo Images API in ${config.local.dataDir}`
      : `Cloudflare account ${config.accountId} via ${config.cloudflare?.baseUrl}`;
  const index = indexHandle?.describe ?? 'index off (INDEX=off)';
  console.log(`cf-images-explorer ${version}: open http://${host}:${info.port} (${config.mode} mode: ${where}; ${config.modeReason}; ${index})`);
});

function shutdown() {
  server.close();
  indexHandle?.close?.();
  local?.close();
  process.exit(0);
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
