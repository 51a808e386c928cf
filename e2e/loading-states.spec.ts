/**
 * What a person sees while waiting: a new query dims the old images under a progress bar and says "Loading…";
 * a 429 counts down, keeps Retry disabled and retries by itself; a link to one image asks for that image alone.
 * Plus the way in for keyboards (a skip link, an h1) and toasts that stay visible over the detail panel.
 */
import type { Page, Route } from '@playwright/test';
import { expect as baseExpect, imageCards, imagesGrid, openDashboard, statusLine, test } from './fixtures';

// The machine running these is shared and often slow; waits are generous, nothing here measures speed.
const expect = baseExpect.configure({ timeout: 15_000 });

async function accountId(page: Page): Promise<string> {
  const response = await page.request.get('/api/config');
  return ((await response.json()) as { accountId: string }).accountId;
}

test('a new query keeps the old images dimmed under a progress bar and says "Loading…"', async ({ page }) => {
  await openDashboard(page);
  await expect(statusLine(page)).toHaveText('1,000 images loaded · more available');
  const firstBefore = await imageCards(page).first().getByRole('img').first().getAttribute('alt');

  // The next list request waits until the test lets it through: a slow upstream.
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/images/v2?**', async (route: Route) => {
    if (new URL(route.request().url()).searchParams.get('sort_order') === 'asc') await gate;
    await route.continue();
  });
  await page.getByRole('complementary', { name: 'Filters' }).getByLabel('Sort order').selectOption('asc');
  await page.getByRole('button', { name: 'Apply filters' }).click();

  await expect(statusLine(page)).toHaveText('Loading…');
  await expect(page.getByRole('progressbar', { name: 'Loading the new query' })).toBeVisible();
  await expect(imagesGrid(page)).toHaveAttribute('aria-busy', 'true');
  // The old images are still there, visibly dimmed.
  await expect(imageCards(page).first().getByRole('img').first()).toHaveAttribute('alt', firstBefore!);
  // The dimming fades in (a CSS transition), so the opacity is read until it has settled below 0.6.
  await expect
    .poll(() =>
      page.evaluate(() => {
        const sizer = document.querySelector('[role="grid"] > div');
        return sizer ? Number(getComputedStyle(sizer).opacity) : 1;
      }),
    )
    .toBeLessThan(0.6);

  release();
  await expect(statusLine(page)).toHaveText('1,000 images loaded · more available');
  await expect(page.getByRole('progressbar')).toHaveCount(0);
  await expect(imageCards(page).first().getByRole('img').first()).not.toHaveAttribute('alt', firstBefore!);
});

test('a 429 with Retry-After: 3 counts down, keeps Retry disabled, and retries by itself at zero', async ({ page }) => {
  // The page's clock is the test's: the countdown is checked second by second, not raced against.
  await page.clock.install();
  // Every first-screen request (the small first page and the first 1,000) is limited until the countdown ends.
  let listRequests = 0;
  let limited = true;
  await page.route('**/images/v2?**', async (route) => {
    listRequests += 1;
    if (limited) {
      await route.fulfill({
        status: 429,
        headers: { 'retry-after': '3' },
        contentType: 'application/json',
        body: JSON.stringify({ success: false, errors: [{ code: 971, message: 'Please wait and consider throttling your request speed' }], messages: [], result: null }),
      });
    } else await route.continue();
  });
  await page.goto('/');
  await expect(page.getByText('Cloudflare is rate-limiting requests')).toBeVisible();
  const asked = listRequests;
  // Far enough ahead that a slow machine's clock has not passed it yet.
  await page.clock.pauseAt((await page.evaluate(() => Date.now())) + 500);
  const countdown = page.getByText(/Retrying by itself in \d s/);
  const left = Number((await countdown.textContent())?.match(/in (\d) s/)?.[1]);
  expect(left).toBeGreaterThanOrEqual(1);
  expect(left).toBeLessThanOrEqual(3);
  await expect(page.getByRole('button', { name: 'Retry' })).toBeDisabled();
  await expect(page.getByText('No images found')).toHaveCount(0);
  await expect(statusLine(page)).toHaveText('No images loaded yet');
  // It counts down second by second while nothing is sent.
  for (let next = left - 1; next >= 1; next -= 1) {
    await page.clock.runFor(1000);
    await expect(countdown).toContainText(`in ${next} s`);
  }
  expect(listRequests).toBe(asked);

  // At zero it retries by itself, without a click.
  limited = false;
  await page.clock.resume();
  await expect(imageCards(page).first()).toBeVisible();
  await expect(page.getByText('Cloudflare is rate-limiting requests')).toHaveCount(0);
  expect(listRequests).toBeGreaterThan(asked);
});

test('a link to an unknown image asks for that one image and says "Image not found" at once', async ({ page }) => {
  const lookups: string[] = [];
  const lists: string[] = [];
  page.on('request', (request) => {
    const path = new URL(request.url()).pathname;
    if (path.includes('/images/v1/') && !path.endsWith('/images/v1/stats')) lookups.push(path);
    if (path.endsWith('/images/v2')) lists.push(request.url());
  });
  await page.goto('/?image=no-such-image');
  const dialog = page.getByRole('dialog', { name: 'Image not found' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('This account has no image with the id no-such-image.');
  expect(lookups).toEqual([`/client/v4/accounts/${await accountId(page)}/images/v1/no-such-image`]);
  // The first screen's requests (a small first page and the first 1,000), not a walk through the account.
  expect(lists.filter((url) => new URL(url).searchParams.has('continuation_token'))).toEqual([]);
  await dialog.getByRole('button', { name: 'Close', exact: true }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
});

test('a link to an image beyond the loaded pages opens it with one request', async ({ page }) => {
  const account = await accountId(page);
  const oldest = (await (await page.request.get(`/client/v4/accounts/${account}/images/v2?per_page=10&sort_order=asc`)).json()) as {
    result: { images: { id: string; filename: string }[] };
  };
  const target = oldest.result.images[0]!;
  const lookups: string[] = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname.includes('/images/v1/') && !request.url().endsWith('/images/v1/stats')) lookups.push(request.url());
  });
  await page.goto(`/?image=${encodeURIComponent(target.id)}`);
  const dialog = page.getByRole('dialog', { name: target.filename });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText(target.id);
  expect(lookups).toHaveLength(1);
  await expect(statusLine(page).first()).toHaveText('1,000 images loaded · more available');
});

test('"Skip to images" is the first Tab stop and the page has one h1', async ({ page }) => {
  await openDashboard(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveCount(1);
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to images' });
  await expect(skip).toBeFocused();
  await page.keyboard.press('Enter');
  // Focus moves to the results; the next Tab stays inside them.
  await expect(page.getByRole('region', { name: 'Results' })).toBeFocused();
  // The address bar keeps the query only: no "#images" carried into links copied from it.
  expect(new URL(page.url()).hash).toBe('');
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => document.getElementById('images')?.contains(document.activeElement))).toBe(true);
});

test('a copy from the detail panel is confirmed above the panel, not behind its backdrop', async ({ page }) => {
  await openDashboard(page);
  await imageCards(page).first().getByRole('img').first().click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: 'Copy public URL' }).click();
  const toast = page.getByRole('region', { name: 'Notifications' }).getByText(/Copied public URL/);
  await expect(toast).toBeVisible();
  // What is painted at the toast's centre is the toast itself.
  const box = (await toast.boundingBox())!;
  const hit = await page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.textContent ?? '', {
    x: box.x + box.width / 2,
    y: box.y + box.height / 2,
  });
  expect(hit).toContain('Copied public URL');
});

test('a next page that cannot reach the server is retried by itself; the banner goes once the server answers', async ({ page }) => {
  await openDashboard(page, '?per_page=100');
  await expect(statusLine(page)).toHaveText('100 images loaded · more available');
  // The server is away: every list request is refused at the connection until it is back.
  let away = true;
  await page.route('**/images/v2?**', (route) => (away ? route.abort('connectionrefused') : route.continue()));
  await imagesGrid(page).evaluate((el) => el.scrollTo(0, el.scrollHeight));
  const banner = page.getByRole('alert').filter({ hasText: 'The next page could not be loaded' });
  await expect(banner).toContainText('The server could not be reached');
  await expect(banner).toContainText(/Retrying by itself in \d+ s/);
  await expect(imageCards(page).first()).toBeVisible();

  away = false;
  // Nobody clicks Retry.
  await expect(banner).toHaveCount(0, { timeout: 20_000 });
  await expect(statusLine(page)).toHaveText('200 images loaded · more available');
});
