/**
 * `npm run loadtest [-- --duration 30 --concurrency 32 --scenario all|steady|faults --seed 1 --node-args='…']`
 * (or LOAD_DURATION_S, LOAD_CONCURRENCY, LOAD_SCENARIO, LOAD_SEED, LOAD_NODE_ARGS): load and faults through the proxy, printed as
 * tables of goals against measurements. Exits 1 when a goal is missed. Scenarios: bench/load-scenarios.ts.
 */
import { parseArgs } from 'node:util';
import { faultLoad, faultProblems, faultTable, steadyLoad, steadyProblems, steadyTable } from './load-scenarios';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: process.env.LOAD_DURATION_S ?? '30' },
    concurrency: { type: 'string', default: process.env.LOAD_CONCURRENCY ?? '32' },
    scenario: { type: 'string', default: process.env.LOAD_SCENARIO ?? 'all' },
    seed: { type: 'string', default: process.env.LOAD_SEED ?? '1' },
    'node-args': { type: 'string', default: process.env.LOAD_NODE_ARGS ?? '' },
  },
});

const durationMs = Number(values.duration) * 1000;
const concurrency = Number(values.concurrency);
const seed = Number(values.seed);
const nodeArgs = values['node-args'].split(/\s+/).filter(Boolean);
if (!(durationMs > 0) || !Number.isInteger(concurrency) || concurrency < 1 || !['all', 'steady', 'faults'].includes(values.scenario)) {
  console.error('usage: npm run loadtest -- [--duration seconds] [--concurrency clients] [--scenario all|steady|faults] [--seed n] [--node-args=\'--max-old-space-size=96\']');
  process.exit(2);
}

const log = (line: string) => console.log(`  · ${line}`);
const problems: string[] = [];

if (values.scenario !== 'faults') {
  console.log(`\nSteady load: proxy (Node, cloudflare mode, cache off) → fake Cloudflare API, 100-image pages\n`);
  const steady = await steadyLoad({ concurrency, durationMs, log, nodeArgs });
  console.log(`\n${steadyTable(steady)}\n`);
  problems.push(...steadyProblems(steady));
}
if (values.scenario !== 'steady') {
  console.log(`\nFaults under load: the upstream flaps, then recovers (seed ${seed})\n`);
  const faults = await faultLoad({ concurrency, durationMs, seed, log, nodeArgs });
  console.log(`\n${faultTable(faults)}\n`);
  problems.push(...faultProblems(faults));
}

if (problems.length) {
  console.log(`Goals missed: ${problems.join('; ')}`);
  process.exitCode = 1;
} else {
  console.log('All goals met.');
}
