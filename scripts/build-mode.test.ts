/**
 * `npm run build` makes the production bundle whatever NODE_ENV the shell (or a test runner: vitest sets `test`)
 * holds: a development React in dist/ would be served by `npm start` (scripts/ensure-build.mjs only rebuilds a
 * stale dist) and be packed by the tarball test. vite.config.ts pins `process.env.NODE_ENV` for builds.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';

const out = mkdtempSync(join(tmpdir(), 'cfie-build-mode-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

it('builds the production bundle even when NODE_ENV says test', () => {
  execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--outDir', out, '--emptyOutDir', '--logLevel', 'error'], {
    env: { ...process.env, NODE_ENV: 'test' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const scripts = readdirSync(join(out, 'assets')).filter((name) => name.endsWith('.js'));
  expect(scripts.length).toBeGreaterThan(3);
  const code = scripts.map((name) => readFileSync(join(out, 'assets', name), 'utf8')).join('\n');
  // React's development build carries its warnings; the production build has none of them.
  expect(code.includes('createRoot')).toBe(true);
  expect(code.includes('not configured to support act(...)'), 'React development build').toBe(false);
  // A development build also writes each component's source path (JSX `fileName`) into the bundle.
  expect(code.includes('lineNumber:'), 'JSX development transform').toBe(false);
}, 120_000);
