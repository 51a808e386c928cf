/**
 * The request the dashboard sends, written out for use elsewhere: as cURL against Cloudflare's API and as code for
 * the official `cloudflare` npm SDK. Neither ever contains a credential: both read the token and the account id
 * from the environment (`$CLOUDFLARE_API_TOKEN`, `$CLOUDFLARE_ACCOUNT_ID`).
 */
import { LIMITS, filterKey, type ListQuery } from '../../../contract/list-query';
import { listQueryString } from './url-state';

export const CLOUDFLARE_API_BASE = 'https://api.cloudflare.com/client/v4';

type Query = Omit<ListQuery, 'continuationToken'>;

/**
 * The list URL with the account id left to the shell. The query string is the contract module's, which
 * percent-encodes `$`, `` ` ``, `"` and `\`; `!` is encoded here too, so that nothing in it means anything to a
 * shell inside double quotes (interactive bash expands `!`).
 */
export function curlUrl(query: Query): string {
  const search = listQueryString(query).replace(/!/g, '%21');
  return `${CLOUDFLARE_API_BASE}/accounts/$CLOUDFLARE_ACCOUNT_ID/images/v2${search ? `?${search}` : ''}`;
}

/**
 * `--globoff`: without it curl reads `[eq]` as a glob range and fails ("bad range in URL").
 */
export function curlSnippet(query: Query): string {
  return [
    `curl --globoff "${curlUrl(query)}" \\`,
    '  --header "Authorization: Bearer $CLOUDFLARE_API_TOKEN"',
  ].join('\n');
}

/** What `client.images.v2.list` takes besides `account_id`, for this query. */
export interface SdkListParams {
  per_page?: number;
  sort_order?: 'asc' | 'desc';
  creator?: string;
  /** `<field>[<operator>]` keys: the SDK serializes `meta` with dots, giving `meta.<field>[<operator>]`. */
  meta?: Record<string, string>;
}

/**
 * The SDK's parameters for a query. The SDK (cloudflare 7, `resources/images/v2/v2.ts`) sends `query` through its
 * qs with `allowDots`: `meta: { 'region.name[eq]': 'eu-west' }` becomes `meta.region.name%5Beq%5D=eu-west`, which
 * the API decodes to the contract's key; `creator: ''` becomes `creator=` ("not set"); `per_page` is a number.
 */
export function sdkListParams(query: Query): SdkListParams {
  const params: SdkListParams = {};
  // Defaults left out, as the contract's serializer does: the request is the same, the snippet shorter.
  if (query.perPage !== LIMITS.perPageDefault) params.per_page = query.perPage;
  if (query.sortOrder !== LIMITS.sortOrderDefault) params.sort_order = query.sortOrder;
  if (query.creator !== undefined) params.creator = query.creator;
  if (query.filters.length > 0) {
    params.meta = Object.fromEntries(query.filters.map((filter) => [filterKey(filter).slice('meta.'.length), filter.value]));
  }
  return params;
}

/**
 * A complete TypeScript module for the SDK. `meta` is cast because the SDK types it with one placeholder key
 * (`'<field>[<operator>]'`), so real keys fail TypeScript's excess-property check without it.
 */
export function sdkSnippet(query: Query): string {
  const params = sdkListParams(query);
  const lines = ['  account_id: process.env.CLOUDFLARE_ACCOUNT_ID!,'];
  if (params.per_page !== undefined) lines.push(`  per_page: ${params.per_page},`);
  if (params.sort_order !== undefined) lines.push(`  sort_order: ${JSON.stringify(params.sort_order)},`);
  if (params.creator !== undefined) {
    lines.push(`  creator: ${JSON.stringify(params.creator)},${params.creator === '' ? ' // only images without a creator' : ''}`);
  }
  if (params.meta) {
    lines.push('  meta: {');
    for (const [key, value] of Object.entries(params.meta)) lines.push(`    ${JSON.stringify(key)}: ${JSON.stringify(value)},`);
    lines.push('  } as Cloudflare.Images.V2ListParams.Meta,');
  }
  return [
    "import Cloudflare from 'cloudflare';",
    '',
    'const client = new Cloudflare({ apiToken: process.env.CLOUDFLARE_API_TOKEN });',
    '',
    'const page = await client.images.v2.list({',
    ...lines,
    '});',
    '// page.continuation_token: pass it back as continuation_token for the next page.',
    'console.log(page.images);',
  ].join('\n');
}
