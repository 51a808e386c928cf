/**
 * Where focus goes and what Back does, in a real browser (the second UX review, docs/decisions.md "Where focus goes
 * when what had it is gone"): the bulk-delete dialog opens on its field, the detail panel gives focus back to the
 * image last shown, a date typed digit by digit is one query and one history entry, and Back after a first search
 * returns to the unsearched grid.
 */
import type { APIRequestContext, Page } from '@playwright/test';
import { expect, imageCards, imagesGrid, openDashboard, test } from './fixtures';

/** A 1×1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

async function uploadOne(request: APIRequestContext, name: string, meta: Record<string, unknown>): Promise<void> {
  const { accountId } = (await (await request.get('/api/config')).json()) as { accountId: string };
  const response = await request.post(`/client/v4/accounts/${accountId}/images/v1`, {
    multipart: { file: { name, mimeType: 'image/png', buffer: PNG }, metadata: JSON.stringify(meta) },
  });
  expect(response.ok(), await response.text()).toBe(true);
}

/** The list requests the page sends from now on whose query has `name`. */
function listRequests(page: Page, name: string): string[] {
  const seen: string[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (/\/api\/images|\/images\/v2/.test(url.pathname) && url.searchParams.has(name)) seen.push(url.searchParams.get(name)!);
  });
  return seen;
}

test('the bulk-delete dialog opens on "Type N to confirm": typing N then Enter deletes', async ({ page, request }) => {
  await uploadOne(request, 'e2e-focus-delete.png', { e2eFocus: 'delete' });
  await openDashboard(page, '?meta.e2eFocus[eq]=delete');
  await expect(imageCards(page)).toHaveCount(1);
  await imageCards(page).first().click({ modifiers: ['ControlOrMeta'] });
  await page.getByRole('button', { name: 'Delete 1 image' }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete 1 image' });
  await expect(dialog.getByRole('textbox', { name: 'Type 1 to confirm' })).toBeFocused();
  await page.keyboard.type('1');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('region', { name: 'Bulk job' })).toContainText('Finished', { timeout: 30_000 });
});

test('closing the detail panel after Next focuses the card of the image last shown', async ({ page }) => {
  await openDashboard(page);
  await imageCards(page).nth(2).click();
  const names = await imagesGrid(page).locator('[data-index]').evaluateAll((cells) =>
    cells.slice(0, 8).map((cell) => cell.querySelector('.card__name')?.textContent ?? ''),
  );
  for (let i = 0; i < 3; i++) await page.getByRole('button', { name: 'Next →' }).click();
  await expect(page.getByRole('dialog', { name: names[5] })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(imagesGrid(page).locator('[data-index="5"]')).toBeFocused();
});

test('a date typed digit by digit is one query and one history entry', async ({ page }) => {
  await openDashboard(page);
  const asked = listRequests(page, 'uploaded[gte]');
  const before = await page.evaluate(() => history.length);
  const from = page.getByRole('complementary', { name: 'Filters' }).getByLabel('From', { exact: true });
  // Focused from the keyboard, a date field starts on its first part (the month, in en-US).
  await from.focus();
  await page.keyboard.type('06012026', { delay: 50 });
  await expect(page).toHaveURL(/uploaded\[gte\]=2026-06-01/);
  await page.waitForTimeout(500);
  expect(asked.every((value) => value === '2026-06-01')).toBe(true);
  expect(await page.evaluate(() => history.length)).toBe(before + 1);
});

test('Back after a first search returns to the unsearched grid', async ({ page }) => {
  await page.goto('about:blank');
  await openDashboard(page);
  const box = page.getByRole('searchbox', { name: 'Search filename or ID' });
  await box.click();
  await page.keyboard.type('ebul', { delay: 120 });
  await expect(page).toHaveURL(/[?&]q=ebul/);
  await page.keyboard.type('a', { delay: 400 });
  await expect(page).toHaveURL(/[?&]q=ebula/);
  await page.goBack();
  await expect(page).toHaveURL(/\/$/);
  await expect(box).toHaveValue('');
  await expect(imageCards(page).first()).toBeVisible();
});
