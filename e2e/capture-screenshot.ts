/**
 * Captures the README's screenshots from a running dashboard: `npx tsx e2e/capture-screenshot.ts http://127.0.0.1:8787`.
 * docs/screenshot.png (1440×900, light, three images selected), and the phone layout at 390×844:
 * docs/screenshot-phone.png (light, the grid) and docs/screenshot-phone-dark.png (dark, the detail panel). The facets
 * panel (docs/index.md): docs/screenshot-facets.png (1440×900, light) and docs/screenshot-facets-phone-dark.png
 * (390×844, dark, in the filters drawer).
 * Not a spec: it writes files in docs/.
 */
import { chromium, type Browser } from '@playwright/test';
import { chromiumLaunchOptions } from './chromium';

const base = process.argv[2] ?? 'http://127.0.0.1:8787';
const dir = process.argv[3] ?? 'docs';

async function openGrid(browser: Browser, width: number, height: number, colorScheme: 'light' | 'dark') {
  const page = await browser.newPage({ viewport: { width, height }, colorScheme });
  await page.goto(`${base}/`);
  const cards = page.getByRole('grid', { name: 'Images' }).getByRole('gridcell');
  await cards.first().waitFor();
  await page.waitForLoadState('networkidle');
  return { page, cards };
}

const browser = await chromium.launch(chromiumLaunchOptions);

const desktop = await openGrid(browser, 1440, 900, 'light');
await desktop.cards.nth(1).getByRole('checkbox').click();
await desktop.cards.nth(3).getByRole('checkbox').click({ modifiers: ['Shift'] });
await desktop.page.mouse.move(0, 0);
await desktop.page.waitForTimeout(500);
await desktop.page.screenshot({ path: `${dir}/screenshot.png` });

const phone = await openGrid(browser, 390, 844, 'light');
await phone.cards.nth(0).getByRole('checkbox').click();
await phone.page.waitForTimeout(500);
await phone.page.screenshot({ path: `${dir}/screenshot-phone.png` });

const dark = await openGrid(browser, 390, 844, 'dark');
await dark.cards.nth(1).getByRole('img').first().click();
await dark.page.getByRole('dialog').waitFor();
await dark.page.waitForLoadState('networkidle');
await dark.page.waitForTimeout(500);
await dark.page.screenshot({ path: `${dir}/screenshot-phone-dark.png` });

/** The facets panel open on "status" (its applied value pressed) and "batch" (text and number values told apart). */
async function openFacets(width: number, height: number, colorScheme: 'light' | 'dark') {
  const page = await browser.newPage({ viewport: { width, height }, colorScheme });
  await page.goto(`${base}/?meta.status[eq:string]=active`);
  await page.getByRole('grid', { name: 'Images' }).getByRole('gridcell').first().waitFor();
  if (width <= 1000) await page.getByRole('button', { name: 'Filters', exact: true }).click();
  await page.getByRole('button', { name: 'Facets', exact: true }).click();
  await page.getByRole('button', { name: /^status \d/ }).click();
  await page.getByRole('button', { name: /^batch \d/ }).click();
  await page.getByRole('button', { name: /^3 number \d/ }).waitFor();
  // The panel's heading at the top of the side panel (or drawer), which scrolls by itself.
  await page.getByRole('button', { name: 'Facets', exact: true }).evaluate((el) => {
    const aside = el.closest('aside')!;
    aside.scrollTop += el.getBoundingClientRect().top - aside.getBoundingClientRect().top - 60;
  });
  await page.mouse.move(0, 0);
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(500);
  return page;
}

const facets = await openFacets(1440, 900, 'light');
await facets.screenshot({ path: `${dir}/screenshot-facets.png` });

const facetsPhone = await openFacets(390, 844, 'dark');
await facetsPhone.screenshot({ path: `${dir}/screenshot-facets-phone-dark.png` });

await browser.close();
