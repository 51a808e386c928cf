/**
 * The build's content-hashed files (`dist/assets/*`, named by Vite after their content), read into memory once at
 * start and answered from there with a year's `immutable` caching: a changed file gets a new name, so a browser never
 * needs to ask for one twice. Before this every visit fetched the whole bundle again, and the first visit after a
 * start waited for the disk (docs/performance.md "Dashboard"). A name not found here (a build made after the start)
 * falls through to the files on disk.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MiddlewareHandler } from 'hono';
import { getMimeType } from 'hono/utils/mime';

interface BuiltFile {
  body: Uint8Array<ArrayBuffer>;
  type: string;
}

const IMMUTABLE = 'public, max-age=31536000, immutable';

/** Reads `<dist>/assets/*` now (a missing build reads nothing) and answers `/assets/<name>` from memory. */
export function builtAssets(dist: string): MiddlewareHandler {
  const files = new Map<string, BuiltFile>();
  let names: string[] = [];
  try {
    names = readdirSync(join(dist, 'assets'), { withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => entry.name);
  } catch {
    // No build (yet): everything falls through.
  }
  for (const name of names) {
    const bytes = readFileSync(join(dist, 'assets', name));
    files.set(`/assets/${name}`, { body: new Uint8Array(bytes), type: getMimeType(name) ?? 'application/octet-stream' });
  }
  return async (c, next) => {
    const file = c.req.method === 'GET' || c.req.method === 'HEAD' ? files.get(c.req.path) : undefined;
    if (!file) return next();
    // HEAD: the transport sends the headers only.
    return c.body(file.body, 200, { 'content-type': file.type, 'cache-control': IMMUTABLE });
  };
}
