/**
 * The dashboard on a phone (390×844) and on a laptop (1440×900), light and dark: nothing scrolls sideways, the
 * filters are a drawer on the phone, the detail panel fills the phone's screen with Close in reach, the table
 * scrolls sideways inside itself only, and axe finds nothing serious on any of these screens.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect as baseExpect, imageCards, imagesGrid, openDashboard, statusLine, test } from './fixtures';

// The machine running these is shared and often slow; waits are generous, nothing here measures speed.
const expect = baseExpect.configure({ timeout: 15_000 });

const PHONE = { width: 390, height: 844 };
const LAPTOP = { width: 1440, height: 900 };

/** The page itself never scrolls sideways: whatever is wider scrolls inside its own box. */
async function expectNoHorizontalScroll(page: Page) {
  const { scrolling, root, inner } = await page.evaluate(() => ({
    scrolling: document.scrollingElement!.scrollWidth,
    root: document.documentElement.scrollWidth,
    inner: window.innerWidth,
  }));
  expect(scrolling).toBeLessThanOrEqual(inner);
  expect(root).toBeLessThanOrEqual(inner);
}

async function expectNoSeriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.length}) ${v.nodes[0]?.target.join(' ')}`);
  expect(serious).toEqual([]);
}

/** Fully inside the viewport. */
async function expectOnScreen(page: Page, locator: ReturnType<Page['locator']>) {
  const box = await locator.boundingBox();
  const viewport = page.viewportSize()!;
  expect(box).not.toBeNull();
  expect(box!.x).toBeGreaterThanOrEqual(0);
  expect(box!.y).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width).toBeLessThanOrEqual(viewport.width);
  expect(box!.y + box!.height).toBeLessThanOrEqual(viewport.height);
}

// axe on a busy shared machine takes its time.
test.describe.configure({ timeout: 180_000 });

for (const colorScheme of ['light', 'dark'] as const) {
  test.describe(`phone, ${colorScheme}`, () => {
    test.use({ viewport: PHONE, colorScheme });

    test('the grid fills the screen below the toolbar and nothing scrolls sideways', async ({ page }) => {
      await openDashboard(page);
      await expectNoHorizontalScroll(page);
      await expect(page.getByRole('heading', { level: 1, name: 'Cloudflare Images Explorer' })).toBeVisible();
      // The account id is whole, not cut off.
      const accountId = page.locator('[title^="Account ID"]');
      expect(await accountId.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
      // The filters are out of the way: the grid takes the rest of the height.
      await expect(page.getByRole('complementary', { name: 'Filters' })).toBeHidden();
      const grid = (await imagesGrid(page).boundingBox())!;
      expect(grid.y + grid.height).toBeGreaterThanOrEqual(PHONE.height - 2);
      expect(grid.height).toBeGreaterThan(PHONE.height * 0.6);
      await expectNoSeriousViolations(page);
    });

    test('the filters open in a drawer; applying closes it and loads the new query', async ({ page }) => {
      await openDashboard(page);
      const opener = page.getByRole('button', { name: 'Filters', exact: true });
      await expect(opener).toHaveAttribute('aria-expanded', 'false');
      await opener.click();
      const drawer = page.getByRole('dialog', { name: 'Filters' });
      await expect(drawer).toBeVisible();
      await expect(drawer.getByRole('button', { name: 'Close filters' })).toBeFocused();
      await expectOnScreen(page, drawer.getByRole('button', { name: 'Close filters' }));
      await expectNoHorizontalScroll(page);
      await expectNoSeriousViolations(page);
      // Minor findings too: the dialog's role sits on an element that may carry it.
      const roles = await new AxeBuilder({ page }).withRules(['aria-allowed-role']).analyze();
      expect(roles.violations.map((v) => v.nodes.map((node) => node.target.join(' ')))).toEqual([]);
      // Sort order is whole and usable inside the drawer.
      await drawer.getByLabel('Sort order').selectOption('asc');
      await drawer.getByRole('button', { name: 'Apply filters' }).click();
      await expect(drawer).toHaveCount(0);
      await expect(page).toHaveURL(/sort_order=asc/);
      await expect(opener).toBeFocused();
      await expect(statusLine(page)).toHaveText('1,000 images loaded · more available');

      // Esc closes it too, and focus returns to "Filters".
      await opener.click();
      await expect(page.getByRole('dialog', { name: 'Filters' })).toBeVisible();
      await page.keyboard.press('Escape');
      await expect(page.getByRole('dialog', { name: 'Filters' })).toHaveCount(0);
      await expect(opener).toBeFocused();
    });

    test('the toolbar folds its options into a menu', async ({ page }) => {
      await openDashboard(page);
      await expect(page.getByLabel('Copy as')).toBeHidden();
      const options = page.getByRole('button', { name: 'Options', exact: true });
      await options.click();
      await expect(options).toHaveAttribute('aria-expanded', 'true');
      await expectOnScreen(page, page.getByLabel('Copy as'));
      await page.getByLabel('Copy as').selectOption('markdown');
      await expectNoHorizontalScroll(page);
      await page.keyboard.press('Escape');
      await expect(page.getByLabel('Copy as')).toBeHidden();
      await expect(options).toBeFocused();
    });

    test('a tap on a picture opens the detail panel full-screen with Close in reach', async ({ page }) => {
      await openDashboard(page);
      const name = await imageCards(page).nth(1).getByRole('img').first().getAttribute('alt');
      await imageCards(page).nth(1).getByRole('img').first().click();
      const dialog = page.getByRole('dialog', { name: name! });
      await expect(dialog).toBeVisible();
      const box = (await dialog.boundingBox())!;
      expect(box.x).toBe(0);
      expect(box.y).toBe(0);
      expect(box.width).toBe(PHONE.width);
      expect(box.height).toBe(PHONE.height);
      await expectOnScreen(page, dialog.getByRole('heading', { name: name! }));
      await expectOnScreen(page, dialog.getByRole('button', { name: 'Close', exact: true }));
      await expectNoHorizontalScroll(page);
      await expectNoSeriousViolations(page);
      await dialog.getByRole('button', { name: 'Close', exact: true }).click();
      await expect(page.getByRole('dialog')).toHaveCount(0);
    });

    test('the table scrolls sideways inside itself, not the page', async ({ page }) => {
      await page.goto('/?view=table');
      const table = page.getByRole('table', { name: 'Images' });
      await expect(table.getByRole('row').nth(1)).toBeVisible({ timeout: 20_000 });
      await expectNoHorizontalScroll(page);
      const scroller = table.locator('xpath=..');
      expect(await scroller.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
      await scroller.evaluate((el) => el.scrollBy(400, 0));
      expect(await scroller.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
      await expectNoHorizontalScroll(page);
      await expectNoSeriousViolations(page);
    });
  });

  test.describe(`laptop, ${colorScheme}`, () => {
    test.use({ viewport: LAPTOP, colorScheme });

    test('filters beside the grid, the whole toolbar, no sideways scroll, no serious axe findings', async ({ page }) => {
      await openDashboard(page);
      await expectNoHorizontalScroll(page);
      await expect(page.getByRole('complementary', { name: 'Filters' })).toBeVisible();
      await expect(page.getByRole('button', { name: 'Filters', exact: true })).toHaveCount(0);
      await expect(page.getByLabel('Copy as')).toBeVisible();
      await imageCards(page).first().getByRole('checkbox').click();
      await expectNoSeriousViolations(page);
      await imageCards(page).nth(2).getByRole('img').first().click();
      const dialog = page.getByRole('dialog');
      await expect(dialog).toBeVisible();
      await expectOnScreen(page, dialog.getByRole('button', { name: 'Close', exact: true }));
      await expectNoSeriousViolations(page);
    });
  });
}

test('no sideways scroll from 320 px up', async ({ page }) => {
  await page.setViewportSize({ width: 320, height: 640 });
  await openDashboard(page);
  await expectNoHorizontalScroll(page);
  await page.getByRole('button', { name: 'Filters', exact: true }).click();
  await expect(page.getByRole('dialog', { name: 'Filters' })).toBeVisible();
  await expectNoHorizontalScroll(page);
});
