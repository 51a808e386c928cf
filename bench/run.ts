/**
 * `npm run bench`: runs every `bench/*.bench.ts` in turn (or those named on the command line, e.g.
 * `npm run bench -- local-store`). Each module's default export runs its measurements side by side in this one
 * run and prints its own table of figures and ratios; the figures that have a goal (bench/summary.ts) are printed
 * again at the end, side by side with their goals.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { hasRows, summaryTable } from './summary';

const dir = fileURLToPath(new URL('.', import.meta.url));
const only = process.argv.slice(2);
const modules = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((name) => f.startsWith(name)))
  .sort();

for (const file of modules) {
  console.log(`\n## ${file.replace('.bench.ts', '')}\n`);
  const mod = (await import(new URL(file, import.meta.url).href)) as { default: () => Promise<void> };
  await mod.default();
}

if (hasRows()) {
  console.log('\n## Goals (this run)\n');
  console.log(summaryTable());
}
