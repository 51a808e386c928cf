/**
 * Helpers shared by the e2e journeys. Everything is located by role and accessible name, as a person (or a
 * screen reader) finds it.
 */
import { expect, test as base, type Page } from '@playwright/test';

export { expect };

/** The demo store of playwright.config.ts: 1200 images, seed 42. */
export const DEMO_IMAGE_COUNT = 1200;

/** Opens the dashboard with a query string and waits for the first cards. */
export async function openDashboard(page: Page, search = ''): Promise<void> {
  await page.goto(`/${search}`);
  // Generous: the first screen waits for the server's first page, and e2e machines are often busy.
  await expect(imagesGrid(page).getByRole('gridcell').first()).toBeVisible({ timeout: 20_000 });
}

/** The results container, named "Images". */
export const imagesGrid = (page: Page) => page.getByRole('grid', { name: 'Images' });

/** The live status line. */
export const statusLine = (page: Page) => page.getByRole('status');

/** Cards that show an image (skeleton cells are hidden from the accessibility tree). */
export const imageCards = (page: Page) => imagesGrid(page).getByRole('gridcell');

export async function readClipboard(page: Page): Promise<string> {
  return page.evaluate(() => navigator.clipboard.readText());
}

/** A test whose browser context may read and write the clipboard. */
export const test = base.extend({
  context: async ({ context, baseURL }, use) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL });
    await use(context);
  },
});
