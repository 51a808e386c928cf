/**
 * A closed-loop load generator: `concurrency` clients, each sending its next request as soon as the previous answer
 * is read in full, for `durationMs`. Used by `npm run loadtest`, `npm run bench` and the short CI versions in
 * server/reliability. Every answer goes through `check`, which says what (if anything) is wrong with it.
 */
import http from 'node:http';

export interface Answer {
  status: number;
  headers: Headers;
  body: string;
}

/** What is wrong with an answer, or null when it is acceptable. */
export type AnswerCheck = (answer: Answer) => string | null;

export interface LoadOptions {
  /** The URL of each request; a function lets clients vary queries. */
  url: (client: number, n: number) => string;
  concurrency: number;
  durationMs: number;
  /** Per-request client timeout; a request still unanswered by then is an error. */
  requestTimeoutMs?: number;
  check: AnswerCheck;
  headers?: Record<string, string>;
}

export interface LoadResult {
  requests: number;
  /** Requests whose answer failed `check`, or that failed at the network level. */
  errors: number;
  /** Up to 10 distinct error descriptions, with counts. */
  errorSamples: Map<string, number>;
  statuses: Map<number, number>;
  elapsedMs: number;
  requestsPerSecond: number;
  latencyMs: { p50: number; p99: number; max: number };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return cause ? `${error.name}: ${cause.code ?? cause.message ?? ''}` : `${error.name}: ${error.message}`;
  }
  return String(error);
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const latencies: number[] = [];
  const errorSamples = new Map<string, number>();
  const statuses = new Map<number, number>();
  let errors = 0;
  const noteError = (what: string) => {
    errors += 1;
    if (errorSamples.has(what) || errorSamples.size < 10) errorSamples.set(what, (errorSamples.get(what) ?? 0) + 1);
  };

  const started = performance.now();
  const stopAt = started + options.durationMs;
  const client = async (id: number) => {
    for (let n = 0; performance.now() < stopAt; n += 1) {
      const t0 = performance.now();
      try {
        const res = await fetch(options.url(id, n), {
          headers: options.headers,
          signal: AbortSignal.timeout(options.requestTimeoutMs ?? 30_000),
        });
        const body = await res.text();
        latencies.push(performance.now() - t0);
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        const problem = options.check({ status: res.status, headers: res.headers, body });
        if (problem) noteError(problem);
      } catch (error) {
        latencies.push(performance.now() - t0);
        noteError(describe(error));
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, (_, id) => client(id)));
  const elapsedMs = performance.now() - started;
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    errors,
    errorSamples,
    statuses,
    elapsedMs,
    requestsPerSecond: latencies.length / (elapsedMs / 1000),
    latencyMs: { p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: latencies.at(-1) ?? Number.NaN },
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Cloudflare's error envelope (CONTRACT.md §2 "Errors, every route"): JSON, `success: false`, at least one
 * `{code: number, message: non-empty string}`, `messages` an array, `result: null`.
 */
export function errorEnvelopeProblem(answer: Answer): string | null {
  if (answer.status < 400) return `status ${answer.status} for an error envelope`;
  if (!/^application\/json\b/i.test(answer.headers.get('content-type') ?? '')) {
    return `${answer.status} with content-type ${answer.headers.get('content-type')}`;
  }
  let body: unknown;
  try {
    body = JSON.parse(answer.body);
  } catch {
    return `${answer.status} with a body that is not JSON`;
  }
  if (!isRecord(body) || body.success !== false || body.result !== null || !Array.isArray(body.messages)) {
    return `${answer.status} with a body that is not Cloudflare's error envelope`;
  }
  const errors = body.errors;
  if (!Array.isArray(errors) || errors.length === 0) return `${answer.status} envelope without errors`;
  for (const e of errors) {
    if (!isRecord(e) || typeof e.code !== 'number' || typeof e.message !== 'string' || e.message === '') {
      return `${answer.status} envelope with a malformed error entry`;
    }
  }
  return null;
}

/** A successful list answer (CONTRACT.md §2 "Response") with `expectedImages` images (when given). */
export function listSuccessProblem(answer: Answer, expectedImages?: number): string | null {
  if (answer.status !== 200) return `status ${answer.status}`;
  let body: unknown;
  try {
    body = JSON.parse(answer.body);
  } catch {
    return '200 with a body that is not JSON';
  }
  if (!isRecord(body) || body.success !== true || !Array.isArray(body.errors) || !isRecord(body.result)) {
    return '200 with a body that is not a success envelope';
  }
  const { images, continuation_token } = body.result;
  if (!Array.isArray(images)) return '200 without result.images';
  if (continuation_token !== null && typeof continuation_token !== 'string') return '200 with a bad continuation_token';
  if (expectedImages !== undefined && images.length !== expectedImages) {
    return `200 with ${images.length} images instead of ${expectedImages}`;
  }
  for (const image of images) {
    if (!isRecord(image) || typeof image.id !== 'string' || !Array.isArray(image.variants)) return '200 with a malformed image';
  }
  return null;
}

/** Either a valid success or a valid error envelope: what a client may get while the upstream misbehaves. */
export function successOrEnvelopeProblem(answer: Answer): string | null {
  return answer.status === 200 ? listSuccessProblem(answer) : errorEnvelopeProblem(answer);
}

const MB = 1024 * 1024;

export function formatMb(bytes: number): string {
  return `${(bytes / MB).toFixed(1)} MB`;
}

/** A plain-text table: a header row, a rule, then rows; columns padded to their widest cell. */
export function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, col) => Math.max(...rows.map((row) => (row[col] ?? '').length))) ?? [];
  const line = (row: string[]) => row.map((cell, col) => cell.padEnd(widths[col] ?? 0)).join('  ').trimEnd();
  const [head, ...rest] = rows;
  return [line(head ?? []), widths.map((w) => '-'.repeat(w)).join('  '), ...rest.map(line)].join('\n');
}

/**
 * One GET over a keep-alive connection, timed to the last body byte (decoding the text is the client's cost, after
 * the clock). The single-request benches (local-list, index) share it.
 */
export function timedGet(url: string, agent: http.Agent): Promise<{ ms: number; text: string; status: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    http
      .get(url, { agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const ms = performance.now() - started;
          resolve({ ms, text: Buffer.concat(chunks).toString(), status: res.statusCode ?? 0 });
        });
        res.on('error', reject);
      })
      .on('error', reject);
  });
}
