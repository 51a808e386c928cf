/**
 * The proxy against the practical floor (issue 9 #5, docs/performance.md "Server"): the Node server in cloudflare
 * mode (list cache off) and nginx as a plain reverse proxy that sets the `Authorization` header, both in front of the
 * same fake Cloudflare API serving 1000-image pages, in the same run; asking the fake directly is the baseline. Every
 * request is a distinct query (`continuation_token=o0-<n>`, the same page to the fake), so neither a cache nor
 * coalescing answers: this measures forwarding.
 *
 * Goals: added median latency (path − direct) ≤ 1.5 × nginx's + 0.5 ms; requests/s at 32 connections ≥ 0.9 × nginx's.
 * A bare node:http pipe (bench/node-pipe.mjs) runs beside them: the floor for any proxy written for Node.
 * nginx is started by the bench when `nginx` is on PATH (Debian: `apt-get install nginx-light`): one worker (Node is
 * one thread too), upstream keep-alive, its config, logs and pid in a temporary folder, run as the current user.
 *
 * Method, and why it is fair to every path:
 * - Same client for all: a keep-alive `node:http` client in its own process, sending `Accept-Encoding: gzip, deflate,
 *   br` like a browser. The fake answers gzip like Cloudflare, and both proxies pass those bytes through. On the clock
 *   the client only receives bytes (decoding a 410 KB page costs ~3 ms and would hide the proxies' cost).
 * - Every answer is checked: status, `Content-Encoding` and length always; decoded and parsed in full (JSON, 1000
 *   images) for every latency sample and every 50th answer under load, after the clock stops.
 * - Latency: one request at a time, the three paths in rotating order, so noise and drift hit all alike.
 * - Throughput: a closed loop of 32 connections for each path in turn, over several rounds in alternating order,
 *   after a warm-up that opens every connection. The spread of the per-round ratios is printed.
 * - CPU time per request of each process (client, proxy or nginx, upstream), from /proc, over the load rounds: the
 *   figure that noise does not move, and that says where a throughput ratio comes from when all share the cores.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import http from 'node:http';
import { createInterface } from 'node:readline';
import { gunzipSync } from 'node:zlib';
import { listSuccessProblem, table } from './load-runner';
import { freePort, repoRoot, startNodeServer } from '../server/reliability/child-server';
import { report } from './summary';

const ACCOUNT = '0123456789abcdef0123456789abcdef';
const IMAGES = 1000;
const LOAD_MS = Number(process.env.BENCH_LOAD_MS ?? 3000);
const ROUNDS = 3;
/** Every how many answers under load one is decoded and parsed in full (the others: status, encoding, length). */
const FULL_CHECK_EVERY = 50;

/** Starts `node <args>` and waits for the line `<marker> <url>` it prints when listening. */
async function startMarkedProcess(args: string[], marker: string) {
  const child = spawn(process.execPath, args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  const url = await new Promise<string>((resolve, reject) => {
    lines.on('line', (line) => {
      if (line.startsWith(`${marker} `)) resolve(line.slice(marker.length + 1));
    });
    child.on('exit', (code) => reject(new Error(`${args.at(-1) ?? 'child'} exited (${code}) before printing ${marker}`)));
  });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  return {
    url,
    pid: child.pid ?? -1,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

async function startUpstreamProcess(delayMs: number) {
  const child = await startMarkedProcess(['--import', 'tsx', 'server/test-support/fake-upstream-cli.ts', String(IMAGES), String(delayMs)], 'FAKE_UPSTREAM');
  return { ...child, baseUrl: child.url };
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

const TOKEN = 'bench-token-not-a-secret';

/** `nginx` on PATH (or in /usr/sbin, where Debian puts it), or `undefined`. */
function findNginx(): string | undefined {
  for (const dir of [...(process.env.PATH ?? '').split(':'), '/usr/sbin', '/usr/local/sbin']) {
    const candidate = join(dir, 'nginx');
    try {
      readFileSync(candidate, { flag: 'r' }).subarray(0, 0);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** nginx as a plain reverse proxy to `upstreamOrigin` that sets `Authorization`; one process, files in a temp folder. */
async function startNginx(binary: string, upstreamOrigin: string) {
  const dir = mkdtempSync(join(tmpdir(), 'cfie-nginx-'));
  const port = await freePort();
  const upstream = new URL(upstreamOrigin);
  const conf = `
worker_processes 1;
master_process off;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  upstream cloudflare { server ${upstream.host}; keepalive 64; }
  server {
    listen 127.0.0.1:${port};
    location /client/v4/ {
      proxy_pass http://cloudflare;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Authorization "Bearer ${TOKEN}";
    }
  }
}
`;
  writeFileSync(join(dir, 'nginx.conf'), conf);
  const child = spawn(binary, ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'error.log')], { stdio: ['ignore', 'inherit', 'inherit'] });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  const origin = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i += 1) {
    try {
      await new Promise<void>((resolve, reject) => {
        http.get(`${origin}/`, (res) => {
          res.resume();
          res.on('end', resolve);
        }).on('error', reject);
      });
      break;
    } catch (error) {
      if (i > 100 || child.exitCode !== null) throw new Error(`nginx did not start: ${String(error)}; see ${dir}/error.log`, { cause: error });
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  return {
    origin,
    pid: child.pid ?? -1,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** bench/node-pipe.mjs: the floor for a proxy written for Node. */
async function startNodePipe(upstreamOrigin: string) {
  const child = await startMarkedProcess(['bench/node-pipe.mjs', upstreamOrigin, String(await freePort()), TOKEN], 'NODE_PIPE');
  return { ...child, origin: child.url };
}

export default async function proxyBench(): Promise<void> {
  const nginx = findNginx();
  if (!nginx) {
    console.log('nginx is not installed, so the proxy cannot be compared with it: `sudo apt-get install nginx-light` (Debian/Ubuntu), then run `npm run bench -- proxy` again.');
    return;
  }
  const build = spawnSync(process.execPath, ['scripts/ensure-build.mjs'], { cwd: repoRoot, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('could not build the server (npm run build)');
  await scenario(nginx, 300);
  agent.destroy();
}

type PathName = 'direct' | 'nginx' | 'node pipe' | 'proxy';

async function scenario(nginxBinary: string, latencySamples: number): Promise<void> {
  const upstream = await startUpstreamProcess(0);
  const proxy = await startNodeServer({
    env: {
      CLOUDFLARE_ACCOUNT_ID: ACCOUNT,
      CLOUDFLARE_API_TOKEN: TOKEN,
      CLOUDFLARE_BASE_URL: upstream.baseUrl,
      CACHE_TTL_MS: '0',
      // The budget (CONTRACT.md §9) protects a real account; against the fake it would only turn the load into 7429s.
      RATE_BUDGET: '1000000',
      // The index stays on as by default (list answers feed it, list-answer-feed.ts); BENCH_INDEX=off to compare.
      INDEX: process.env.BENCH_INDEX ?? 'on',
    },
    // What `npm start` runs (scripts/ensure-build.mjs builds it first when it is missing or stale).
    built: true,
    // e.g. BENCH_PROXY_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the proxy
    nodeArgs: process.env.BENCH_PROXY_NODE_ARGS?.split(' ').filter(Boolean),
  });
  const nginx = await startNginx(nginxBinary, new URL(upstream.baseUrl).origin);
  const pipe = await startNodePipe(new URL(upstream.baseUrl).origin);
  const query = (n: number) => `images/v2?per_page=${IMAGES}&continuation_token=o0-${n}`;
  const urls: Record<PathName, (n: number) => string> = {
    direct: (n) => `${upstream.baseUrl}/accounts/${ACCOUNT}/${query(n)}`,
    nginx: (n) => `${nginx.origin}/client/v4/accounts/${ACCOUNT}/${query(n)}`,
    'node pipe': (n) => `${pipe.origin}/client/v4/accounts/${ACCOUNT}/${query(n)}`,
    proxy: (n) => `${proxy.url}/client/v4/accounts/${ACCOUNT}/${query(n)}`,
  };
  const pidOf: Record<PathName, number> = { direct: -1, nginx: nginx.pid, 'node pipe': pipe.pid, proxy: proxy.pid };

  try {
    const first = await get(urls.direct(0));
    const problem = fullProblem(first);
    if (problem) throw new Error(`direct page: ${problem}`);
    const expected: Expected = { encoding: first.encoding, length: first.body.length };
    const decoded = (first.encoding === 'gzip' ? gunzipSync(first.body) : first.body).length;
    console.log(
      `\nProxy (Node, cloudflare mode, cache off) and nginx vs direct; ${IMAGES}-image pages of ${(decoded / 1024).toFixed(0)} KB, ` +
        `${(first.body.length / 1024).toFixed(0)} KB ${first.encoding ?? 'identity'} on the wire; the fake upstream answers at once\n`,
    );
    const paths: PathName[] = ['direct', 'nginx', 'node pipe', 'proxy'];
    for (let i = 0; i < 40; i += 1) for (const path of paths) await timeOne(urls[path](i), expected);

    // Sequential latency, the paths in rotating order.
    const samples: Record<PathName, number[]> = { direct: [], nginx: [], 'node pipe': [], proxy: [] };
    for (let i = 0; i < latencySamples; i += 1) {
      for (let k = 0; k < paths.length; k += 1) {
        const path = paths[(i + k) % paths.length]!;
        samples[path].push(await timeOne(urls[path](1000 + i), expected));
      }
    }
    const p50 = (path: PathName) => percentile([...samples[path]].sort((a, b) => a - b), 50);
    const p99 = (path: PathName) => percentile([...samples[path]].sort((a, b) => a - b), 99);
    const added = (path: Exclude<PathName, 'direct'>) => p50(path) - p50('direct');

    // Throughput at 32 connections: a warm-up that opens every connection, then rounds in alternating order.
    let round = 0;
    const load = (path: PathName, durationMs?: number) => {
      round += 1;
      const base = round * 10_000_000;
      return runLoad((n) => urls[path](base + n), expected, { proxy: pidOf[path] > 0 ? pidOf[path] : upstream.pid, upstream: upstream.pid }, durationMs);
    };
    for (const path of paths) await load(path, 1000);
    const runs: Record<PathName, LoadRun[]> = { direct: [], nginx: [], 'node pipe': [], proxy: [] };
    for (let r = 0; r < ROUNDS; r += 1) {
      const order: PathName[] = r % 2 === 0 ? [...paths] : [...paths].reverse();
      for (const path of order) runs[path].push(await load(path));
    }
    const total = (list: LoadRun[], pick: (r: LoadRun) => number) => list.reduce((sum, r) => sum + pick(r), 0);
    const rps = (path: PathName) => total(runs[path], (r) => r.requests) / (total(runs[path], (r) => r.elapsedMs) / 1000);
    const roundRatios = runs.proxy.map((r, i) => r.rps / (runs.nginx[i]?.rps ?? Number.NaN));
    const cpuOf = (path: PathName, who: keyof LoadRun['cpu']) =>
      total(runs[path], (r) => r.cpu[who] * r.requests) / total(runs[path], (r) => r.requests);
    const errors = paths.flatMap((path) => runs[path]).filter((r) => r.errors > 0);

    const latencyGoal = 1.5 * added('nginx') + 0.5;
    const throughputRatio = rps('proxy') / rps('nginx');
    const pipeRatio = rps('node pipe') / rps('nginx');
    const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
    console.log(
      table([
        ['measure', ...paths, 'goal (proxy)', ''],
        ['median latency, 1 at a time (ms)', ...paths.map((path) => fmt(p50(path))), '', ''],
        ['  added to direct (ms)', '', fmt(added('nginx')), fmt(added('node pipe')), fmt(added('proxy')), `≤ ${fmt(latencyGoal)} (1.5 × nginx + 0.5)`, verdict(added('proxy') <= latencyGoal)],
        ['p99 latency, 1 at a time (ms)', ...paths.map((path) => fmt(p99(path))), '', ''],
        ['requests/s at 32 connections', ...paths.map((path) => fmt(rps(path), 0)), `≥ ${fmt(0.9 * rps('nginx'), 0)} (0.9 × nginx)`, verdict(throughputRatio >= 0.9)],
        ['  / nginx', '', '1.00', fmt(pipeRatio), fmt(throughputRatio), '', ''],
        ['  proxy / nginx per round (min–max)', '', '', '', range(roundRatios), '', ''],
        ['median latency at 32 connections (ms)', ...paths.map((path) => fmt(median(runs[path].map((r) => r.p50)))), '', ''],
        ['p99 latency at 32 connections (ms)', ...paths.map((path) => fmt(median(runs[path].map((r) => r.p99)))), '', ''],
        ['CPU ms per request under load', '', '', '', '', '', ''],
        ['  client', ...paths.map((path) => fmt(cpuOf(path, 'client'))), '', ''],
        ['  upstream', ...paths.map((path) => fmt(cpuOf(path, 'upstream'))), '', ''],
        ['  the proxy itself', '', fmt(cpuOf('nginx', 'proxy')), fmt(cpuOf('node pipe', 'proxy')), fmt(cpuOf('proxy', 'proxy')), '', ''],
        ['errors', ...paths.map((path) => String(total(runs[path], (r) => r.errors))), '', ''],
      ]),
    );
    for (const run of errors) console.log(`  first error: ${run.firstError}`);
    console.log(`\n(${latencySamples} sequential samples each, rotating order; ${ROUNDS} × ${LOAD_MS / 1000} s load rounds each, alternating order, after a 1 s warm-up each)`);
    report({
      measure: 'proxy: added median latency vs nginx',
      value: `${fmt(added('proxy'))} ms (nginx ${fmt(added('nginx'))} ms)`,
      goal: `≤ ${fmt(latencyGoal)} ms`,
      met: added('proxy') <= latencyGoal,
    });
    report({
      measure: 'proxy: requests/s at 32 connections / nginx',
      value: `${fmt(throughputRatio)}× (${fmt(rps('proxy'), 0)} / ${fmt(rps('nginx'), 0)}; a bare Node pipe ${fmt(pipeRatio)}×)`,
      goal: '≥ 0.90×',
      met: throughputRatio >= 0.9,
    });
  } finally {
    await nginx.stop();
    await pipe.stop();
    await proxy.stop();
    await upstream.stop();
  }
}
