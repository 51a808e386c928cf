import AxeBuilder from '@axe-core/playwright';
import { expect, imageCards, openDashboard, test } from './fixtures';

async function seriousViolations(page: import('@playwright/test').Page) {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.length}) ${v.nodes[0]?.target.join(' ')}`);
}

test('the grid has no serious or critical accessibility violations', async ({ page }) => {
  await openDashboard(page);
  await imageCards(page).nth(1).getByRole('checkbox').click();
  expect(await seriousViolations(page)).toEqual([]);
});

test('the detail panel has no serious or critical accessibility violations', async ({ page }) => {
  await openDashboard(page);
  await imageCards(page).first().focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog')).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
});

test('dark mode has no serious or critical accessibility violations', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await openDashboard(page);
  expect(await seriousViolations(page)).toEqual([]);
});
