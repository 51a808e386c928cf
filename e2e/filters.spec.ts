/**
 * Journeys of the filter builder: each of Cloudflare's "List images V2" examples built through the UI, checked
 * against the request the page sent and the images it received, plus limits, inline errors, links, history and
 * saved views. Assertions rest on images this file uploads (newest, so on the first page), not on demo data.
 */
import AxeBuilder from '@axe-core/playwright';
import type { APIRequestContext, Locator, Page, Request } from '@playwright/test';
import { checkFilterValue, compileMatcher, parseListQuery, type ListQuery, type MetaFilter, type Operator } from '../src/contract/list-query';
import { expect, imageCards, openDashboard, readClipboard, test } from './fixtures';
import { FIRST_SCREEN_PAGE_SIZE } from '../src/features/images/lib/grid-query';

/** A 1×1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

/** What this file uploads: each example below matches a known subset of these. */
const SEEDED = [
  {
    filename: 'e2e-filters-1.png',
    creator: 'user123',
    metadata: { status: 'active', ratings: 5, priority: 5, region: { name: 'eu-west' }, featured: true, e2e: 'filters' },
  },
  {
    filename: 'e2e-filters-2.png',
    creator: 'e2e-filters',
    metadata: { status: 'pending', ratings: 4, priority: 2, region: { name: 'us-east' }, featured: false, e2e: 'filters' },
  },
  {
    filename: 'e2e-filters-3.png',
    creator: null,
    // A string "5" is not the number 5 for in:number.
    metadata: { status: 'deleted', ratings: '5', priority: 9, region: { name: 'eu-west' }, e2e: 'filters' },
  },
  {
    filename: 'e2e-filters-4.png',
    creator: 'user123',
    // `region` is a string here: region.name does not exist.
    metadata: { status: 'flagged', ratings: 3, priority: '5', region: 'eu-west', e2e: 'filters' },
  },
  {
    filename: 'e2e-filters-5.png',
    creator: 'e2e-filters',
    metadata: { status: 'active', ratings: 1, priority: 7, featured: 'true', e2e: 'filters' },
  },
] as const;
const SEEDED_NAMES = new Set<string>(SEEDED.map((s) => s.filename));

async function upload(request: APIRequestContext, accountId: string, item: (typeof SEEDED)[number]) {
  const multipart: Record<string, string | { name: string; mimeType: string; buffer: Buffer }> = {
    file: { name: item.filename, mimeType: 'image/png', buffer: PNG },
    metadata: JSON.stringify(item.metadata),
  };
  if (item.creator !== null) multipart.creator = item.creator;
  const response = await request.post(`/client/v4/accounts/${accountId}/images/v1`, { multipart });
  expect(response.ok(), await response.text()).toBe(true);
}

// Idempotent: Playwright starts a new worker (and runs this again) after a failed test, against the same server.
test.beforeAll(async ({ request }) => {
  const config = (await (await request.get('/api/config')).json()) as { accountId: string };
  const existing = (await (await request.get(`/client/v4/accounts/${config.accountId}/images/v2?meta.e2e[eq]=filters`)).json()) as {
    result: { images: unknown[] };
  };
  if (existing.result.images.length > 0) return;
  // Oldest first, so that the newest-first order of the page is 5, 4, 3, 2, 1; each one its own upload time.
  for (const item of SEEDED) await upload(request, config.accountId, item);
});

const panel = (page: Page) => page.getByRole('complementary', { name: 'Filters' });

type ValueSpec = { text: string } | { list: string[] } | { on: boolean };

/** Adds a filter row through the UI: Field, Operator (by its words), Value. */
async function addFilter(page: Page, field: string, operator: string, value: ValueSpec): Promise<Locator> {
  const filters = panel(page);
  const count = await filters.getByRole('group', { name: /^Filter \d+$/ }).count();
  await filters.getByRole('button', { name: 'Add filter' }).click();
  const row = filters.getByRole('group', { name: `Filter ${count + 1}` });
  await row.getByRole('combobox', { name: 'Field' }).fill(field);
  await row.getByRole('combobox', { name: 'Operator' }).selectOption({ label: operator });
  if ('text' in value) await row.getByRole('combobox', { name: 'Value' }).fill(value.text);
  else if ('list' in value) {
    const input = row.getByRole('combobox', { name: 'Value' });
    for (const element of value.list) {
      await input.fill(element);
      await input.press('Enter');
    }
  } else await row.getByRole('switch', { name: 'Value' }).setChecked(value.on);
  return row;
}

/** The walk's first page: not a later page, nor the first screen's small page of 50 beside it. */
const isListRequest = (request: Request) =>
  request.url().includes('/images/v2') &&
  !request.url().includes('continuation_token') &&
  new URL(request.url()).searchParams.get('per_page') !== String(FIRST_SCREEN_PAGE_SIZE);

/** Clicks "Apply filters" and returns the list request the page sent for it, with the answer it got. */
async function apply(page: Page) {
  const sent = page.waitForRequest(isListRequest);
  await panel(page).getByRole('button', { name: 'Apply filters' }).click();
  const request = await sent;
  const response = await request.response();
  const body = (await response?.json()) as { result: { images: { filename: string; creator: string | null; meta: unknown }[] } };
  return { request, images: body.result.images };
}

const f = (path: string, operator: Operator, value: string): MetaFilter => ({ path: path.split('.'), operator, value });

/** The grid's first page: 1,000 newest first; a link without per_page means that. */
const query = (filters: MetaFilter[], creator?: string): ListQuery => ({ perPage: 1000, sortOrder: 'desc', creator, filters });

/** The request is exactly `expected`, every image received matches it, and the seeded ones are those expected. */
async function expectResult(page: Page, result: Awaited<ReturnType<typeof apply>>, expected: ListQuery, seeded: string[]) {
  expect(parseListQuery(new URL(result.request.url()).search)).toEqual({ ok: true, query: expected });
  const matches = compileMatcher(expected);
  for (const image of result.images) expect(matches(image), `${image.filename} matches ${result.request.url()}`).toBe(true);
  expect(result.images.map((i) => i.filename).filter((name) => SEEDED_NAMES.has(name))).toEqual(seeded);
  // …and the grid shows them.
  if (seeded[0]) await expect(imageCards(page).getByRole('button', { name: seeded[0], exact: true })).toBeVisible();
}

test.describe("Cloudflare's examples, built through the UI", () => {
  test.beforeEach(async ({ page }) => openDashboard(page));

  test('status eq:string active', async ({ page }) => {
    await addFilter(page, 'status', 'is (text)', { text: 'active' });
    const result = await apply(page);
    await expectResult(page, result, query([f('status', 'eq:string', 'active')]), ['e2e-filters-5.png', 'e2e-filters-1.png']);
    expect(new URL(page.url()).searchParams.get('meta.status[eq:string]')).toBe('active');
    // A link a person can read: brackets and the colon as Cloudflare writes them, not %5B…%5D.
    expect(new URL(page.url()).search).toContain('meta.status[eq:string]=active');
  });

  test('status in pending|deleted|flagged', async ({ page }) => {
    await addFilter(page, 'status', 'is one of', { list: ['pending', 'deleted', 'flagged'] });
    const result = await apply(page);
    await expectResult(page, result, query([f('status', 'in', 'pending|deleted|flagged')]), [
      'e2e-filters-4.png',
      'e2e-filters-3.png',
      'e2e-filters-2.png',
    ]);
  });

  test('ratings in:number 4|5', async ({ page }) => {
    await addFilter(page, 'ratings', 'is one of (numbers)', { list: ['4', '5'] });
    const result = await apply(page);
    await expectResult(page, result, query([f('ratings', 'in:number', '4|5')]), ['e2e-filters-2.png', 'e2e-filters-1.png']);
  });

  test('nested region.name eq eu-west', async ({ page }) => {
    await addFilter(page, 'region.name', 'is', { text: 'eu-west' });
    const result = await apply(page);
    await expectResult(page, result, query([f('region.name', 'eq', 'eu-west')]), ['e2e-filters-3.png', 'e2e-filters-1.png']);
  });

  test('status eq active with creator user123', async ({ page }) => {
    await addFilter(page, 'status', 'is', { text: 'active' });
    await panel(page).getByRole('combobox', { name: 'Creator' }).selectOption({ label: 'Exactly…' });
    await panel(page).getByRole('textbox', { name: 'Creator ID' }).fill('user123');
    const result = await apply(page);
    await expectResult(page, result, query([f('status', 'eq', 'active')], 'user123'), ['e2e-filters-1.png']);
  });

  test('status eq active with priority eq:number 5', async ({ page }) => {
    await addFilter(page, 'status', 'is', { text: 'active' });
    await addFilter(page, 'priority', 'is (number)', { text: '5' });
    const result = await apply(page);
    await expectResult(page, result, query([f('status', 'eq', 'active'), f('priority', 'eq:number', '5')]), ['e2e-filters-1.png']);
  });

  test('a bounded range: priority at least 1 and at most 5', async ({ page }) => {
    await addFilter(page, 'priority', 'at least (number)', { text: '1' });
    await addFilter(page, 'priority', 'at most (number)', { text: '5' });
    const result = await apply(page);
    await expectResult(page, result, query([f('priority', 'gte:number', '1'), f('priority', 'lte:number', '5')]), [
      'e2e-filters-2.png',
      'e2e-filters-1.png',
    ]);
  });

  test('a boolean: featured is true', async ({ page }) => {
    await addFilter(page, 'featured', 'is (true/false)', { on: true });
    const result = await apply(page);
    await expectResult(page, result, query([f('featured', 'eq:boolean', 'true')]), ['e2e-filters-1.png']);
  });
});

test('a sixth filter is refused, with the reason', async ({ page }) => {
  await openDashboard(page);
  for (let i = 1; i <= 5; i += 1) await addFilter(page, `key${i}`, 'is', { text: 'x' });
  const add = panel(page).getByRole('button', { name: 'Add filter' });
  await expect(add).toBeDisabled();
  await expect(panel(page).getByText("At most 5 filters: Cloudflare's limit")).toBeVisible();
  await expect(panel(page).getByRole('group', { name: 'Filter 6' })).toHaveCount(0);
  await panel(page).getByRole('group', { name: 'Filter 5' }).getByRole('button', { name: 'Remove filter' }).click();
  await expect(add).toBeEnabled();
});

test("an invalid number is refused inline with the contract's message, and nothing is sent", async ({ page }) => {
  await openDashboard(page);
  const before = page.url();
  const row = await addFilter(page, 'ratings', 'greater than', { text: 'four' });
  let sent = 0;
  page.on('request', (request) => void (isListRequest(request) && (sent += 1)));
  await panel(page).getByRole('button', { name: 'Apply filters' }).click();
  const value = row.getByRole('combobox', { name: 'Value' });
  // The contract's own words (today: "Invalid number 'four' for metadata filter 'meta.ratings[gt]': …").
  const message = checkFilterValue(f('ratings', 'gt', 'four'))?.message ?? 'no message';
  expect(message).toContain("'four'");
  await expect(row.getByText(message, { exact: true })).toBeVisible();
  await expect(value).toHaveAttribute('aria-invalid', 'true');
  await expect(value).toBeFocused();
  expect(page.url()).toBe(before);
  expect(sent).toBe(0);
});

test('contradictory filters are pointed out, and can still be applied (nothing comes back)', async ({ page }) => {
  await openDashboard(page);
  await addFilter(page, 'priority', 'is (number)', { text: '5' });
  await addFilter(page, 'priority', 'greater than', { text: '7' });
  await expect(panel(page).getByText(/Filter 1 \(priority is \(number\) “5”\) and Filter 2 \(priority greater than “7”\) cannot both hold/)).toBeVisible();
  const result = await apply(page);
  expect(result.images).toEqual([]);
});

test('a shared link reproduces the view in a fresh browser context', async ({ page, browser, baseURL }) => {
  await openDashboard(page);
  await addFilter(page, 'region.name', 'is', { text: 'eu-west' });
  await addFilter(page, 'ratings', 'is one of (numbers)', { list: ['4', '5'] });
  await panel(page).getByRole('combobox', { name: 'Sort order' }).selectOption({ label: 'Oldest first' });
  const first = await apply(page);
  const link = page.url();

  const context = await browser.newContext({ baseURL });
  try {
    const fresh = await context.newPage();
    const sent = fresh.waitForRequest(isListRequest);
    await fresh.goto(link);
    expect(new URL((await sent).url()).search).toBe(new URL(first.request.url()).search);
    const filters = panel(fresh);
    await expect(filters.getByRole('group', { name: 'Filter 1' }).getByRole('combobox', { name: 'Field' })).toHaveValue('region.name');
    await expect(filters.getByRole('group', { name: 'Filter 2' }).getByRole('combobox', { name: 'Operator' })).toHaveValue('in:number');
    await expect(filters.getByRole('group', { name: 'Filter 2' }).getByRole('listitem')).toHaveText(['4×', '5×']);
    await expect(filters.getByRole('combobox', { name: 'Sort order' })).toHaveValue('asc');
  } finally {
    await context.close();
  }
});

test('Back and Forward step through applied filters', async ({ page }) => {
  await openDashboard(page);
  const start = page.url();
  await addFilter(page, 'status', 'is', { text: 'active' });
  await apply(page);
  const afterFirst = page.url();
  await panel(page).getByRole('group', { name: 'Filter 1' }).getByRole('combobox', { name: 'Value' }).fill('pending');
  await apply(page);
  expect(new URL(page.url()).searchParams.get('meta.status[eq]')).toBe('pending');

  const field = () => panel(page).getByRole('group', { name: 'Filter 1' }).getByRole('combobox', { name: 'Value' });
  await page.goBack();
  expect(page.url()).toBe(afterFirst);
  await expect(field()).toHaveValue('active');
  await page.goBack();
  expect(page.url()).toBe(start);
  await expect(panel(page).getByRole('group', { name: 'Filter 1' })).toHaveCount(0);
  await page.goForward();
  await expect(field()).toHaveValue('active');
  await page.goForward();
  await expect(field()).toHaveValue('pending');
});

test('a malformed link says what is wrong, beside the control that fixes it', async ({ page }) => {
  await page.goto('/?meta.ratings[gt]=many');
  const row = panel(page).getByRole('group', { name: 'Filter 1' });
  const message = checkFilterValue(f('ratings', 'gt', 'many'))?.message ?? 'no message';
  expect(message).toContain("'many'");
  await expect(row.getByText(message)).toBeVisible();
  await row.getByRole('combobox', { name: 'Value' }).fill('4');
  const result = await apply(page);
  expect(new URL(result.request.url()).searchParams.get('meta.ratings[gt]')).toBe('4');
});

test("a link's unknown operator opens as a row to fix; Apply makes the link valid and the grid shows the images", async ({ page }) => {
  await page.goto('/?meta.status[bogus]=active&meta.e2e[eq]=filters');
  // The banner above the results stays as it is: it names the problem in the contract's words.
  await expect(page.getByText("Unsupported metadata filter operator: 'bogus'", { exact: false }).first()).toBeVisible();
  await expect(page.getByText("This link's list query is not valid")).toBeVisible();
  const row = panel(page).getByRole('group', { name: 'Filter 1' });
  await expect(row.getByRole('combobox', { name: 'Field' })).toHaveValue('status');
  await expect(row.getByRole('combobox', { name: 'Value' })).toHaveValue('active');
  const operator = row.getByRole('combobox', { name: 'Operator' });
  await expect(operator).toHaveValue('');
  await expect(operator).toHaveAttribute('aria-invalid', 'true');
  await expect(row.getByText(/^Unsupported metadata filter operator: 'bogus'\. Choose one in the list; the API's operators are eq, /)).toBeVisible();
  // The valid filter of the same link is a row as it was.
  await expect(panel(page).getByRole('group', { name: 'Filter 2' }).getByRole('combobox', { name: 'Value' })).toHaveValue('filters');
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    const results = await new AxeBuilder({ page }).include('aside').analyze();
    const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${scheme} ${v.id}: ${v.help} ${v.nodes[0]?.target.join(' ')}`)).toEqual([]);
  }

  await operator.selectOption({ label: 'is' });
  await expect(row.getByText(/Unsupported metadata filter operator/)).toHaveCount(0);
  const result = await apply(page);
  const expected = query([f('status', 'eq', 'active'), f('e2e', 'eq', 'filters')]);
  await expectResult(page, result, expected, ['e2e-filters-5.png', 'e2e-filters-1.png']);
  expect(parseListQuery(new URL(page.url()).search)).toEqual({ ok: true, query: { ...expected, perPage: 1000 } });
  await expect(page.getByText("This link's list query is not valid")).toHaveCount(0);
  await expect(imageCards(page)).toHaveCount(2);
});

test('the request is shown and copied as cURL and as SDK code, without a token', async ({ page }) => {
  // A link that names its page size: the default (1,000, the API's own) is left out of requests and snippets.
  await openDashboard(page, '?per_page=100');
  await addFilter(page, 'status', 'is', { text: 'active' });
  await apply(page);
  await panel(page).getByRole('button', { name: 'Show the request' }).click();
  await expect(panel(page).getByText('?per_page=100&meta.status[eq]=active')).toBeVisible();
  await panel(page).getByRole('button', { name: 'Copy as cURL' }).click();
  await expect(panel(page).getByText('Copied cURL command')).toBeVisible();
  const curl = await readClipboard(page);
  expect(curl).toContain(
    'curl --globoff "https://api.cloudflare.com/client/v4/accounts/$CLOUDFLARE_ACCOUNT_ID/images/v2?per_page=100&meta.status[eq]=active"',
  );
  expect(curl).toContain('Authorization: Bearer $CLOUDFLARE_API_TOKEN');
  await panel(page).getByRole('button', { name: 'Copy as code' }).click();
  const code = await readClipboard(page);
  expect(code).toContain('client.images.v2.list({');
  expect(code).toContain('"status[eq]": "active"');
  expect(code).toContain('per_page: 100,');
});

test('a saved view is reopened after a reload', async ({ page }) => {
  await openDashboard(page);
  await addFilter(page, 'region.name', 'is', { text: 'eu-west' });
  await apply(page);
  const saved = page.url();
  await panel(page).getByRole('textbox', { name: 'View name' }).fill('EU west');
  await panel(page).getByRole('button', { name: 'Save view' }).click();

  // Back to no filters (answered from the cache: no request to wait for), then a reload: the view must come
  // from storage.
  await panel(page).getByRole('button', { name: 'Remove filter' }).click();
  await panel(page).getByRole('button', { name: 'Apply filters' }).click();
  await expect.poll(() => new URL(page.url()).search).toBe('');
  await page.reload();
  await expect(imageCards(page).first()).toBeVisible();
  const sent = page.waitForRequest(isListRequest);
  await panel(page).getByRole('button', { name: 'Open view EU west' }).click();
  expect(new URL((await sent).url()).searchParams.get('meta.region.name[eq]')).toBe('eu-west');
  expect(page.url()).toBe(saved);
  await expect(panel(page).getByRole('button', { name: 'Open view EU west' })).toHaveAttribute('aria-current', 'true');

  await panel(page).getByRole('button', { name: 'Rename view EU west' }).click();
  await panel(page).getByRole('textbox', { name: 'New name for view EU west' }).fill('Europe');
  await panel(page).getByRole('button', { name: 'Save name' }).click();
  await panel(page).getByRole('button', { name: 'Delete view Europe' }).click();
  await expect(panel(page).getByText('No saved views yet.')).toBeVisible();
});

test('a corrupt saved-views entry does not break the page', async ({ page }) => {
  await page.addInitScript(() => {
    localStorage.setItem('cfie:saved-views:v1', '[{"id":1},"nonsense",{"id":"a","name":"Kept","query":"meta.status[eq]=active","savedAt":"2026-11-22T10:00:00.000Z"}]');
  });
  await openDashboard(page);
  await expect(panel(page).getByText('2 saved views could not be read and are left out.')).toBeVisible();
  await expect(panel(page).getByRole('button', { name: 'Open view Kept' })).toBeVisible();
});

test('the filter panel, with rows, chips, errors and warnings, has no serious accessibility violations', async ({ page }) => {
  await openDashboard(page);
  await addFilter(page, 'status', 'is one of', { list: ['pending', 'deleted'] });
  await addFilter(page, 'featured', 'is (true/false)', { on: true });
  await addFilter(page, 'priority', 'is (number)', { text: '5' });
  await addFilter(page, 'priority', 'greater than', { text: '7' });
  await addFilter(page, 'ratings', 'greater than', { text: 'x' });
  await panel(page).getByRole('button', { name: 'Apply filters' }).click();
  await panel(page).getByRole('button', { name: 'Show the request' }).click();
  await expect(panel(page).getByText(/cannot both hold/)).toBeVisible();
  await expect(panel(page).getByText(/^Invalid number 'x'/)).toBeVisible();
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    const results = await new AxeBuilder({ page }).include('aside').analyze();
    const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${scheme} ${v.id}: ${v.help} ${v.nodes[0]?.target.join(' ')}`)).toEqual([]);
  }
});

test('a creator or value holding &, + and %xx survives Apply, the address bar and a second Apply', async ({ page, request }) => {
  const config = (await (await request.get('/api/config')).json()) as { accountId: string };
  const creator = 'R&D + 100%25';
  const listed = (await (
    await request.get(`/client/v4/accounts/${config.accountId}/images/v2?creator=${encodeURIComponent(creator)}`)
  ).json()) as { result: { images: unknown[] } };
  if (listed.result.images.length === 0) {
    const response = await request.post(`/client/v4/accounts/${config.accountId}/images/v1`, {
      multipart: {
        file: { name: 'e2e-r-and-d.png', mimeType: 'image/png', buffer: PNG },
        creator,
        metadata: JSON.stringify({ note: 'a&b=c+d %41' }),
      },
    });
    expect(response.ok(), await response.text()).toBe(true);
  }

  await openDashboard(page);
  const filters = panel(page);
  await filters.getByRole('combobox', { name: 'Creator' }).selectOption({ label: 'Exactly…' });
  await filters.getByRole('textbox', { name: 'Creator ID' }).fill(creator);
  await addFilter(page, 'note', 'is', { text: 'a&b=c+d %41' });
  const expected = query([f('note', 'eq', 'a&b=c+d %41')], creator);
  const first = await apply(page);
  await expectResult(page, first, expected, []);
  expect(first.images.map((i) => i.filename)).toContain('e2e-r-and-d.png');

  // The builder, rebuilt from the address bar, shows what was applied…
  await expect(filters.getByRole('textbox', { name: 'Creator ID' })).toHaveValue(creator);
  await expect(filters.getByRole('group', { name: 'Filter 1' }).getByRole('combobox', { name: 'Value' })).toHaveValue('a&b=c+d %41');
  // …so applying again sends the same request (the grid does not silently change).
  const link = page.url();
  await filters.getByRole('button', { name: 'Apply filters' }).click();
  await expect(filters.getByRole('textbox', { name: 'Creator ID' })).toHaveValue(creator);
  expect(page.url()).toBe(link);
  expect(parseListQuery(new URL(link).search)).toMatchObject({ ok: true, query: { creator, filters: expected.filters } });
});
