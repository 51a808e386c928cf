/**
 * The table view: switching to it (and the URL keeping it), metadata columns, sorting the loaded rows, the column
 * picker, and the grid's actions (copy, select, open) from a row. Rests on images this file uploads.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, fling, openDashboard, picturesOnScreenDecoded, readClipboard, test } from './fixtures';

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

/** Uploaded oldest first: the page lists them newest first, so e2e-table-3, -2, -1 lead the table. */
const SEEDED = [
  { filename: 'e2e-table-1.png', metadata: { e2eTable: { marker: 'bravo', rank: 30 } } },
  { filename: 'e2e-table-2.png', metadata: { e2eTable: { marker: 'alpha', rank: 2 } } },
  { filename: 'e2e-table-3.png', metadata: { e2eTable: { marker: 'charlie', rank: 100 } } },
] as const;
const ids = new Map<string, string>();

// Idempotent: Playwright starts a new worker (and runs this again) after a failed test, against the same server.
test.beforeAll(async ({ request }) => {
  const config = (await (await request.get('/api/config')).json()) as { accountId: string };
  const list = `/client/v4/accounts/${config.accountId}/images`;
  const existing = (await (await request.get(`${list}/v2?creator=e2e-table`)).json()) as {
    result: { images: { id: string; filename: string }[] };
  };
  for (const image of existing.result.images) ids.set(image.filename, image.id);
  for (const item of SEEDED) {
    if (ids.has(item.filename)) continue;
    const response = await request.post(`${list}/v1`, {
      multipart: {
        file: { name: item.filename, mimeType: 'image/png', buffer: PNG },
        metadata: JSON.stringify(item.metadata),
        creator: 'e2e-table',
      },
    });
    expect(response.ok(), await response.text()).toBe(true);
    ids.set(item.filename, ((await response.json()) as { result: { id: string } }).result.id);
  }
});

const table = (page: Page) => page.getByRole('table', { name: 'Images' });
const viewSwitch = (page: Page) => page.getByRole('radiogroup', { name: 'View' });
const rowOf = (page: Page, filename: string) =>
  table(page).getByRole('row').filter({ has: page.getByRole('button', { name: filename, exact: true }) });

async function openTable(page: Page) {
  await openDashboard(page);
  await viewSwitch(page).getByRole('radio', { name: 'Table' }).click();
  await expect(table(page)).toBeVisible();
  await expect(viewSwitch(page).getByRole('radio', { name: 'Table' })).toBeChecked();
  expect(new URL(page.url()).searchParams.get('view')).toBe('table');
}

/** The seeded filenames in the order the table shows them. */
async function seededOrder(page: Page): Promise<string[]> {
  const names = await table(page).getByRole('button', { name: /^e2e-table-\d\.png$/ }).allTextContents();
  return names;
}

test('the table shows a column per metadata key, nested keys flattened, and keeps view=table in the URL', async ({ page }) => {
  await openTable(page);
  await expect(table(page).getByRole('columnheader', { name: 'e2eTable.marker' })).toBeVisible();
  await expect(table(page).getByRole('columnheader', { name: 'region.name' })).toBeAttached();
  const row = rowOf(page, 'e2e-table-3.png');
  await expect(row.getByRole('cell', { name: 'e2e-table', exact: true })).toBeVisible();
  // Rows render the columns in view: the metadata columns are to the right, past the image's own fields.
  await table(page).getByRole('columnheader', { name: 'e2eTable.marker' }).scrollIntoViewIfNeeded();
  await expect(row.getByRole('cell', { name: 'charlie' })).toBeVisible();

  // The view survives a reload (it is in the URL); arrow keys move the radio group back to the grid.
  await page.reload();
  await expect(table(page)).toBeVisible();
  await viewSwitch(page).getByRole('radio', { name: 'Table' }).focus();
  await page.keyboard.press('ArrowLeft');
  await expect(viewSwitch(page).getByRole('radio', { name: 'Grid' })).toBeChecked();
  await expect(viewSwitch(page).getByRole('radio', { name: 'Grid' })).toBeFocused();
  await expect(page.getByRole('grid', { name: 'Images' })).toBeVisible();
  expect(new URL(page.url()).searchParams.has('view')).toBe(false);
});

test('copies a delivery URL from a row', async ({ page }) => {
  await openTable(page);
  await rowOf(page, 'e2e-table-2.png').getByRole('button', { name: 'Copy public URL' }).click();
  await expect(page.getByRole('region', { name: 'Notifications' })).toContainText('Copied public URL of e2e-table-2.png');
  expect(await readClipboard(page)).toMatch(new RegExp(`/cdn-cgi/imagedelivery/[^/]+/${ids.get('e2e-table-2.png')}/public$`));
});

test('sorts the loaded rows by a metadata column, says so, and goes back to upload order', async ({ page }) => {
  await openTable(page);
  await expect(page.getByText('Column sorting sorts loaded rows only; the API sorts by upload time.')).toBeVisible();
  await expect.poll(() => seededOrder(page)).toEqual(['e2e-table-3.png', 'e2e-table-2.png', 'e2e-table-1.png']);
  const header = table(page).getByRole('columnheader', { name: 'e2eTable.rank' });
  await header.getByRole('button').click();
  await expect(header).toHaveAttribute('aria-sort', 'ascending');
  // Numbers in numeric order (2 < 30 < 100), and only our three images have the key, so they lead.
  await expect.poll(() => seededOrder(page)).toEqual(['e2e-table-2.png', 'e2e-table-1.png', 'e2e-table-3.png']);
  await header.getByRole('button').click();
  await expect(header).toHaveAttribute('aria-sort', 'descending');
  await expect.poll(() => seededOrder(page)).toEqual(['e2e-table-3.png', 'e2e-table-1.png', 'e2e-table-2.png']);
  await page.getByRole('button', { name: 'Back to upload order' }).click();
  await expect.poll(() => seededOrder(page)).toEqual(['e2e-table-3.png', 'e2e-table-2.png', 'e2e-table-1.png']);
});

test('the column picker hides and shows a metadata column', async ({ page }) => {
  await openTable(page);
  await page.getByRole('button', { name: 'Columns' }).click();
  await page.getByRole('checkbox', { name: 'e2eTable.marker' }).uncheck();
  await expect(table(page).getByRole('columnheader', { name: 'e2eTable.marker' })).toHaveCount(0);
  await page.keyboard.press('Escape');
  await expect(page.getByRole('button', { name: 'Columns (1 hidden)' })).toBeFocused();
  await page.getByRole('button', { name: 'Columns (1 hidden)' }).click();
  await page.getByRole('button', { name: 'Show all' }).click();
  await expect(table(page).getByRole('columnheader', { name: 'e2eTable.marker' })).toBeVisible();
});

test('selects rows and opens the detail panel like the grid', async ({ page }) => {
  await openTable(page);
  await rowOf(page, 'e2e-table-3.png').getByRole('checkbox', { name: 'Select e2e-table-3.png' }).check();
  await rowOf(page, 'e2e-table-1.png').getByRole('checkbox', { name: 'Select e2e-table-1.png' }).click({ modifiers: ['Shift'] });
  await expect(rowOf(page, 'e2e-table-2.png')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByText('3 selected', { exact: true })).toBeVisible();

  await table(page).getByRole('button', { name: 'e2e-table-2.png', exact: true }).click();
  expect(new URL(page.url()).searchParams.get('image')).toBe(ids.get('e2e-table-2.png'));
  await expect(page.getByRole('dialog')).toBeVisible();
});

test('scrolled sideways, a row keeps its controls: the focused one stays, and Tab from the header reaches the first row', async ({ page }) => {
  await openTable(page);
  const scroller = table(page).locator('xpath=..');
  const open = rowOf(page, 'e2e-table-3.png').getByRole('button', { name: 'e2e-table-3.png', exact: true });
  await open.focus();
  // Rows render the columns in view, and the columns with controls wherever the table is scrolled.
  await scroller.evaluate((el) => {
    el.scrollLeft = el.scrollWidth;
  });
  await expect(table(page).getByRole('columnheader').last()).toBeInViewport();
  await expect(open).toBeFocused();
  await table(page).getByRole('separator').last().focus();
  await page.keyboard.press('Tab');
  await expect(table(page).getByRole('row').nth(1).getByRole('checkbox')).toBeFocused();
  await expect(table(page).getByRole('row').nth(1).getByRole('checkbox')).toBeInViewport();
});

test('the table view has no serious accessibility violations', async ({ page }) => {
  await openTable(page);
  await page.getByRole('button', { name: 'Columns' }).click();
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    const results = await new AxeBuilder({ page }).include('main').analyze();
    const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${scheme} ${v.id}: ${v.help} ${v.nodes[0]?.target.join(' ')}`)).toEqual([]);
  }
});

test('a fling through the table asks for the thumbnails where it stops', async ({ page }) => {
  await openTable(page);
  const scroller = page.locator('.image-table__scroll');
  const rows = '.image-table__body tr[aria-rowindex]';
  const { passed, duringFling, askedSince } = await fling(page, scroller, rows, 'aria-rowindex');
  expect(passed).toBeGreaterThan(100);
  expect(duringFling).toBeLessThan(passed / 3);
  // Stopped: every row on screen (below the sticky header) shows its thumbnail, decoded.
  await expect.poll(() => picturesOnScreenDecoded(scroller, rows, 40)).toBe(true);
  expect(askedSince()).toBeGreaterThan(duringFling);
});

test('when the table’s code cannot be fetched, the grid stays and a toast offers Reload', async ({ page }) => {
  await openDashboard(page);
  const cards = page.getByRole('grid', { name: 'Images' }).getByRole('gridcell');
  await expect(cards.first()).toBeVisible();
  // The server is away, or a new build replaced the files: the table's chunk (and its CSS) cannot be fetched.
  await page.route('**/assets/image-table-*', (route) => route.abort('connectionrefused'));
  await viewSwitch(page).getByRole('radio', { name: 'Table' }).click();
  const said = /The table could not be shown: the server may be restarting, or the dashboard was updated/;
  await expect(page.getByRole('status').filter({ hasText: said }).first()).toBeVisible();
  await expect(page.getByText('The dashboard could not start')).toHaveCount(0);
  // The rest of the dashboard is still there: back to the grid, the images are as they were.
  await viewSwitch(page).getByRole('radio', { name: 'Grid' }).click();
  await expect(cards.first()).toBeVisible();
  await page.unroute('**/assets/image-table-*');
  await page.getByRole('button', { name: 'Reload' }).first().click();
  await page.waitForLoadState('load');
  await expect(cards.first()).toBeVisible();
  await viewSwitch(page).getByRole('radio', { name: 'Table' }).click();
  await expect(page.getByRole('table', { name: 'Images' })).toBeVisible();
});
