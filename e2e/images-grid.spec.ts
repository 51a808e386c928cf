import { readFile } from 'node:fs/promises';
import {
  DEMO_IMAGE_COUNT,
  expect,
  fling,
  imageCards,
  imagesGrid,
  openDashboard,
  picturesOnScreenDecoded,
  readClipboard,
  statusLine,
  test,
} from './fixtures';

const DELIVERY = /\/cdn-cgi\/imagedelivery\/LocalImagesExplorer000\/[^/?]+\/public$/;

test('the first screen shows images with their filenames as alt text', async ({ page }) => {
  await openDashboard(page);
  await expect(page.getByText('Local demo')).toBeVisible();
  const firstPicture = imageCards(page).first().getByRole('img').first();
  await expect(firstPicture).toHaveAttribute('alt', /\.(png|jpe?g|webp|gif|svg)$/);
  await expect.poll(() => firstPicture.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
  // One page of 1,000 (the API's default page size) of the 1,200 demo images.
  await expect(statusLine(page)).toHaveText('1,000 images loaded · more available');
});

test('a fling asks for the pictures where it stops, not for every card it passes', async ({ page }) => {
  await openDashboard(page);
  const firstPicture = imageCards(page).first().getByRole('img').first();
  await expect.poll(() => firstPicture.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
  const cards = '[role="gridcell"][data-index]';
  const { passed, duringFling, askedSince } = await fling(page, imagesGrid(page), cards, 'data-index');
  expect(passed).toBeGreaterThan(100);
  // The first step comes after a pause and is not yet a fling: at most its screen (and the overscan) asks.
  expect(duringFling).toBeLessThan(passed / 3);
  // Stopped: every card on screen shows its picture, decoded.
  await expect.poll(() => picturesOnScreenDecoded(imagesGrid(page), cards)).toBe(true);
  expect(askedSince()).toBeGreaterThan(duringFling);
});

test('scrolling loads every page until all are loaded, with no duplicate card', async ({ page }) => {
  // 12 pages and ~100 scroll steps; the shared 2-core machine can make this slow.
  test.setTimeout(360_000);
  const apiIds: string[] = [];
  page.on('response', async (response) => {
    if (!response.url().includes('/images/v2')) return;
    const body = (await response.json()) as { result: { images: { id: string }[] } };
    apiIds.push(...body.result.images.map((image) => image.id));
  });
  await openDashboard(page, '?per_page=100');
  const grid = imagesGrid(page);
  const seen = new Map<string, number>();
  const status = await statusLine(page).elementHandle();
  for (let step = 0; step < 400; step += 1) {
    // One round trip a step: the names of the cards on screen, whether all are loaded and the end reached, then the
    // scroll (the next step reads the cards of the next screenful once React has rendered them).
    const { names, done } = await grid.evaluate((el, line) => {
      const names = [...el.querySelectorAll('[role="gridcell"] [role="checkbox"][aria-label^="Select "]')].map((box) => box.getAttribute('aria-label') ?? '');
      const done = Boolean(line?.textContent?.startsWith('All')) && el.scrollTop + el.clientHeight >= el.scrollHeight - 2;
      if (!done) el.scrollBy(0, el.clientHeight * 0.9);
      return { names, done };
    }, status);
    for (const name of names) seen.set(name, (seen.get(name) ?? 0) + 1);
    if (done) break;
    await page.waitForTimeout(40);
  }
  await expect(statusLine(page)).toHaveText(/^All [\d,]+ images loaded$/);
  const total = Number((await statusLine(page).textContent())!.replace(/\D/g, ''));
  expect(total).toBeGreaterThanOrEqual(DEMO_IMAGE_COUNT);
  expect(new Set(apiIds).size).toBe(apiIds.length);
  expect(apiIds.length).toBe(total);
  // Every card was seen while scrolling, and no name appeared twice in one screenful.
  expect(seen.size).toBe(total);
});

test('copies a variant URL in one click, and the toast confirms it', async ({ page }) => {
  await openDashboard(page);
  const card = imageCards(page).first();
  const filename = await card.getByRole('img').first().getAttribute('alt');
  await card.getByRole('button', { name: 'Copy public URL' }).click();
  await expect(page.getByRole('region', { name: 'Notifications' })).toContainText(`Copied public URL of ${filename}`);
  expect(await readClipboard(page)).toMatch(DELIVERY);
});

test('copies in Markdown when chosen', async ({ page }) => {
  await openDashboard(page);
  await page.getByLabel('Copy as').selectOption('markdown');
  const card = imageCards(page).first();
  await card.getByRole('button', { name: 'Copy thumbnail URL' }).click();
  await expect(page.getByRole('region', { name: 'Notifications' })).toContainText('as Markdown');
  // No alt text in the metadata: empty, with a note to describe the picture (a filename is not a description).
  expect(await readClipboard(page)).toMatch(/^<!-- alt="": describe the picture[^\n]* -->\n!\[\]\(http.+\/thumbnail\)$/);
});

test('a click on a card\'s picture opens the detail panel; arrow keys move, Esc closes', async ({ page }) => {
  await openDashboard(page);
  const names = await imageCards(page).getByRole('img').evaluateAll((els) => els.slice(0, 3).map((el) => el.getAttribute('alt') ?? el.getAttribute('aria-label')));
  await imageCards(page).first().getByRole('img').first().click();
  const dialog = page.getByRole('dialog', { name: names[0]! });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Copy hero URL' })).toBeVisible();
  await expect(page).toHaveURL(/[?&]image=/);
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('dialog', { name: names[1]! })).toBeVisible();
  const shared = page.url();
  await page.keyboard.press('ArrowLeft');
  await expect(page.getByRole('dialog', { name: names[0]! })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  expect(new URL(page.url()).searchParams.has('image')).toBe(false);

  // The link opens the same image for someone else.
  await page.goto(shared);
  // A cold start of the page: generous on a busy machine.
  await expect(page.getByRole('dialog', { name: names[1]! })).toBeVisible({ timeout: 20_000 });
  await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
});

test('selects with the checkbox, a range with shift, adds with ctrl-click, and copies them, one URL per line', async ({ page }) => {
  await openDashboard(page);
  await page.getByRole('combobox', { name: /^Preview/ }).selectOption('public');
  const cards = imageCards(page);
  const names = await cards.getByRole('img').evaluateAll((els) => els.slice(0, 5).map((el) => el.getAttribute('alt') ?? el.getAttribute('aria-label')));
  await cards.nth(0).getByRole('checkbox', { name: `Select ${names[0]}` }).click();
  await cards.nth(2).getByRole('checkbox', { name: `Select ${names[2]}` }).click({ modifiers: ['Shift'] });
  await cards.nth(4).getByRole('img').first().click({ modifiers: ['ControlOrMeta'] });
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(cards.nth(1)).toHaveAttribute('aria-selected', 'true');
  await expect(cards.nth(1).getByRole('checkbox')).toBeChecked();
  await expect(cards.nth(3)).toHaveAttribute('aria-selected', 'false');
  await page.getByRole('button', { name: 'Copy 4 URLs' }).click();
  await expect(page.getByRole('region', { name: 'Notifications' })).toContainText('Copied 4 public URLs');
  const lines = (await readClipboard(page)).split('\n');
  expect(lines).toHaveLength(4);
  for (const line of lines) expect(line).toMatch(/\/public(\?exp=\d+&sig=[0-9a-f]{64})?$/);

  await page.getByRole('button', { name: 'Select all loaded' }).click();
  await expect(page.getByText('1,000 selected')).toBeVisible();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  expect((await download).suggestedFilename()).toMatch(/^images-.+\.csv$/);
  await expect(page.getByRole('region', { name: 'Notifications' })).toContainText('Exported 1,000 images as CSV');

  // Esc clears the selection when no dialog is open.
  await page.keyboard.press('Escape');
  await expect(page.getByText('1,000 selected')).toHaveCount(0);
  await expect(cards.nth(1)).toHaveAttribute('aria-selected', 'false');
});

test('a new query unselects what was selected, says so, and Undo brings back the query and the selection', async ({ page }) => {
  await openDashboard(page);
  const cards = imageCards(page);
  const names = await cards.getByRole('img').evaluateAll((els) => els.slice(0, 2).map((el) => el.getAttribute('alt') ?? el.getAttribute('aria-label')));
  await cards.nth(0).getByRole('checkbox', { name: `Select ${names[0]}` }).click();
  await cards.nth(1).getByRole('checkbox', { name: `Select ${names[1]}` }).click();
  await expect(page.getByText('2 selected')).toBeVisible();

  await page.getByRole('searchbox', { name: 'Search filename or ID' }).fill(names[0]!.slice(0, 5));
  await expect(page).toHaveURL(/[?&]q=/);
  const notice = page.getByRole('region', { name: 'Notifications' });
  await expect(notice).toContainText('2 images unselected: the query changed');
  await expect(page.getByText('2 selected')).toHaveCount(0);

  await notice.getByRole('button', { name: 'Undo' }).click();
  await expect(page).not.toHaveURL(/[?&]q=/);
  await expect(page.getByRole('searchbox', { name: 'Search filename or ID' })).toHaveValue('');
  await expect(page.getByText('2 selected')).toBeVisible();
  await expect(cards.nth(0)).toHaveAttribute('aria-selected', 'true');
  await expect(cards.nth(1)).toHaveAttribute('aria-selected', 'true');
});

test('a selection larger than what is loaded is copied and exported whole', async ({ page }) => {
  await openDashboard(page);
  await expect(statusLine(page)).toHaveText('1,000 images loaded · more available');
  await page.getByRole('button', { name: 'Select all matching' }).click();
  const notice = page.getByRole('region', { name: 'Notifications' });
  await expect(notice).toContainText(/Selected [\d,]+ matching images/);
  const total = Number((await page.getByText(/^[\d,]+ selected$/).innerText()).replace(/\D/g, ''));
  expect(total).toBeGreaterThan(1000);

  await page.getByRole('button', { name: `Copy ${total.toLocaleString('en')} URLs` }).click();
  await expect(notice).toContainText(`Copied ${total.toLocaleString('en')}`);
  const lines = (await readClipboard(page)).split('\n');
  expect(lines).toHaveLength(total);
  expect(new Set(lines).size).toBe(total);

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export JSON' }).click();
  const exported = JSON.parse(await readFile((await (await download).path())!, 'utf8')) as unknown[];
  expect(exported).toHaveLength(total);
});

test('a CSV export writes the signed URLs that copy gives, and says how many were signed', async ({ page }) => {
  await openDashboard(page);
  const cards = imageCards(page);
  const privateCard = cards.filter({ hasText: 'Private' }).first();
  const publicCard = cards.filter({ hasNotText: 'Private' }).first();
  await privateCard.getByRole('checkbox').click();
  await publicCard.getByRole('checkbox').click();
  await page.getByRole('button', { name: 'Copy 2 URLs' }).click();
  const notifications = page.getByRole('region', { name: 'Notifications' });
  await expect(notifications).toContainText('Copied 2 thumbnail URLs · 1 signed, valid');
  const copied = (await readClipboard(page)).split('\n');
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const csv = await (await (await download).createReadStream()).toArray();
  const text = Buffer.concat(csv).toString('utf8');
  expect(text.match(/\?exp=\d+&sig=[0-9a-f]{64}/g)).toHaveLength(1);
  for (const url of copied) expect(text).toContain(url.split('?')[0]);
  await expect(notifications).toContainText('Exported 2 images as CSV · 1 URL signed, valid');
});

test('the keyboard moves between cards, opens one and copies its URL', async ({ page }) => {
  await openDashboard(page);
  const cards = imageCards(page);
  await cards.first().focus();
  await page.keyboard.press('ArrowRight');
  await expect(cards.nth(1)).toBeFocused();
  await page.keyboard.press('ArrowDown');
  const columns = Number(await imagesGrid(page).getAttribute('aria-colcount'));
  await expect(cards.nth(1 + columns)).toBeFocused();
  await page.keyboard.press('c');
  await expect(page.getByRole('region', { name: 'Notifications' })).toContainText('Copied thumbnail URL');
  expect(await readClipboard(page)).toMatch(/\/thumbnail(\?exp=\d+&sig=[0-9a-f]{64})?$/);
  const name = await cards.nth(1 + columns).getByRole('img').first().getAttribute('alt');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog', { name: name! })).toBeVisible();
});

test('a private image previews through a signed URL', async ({ page, request }) => {
  await openDashboard(page);
  const privateCard = imageCards(page).filter({ hasText: 'Private' }).first();
  const picture = privateCard.getByRole('img').first();
  await expect(picture).toHaveAttribute('src', /\?exp=\d+&sig=[0-9a-f]{64}$/);
  await expect.poll(() => picture.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
  // Without the signature the delivery route refuses it: the grid really did sign.
  const unsigned = (await picture.getAttribute('src'))!.split('?')[0]!;
  expect((await request.get(unsigned)).status()).toBe(403);
});

test('a failed list request shows Cloudflare\'s message and code, and Retry recovers', async ({ page }) => {
  // Both first-screen requests (the small first page and the first 1,000) fail until Retry.
  let failing = true;
  await page.route('**/images/v2?**', async (route) => {
    if (failing) {
      await route.fulfill({
        status: 502,
        contentType: 'application/json',
        body: JSON.stringify({ success: false, errors: [{ code: 7502, message: 'Upstream unreachable' }], messages: [], result: null }),
      });
    } else await route.continue();
  });
  await page.goto('/');
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('Upstream unreachable');
  await expect(alert).toContainText('7502');
  failing = false;
  await alert.getByRole('button', { name: 'Retry' }).click();
  await expect(imageCards(page).first()).toBeVisible();
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect(statusLine(page)).toHaveText(/more available/);
});

test('a rate limit says when to retry, and a failed later page keeps the loaded images', async ({ page }) => {
  await page.route('**/images/v2?**', async (route) => {
    if (new URL(route.request().url()).searchParams.has('continuation_token')) {
      await route.fulfill({
        status: 429,
        headers: { 'retry-after': '30' },
        contentType: 'application/json',
        body: JSON.stringify({ success: false, errors: [{ code: 971, message: 'Please wait and consider throttling your request speed' }], messages: [], result: null }),
      });
    } else await route.continue();
  });
  await openDashboard(page, '?per_page=10');
  await expect(page.getByText('Cloudflare is rate-limiting requests')).toBeVisible();
  await expect(page.getByText(/Retrying by itself in \d+ s \(at \d\d:\d\d:\d\d( [AP]M)?\)/)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Retry' })).toBeDisabled();
  await expect(imageCards(page)).toHaveCount(10);
  await expect(statusLine(page)).toHaveText('10 images loaded · more available');
});

test('a malformed link names what is wrong', async ({ page }) => {
  await page.goto('/?per_page=5&meta.status=active');
  const alert = page.getByRole('alert');
  await expect(alert).toContainText("Invalid per_page '5'");
  await expect(alert).toContainText('meta.status');
  await alert.getByRole('button', { name: 'Clear filters' }).click();
  await expect(imageCards(page).first()).toBeVisible();
});
