// `npm start` runs the built server (build/node.js) and serves the built UI (dist/). Build both first when either
// is missing or older than its sources (`npm run build`, the same build `npm pack` ships).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const outputs = [join(root, 'dist', 'index.html'), join(root, 'build', 'node.js')];

function newestMtime(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

const sources = ['src', 'server', 'index.html', 'vite.config.ts', 'package.json', 'package-lock.json']
  .map((p) => join(root, p))
  .filter(existsSync);
const newestSource = Math.max(...sources.map(newestMtime));
const stale = outputs.some((output) => !existsSync(output) || newestSource > statSync(output).mtimeMs);
if (stale) {
  console.log('Building the dashboard and the server (dist/ or build/ is missing or older than the sources)…');
  const result = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
