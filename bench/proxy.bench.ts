/**
 * The proxy's cost (CONTRACT.md §3): the Node server in cloudflare mode (list cache off) in front of the fake
 * Cloudflare API serving 1000-image pages, against asking the fake directly. Three processes, as in production:
 * the clients (this one), the proxy, the upstream. Every request is a distinct query (`continuation_token=o0-<n>`,
 * the same page to the fake), so coalescing never merges requests: this measures forwarding, not sharing.
 *
 * Goals: median latency through the proxy ≤ 1.10 × direct; throughput at 32 connections ≥ 0.85 × direct.
 *
 * Two upstreams: the fake answering at once (the proxy's whole cost shows: on a small machine the clients, the
 * proxy and the upstream share the CPUs, so these ratios measure CPU per request forwarded), and the same fake
 * answering 50 ms late, a stand-in for a real API across a network (Cloudflare's list answers take longer still).
 *
 * Method, and why it is fair to both paths:
 * - Same client for both: a keep-alive `node:http` client in its own process (never the proxy's), sending
 *   `Accept-Encoding: gzip, deflate, br` like a browser. The fake answers gzip like Cloudflare, so both paths carry
 *   the same compressed bytes. On the clock the client only receives bytes, like wrk or autocannon: decoding and
 *   parsing a 410 KB page costs the client ~3 ms, and when the bench's own `fetch` did that on every answer the
 *   client was the busiest process of the three, which hid the proxy's cost (the ratios looked better than they are).
 * - Every answer is checked: status, `Content-Encoding` and length always; decoded and parsed in full (JSON,
 *   1000 images) for every latency sample and every 50th answer under load, after the clock stops.
 * - Latency: one request at a time, direct and proxied alternating ABBA, so noise and drift hit both alike; the
 *   same number of samples each, after a warm-up of both. Timed from the request to the last body byte.
 * - Throughput: a closed loop of 32 connections for each path in turn, ABBA over several rounds, after a warm-up
 *   that opens every connection (client to proxy, proxy to upstream). The spread of the per-round ratios is printed:
 *   this machine is shared with other work.
 * - CPU time per request of each process (client, proxy, upstream), from /proc, over the load rounds: the figure
 *   that noise does not move, and that says where a throughput ratio comes from when the three share the cores.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { createInterface } from 'node:readline';
import { gunzipSync } from 'node:zlib';
import { listSuccessProblem, table } from './load-runner';
import { repoRoot, startNodeServer } from '../server/reliability/child-server';

const ACCOUNT = '0123456789abcdef0123456789abcdef';
const IMAGES = 1000;
const LOAD_MS = 3000;
const ROUNDS = 3;
/** Every how many answers under load one is decoded and parsed in full (the others: status, encoding, length). */
const FULL_CHECK_EVERY = 50;

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
    pid: child.pid ?? -1,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}

interface Received {
  status: number;
  encoding: string | undefined;
  body: Buffer;
  ms: number;
}

/** The bench's client: keep-alive connections, bodies received as they are on the wire (not decoded). */
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

function get(url: string): Promise<Received> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = http.get(url, { agent, headers: { 'accept-encoding': 'gzip, deflate, br' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, encoding: res.headers['content-encoding'], body: Buffer.concat(chunks), ms: performance.now() - started }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.setTimeout(30_000, () => req.destroy(new Error('client timeout')));
  });
}

/** The page as a browser would read it: decoded, parsed, 1000 images. */
function fullProblem(answer: Received): string | null {
  const text = (answer.encoding === 'gzip' ? gunzipSync(answer.body) : answer.body).toString();
  return listSuccessProblem({ status: answer.status, headers: new Headers(), body: text }, IMAGES);
}

/** What every answer must be: the same bytes as the direct page (status, encoding, length). */
interface Expected {
  encoding: string | undefined;
  length: number;
}

function quickProblem(answer: Received, expected: Expected): string | null {
  if (answer.status !== 200) return `status ${answer.status}`;
  if (answer.encoding !== expected.encoding) return `content-encoding ${answer.encoding} instead of ${expected.encoding}`;
  return answer.body.length === expected.length ? null : `${answer.body.length} bytes instead of ${expected.length}`;
}

/** One request timed to its last body byte; checked in full after the clock stops. */
async function timeOne(url: string, expected: Expected): Promise<number> {
  const answer = await get(url);
  const problem = quickProblem(answer, expected) ?? fullProblem(answer);
  if (problem) throw new Error(`${url}: ${problem}`);
  return answer.ms;
}

interface LoadRun {
  requests: number;
  errors: number;
  firstError?: string;
  elapsedMs: number;
  rps: number;
  p50: number;
  p99: number;
  /** CPU ms per request: this client, the proxy, the upstream. */
  cpu: { client: number; proxy: number; upstream: number };
}

/** User + system CPU time of a process in ms, from /proc (Linux). */
function cpuMsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) * 10; // clock ticks of 10 ms
}

function clientCpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** A closed loop: 32 clients, each sending its next request as soon as the previous body is in. */
async function runLoad(url: (n: number) => string, expected: Expected, pids: { proxy: number; upstream: number }, durationMs = LOAD_MS): Promise<LoadRun> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  let counter = 0;
  const cpu0 = { client: clientCpuMs(), proxy: cpuMsOf(pids.proxy), upstream: cpuMsOf(pids.upstream) };
  const started = performance.now();
  const stopAt = started + durationMs;
  const client = async () => {
    while (performance.now() < stopAt) {
      const n = (counter += 1);
      try {
        const answer = await get(url(n));
        latencies.push(answer.ms);
        const problem = quickProblem(answer, expected) ?? (n % FULL_CHECK_EVERY === 0 ? fullProblem(answer) : null);
        if (problem) {
          errors += 1;
          firstError ??= problem;
        }
      } catch (error) {
        errors += 1;
        firstError ??= String(error);
      }
    }
  };
  await Promise.all(Array.from({ length: 32 }, client));
  const elapsedMs = performance.now() - started;
  const n = Math.max(1, latencies.length);
  const cpu = {
    client: (clientCpuMs() - cpu0.client) / n,
    proxy: (cpuMsOf(pids.proxy) - cpu0.proxy) / n,
    upstream: (cpuMsOf(pids.upstream) - cpu0.upstream) / n,
  };
  latencies.sort((x, y) => x - y);
  return { requests: latencies.length, errors, firstError, elapsedMs, rps: latencies.length / (elapsedMs / 1000), p50: percentile(latencies, 50), p99: percentile(latencies, 99), cpu };
}

const fmt = (n: number, digits = 2) => n.toFixed(digits);
const median = (values: number[]) => percentile([...values].sort((x, y) => x - y), 50);
const range = (values: number[]) => `${fmt(Math.min(...values))}–${fmt(Math.max(...values))}`;

export default async function proxyBench(): Promise<void> {
  await scenario(0, 300);
  await scenario(50, 60);
  agent.destroy();
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
    // e.g. BENCH_PROXY_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the proxy
    nodeArgs: process.env.BENCH_PROXY_NODE_ARGS?.split(' ').filter(Boolean),
  });
  const pids = { proxy: proxy.pid, upstream: upstream.pid };
  const direct = (n: number) => `${upstream.baseUrl}/accounts/${ACCOUNT}/images/v2?per_page=${IMAGES}&continuation_token=o0-${n}`;
  const proxied = (n: number) =>
    `${proxy.url}/client/v4/accounts/${ACCOUNT}/images/v2?per_page=${IMAGES}&continuation_token=o0-${n}`;

  try {
    const first = await get(direct(0));
    const problem = fullProblem(first);
    if (problem) throw new Error(`direct page: ${problem}`);
    const expected: Expected = { encoding: first.encoding, length: first.body.length };
    const decoded = (first.encoding === 'gzip' ? gunzipSync(first.body) : first.body).length;
    console.log(
      `\nProxy (Node, cloudflare mode, cache off) vs direct; ${IMAGES}-image pages of ${(decoded / 1024).toFixed(0)} KB, ` +
        `${(first.body.length / 1024).toFixed(0)} KB ${first.encoding ?? 'identity'} on the wire; upstream answers ${delayMs === 0 ? 'at once' : `${delayMs} ms late`}\n`,
    );

    // Warm up both paths (JIT, keep-alive connections).
    for (let i = 0; i < (delayMs === 0 ? 40 : 10); i += 1) {
      await timeOne(direct(i), expected);
      await timeOne(proxied(i), expected);
    }

    // Sequential latency, ABBA so that noise and drift hit both sides alike.
    const directMs: number[] = [];
    const proxyMs: number[] = [];
    for (let i = 0; i < latencySamples; i += 1) {
      if (i % 2 === 0) {
        directMs.push(await timeOne(direct(1000 + i), expected));
        proxyMs.push(await timeOne(proxied(1000 + i), expected));
      } else {
        proxyMs.push(await timeOne(proxied(1000 + i), expected));
        directMs.push(await timeOne(direct(1000 + i), expected));
      }
    }
    directMs.sort((a, b) => a - b);
    proxyMs.sort((a, b) => a - b);

    // Throughput at 32 connections: a warm-up that opens every connection, then ABBA rounds.
    let round = 0;
    const load = (url: (n: number) => string, durationMs?: number) => {
      round += 1;
      const base = round * 10_000_000;
      return runLoad((n) => url(base + n), expected, pids, durationMs);
    };
    await load(direct, 1000);
    await load(proxied, 1000);
    const directRuns: LoadRun[] = [];
    const proxyRuns: LoadRun[] = [];
    for (let r = 0; r < ROUNDS; r += 1) {
      if (r % 2 === 0) {
        directRuns.push(await load(direct));
        proxyRuns.push(await load(proxied));
      } else {
        proxyRuns.push(await load(proxied));
        directRuns.push(await load(direct));
      }
    }
    const total = (runs: LoadRun[], pick: (r: LoadRun) => number) => runs.reduce((sum, r) => sum + pick(r), 0);
    const rps = (runs: LoadRun[]) => total(runs, (r) => r.requests) / (total(runs, (r) => r.elapsedMs) / 1000);
    const roundRatios = proxyRuns.map((r, i) => r.rps / (directRuns[i]?.rps ?? Number.NaN));
    const cpuOf = (runs: LoadRun[], who: keyof LoadRun['cpu']) => total(runs, (r) => r.cpu[who] * r.requests) / total(runs, (r) => r.requests);
    const errors = [...directRuns, ...proxyRuns].filter((r) => r.errors > 0);

    const medianRatio = percentile(proxyMs, 50) / percentile(directMs, 50);
    const throughputRatio = rps(proxyRuns) / rps(directRuns);
    const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
    const cpuRow = (who: keyof LoadRun['cpu']) => [`  ${who}`, fmt(cpuOf(directRuns, who)), fmt(cpuOf(proxyRuns, who)), '', '', ''];
    console.log(
      table([
        ['measure', 'direct', 'through proxy', 'ratio', 'goal', ''],
        ['median latency, 1 at a time (ms)', fmt(percentile(directMs, 50)), fmt(percentile(proxyMs, 50)), fmt(medianRatio), '≤ 1.10', verdict(medianRatio <= 1.1)],
        ['p99 latency, 1 at a time (ms)', fmt(percentile(directMs, 99)), fmt(percentile(proxyMs, 99)), fmt(percentile(proxyMs, 99) / percentile(directMs, 99)), '', ''],
        ['requests/s at 32 connections', fmt(rps(directRuns), 0), fmt(rps(proxyRuns), 0), fmt(throughputRatio), '≥ 0.85', verdict(throughputRatio >= 0.85)],
        ['  ratio per round (min–max)', '', '', range(roundRatios), '', ''],
        ['median latency at 32 connections (ms)', fmt(median(directRuns.map((r) => r.p50))), fmt(median(proxyRuns.map((r) => r.p50))), '', '', ''],
        ['p99 latency at 32 connections (ms)', fmt(median(directRuns.map((r) => r.p99))), fmt(median(proxyRuns.map((r) => r.p99))), '', '', ''],
        ['CPU ms per request under load', '', '', '', '', ''],
        cpuRow('client'),
        cpuRow('upstream'),
        cpuRow('proxy'),
        ['errors', String(total(directRuns, (r) => r.errors)), String(total(proxyRuns, (r) => r.errors)), '', '', ''],
      ]),
    );
    for (const run of errors) console.log(`  first error: ${run.firstError}`);
    console.log(
      `\n(${latencySamples} sequential samples each, ABBA; ${ROUNDS} × ${LOAD_MS / 1000} s load rounds each, ABBA, after a 1 s warm-up each)`,
    );
  } finally {
    await proxy.stop();
    await upstream.stop();
  }
}
