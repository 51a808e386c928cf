/**
 * Where the walk gets its pages (index-walker.ts): list v2, `per_page=1000`, oldest first (so that images uploaded
 * during a walk come last and are seen by it). One HTTP request per page and no retries of its own: a failed page is
 * the walker's to try again later, within its share of the budget. Web APIs only (Node and Workers).
 */
import { LIMITS } from '../../src/contract/list-query';
import type { CfImage } from '../../src/contract/image';
import { StaleTokenError, type BudgetGate, type ListPage, type PageSource } from './index-walker';

export interface ListPageSourceOptions {
  /** `…/accounts/{id}/images/v2` on the global API, or the batch host's `…/images/v2`. */
  listUrl: string;
  /** Credentials (global API) or the batch token (batch host). */
  headers: () => Record<string, string> | Promise<Record<string, string>>;
  fetch?: typeof fetch;
  timeoutMs: number;
}

export const WALK_PAGE_SIZE = LIMITS.perPageDefault;

export function listPageSource(options: ListPageSourceOptions): PageSource {
  const fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
  return {
    async fetchPage(token) {
      const url = new URL(options.listUrl);
      url.searchParams.set('per_page', String(WALK_PAGE_SIZE));
      url.searchParams.set('sort_order', 'asc');
      if (token !== null) url.searchParams.set('continuation_token', token);
      const response = await fetchImpl(url.toString(), {
        headers: { accept: 'application/json', ...(await options.headers()) },
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      let body: { success?: boolean; errors?: { message?: string }[]; result?: { images?: CfImage[]; continuation_token?: string | null } };
      try {
        body = (await response.json()) as typeof body;
      } catch {
        throw new Error(`list v2 answered ${response.status} with something that is not the JSON envelope`);
      }
      if (!response.ok || body.success !== true || !Array.isArray(body.result?.images)) {
        const why = body.errors?.map((e) => e.message).join('; ') || `status ${response.status}`;
        if (response.status === 400 && token !== null) throw new StaleTokenError(`list v2 refused the continuation token: ${why}`);
        throw new Error(`list v2 answered ${response.status}: ${why}`);
      }
      return { images: body.result.images, continuationToken: body.result.continuation_token ?? null } satisfies ListPage;
    },
  };
}

/**
 * The walk's share of the rate budget (docs/CONTRACT.md §9: at most half of `RATE_BUDGET` per rolling five minutes)
 * when it cannot go through the batch API: a sliding window of the walk's own requests.
 */
export class WindowGate implements BudgetGate {
  private readonly taken: number[] = [];

  constructor(
    private readonly limit: number,
    private readonly windowMs = 300_000,
    private readonly now: () => number = Date.now,
  ) {}

  tryTake(): boolean {
    const since = this.now() - this.windowMs;
    while (this.taken.length > 0 && (this.taken[0] ?? 0) <= since) this.taken.shift();
    if (this.taken.length >= this.limit) return false;
    this.taken.push(this.now());
    return true;
  }

  get used(): number {
    return this.taken.length;
  }
}
