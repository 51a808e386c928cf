/**
 * The proxy's cost (CONTRACT.md §3): the Node server in cloudflare mode (list cache off) in front of the fake
 * Cloudflare API serving 1000-image pages, against asking the fake directly. Three processes, as in production:
 * the clients (this one), the proxy, the upstream. Every request is a distinct query (`continuation_token=o0-<n>`,
 * the same page to the fake), so coalescing never merges requests: this measures forwarding, not sharing.
 *
 * Goals: median latency through the proxy ≤ 1.10 × direct; throughput at 32 connections ≥ 0.85 × direct.
 *
 * Two upstreams: the fake answering at once (the proxy's whole cost shows: on a small machine the clients, the
 * proxy and the upstream share the CPUs, so these ratios measure CPU per byte forwarded), and the same fake
 * answering 50 ms late, a stand-in for a real API across a network (Cloudflare's list answers take longer still).
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { listSuccessProblem, runLoad, table, type LoadResult } from './load-runner';
import { repoRoot, startNodeServer } from '../server/reliability/child-server';

const ACCOUNT = '0123456789abcdef0123456789abcdef';
const IMAGES = 1000;
const LOAD_MS = 3000;
const ROUNDS = 2;

async function startUpstreamProcess(delayMs: number) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/test-support/fake-upstream-cli.ts', String(IMAGES), String(delayMs)], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout });
  const baseUrl = await new Promise<string>((resolve, reject) => {
    lines.on('line', (line) => {
      if (line.startsWith('FAKE_UPSTREAM ')) resolve(line.slice('FAKE_UPSTREAM '.length));
    });
    child.on('exit', (code) => reject(new Error(`fake upstream exited (${code})`)));
  });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  return {
    baseUrl,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}

async function timeOne(url: string): Promise<number> {
  const started = performance.now();
  const res = await fetch(url);
  const body = await res.text();
  const elapsed = performance.now() - started;
  const problem = listSuccessProblem({ status: res.status, headers: res.headers, body }, IMAGES);
  if (problem) throw new Error(`${url}: ${problem}`);
  return elapsed;
}

const fmt = (n: number, digits = 2) => n.toFixed(digits);

export default async function proxyBench(): Promise<void> {
  await scenario(0, 300);
  await scenario(50, 60);
}

async function scenario(delayMs: number, latencySamples: number): Promise<void> {
  const upstream = await startUpstreamProcess(delayMs);
  const proxy = await startNodeServer({
    env: {
      CLOUDFLARE_ACCOUNT_ID: ACCOUNT,
      CLOUDFLARE_API_TOKEN: 'bench-token-not-a-secret',
      CLOUDFLARE_BASE_URL: upstream.baseUrl,
      CACHE_TTL_MS: '0',
    },
  });
  const direct = (n: number) => `${upstream.baseUrl}/accounts/${ACCOUNT}/images/v2?per_page=${IMAGES}&continuation_token=o0-${n}`;
  const proxied = (n: number) =>
    `${proxy.url}/client/v4/accounts/${ACCOUNT}/images/v2?per_page=${IMAGES}&continuation_token=o0-${n}`;

  try {
    const page = await fetch(direct(0)).then((r) => r.arrayBuffer());
    console.log(
      `\nProxy (Node, cloudflare mode, cache off) vs direct; ${IMAGES}-image pages of ${(page.byteLength / 1024).toFixed(0)} KB; upstream answers ${delayMs === 0 ? 'at once' : `${delayMs} ms late`}\n`,
    );

    // Warm up both paths (JIT, keep-alive connections).
    for (let i = 0; i < (delayMs === 0 ? 40 : 10); i += 1) {
      await timeOne(direct(i));
      await timeOne(proxied(i));
    }

    // Sequential latency, interleaved so that machine noise hits both sides alike.
    const directMs: number[] = [];
    const proxyMs: number[] = [];
    for (let i = 0; i < latencySamples; i += 1) {
      directMs.push(await timeOne(direct(1000 + i)));
      proxyMs.push(await timeOne(proxied(1000 + i)));
    }
    directMs.sort((a, b) => a - b);
    proxyMs.sort((a, b) => a - b);

    // Throughput at 32 connections, alternating rounds.
    const load = (url: (n: number) => string, round: number) =>
      runLoad({
        url: (client, n) => url(round * 10_000_000 + client * 100_000 + n),
        concurrency: 32,
        durationMs: LOAD_MS,
        check: (answer) => listSuccessProblem(answer, IMAGES),
      });
    const directRuns: LoadResult[] = [];
    const proxyRuns: LoadResult[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      directRuns.push(await load(direct, round * 2));
      proxyRuns.push(await load(proxied, round * 2 + 1));
    }
    const rps = (runs: LoadResult[]) => runs.reduce((sum, r) => sum + r.requestsPerSecond, 0) / runs.length;
    const errors = (runs: LoadResult[]) => runs.reduce((sum, r) => sum + r.errors, 0);
    const loadP50 = (runs: LoadResult[]) => runs.reduce((sum, r) => sum + r.latencyMs.p50, 0) / runs.length;

    const medianRatio = percentile(proxyMs, 50) / percentile(directMs, 50);
    const throughputRatio = rps(proxyRuns) / rps(directRuns);
    console.log(
      table([
        ['measure', 'direct', 'through proxy', 'ratio', 'goal'],
        ['median latency, 1 at a time (ms)', fmt(percentile(directMs, 50)), fmt(percentile(proxyMs, 50)), fmt(medianRatio), `≤ 1.10 ${medianRatio <= 1.1 ? 'met' : 'MISSED'}`],
        ['p99 latency, 1 at a time (ms)', fmt(percentile(directMs, 99)), fmt(percentile(proxyMs, 99)), fmt(percentile(proxyMs, 99) / percentile(directMs, 99)), ''],
        ['requests/s at 32 connections', fmt(rps(directRuns), 0), fmt(rps(proxyRuns), 0), fmt(throughputRatio), `≥ 0.85 ${throughputRatio >= 0.85 ? 'met' : 'MISSED'}`],
        ['median latency at 32 connections (ms)', fmt(loadP50(directRuns)), fmt(loadP50(proxyRuns)), fmt(loadP50(proxyRuns) / loadP50(directRuns)), ''],
        ['errors', String(errors(directRuns)), String(errors(proxyRuns)), '', ''],
      ]),
    );
    console.log(`\n(${latencySamples} sequential samples each; ${ROUNDS} × ${LOAD_MS / 1000} s load rounds each, averaged)`);
  } finally {
    await proxy.stop();
    await upstream.stop();
  }
}
