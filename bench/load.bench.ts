/**
 * `npm run bench -- load`: the full load and fault runs (32 clients, 30 s each; LOAD_DURATION_S and
 * LOAD_CONCURRENCY override), printed as tables. The same scenarios as `npm run loadtest`.
 */
import { faultLoad, faultTable, steadyLoad, steadyTable } from './load-scenarios';

export default async function loadBench(): Promise<void> {
  const durationMs = Number(process.env.LOAD_DURATION_S ?? 30) * 1000;
  const concurrency = Number(process.env.LOAD_CONCURRENCY ?? 32);
  const log = (line: string) => console.log(`  · ${line}`);
  console.log('Steady load through the proxy (cache off), 100-image pages\n');
  console.log(`\n${steadyTable(await steadyLoad({ concurrency, durationMs, log }))}\n`);
  console.log('Faults under load: the upstream flaps, then recovers\n');
  console.log(`\n${faultTable(await faultLoad({ concurrency, durationMs, log }))}\n`);
}
