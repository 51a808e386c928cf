import AxeBuilder from '@axe-core/playwright';
import { expect, imageCards, openDashboard, test } from './fixtures';

// axe on a busy shared machine takes its time.
test.describe.configure({ timeout: 180_000 });

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

// WCAG 2.2 "Target Size (Minimum)" (2.5.8): axe checks it only when asked. Every control a finger or a pointer
// aims at is at least 24×24 px, or has that much room around it; on a phone and on a laptop.
for (const [name, viewport] of [
  ['phone', { width: 390, height: 844 }],
  ['laptop', { width: 1440, height: 900 }],
] as const) {
  test(`${name}: every control on the grid, the table and the detail panel is big enough to hit (WCAG 2.5.8)`, async ({ page }) => {
    const tooSmall = async () => {
      const results = await new AxeBuilder({ page }).withRules(['target-size']).analyze();
      return results.violations.flatMap((v) => v.nodes.map((node) => `${node.target.join(' ')}: ${node.failureSummary ?? ''}`));
    };
    await page.setViewportSize(viewport);
    await openDashboard(page);
    // The card's text fits its fixed height (the grid's row height is computed from it).
    const overflow = await imageCards(page).first().locator('.card__info').evaluate((el) => el.scrollHeight - el.clientHeight);
    expect(overflow).toBe(0);
    expect(await tooSmall()).toEqual([]);
    await imageCards(page).first().getByRole('img').first().click();
    await expect(page.getByRole('dialog')).toBeVisible();
    expect(await tooSmall()).toEqual([]);
    await page.goto('/?view=table');
    await expect(page.getByRole('table', { name: 'Images' }).getByRole('row').nth(1)).toBeVisible({ timeout: 20_000 });
    expect(await tooSmall()).toEqual([]);
  });
}
