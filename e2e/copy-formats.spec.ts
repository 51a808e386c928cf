/**
 * Copy exactly what a page needs (docs/CONTRACT.md §11): build a flexible size in the detail panel and see it
 * load; build one for a selection in the toolbar's copy menu (laptop and phone) and copy both images at it; copy
 * a responsive <img> for three images, paste it into a blank page, and see the browser pick the candidate that
 * fits the screen.
 */
import type { APIRequestContext, Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import AxeBuilder from '@axe-core/playwright';
import { expect, imagesGrid, openDashboard, readClipboard, test } from './fixtures';

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
  // The field's own words; the API's wording ("Flexible variant option 'w' …") stays with the server.
  await expect(builder.getByRole('alert')).toHaveText('Width must be a whole number from 1 to 12000');
  await expect(builder.getByRole('button', { name: 'Copy at this size' })).toBeDisabled();
});

test('the size builder keeps its buttons where they are while the preview loads', async ({ page, request }) => {
  const [image] = await publicImages(request, 1);
  // The preview at the next size waits until the buttons have been measured.
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\/w=640,h=480,fit=cover$/, async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(`/?image=${encodeURIComponent(image!.id)}`);
  const builder = page.getByRole('dialog', { name: image!.filename }).getByRole('group', { name: 'Size builder' });
  await loadedImage(page, 'Preview at this size');
  const use = builder.getByRole('button', { name: 'Use this size for selections' });
  // Where the button is in the builder (the panel itself may scroll to the field being typed in).
  const place = () => use.evaluate((el) => el.getBoundingClientRect().top - el.closest('fieldset')!.getBoundingClientRect().top);
  const before = await place();
  await builder.getByLabel('Width').fill('640');
  await builder.getByLabel('Height').fill('480');
  await expect(builder.getByLabel('URL at this size')).toHaveText(/\/w=640,h=480,fit=cover$/);
  expect(await place()).toBe(before);
  release();
  await expect
    .poll(() => page.getByRole('img', { name: 'Preview at this size' }).evaluate((el: HTMLImageElement) => el.currentSrc))
    .toMatch(/\/w=640,h=480,fit=cover$/);
  await loadedImage(page, 'Preview at this size');
  expect(await place()).toBe(before);
  // A size Cloudflare would refuse says why in the same place.
  await builder.getByLabel('Width').fill('0');
  await expect(builder.getByRole('alert')).toBeVisible();
  expect(await place()).toBe(before);
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
  // One note to describe the pictures (no alt in their metadata), then one <img> a line.
  expect(html.split('\n')).toHaveLength(4);
  expect(html.split('\n')[0]).toMatch(/^<!-- alt="": describe the picture/);

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
      // Drawn in its own proportions, whatever its shape (docs/decisions.md "Copied snippets keep the picture's shape").
      const [shown, natural] = await img.evaluate((el: HTMLImageElement) => [el.width / el.height, el.naturalWidth / el.naturalHeight]);
      expect(shown).toBeCloseTo(natural!, 2);
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

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

for (const [name, viewport] of [
  ['laptop', { width: 1440, height: 900 }],
  ['phone', { width: 390, height: 844 }],
] as const) {
  test.describe(`the copy menu's size builder, ${name}`, () => {
    test.use({ viewport });

    test('builds 400×300 cover WebP for two selected images, sees the preview load, and copies both at that size', async ({ page, request }) => {
      const images = await publicImages(request, 2);
      await openDashboard(page);
      for (const image of images) await imagesGrid(page).getByRole('checkbox', { name: `Select ${image.filename}` }).check();
      // On a phone the toolbar's choices fold into "Options".
      if (name === 'phone') await page.getByRole('button', { name: 'Options' }).click();
      await page.getByRole('button', { name: 'Custom size…' }).click();

      const dialog = page.getByRole('dialog', { name: 'Custom size' });
      await expect(dialog.getByText(/^For the 2 selected images: /)).toBeVisible();
      await expect(dialog.getByText(images[0]!.filename, { exact: true })).toBeVisible();
      const builder = dialog.getByRole('group', { name: 'Size builder' });
      await builder.getByLabel('Width').fill('400');
      await builder.getByLabel('Height').fill('300');
      await builder.getByLabel('Fit').selectOption('cover');
      await builder.getByLabel('Format').selectOption('webp');
      const size = 'w=400,h=300,fit=cover,format=webp';
      await expect(builder.getByLabel('URL at this size')).toHaveText(new RegExp(`/${escapeRegExp(images[0]!.id)}/${size}$`));
      const preview = await loadedImage(page, 'Preview at this size');
      expect(await preview.evaluate((el: HTMLImageElement) => [el.naturalWidth, el.naturalHeight])).toEqual([400, 300]);
      if (name === 'phone') {
        // Full-screen on a phone, Close in reach.
        const box = await dialog.boundingBox();
        expect(box && [box.x, box.y, box.width]).toEqual([0, 0, 390]);
        await expect(dialog.getByRole('button', { name: 'Close' })).toBeInViewport();
      }
      for (const colorScheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme });
        const axe = await new AxeBuilder({ page }).include('dialog').analyze();
        const serious = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
        expect(serious.map((v) => `${colorScheme} ${v.id}: ${v.help} ${v.nodes[0]?.target.join(' ')}`)).toEqual([]);
      }

      await dialog.getByRole('button', { name: 'Use this size for the 2 selected images' }).click();
      await expect(dialog).toBeHidden();
      await expect(page.getByLabel('Copy size')).toHaveValue(size);
      await expect(page.getByLabel('Copy size').locator('option:checked')).toHaveText('custom · 400×300 cover webp');
      if (name === 'phone') {
        expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
        // Esc closes the dialog, not the folded options under it, and focus goes back to what opened it.
        await page.getByRole('button', { name: 'Custom size…' }).click();
        await expect(dialog.getByRole('spinbutton', { name: 'Width' })).toHaveValue('400');
        await page.keyboard.press('Escape');
        await expect(dialog).toBeHidden();
        await expect(page.getByRole('button', { name: 'Custom size…' })).toBeFocused();
        // The folded options stayed open under the dialog: the person closes them to reach the selection's actions.
        await page.getByRole('button', { name: 'Options' }).click();
        await expect(page.getByLabel('Copy size')).toBeHidden();
      }

      await page.getByRole('button', { name: 'Copy 2 URLs' }).click();
      const lines = (await readClipboard(page)).split('\n');
      expect(lines).toHaveLength(2);
      for (const [i, image] of images.entries()) {
        expect(lines[i]).toMatch(new RegExp(`^https?://.+/${escapeRegExp(image.id)}/${size}$`));
        const answer = await request.get(lines[i]!);
        expect(answer.headers()['content-type']).toBe('image/webp');
      }
      // The export writes the same URLs.
      const download = page.waitForEvent('download');
      await page.getByRole('button', { name: 'Export JSON' }).click();
      const exported = JSON.parse(await readFile(await (await download).path(), 'utf8')) as unknown;
      for (const line of lines) expect(JSON.stringify(exported)).toContain(JSON.stringify(line));
    });
  });
}

test('the snippet writer is fetched at the first touch of the page, not with the first screen, and the first copy works', async ({ page }) => {
  const fetched: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/assets/copy-snippets-')) fetched.push(r.url());
  });
  await openDashboard(page);
  await page.waitForLoadState('networkidle');
  expect(fetched).toHaveLength(0);
  // The first thing the person does is copy a card's URL: the press itself fetches the writer, the copy waits for it.
  const card = imagesGrid(page).getByRole('gridcell').first();
  await card.getByRole('button', { name: 'Copy thumbnail URL' }).click();
  await expect.poll(() => readClipboard(page)).toMatch(/^https?:\/\/\S+\/thumbnail(\?\S*)?$/);
  expect(fetched).toHaveLength(1);
});

test('a portrait pasted as HTML, srcset or <picture> keeps its proportions on 1x and 2x screens', async ({ page, browser, request }) => {
  // A real 1000×1500 portrait: `public` (1366×1366 scale-down) delivers it 911×1366, `hero` (1920×1080) 720×1080.
  const config = (await (await request.get('/api/config')).json()) as { accountId: string };
  const filename = `e2e-portrait-${Date.now()}.png`;
  const png = await sharp({ create: { width: 1000, height: 1500, channels: 3, background: '#2a6f97' } }).png().toBuffer();
  const upload = await request.post(`/client/v4/accounts/${config.accountId}/images/v1`, {
    multipart: { file: { name: filename, mimeType: 'image/png', buffer: png } },
  });
  expect(upload.ok(), await upload.text()).toBe(true);
  const { id } = ((await upload.json()) as { result: { id: string } }).result;
  try {
    await openDashboard(page);
    await imagesGrid(page).getByRole('checkbox', { name: `Select ${filename}` }).check();
    const pasted: { size: string; format: string; html: string }[] = [];
    let last = '';
    for (const size of ['public', 'hero', 'thumbnail']) {
      await page.getByLabel('Copy size').selectOption(size);
      for (const format of ['html', 'srcset', 'picture']) {
        await page.getByLabel('Copy as').selectOption(format);
        await page.getByRole('button', { name: 'Copy 1 URL' }).click();
        await expect.poll(() => readClipboard(page)).not.toBe(last);
        last = await readClipboard(page);
        pasted.push({ size, format, html: last });
      }
    }
    for (const deviceScaleFactor of [1, 2]) {
      const blankContext = await browser.newContext({ deviceScaleFactor, viewport: { width: 1440, height: 900 } });
      const blank = await blankContext.newPage();
      await blank.setContent(`<!doctype html><body style="margin:0">${pasted.map((p) => `<div>${p.html}</div>`).join('')}</body>`);
      const imgs = await blank.locator('img').all();
      expect(imgs).toHaveLength(pasted.length);
      for (const [i, img] of imgs.entries()) {
        const { size, format } = pasted[i]!;
        await img.scrollIntoViewIfNeeded();
        await expect
          .poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth > 0), { timeout: 30_000 })
          .toBe(true);
        const [shown, natural] = await img.evaluate((el: HTMLImageElement) => [el.width / el.height, el.naturalWidth / el.naturalHeight]);
        // The thumbnail is a square crop by design (cover); the others are the portrait itself, never stretched.
        const expected = size === 'thumbnail' ? 1 : 1000 / 1500;
        expect([size, format, deviceScaleFactor, shown]).toEqual([size, format, deviceScaleFactor, expect.closeTo(expected, 2)]);
        expect([size, format, deviceScaleFactor, natural]).toEqual([size, format, deviceScaleFactor, expect.closeTo(expected, 2)]);
      }
      await blankContext.close();
    }
  } finally {
    await request.delete(`/client/v4/accounts/${config.accountId}/images/v1/${encodeURIComponent(id)}`);
  }
});
