/**
 * Copy exactly what a page needs (docs/CONTRACT.md §11): build a flexible size in the detail panel and see it
 * load; copy a responsive <img> for three images, paste it into a blank page, and see the browser pick the
 * candidate that fits the screen.
 */
import type { APIRequestContext, Page } from '@playwright/test';
import { expect, imagesGrid, readClipboard, test } from './fixtures';

interface Listed {
  id: string;
  filename: string;
  requireSignedURLs: boolean;
}

/** The newest public images (the first ones the grid shows). */
async function publicImages(request: APIRequestContext, count: number): Promise<Listed[]> {
  const config = (await (await request.get('/api/config')).json()) as { accountId: string };
  const list = (await (await request.get(`/client/v4/accounts/${config.accountId}/images/v2?per_page=100`)).json()) as {
    result: { images: Listed[] };
  };
  return list.result.images.filter((image) => !image.requireSignedURLs).slice(0, count);
}

async function loadedImage(page: Page, name: string) {
  const img = page.getByRole('img', { name });
  await expect(img).toBeVisible();
  await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth > 0), { timeout: 30_000 }).toBe(true);
  return img;
}

test('builds a 400×300 cover WebP in the size builder and sees the preview load', async ({ page, request }) => {
  const [image] = await publicImages(request, 1);
  await page.goto(`/?image=${encodeURIComponent(image!.id)}`);
  const dialog = page.getByRole('dialog', { name: image!.filename });
  const builder = dialog.getByRole('group', { name: 'Size builder' });
  await builder.getByLabel('Width').fill('400');
  await builder.getByLabel('Height').fill('300');
  await builder.getByLabel('Fit').selectOption('cover');
  await builder.getByLabel('Format').selectOption('webp');
  await expect(builder.getByLabel('URL at this size')).toHaveText(/\/w=400,h=300,fit=cover,format=webp$/);
  const preview = await loadedImage(page, 'Preview at this size');
  expect(await preview.evaluate((el: HTMLImageElement) => [el.naturalWidth, el.naturalHeight])).toEqual([400, 300]);
  const type = await preview.evaluate(async (el: HTMLImageElement) => (await fetch(el.currentSrc)).headers.get('content-type'));
  expect(type).toBe('image/webp');
  await builder.getByLabel('Width').fill('0');
  await expect(builder.getByRole('alert')).toHaveText("Flexible variant option 'w' must be a whole number from 1 to 12000, got '0'");
  await expect(builder.getByRole('button', { name: 'Copy at this size' })).toBeDisabled();
});

test('a responsive <img> for three images picks the right candidate at 390 px and 1440 px', async ({ page, context, request }) => {
  const images = await publicImages(request, 3);
  // A slot 1366 px wide: "Use this size for selections" in the size builder.
  await page.goto(`/?image=${encodeURIComponent(images[0]!.id)}`);
  const builder = page.getByRole('dialog').getByRole('group', { name: 'Size builder' });
  await builder.getByLabel('Width').fill('1366');
  await expect(imagesGrid(page).getByRole('gridcell').first()).toBeVisible({ timeout: 20_000 });
  await builder.getByLabel('Height').fill('');
  await builder.getByLabel('Fit').selectOption('');
  await builder.getByRole('button', { name: 'Use this size for selections' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();

  await page.getByLabel('Copy as').selectOption('srcset');
  await expect(page.getByLabel('Copy size')).toHaveValue('w=1366');
  for (const image of images) await imagesGrid(page).getByRole('checkbox', { name: `Select ${image.filename}` }).check();
  await page.getByRole('button', { name: 'Copy 3 URLs' }).click();
  const html = await readClipboard(page);
  expect(html.split('\n')).toHaveLength(3);

  for (const [width, expected] of [
    [390, 480],
    [1440, 1366],
  ] as const) {
    const blank = await context.newPage();
    await blank.setViewportSize({ width, height: 844 });
    await blank.setContent(`<!doctype html><meta name="viewport" content="width=device-width"><body style="margin:0">${html}</body>`);
    // Each loads from the pasted URL once on screen (loading="lazy"), and the browser picks the candidate.
    for (const img of await blank.locator('img').all()) {
      await img.scrollIntoViewIfNeeded();
      await expect
        .poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth > 0), { timeout: 30_000 })
        .toBe(true);
      expect(await img.evaluate((el: HTMLImageElement) => el.currentSrc)).toMatch(new RegExp(`/w=${expected}$`));
    }
    await blank.close();
  }
});

test('variants are shown with their sizes: the preview picker, the copy chips and the detail panel', async ({ page }) => {
  await page.goto('/');
  await expect(imagesGrid(page).getByRole('gridcell').first()).toBeVisible({ timeout: 20_000 });
  await expect(page.getByRole('combobox', { name: /^Preview/ }).getByRole('option', { name: 'thumbnail · 320×320 cover' })).toHaveCount(1);
  const chip = imagesGrid(page).getByRole('gridcell').first().getByRole('button', { name: 'Copy thumbnail URL' });
  await expect(chip).toHaveAttribute('title', /^Copy the thumbnail · 320×320 cover URL of /);
  await imagesGrid(page).getByRole('gridcell').first().getByRole('img').first().click();
  await expect(page.getByRole('dialog').getByText('hero · 1920×1080 scale-down')).toBeVisible();
});
