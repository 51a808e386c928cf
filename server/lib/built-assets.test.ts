import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { afterAll, describe, expect, it } from 'vitest';
import { builtAssets } from './built-assets';

describe('builtAssets', () => {
  const dist = mkdtempSync(join(tmpdir(), 'cfie-built-'));
  mkdirSync(join(dist, 'assets'));
  writeFileSync(join(dist, 'assets', 'index-Ab12.js'), 'export const a = 1;');
  writeFileSync(join(dist, 'assets', 'index-Ab12.css'), 'body{}');
  const app = new Hono();
  app.use('*', builtAssets(dist));
  app.all('*', (c) => c.text('fell through', 404));
  afterAll(() => rmSync(dist, { recursive: true, force: true }));

  it('answers the build’s hashed files from memory, cached for good, even once the disk copy is gone', async () => {
    rmSync(join(dist, 'assets', 'index-Ab12.js'));
    const res = await app.request('/assets/index-Ab12.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await res.text()).toBe('export const a = 1;');
    const css = await app.request('/assets/index-Ab12.css');
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
  });

  it('lets everything else through: other names, other paths, other methods', async () => {
    for (const path of ['/assets/other-Zz99.js', '/index.html', '/']) {
      expect(await (await app.request(path)).text(), path).toBe('fell through');
    }
    expect((await app.request('/assets/index-Ab12.css', { method: 'POST' })).status).toBe(404);
  });

  it('reads nothing (and lets everything through) when there is no build', async () => {
    const empty = new Hono();
    empty.use('*', builtAssets(join(dist, 'missing')));
    empty.all('*', (c) => c.text('fell through', 404));
    expect(await (await empty.request('/assets/index-Ab12.css')).text()).toBe('fell through');
  });
});
