/**
 * Hostile query strings through the whole app (CONTRACT.md §2–§3): never a 500, always an answer in the envelope,
 * and a query the contract module refuses never reaches the upstream. The oracle is the contract module itself,
 * applied to the query string the server actually receives.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalListQuery, canonicalQueryString, parseListQuery } from '../../src/contract/list-query';
import { createApp } from '../app';
import { startFakeUpstream, type FakeUpstream } from '../test-support/fake-upstream';
import { expectNoSecrets } from '../test-support/proxy-harness';
import { TEST_ACCOUNT_ID, cloudflareConfig } from '../test-support/test-config';

const OPERATOR_SAMPLE = ['eq', 'eq:string', 'eq:number', 'eq:boolean', 'in', 'in:number', 'gt', 'lte:number', 'like', 'EQ', ''];
const hostileChar = fc.constantFrom(
  ...'[]%&=.|:+ #?/\\"\'<>;,-_eE0159aZ~!$()*@^`{}'.split(''),
  '\u0000', '\u001f', '\u007f', '\u00a0', '\u202e', '\ufeff', '\ud800', '\udfff', '😀', 'é', '\n', '\r', '\t',
);
const fragment = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(
    'per_page', 'sort_order', 'continuation_token', 'creator', 'meta', 'meta.', 'meta.a', 'meta.a[eq]', 'meta.status[eq]',
    'meta.a.b.c.d.e.f[eq]', 'meta.n[gte]', 'meta.x[in]', 'meta.x[in:number]', 'meta.b[eq:boolean]', '[eq]', '[in]',
    '[eq:number]', 'eq:string', 'asc', 'desc', '10', '10000', '10001', '9', '-1', '1e3', '0x10', 'true', 'false', '|',
    '__proto__', 'constructor', 'prototype', '%5B', '%5D', '%5b', '%25', '%26', '%3D', '%zz', '%', '%0', '%00', '%ff',
    '%C0%80', '%ED%A0%80', '%F0%9F%98%80', '&&', '==', '..', 'meta..a[eq]', 'meta.a[[eq]]', 'meta.a[eq]]', 'NaN', 'Infinity',
  ) },
  { weight: 3, arbitrary: fc.string({ unit: hostileChar, maxLength: 8 }) },
  { weight: 1, arbitrary: fc.integer().map(String) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }) },
  { weight: 1, arbitrary: fc.nat({ max: 1200 }).map((n) => 'x'.repeat(n)) },
);
const part = fc.array(fragment, { minLength: 1, maxLength: 4 }).map((parts) => parts.join(''));
// Keys lean towards the contract's own names: unknown parameters are ignored (valid), so random keys alone would
// rarely test a rule.
const key = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('per_page', 'sort_order', 'continuation_token', 'creator', 'per%5Fpage') },
  { weight: 5, arbitrary: part.map((rest) => `meta.${rest}`) },
  { weight: 2, arbitrary: fc.tuple(part, fc.constantFrom(...OPERATOR_SAMPLE)).map(([path, op]) => `meta.${path}[${op}]`) },
  { weight: 1, arbitrary: part },
);
const pair = fc.tuple(key, fc.option(part, { nil: undefined })).map(([k, value]) => (value === undefined ? k : `${k}=${value}`));
const query = fc.array(pair, { maxLength: 12 }).map((pairs) => pairs.join('&'));

describe('fuzzing the list route', () => {
  let upstream: FakeUpstream;
  let app: ReturnType<typeof createApp>;
  beforeAll(async () => {
    upstream = await startFakeUpstream({ images: 30 });
    // The fake's own app without the TCP hop: ten thousand requests, most of them refused, stay fast.
    app = createApp(cloudflareConfig(upstream.baseUrl), { log: false, proxy: { retryBaseMs: 5 }, fetch: upstream.inProcessFetch });
  });
  afterAll(() => upstream.close());

  it('10,000 hostile query strings: never a 500, never forwarded when invalid', async () => {
    let valid = 0;
    let invalid = 0;
    await fc.assert(
      fc.asyncProperty(query, async (q) => {
        const url = new URL(`http://127.0.0.1/client/v4/accounts/${TEST_ACCOUNT_ID}/images/v2?${q}`);
        const expectedOk = parseListQuery(url.search).ok;
        const before = upstream.requests.length;
        const res = await app.request(url.href);
        const text = await res.text();
        expect(res.status).not.toBe(500);
        expect(res.headers.get('content-type')).toMatch(/^application\/json/);
        expectNoSecrets(text, 'a fuzzed answer');
        if (expectedOk) {
          valid += 1;
          expect(res.status).toBe(200);
          expect(upstream.requests.length).toBe(before + 1);
          // What the cache key describes, nothing else (issue 12 #13): the forwarded string parses to the same
          // canonical query, and is exactly its canonical spelling.
          const forwarded = upstream.requests.at(-1)?.search ?? '';
          const parsedQuery = parseListQuery(url.search);
          const reparsed = parseListQuery(forwarded);
          expect(reparsed.ok && parsedQuery.ok && canonicalListQuery(reparsed.query) === canonicalListQuery(parsedQuery.query)).toBe(true);
          // (as the transport's URL parser writes it: WHATWG URLs percent-encode `'` in a query)
          if (parsedQuery.ok) expect(forwarded).toBe(new URL(`?${canonicalQueryString(parsedQuery.query)}`, url).search);
        } else {
          invalid += 1;
          expect(res.status).toBe(400);
          const body = JSON.parse(text) as { success: boolean; errors: { code: number; message: string }[] };
          expect(body.success).toBe(false);
          expect(body.errors.length).toBeGreaterThan(0);
          for (const error of body.errors) {
            expect(error.code).toBe(5400);
            expect(error.message.length).toBeLessThan(400);
          }
          expect(upstream.requests.length).toBe(before);
        }
      }),
      { numRuns: 10_000 },
    );
    // The generator must exercise both sides, or the property says little.
    expect(valid).toBeGreaterThan(500);
    expect(invalid).toBeGreaterThan(5000);
  }, 120_000);
});
