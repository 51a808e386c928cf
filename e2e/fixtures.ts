/**
 * Helpers shared by the e2e journeys. Everything is located by role and accessible name, as a person (or a
 * screen reader) finds it.
 */
import { expect, test as base, type Locator, type Page } from '@playwright/test';

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

/**
 * Flings `scroller` down twenty screens, one every two frames (PageDown held, a flick of a trackpad): how many items
 * (`item` elements, told apart by their `key` attribute) it passed, how many thumbnails were asked for meanwhile,
 * and a count of those asked for since, for after it has stopped.
 */
export async function fling(page: Page, scroller: Locator, item: string, key: string) {
  const asked = new Set<string>();
  page.on('request', (request) => {
    if (request.url().includes('/cdn-cgi/imagedelivery/')) asked.add(request.url());
  });
  const passed = await scroller.evaluate(
    async (el, { item, key }) => {
      const seen = new Set<string>();
      for (let step = 0; step < 20; step += 1) {
        el.scrollBy(0, el.clientHeight);
        await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
        for (const found of el.querySelectorAll(item)) seen.add(found.getAttribute(key) ?? '');
      }
      return seen.size;
    },
    { item, key },
  );
  return { passed, duringFling: asked.size, askedSince: () => asked.size };
}

/** Whether every `item` inside `scroller`'s view (below `topInset` px of sticky header) shows its picture, decoded. */
export function picturesOnScreenDecoded(scroller: Locator, item: string, topInset = 0): Promise<boolean> {
  return scroller.evaluate(
    (el, { item, topInset }) => {
      const view = el.getBoundingClientRect();
      const onScreen = [...el.querySelectorAll(item)].filter((found) => {
        const box = found.getBoundingClientRect();
        return box.bottom > view.top + topInset && box.top < view.bottom;
      });
      const shown = onScreen.filter((found) => {
        const img = found.querySelector('img');
        return img !== null && img.complete && img.naturalWidth > 0;
      });
      return onScreen.length > 0 && shown.length === onScreen.length;
    },
    { item, topInset },
  );
}
