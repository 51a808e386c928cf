import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Cloudflare from 'cloudflare';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseListQuery, type ListQuery } from '../../../contract/list-query';
import { CLOUDFLARE_API_BASE, curlSnippet, curlUrl, sdkListParams, sdkSnippet } from './request-snippets';

type Query = Omit<ListQuery, 'continuationToken'>;

const example: Query = {
  perPage: 100,
  sortOrder: 'asc',
  creator: 'user123',
  filters: [
    { path: ['status'], operator: 'eq', value: 'active' },
    { path: ['region', 'name'], operator: 'in', value: 'eu-west|us-east' },
    { path: ['priority'], operator: 'gte:number', value: '1' },
  ],
};

/** Runs the SDK for real, with a fetch that records the URL it was asked for. */
async function urlTheSdkRequests(params: ReturnType<typeof sdkListParams>): Promise<URL> {
  const urls: string[] = [];
  const client = new Cloudflare({
    apiToken: 'not-a-token',
    baseURL: 'http://sdk.test/client/v4',
    maxRetries: 0,
    fetch: async (input: string | URL | Request) => {
      urls.push(String(input instanceof Request ? input.url : input));
      const body = { success: true, errors: [], messages: [], result: { images: [], continuation_token: null } };
      return new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } });
    },
  });
  await client.images.v2.list({ account_id: 'acc', ...params } as Parameters<typeof client.images.v2.list>[0]);
  return new URL(urls[0] ?? '');
}

describe('Copy as cURL', () => {
  it('targets Cloudflare with the variables, never a token', () => {
    const snippet = curlSnippet(example);
    expect(snippet).toBe(
      [
        `curl --globoff "${CLOUDFLARE_API_BASE}/accounts/$CLOUDFLARE_ACCOUNT_ID/images/v2?per_page=100&sort_order=asc&creator=user123&meta.status[eq]=active&meta.region.name[in]=eu-west|us-east&meta.priority[gte:number]=1" \\`,
        '  --header "Authorization: Bearer $CLOUDFLARE_API_TOKEN"',
      ].join('\n'),
    );
    expect(curlUrl({ perPage: 1000, sortOrder: 'desc', filters: [] })).toBe(`${CLOUDFLARE_API_BASE}/accounts/$CLOUDFLARE_ACCOUNT_ID/images/v2`);
  });

  it('survives a shell: bash expands only the account id, and the API reads back the same query', () => {
    const hostile = fc.string({ unit: fc.constantFrom('a', '$', '`', '"', "'", '\\', '!', ' ', '&', '|', '*', '(', ';', '#', 'é'), maxLength: 8 });
    fc.assert(
      fc.property(hostile, hostile, (creator, value) => {
        const query: Query = { perPage: 1000, sortOrder: 'desc', creator, filters: [{ path: ['k'], operator: 'eq', value }] };
        const { stdout } = spawnSync('bash', ['-c', `printf '%s' "${curlUrl(query)}"`], {
          env: { PATH: process.env.PATH, CLOUDFLARE_ACCOUNT_ID: 'acc123' },
          encoding: 'utf8',
        });
        const url = new URL(stdout);
        expect(url.pathname).toBe('/client/v4/accounts/acc123/images/v2');
        expect(parseListQuery(url.search)).toEqual({ ok: true, query });
      }),
      { numRuns: 20 },
    );
  });
});

describe('Copy as code (cloudflare SDK)', () => {
  it('gives the SDK parameters that make it send exactly this query', async () => {
    for (const query of [
      example,
      { perPage: 1000, sortOrder: 'desc', filters: [] } as Query,
      { perPage: 10, sortOrder: 'desc', creator: '', filters: [{ path: ['ratings'], operator: 'in:number', value: '4|5' }] } as Query,
    ]) {
      const url = await urlTheSdkRequests(sdkListParams(query));
      expect(url.pathname).toBe('/client/v4/accounts/acc/images/v2');
      expect(parseListQuery(url.search)).toEqual({ ok: true, query });
    }
  });

  it('writes those parameters into the snippet', () => {
    const snippet = sdkSnippet(example);
    expect(snippet).toContain("import Cloudflare from 'cloudflare';");
    expect(snippet).toContain('client.images.v2.list({');
    expect(snippet).toContain('account_id: process.env.CLOUDFLARE_ACCOUNT_ID!,');
    expect(snippet).toContain('per_page: 100,');
    expect(snippet).toContain('sort_order: "asc",');
    expect(snippet).toContain('creator: "user123",');
    expect(snippet).toContain('"region.name[in]": "eu-west|us-east",');
    expect(snippet).toContain('} as Cloudflare.Images.V2ListParams.Meta,');
    expect(snippet).not.toMatch(/apiToken: ['"]/);
  });

  it('is a TypeScript module that type-checks against the installed SDK', () => {
    const dir = join(process.cwd(), 'node_modules', '.cache', 'cfie-snippet-check');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'snippet.ts');
    writeFileSync(file, `${sdkSnippet(example)}\nexport {};\n`);
    const tsc = join(process.cwd(), 'node_modules', 'typescript', 'bin', 'tsc');
    const args = [tsc, '--noEmit', '--ignoreConfig', '--strict', '--skipLibCheck', '--module', 'esnext', '--target', 'es2022', '--moduleResolution', 'bundler', '--types', 'node', file];
    expect(() => execFileSync(process.execPath, args, { encoding: 'utf8' })).not.toThrow();
  });
});
