/**
 * Finding any image (docs/CONTRACT.md §8): search by part of a filename, an upload date range, private only, a facet
 * value turned into a filter, a shared link that reproduces the view, and the index's "building" state. Every count
 * the page shows is checked against a reference: the whole demo listing (list v2) filtered in plain code here.
 *
 * The building state is real: a cloudflare-mode server whose first index walk cannot finish (its upstream, the fake
 * Cloudflare API, holds that request), as a large account's first walk would be, while a list answer that passed
 * through the proxy has put a few images in the index already.
 */
import { mkdtempSync } from 'node:fs';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { APIRequestContext, Page } from '@playwright/test';
import type { CfImage } from '../src/contract/image';
import { startNodeServer, type ChildServer } from '../server/reliability/child-server';
import { startFakeUpstream, type FakeUpstream } from '../server/test-support/fake-upstream';
import { TEST_ACCOUNT_ID, TEST_API_TOKEN } from '../server/test-support/test-config';
import { expect as baseExpect, imageCards, openDashboard, statusLine, test } from './fixtures';

// The machine running these is shared and often slow; waits are generous, nothing here measures speed.
const expect = baseExpect.configure({ timeout: 15_000 });
test.describe.configure({ timeout: 180_000 });

const PHONE = { width: 390, height: 844 };
const LAPTOP = { width: 1440, height: 900 };

/** The whole demo account through list v2 (1,200 images fit one page). */
async function fullListing(request: APIRequestContext, base = ''): Promise<CfImage[]> {
  const config = (await (await request.get(`${base}/api/config`)).json()) as { accountId: string };
  const res = await request.get(`${base}/client/v4/accounts/${config.accountId}/images/v2?per_page=10000`);
  expect(res.ok()).toBe(true);
  const body = (await res.json()) as { result: { images: CfImage[]; continuation_token: string | null } };
  expect(body.result.continuation_token).toBeNull();
  return body.result.images;
}

/** "12 of 12 matching images loaded": every match fits the grid's first page here. */
function allMatching(n: number): string {
  const count = n.toLocaleString('en');
  return `${count} of ${count} matching ${n === 1 ? 'image' : 'images'} loaded`;
}

const filenamesOnScreen = (page: Page) =>
  imageCards(page).evaluateAll((cards) => cards.slice(0, 12).map((card) => card.textContent ?? ''));

/** Serious findings in the filters side (where the facets panel is); the whole page is scanned by screens.spec.ts. */
async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).include('aside').analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.length}) ${v.nodes[0]?.target.join(' ')}`);
}

test.describe('local mode: the store is the index', () => {
  test.use({ viewport: LAPTOP });

  test('part of a filename, a date range, private only, then a facet value; a shared link reproduces it', async ({ page, request, context }) => {
    // The 1,200 demo images, and whatever the journeys before this one uploaded to the same store.
    const all = await fullListing(request);
    expect(all.length).toBeGreaterThanOrEqual(1200);
    await openDashboard(page);

    // 1. Part of a filename (case does not matter), from a demo image (the oldest are).
    const needle = all[all.length - 8]!.filename.split('-')[0]!; // e.g. "comet"
    const byName = all.filter((i) => i.filename.toLowerCase().includes(needle) || i.id.includes(needle));
    expect(byName.length).toBeGreaterThan(1);
    expect(byName.length).toBeLessThan(all.length);
    await page.getByRole('searchbox', { name: 'Search filename or ID' }).fill(needle.toUpperCase());
    await expect(page).toHaveURL(new RegExp(`[?&]q=${needle.toUpperCase()}(&|$)`));
    await expect(statusLine(page)).toHaveText(allMatching(byName.length));
    for (const text of await filenamesOnScreen(page)) expect(text.toLowerCase()).toContain(needle);

    // 2. An upload date range: "To" is inclusive; the link holds the contract's exclusive bound.
    const filters = page.getByRole('complementary', { name: 'Filters' });
    await filters.getByLabel('From', { exact: true }).fill('2026-08-01');
    await filters.getByLabel('To', { exact: true }).fill('2026-09-30');
    await expect(page).toHaveURL(/uploaded\[gte\]=2026-08-01/);
    await expect(page).toHaveURL(/uploaded\[lt\]=2026-10-01/);
    const inRange = byName.filter((i) => i.uploaded >= '2026-08-01' && i.uploaded < '2026-10-01');
    expect(inRange.length).toBeGreaterThan(0);
    expect(inRange.length).toBeLessThan(byName.length);
    await expect(statusLine(page)).toHaveText(allMatching(inRange.length));

    // Widen the name again: the date range and privacy on their own narrow enough for the facet below.
    await page.getByRole('searchbox', { name: 'Search filename or ID' }).fill('');
    await expect(page).not.toHaveURL(/[?&]q=/);
    const dated = all.filter((i) => i.uploaded >= '2026-08-01' && i.uploaded < '2026-10-01');
    await expect(statusLine(page)).toHaveText(allMatching(dated.length));

    // 3. Private only: every card carries the lock.
    await filters.getByRole('combobox', { name: 'Private' }).selectOption('true');
    await expect(page).toHaveURL(/private=true/);
    const privateOnes = dated.filter((i) => i.requireSignedURLs);
    expect(privateOnes.length).toBeGreaterThan(1);
    await expect(statusLine(page)).toHaveText(allMatching(privateOnes.length));
    // The grid renders what is in view: every card rendered carries the lock.
    await expect(imageCards(page).first()).toBeVisible();
    await expect(imageCards(page).filter({ hasNot: page.getByText('Private', { exact: true }) })).toHaveCount(0);

    // 4. Facets: the keys of the matching images; "status" opens to its values with counts; a click filters.
    await page.getByRole('button', { name: 'Facets', exact: true }).click();
    await page.getByRole('button', { name: /^status \d/ }).click();
    const statuses = new Map<string, number>();
    for (const image of privateOnes) {
      const status = (image.meta as { status?: unknown } | null)?.status;
      if (typeof status === 'string') statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
    const [top, topCount] = [...statuses].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]!;
    const value = page.getByRole('button', { name: new RegExp(`^${top} ${topCount} images?$`) });
    await expect(value).toHaveAttribute('aria-pressed', 'false');
    await value.click();
    await expect(page).toHaveURL(new RegExp(`meta\\.status\\[eq:string\\]=${top}`));
    await expect(statusLine(page)).toHaveText(allMatching(topCount));
    expect(topCount).toBeLessThan(privateOnes.length);
    // The filter row appears in the builder, typed as the value was counted.
    const row = filters.getByRole('group', { name: 'Filter 1' });
    await expect(row.getByRole('combobox', { name: 'Field' })).toHaveValue('status');
    await expect(row.getByRole('combobox', { name: 'Operator' })).toHaveValue('eq:string');
    await expect(row.getByRole('combobox', { name: 'Value' })).toHaveValue(top);
    await expect(page.getByRole('button', { name: new RegExp(`^${top} ${topCount} images?$`) })).toHaveAttribute('aria-pressed', 'true');

    // In the Value box, the values seen for its field are suggested (the facets route: the store is the index).
    const suggestions = row.getByRole('combobox', { name: 'Value' });
    await suggestions.focus();
    await expect
      .poll(() => suggestions.evaluate((el) => [...(el as HTMLInputElement).list!.options].map((o) => o.value)))
      .toEqual(expect.arrayContaining([...statuses.keys()]));

    // 5. A shared link with q= reproduces the view in a new page.
    await page.getByRole('searchbox', { name: 'Search filename or ID' }).fill(privateOnes.find((i) => (i.meta as { status?: unknown }).status === top)!.filename.slice(0, -4));
    await expect(page).toHaveURL(/[?&]q=/);
    await expect(statusLine(page)).toHaveText(allMatching(1));
    const link = page.url();
    const shown = await filenamesOnScreen(page);
    const other = await context.newPage();
    await other.setViewportSize(LAPTOP);
    await other.goto(link);
    await expect(statusLine(other)).toHaveText(allMatching(1));
    expect(await filenamesOnScreen(other)).toEqual(shown);
    await expect(other.getByRole('searchbox', { name: 'Search filename or ID' })).toHaveValue(new URL(link).searchParams.get('q')!);
    await expect(other.getByRole('combobox', { name: 'Private' })).toHaveValue('true');

    // "Clear filters" drops the search along with everything else.
    await other.getByRole('searchbox', { name: 'Search filename or ID' }).fill('no-such-file-anywhere');
    await other.getByRole('button', { name: 'Clear filters' }).click();
    await expect(other).toHaveURL(/\/$/);
    await expect(other.getByRole('searchbox', { name: 'Search filename or ID' })).toHaveValue('');
    await expect(statusLine(other)).toHaveText('1,000 images loaded · more available');
  });

  test('a reversed date range says so, offers no "Select all matching", and Swap dates finds the images', async ({ page, request }) => {
    const all = await fullListing(request);
    await openDashboard(page);
    const filters = page.getByRole('complementary', { name: 'Filters' });
    await filters.getByLabel('From', { exact: true }).fill('2026-09-30');
    await filters.getByLabel('To', { exact: true }).fill('2026-08-01');
    await expect(filters.getByRole('alert')).toHaveText('From is after To: no image can match. Swap dates');
    await expect(page.getByText('No images match these filters')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Select all matching' })).toHaveCount(0);

    await filters.getByRole('button', { name: 'Swap dates' }).click();
    await expect(filters.getByRole('alert')).toHaveCount(0);
    const dated = all.filter((i) => i.uploaded >= '2026-08-01' && i.uploaded < '2026-10-01');
    expect(dated.length).toBeGreaterThan(0);
    await expect(statusLine(page)).toHaveText(allMatching(dated.length));
    await expect(page.getByRole('button', { name: 'Select all matching' })).toBeVisible();
  });

  test('"Select all matching" under a search selects what the search matches, not the whole account', async ({ page, request }) => {
    const all = await fullListing(request);
    const needle = all.filter((i) => i.requireSignedURLs).at(-1)!.filename.split('-')[0]!;
    const matching = all.filter((i) => (i.filename.toLowerCase().includes(needle) || i.id.includes(needle)) && i.requireSignedURLs);
    expect(matching.length).toBeGreaterThan(0);
    await openDashboard(page, `?q=${needle}&private=true&per_page=10`);
    await expect(statusLine(page)).toContainText(matching.length.toLocaleString('en'));
    await page.getByRole('button', { name: 'Select all matching' }).click();
    await expect(page.getByRole('region', { name: 'Notifications' })).toContainText(`Selected ${matching.length.toLocaleString('en')} matching image`);
    await expect(page.getByText(`${matching.length.toLocaleString('en')} selected`)).toBeVisible();
    await expect(page.getByRole('button', { name: new RegExp(`^Delete ${matching.length} images?$`) })).toBeVisible();
  });

  test('a number facet value filters as a number (eq:number)', async ({ page, request }) => {
    const all = await fullListing(request);
    await openDashboard(page, '?private=false');
    await page.getByRole('button', { name: 'Facets', exact: true }).click();
    await page.getByRole('button', { name: /^ratings \d/ }).click();
    const fours = all.filter((i) => !i.requireSignedURLs && (i.meta as { ratings?: unknown } | null)?.ratings === 4);
    // Typed as well ("4 number 220 images") when another journey's image holds ratings as text.
    await page.getByRole('button', { name: new RegExp(`^4 (number )?${fours.length} images$`) }).click();
    await expect(page).toHaveURL(/meta\.ratings\[eq:number\]=4/);
    await expect(statusLine(page)).toHaveText(allMatching(fours.length));
  });
});

for (const [name, viewport] of [['phone', PHONE], ['laptop', LAPTOP]] as const) {
  for (const colorScheme of ['light', 'dark'] as const) {
    test(`the facets panel open: no serious accessibility findings (${name}, ${colorScheme})`, async ({ page }) => {
      await page.setViewportSize(viewport);
      await page.emulateMedia({ colorScheme });
      await openDashboard(page, '?meta.status[eq:string]=active');
      if (name === 'phone') await page.getByRole('button', { name: 'Filters', exact: true }).click();
      await page.getByRole('button', { name: 'Facets', exact: true }).click();
      await page.getByRole('button', { name: /^status \d/ }).click();
      await page.getByRole('button', { name: /^batch \d/ }).click();
      await expect(page.getByRole('button', { name: /^active \d/ })).toHaveAttribute('aria-pressed', 'true');
      // Mixed types in one key are told apart.
      await expect(page.getByRole('button', { name: /^3 number \d/ })).toBeVisible();
      await expect(page.getByRole('button', { name: /^3 text \d/ })).toBeVisible();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      expect(await seriousViolations(page)).toEqual([]);
    });
  }
}

test.describe('cloudflare mode: the first walk of the account is not finished', () => {
  let upstream: FakeUpstream;
  let standIn: HttpServer;
  let server: ChildServer;

  test.beforeAll(async () => {
    upstream = await startFakeUpstream({ images: 250 });
    standIn = await holdWalkPages(upstream.baseUrl);
    const address = standIn.address() as AddressInfo;
    server = await startNodeServer({
      env: {
        CLOUDFLARE_ACCOUNT_ID: TEST_ACCOUNT_ID,
        CLOUDFLARE_API_TOKEN: TEST_API_TOKEN,
        CLOUDFLARE_BASE_URL: `http://127.0.0.1:${address.port}`,
        // No batch host here: the walk falls back to the account's list route within the rate budget (§10).
        CLOUDFLARE_BATCH_URL: 'http://127.0.0.1:9',
        CACHE_TTL_MS: '0',
        DATA_DIR: mkdtempSync(join(tmpdir(), 'cfie-e2e-search-')),
      },
    });
  });

  test.afterAll(async () => {
    await server?.stop();
    standIn?.closeAllConnections();
    await new Promise((resolve) => standIn?.close(resolve));
    await upstream?.close();
  });

  test('a search says the index is being built and marks its results as partial', async ({ page, request }) => {
    await page.route('https://imagedelivery.net/**', (route) => route.abort());
    // The walk has asked for its first page, and waits for it.
    await expect.poll(() => heldWalkPages, { timeout: 30_000 }).toBeGreaterThan(0);
    // A list answer that passes through the proxy goes into the index (§8): 40 of the 250 images.
    const listed = await request.get(`${server.url}/client/v4/accounts/${TEST_ACCOUNT_ID}/images/v2?per_page=40`);
    expect(listed.ok()).toBe(true);
    const seen = ((await listed.json()) as { result: { images: CfImage[] } }).result.images;
    expect(seen).toHaveLength(40);

    const matching = seen.filter((i) => i.filename.includes('photo-2'));
    expect(matching.length).toBeGreaterThan(0);
    await page.goto(`${server.url}/?q=photo-2`);
    await expect(page.getByLabel('Index progress')).toHaveText(
      'Building the index: 40 images indexed so far. Results are partial.',
    );
    await expect(statusLine(page)).toHaveText(allMatching(matching.length));
    for (const text of await filenamesOnScreen(page)) expect(text).toContain('photo-2');
    // The page asked the index only: no list request of its own reached Cloudflare (the walk's is held above).
    expect(upstream.listRequests()).toHaveLength(1);
  });
});

let heldWalkPages = 0;

/**
 * A stand-in for Cloudflare in front of the fake: it passes every request through except the index walk's pages
 * (list v2 oldest first, `sort_order=asc`, which only the walk asks for), which it holds unanswered, as a huge
 * account's first walk would take its time.
 */
async function holdWalkPages(target: string): Promise<HttpServer> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', target);
    if (url.pathname.endsWith('/images/v2') && url.searchParams.get('sort_order') === 'asc') {
      heldWalkPages += 1;
      return;
    }
    const headers = Object.fromEntries(
      Object.entries(req.headers).filter((e): e is [string, string] => typeof e[1] === 'string' && e[0] !== 'host' && e[0] !== 'accept-encoding'),
    );
    void fetch(`${target}${url.pathname}${url.search}`, { method: req.method, headers })
      .then(async (answer) => {
        const body = Buffer.from(await answer.arrayBuffer());
        res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
        res.end(body);
      })
      .catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}
