/**
 * The official `cloudflare` SDK pointed at the proxy (CONTRACT.md §1: Cloudflare's path layout, so any Cloudflare
 * client can use `http://HOST:PORT/client/v4`). Everything travels over real HTTP: SDK → proxy → fake upstream.
 */
import Cloudflare, { BadRequestError } from 'cloudflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProxyHarness, type ProxyHarness } from '../test-support/proxy-harness';
import { TEST_ACCOUNT_ID, TEST_API_TOKEN } from '../test-support/test-config';

describe('the cloudflare SDK through the proxy', () => {
  let h: ProxyHarness;
  let client: Cloudflare;
  beforeAll(async () => {
    h = await startProxyHarness({ upstream: { images: 95 } });
    // The SDK insists on a credential; the proxy ignores it and uses its own.
    client = new Cloudflare({ apiToken: 'sdk-side-dummy-token', baseURL: `${h.origin}/client/v4`, maxRetries: 0 });
  });
  afterAll(() => h.close());

  it('lists and pages through every image with continuation tokens', async () => {
    const ids: string[] = [];
    let token: string | null | undefined;
    let pages = 0;
    do {
      const page = await client.images.v2.list({ account_id: TEST_ACCOUNT_ID, per_page: 20, sort_order: 'asc', continuation_token: token });
      ids.push(...(page.images ?? []).map((image) => image.id ?? ''));
      token = page.continuation_token;
      pages += 1;
    } while (token);
    expect(pages).toBe(5);
    expect(ids).toEqual(h.upstream.images.map((image) => image.id));
    const upstreamAuth = new Set(h.upstream.listRequests().map((r) => r.headers.authorization));
    expect(upstreamAuth).toEqual(new Set([`Bearer ${TEST_API_TOKEN}`]));
  });

  it('filters with meta.<field>[<operator>] sent in the SDK’s encoded form', async () => {
    const page = await client.images.v2.list(
      { account_id: TEST_ACCOUNT_ID, per_page: 100 },
      { query: { 'meta.status[eq]': 'active', 'meta.n[lt]': '10' } },
    );
    expect(page.images?.map((image) => image.id)).toEqual(
      h.upstream.images.filter((image) => image.meta.status === 'active' && Number(image.meta.n) < 10).map((i) => i.id).reverse(),
    );
    // Forwarded as the SDK encodes it, defaults explicit, filters in the canonical order (issue 12 #13).
    expect(h.upstream.listRequests().at(-1)?.search).toBe('?per_page=1000&sort_order=desc&meta.n%5Blt%5D=10&meta.status%5Beq%5D=active');
  });

  it('gets a BadRequestError with code 5400 for an invalid filter, which never reaches the upstream', async () => {
    const before = h.upstream.requests.length;
    const error = await client.images.v2
      .list({ account_id: TEST_ACCOUNT_ID }, { query: { 'meta.status[like]': 'act%' } })
      .then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(BadRequestError);
    const apiError = error as BadRequestError;
    expect(apiError.status).toBe(400);
    expect(apiError.errors[0]?.code).toBe(5400);
    expect(apiError.errors[0]?.message).toContain("Unsupported metadata filter operator: 'like'");
    expect(h.upstream.requests.length).toBe(before);
  });

  it('gets a PermissionDeniedError (403 / 9109) for another account', async () => {
    const error = await client.images.v2.list({ account_id: 'f'.repeat(32) }).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(Cloudflare.PermissionDeniedError);
    expect((error as InstanceType<typeof Cloudflare.PermissionDeniedError>).errors[0]?.code).toBe(9109);
  });
});
