/**
 * The batch API client (docs/CONTRACT.md §10): bulk writes and index walks go to `CLOUDFLARE_BATCH_URL` with a batch
 * token, at most `BATCH_RATE` requests per second, outside the global limit. The server fetches the token itself
 * (one request of the budget), reuses it until a minute before `expiresAt`, and never hands it to a browser. When the
 * batch host refuses (401, 403, 404) or cannot be reached, requests go to the global API within the budget, the log
 * says so once, and the batch host is tried again after 10 minutes.
 */
import type { AppConfig, CloudflareAuth } from '../config';
import { realClock, type BudgetPriority, type Clock, type RateBudget } from './rate-budget';

export const BATCH_RETRY_AFTER_MS = 10 * 60_000;
const TOKEN_MARGIN_MS = 60_000;

export type BatchState = 'ok' | 'unavailable' | 'off';

export interface BatchRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** The path below the account (and below the batch host): `/images/v1/<id>`, `/images/v2?per_page=1000`, … */
  path: string;
  body?: BodyInit;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export interface BatchClientOptions {
  config: AppConfig;
  budget: RateBudget;
  fetch?: typeof fetch;
  clock?: Clock;
  log?: (line: string) => void;
}

export function credentialHeaders(auth: CloudflareAuth): Record<string, string> {
  return auth.type === 'token' ? { authorization: `Bearer ${auth.token}` } : { 'x-auth-email': auth.email, 'x-auth-key': auth.key };
}

export class BatchClient {
  private readonly accountUrl: string;
  private readonly batchUrl: string;
  private readonly rate: number;
  private readonly fetchImpl: typeof fetch;
  private readonly clock: Clock;
  private readonly log: (line: string) => void;
  private readonly credentials: Record<string, string>;
  private token: { token: string; renewAt: number } | undefined;
  private tokenRequest: Promise<string> | undefined;
  private unavailableUntil = 0;
  /** Send times of the last second, for `BATCH_RATE`. */
  private readonly recent: number[] = [];
  private slotChain: Promise<void> = Promise.resolve();

  constructor(private readonly options: BatchClientOptions) {
    const cloudflare = options.config.cloudflare;
    if (!cloudflare) throw new Error('BatchClient: cloudflare mode only');
    this.accountUrl = `${cloudflare.baseUrl}/accounts/${options.config.accountId}`;
    this.batchUrl = options.config.writes.batchUrl;
    this.rate = options.config.writes.batchRate;
    this.fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
    this.clock = options.clock ?? realClock;
    this.log = options.log ?? console.log;
    this.credentials = credentialHeaders(cloudflare.auth);
  }

  state(): BatchState {
    return this.clock.now() < this.unavailableUntil ? 'unavailable' : 'ok';
  }

  /** `{state, ratePerSecond, used}` for `/api/rate-budget`. */
  snapshot(): { state: BatchState; ratePerSecond: number; used: number } {
    this.pruneRecent(this.clock.now());
    return { state: this.state(), ratePerSecond: this.rate, used: this.recent.length };
  }

  /**
   * One request through the batch host, or through the global API within the budget (at `priority`) while the batch
   * host is unavailable. Answers the upstream's Response as is; throws what `fetch` or the budget throws.
   */
  async request(request: BatchRequest, priority: BudgetPriority = 'bulk'): Promise<Response> {
    if (this.state() === 'ok') {
      const answer = await this.viaBatch(request);
      if (answer) return answer;
    }
    return this.viaGlobal(request, priority);
  }

  /** One page of list v2 for the index walker: `query` is the query string without `?`. */
  listPage(query: string, signal?: AbortSignal): Promise<Response> {
    return this.request({ method: 'GET', path: `/images/v2${query ? `?${query}` : ''}`, signal }, 'walk');
  }

  private async viaGlobal(request: BatchRequest, priority: BudgetPriority): Promise<Response> {
    await this.options.budget.acquire(priority, request.signal);
    const response = await this.fetchImpl(`${this.accountUrl}${request.path}`, {
      method: request.method,
      headers: { accept: 'application/json', ...request.headers, ...this.credentials },
      body: request.body,
      signal: request.signal,
      redirect: 'manual',
    });
    if (response.status === 429) this.options.budget.noteResponse(429, response.headers.get('retry-after'));
    return response;
  }

  /** `undefined` when the batch host refused or could not be reached (it is then marked unavailable). */
  private async viaBatch(request: BatchRequest): Promise<Response | undefined> {
    for (let tries = 0; tries < 2; tries += 1) {
      let token: string;
      try {
        token = await this.getToken();
      } catch (error) {
        this.markUnavailable(`no batch token (${describe(error)})`);
        return undefined;
      }
      await this.slot();
      let response: Response;
      try {
        response = await this.fetchImpl(`${this.batchUrl}${request.path}`, {
          method: request.method,
          headers: { accept: 'application/json', ...request.headers, authorization: `Bearer ${token}` },
          body: request.body,
          signal: request.signal,
          redirect: 'manual',
        });
      } catch (error) {
        if (request.signal?.aborted) throw error;
        this.markUnavailable(`unreachable (${describe(error)})`);
        return undefined;
      }
      if (response.status === 401 && tries === 0) {
        // The token may have been revoked or the host restarted: one new token, one more try.
        await response.body?.cancel().catch(() => undefined);
        this.token = undefined;
        continue;
      }
      if (response.status === 401 || response.status === 403 || response.status === 404) {
        // 404 for an image is an answer, not a refusal, when it carries the images API's own code.
        if (response.status === 404 && (await isImageNotFound(response.clone()))) return response;
        await response.body?.cancel().catch(() => undefined);
        this.markUnavailable(`refused with ${response.status}`);
        return undefined;
      }
      return response;
    }
    return undefined;
  }

  private markUnavailable(reason: string): void {
    if (this.state() === 'ok') {
      this.log(`batch API ${this.batchUrl} ${reason}: using the global API within the rate budget; trying the batch API again in 10 minutes`);
    }
    this.unavailableUntil = this.clock.now() + BATCH_RETRY_AFTER_MS;
    this.token = undefined;
  }

  private getToken(): Promise<string> {
    if (this.token && this.clock.now() < this.token.renewAt) return Promise.resolve(this.token.token);
    this.tokenRequest ??= (async () => {
      try {
        await this.options.budget.acquire('list');
        const response = await this.fetchImpl(`${this.accountUrl}/images/v1/batch_token`, {
          headers: { accept: 'application/json', ...this.credentials },
          redirect: 'manual',
        });
        if (response.status === 429) this.options.budget.noteResponse(429, response.headers.get('retry-after'));
        const body = (await response.json().catch(() => null)) as { result?: { token?: unknown; expiresAt?: unknown } } | null;
        const token = body?.result?.token;
        const expiresAt = Date.parse(String(body?.result?.expiresAt));
        if (!response.ok || typeof token !== 'string' || Number.isNaN(expiresAt)) {
          throw new Error(`the global API answered ${response.status} to GET images/v1/batch_token`);
        }
        this.token = { token, renewAt: expiresAt - TOKEN_MARGIN_MS };
        return token;
      } finally {
        this.tokenRequest = undefined;
      }
    })();
    return this.tokenRequest;
  }

  private pruneRecent(now: number): void {
    let n = 0;
    while (n < this.recent.length && this.recent[n]! <= now - 1000) n += 1;
    if (n > 0) this.recent.splice(0, n);
  }

  /** Waits for a place among `BATCH_RATE` requests per rolling second (requests take places in call order). */
  private slot(): Promise<void> {
    const next = this.slotChain.then(async () => {
      for (;;) {
        const now = this.clock.now();
        this.pruneRecent(now);
        if (this.recent.length < this.rate) {
          this.recent.push(now);
          return;
        }
        const wait = this.recent[0]! + 1000 - now;
        await new Promise<void>((resolve) => this.clock.setTimeout(resolve, Math.max(1, wait)));
      }
    });
    this.slotChain = next.catch(() => undefined);
    return next;
  }
}

async function isImageNotFound(response: Response): Promise<boolean> {
  const body = (await response.json().catch(() => null)) as { errors?: { code?: unknown }[] } | null;
  return body?.errors?.[0]?.code === 5404;
}

function describe(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const code = typeof cause === 'object' && cause !== null && 'code' in cause ? String(cause.code) : undefined;
  return code ?? (error instanceof Error ? error.message.slice(0, 120) : 'failed');
}
