/**
 * Journeys of issue 10 on the dashboard side: upload by dropping files, files refused in the queue before anything is
 * sent, edit one image's metadata and find it with a filter, bulk jobs over every image a filter matches (set a key, delete with the typed number, resume after a
 * reload without repeats, wait out 429s), and no write buttons when the server does not allow writes. Results are
 * checked through the API, not only on screen. Images this file changes are its own uploads or are put back (Undo).
 */
import { readFile } from 'node:fs/promises';
import type { APIRequestContext, Page, Request } from '@playwright/test';
import { expect, imageCards, imagesGrid, test } from './fixtures';

/** A 1×1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

interface ListedImage {
  id: string;
  filename: string;
  creator: string | null;
  meta: Record<string, unknown>;
}

async function accountId(request: APIRequestContext): Promise<string> {
  return ((await (await request.get('/api/config')).json()) as { accountId: string }).accountId;
}

/** Every image a list query matches, page by page. */
async function listAll(request: APIRequestContext, query: string): Promise<ListedImage[]> {
  const account = await accountId(request);
  const images: ListedImage[] = [];
  let token: string | null = null;
  do {
    const qs = `per_page=1000&${query}${token ? `&continuation_token=${encodeURIComponent(token)}` : ''}`;
    const response = await request.get(`/client/v4/accounts/${account}/images/v2?${qs}`, { headers: { 'cache-control': 'no-cache' } });
    expect(response.ok(), await response.text()).toBe(true);
    const body = (await response.json()) as { result: { images: ListedImage[]; continuation_token: string | null } };
    images.push(...body.result.images);
    token = body.result.continuation_token;
  } while (token);
  return images;
}

/** Uploads `count` PNGs with `meta` through the API (set-up for the bulk journeys). */
async function uploadMany(request: APIRequestContext, prefix: string, count: number, meta: Record<string, unknown>): Promise<void> {
  const account = await accountId(request);
  for (let i = 0; i < count; i++) {
    const response = await request.post(`/client/v4/accounts/${account}/images/v1`, {
      multipart: { file: { name: `${prefix}-${i}.png`, mimeType: 'image/png', buffer: PNG }, metadata: JSON.stringify(meta) },
    });
    expect(response.ok(), await response.text()).toBe(true);
  }
}

async function deleteAll(request: APIRequestContext, query: string): Promise<void> {
  const account = await accountId(request);
  for (const image of await listAll(request, query)) {
    await request.delete(`/client/v4/accounts/${account}/images/v1/${encodeURIComponent(image.id)}`);
  }
}

/** Opens the dashboard and waits for the first card (seeding and thumbnails can keep a busy machine a while). */
async function openDashboard(page: Page, search = ''): Promise<void> {
  await page.goto(`/${search}`);
  await expect(imagesGrid(page).getByRole('gridcell').first()).toBeVisible({ timeout: 30_000 });
}

const jobProgress = (page: Page) => page.getByRole('progressbar', { name: 'Job progress' });
const jobPanel = (page: Page) => page.getByRole('region', { name: 'Bulk job' });

/** Waits until the job panel says Finished, and its bar is full. */
async function waitForJob(page: Page, total: number): Promise<void> {
  await expect(jobPanel(page)).toContainText('Finished', { timeout: 60_000 });
  await expect(jobProgress(page)).toHaveAttribute('aria-valuetext', `${total.toLocaleString('en')} of ${total.toLocaleString('en')} images handled`);
}

/** "Select all matching", then the count it selected. */
async function selectAllMatching(page: Page, expected: number): Promise<void> {
  await page.getByRole('button', { name: 'Select all matching' }).click();
  await expect(page.getByText(`${expected.toLocaleString('en')} selected`, { exact: true })).toBeVisible({ timeout: 30_000 });
}

/** The image id in a PATCH or DELETE of one image. */
function writtenId(request: Request): string | null {
  const method = request.method();
  if (method !== 'PATCH' && method !== 'DELETE') return null;
  const match = /\/images\/v1\/(.+)$/.exec(new URL(request.url()).pathname);
  return match ? decodeURIComponent(match[1]!) : null;
}

test('three files dropped on the grid are uploaded with metadata and appear first', async ({ page, request }) => {
  await openDashboard(page);
  const files = ['e2e-drop-a.png', 'e2e-drop-b.png', 'e2e-drop-c.png'];
  const transfer = await page.evaluateHandle(
    ({ names, base64 }) => {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const data = new DataTransfer();
      for (const name of names) data.items.add(new File([bytes], name, { type: 'image/png' }));
      return data;
    },
    { names: files, base64: PNG.toString('base64') },
  );
  const grid = page.getByRole('grid', { name: 'Images' });
  await grid.dispatchEvent('dragenter', { dataTransfer: transfer });
  await grid.dispatchEvent('dragover', { dataTransfer: transfer });
  await grid.dispatchEvent('drop', { dataTransfer: transfer });

  const dialog = page.getByRole('dialog', { name: 'Upload 3 images' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('tab', { name: 'JSON' }).click();
  await dialog.getByRole('textbox', { name: 'Metadata JSON' }).fill('{"e2eUpload": "dropped", "n": 3}');
  await dialog.getByRole('textbox', { name: 'Creator' }).fill('e2e-uploader');
  // One file per row: no custom id for several files.
  await expect(dialog.getByRole('textbox', { name: 'Custom id' })).toHaveCount(0);
  await dialog.getByRole('button', { name: 'Start upload of 3 files' }).click();
  await expect(dialog.getByRole('status')).toHaveText('3 images uploaded', { timeout: 30_000 });
  for (const name of files) await expect(dialog.getByRole('listitem').filter({ hasText: name })).toContainText('Uploaded');
  await dialog.getByRole('button', { name: 'Close' }).click();
  // Nothing had the focus before the drop: it goes to the results, where the new images are, not to the page.
  await expect(page.getByRole('region', { name: 'Results' })).toBeFocused();

  // Newest first: the three are the first cards, without a reload.
  const firstThree = await Promise.all([0, 1, 2].map((i) => imageCards(page).nth(i).innerText()));
  for (const name of files) expect(firstThree.filter((text) => text.includes(name))).toHaveLength(1);
  const stored = await listAll(request, 'meta.e2eUpload[eq]=dropped');
  expect(stored.map((i) => i.filename).sort()).toEqual(files);
  for (const image of stored) {
    expect(image.meta).toEqual({ e2eUpload: 'dropped', n: 3 });
    expect(image.creator).toBe('e2e-uploader');
  }
  await deleteAll(request, 'meta.e2eUpload[eq]=dropped');
});

test('an upload the server refuses shows the server’s words for that file', async ({ page }) => {
  await openDashboard(page);
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Upload images' }).click();
  // A PNG signature on garbage: it passes the queue's check of the first bytes, the server decodes and refuses it.
  const broken = Buffer.concat([PNG.subarray(0, 16), Buffer.from('hello, not a picture')]);
  await (await chooser).setFiles({ name: 'not-an-image.png', mimeType: 'image/png', buffer: broken });
  const dialog = page.getByRole('dialog', { name: 'Upload 1 image' });
  await dialog.getByRole('button', { name: 'Start upload of 1 file' }).click();
  await expect(dialog.getByRole('listitem').filter({ hasText: 'not-an-image.png' })).toContainText(/Failed: Unsupported file: .+PNG/, { timeout: 30_000 });
  await expect(dialog.getByRole('status')).toHaveText('0 images uploaded, 1 failed');
});

test('a text file and a fake .png are refused in the queue before anything is sent; only the image is created', async ({ page, request }) => {
  await openDashboard(page);
  const posts: string[] = [];
  page.on('request', (r) => {
    if (r.method() === 'POST') posts.push(new URL(r.url()).pathname);
  });
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Upload images' }).click();
  await (await chooser).setFiles([
    { name: 'e2e-precheck.png', mimeType: 'image/png', buffer: PNG },
    { name: 'readme.txt', mimeType: 'text/plain', buffer: Buffer.from('Read me first.\n') },
    { name: 'e2e-fake.png', mimeType: 'image/png', buffer: Buffer.from('hello, not a picture') },
  ]);
  // The heading counts the images to upload and the files refused, which shrinks as they are removed.
  const dialog = page.getByRole('dialog', { name: /^Upload \d+ images?(, \d+ refused)?$/ });
  await expect(dialog.getByRole('heading', { name: 'Upload 1 image, 2 refused' })).toBeVisible();
  const row = (name: string) => dialog.getByRole('listitem', { name });
  const notAnImage = 'Not an image Cloudflare accepts: PNG, JPEG, GIF, WebP or SVG';
  await expect(row('readme.txt')).toContainText(notAnImage);
  await expect(row('e2e-fake.png')).toContainText(notAnImage);
  await expect(row('e2e-precheck.png')).toContainText('Waiting');
  await expect(dialog.getByRole('button', { name: 'Start upload of 1 file' })).toBeEnabled();

  // An empty key row blocks, in the Edit form's words, until it is removed.
  await dialog.getByRole('button', { name: 'Add key' }).click();
  await expect(dialog.getByText('Give this value a key')).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Start upload of 1 file' })).toBeDisabled();
  await dialog.getByRole('button', { name: 'Remove key 1' }).click();

  // Removed from the keyboard; focus moves to the next row's Remove.
  await dialog.getByRole('button', { name: 'Remove readme.txt' }).focus();
  await page.keyboard.press('Enter');
  await expect(row('readme.txt')).toHaveCount(0);
  await expect(dialog.getByRole('button', { name: 'Remove e2e-fake.png' })).toBeFocused();
  expect(posts).toEqual([]);
  await expect(dialog.getByRole('heading', { name: 'Upload 1 image, 1 refused' })).toBeVisible();

  await dialog.getByRole('tab', { name: 'JSON' }).click();
  await dialog.getByRole('textbox', { name: 'Metadata JSON' }).fill('{"e2ePrecheck": "yes"}');
  await dialog.getByRole('button', { name: 'Start upload of 1 file' }).click();
  await expect(dialog.getByRole('status')).toHaveText('1 image uploaded, 1 not sent', { timeout: 30_000 });
  await expect(row('e2e-fake.png')).toContainText(notAnImage);
  // One direct upload asked for and one file posted: the refused file never left the browser.
  expect(posts.filter((path) => /direct_upload|imageupload/.test(path))).toHaveLength(2);

  const stored = await listAll(request, 'meta.e2ePrecheck[eq]=yes');
  expect(stored.map((i) => i.filename)).toEqual(['e2e-precheck.png']);
  await deleteAll(request, 'meta.e2ePrecheck[eq]=yes');
});

test('editing one image’s metadata in the detail panel makes a filter find it', async ({ page, request }) => {
  await uploadMany(request, 'e2e-edit', 1, { e2eEdit: 'before' });
  await openDashboard(page, '?meta.e2eEdit[eq]=before');
  await expect(imageCards(page)).toHaveCount(1);
  await imageCards(page).first().click();
  const detail = page.getByRole('dialog', { name: 'e2e-edit-0.png' });
  await detail.getByRole('button', { name: 'Edit metadata', exact: true }).click();

  // Errors before saving: invalid JSON, then over the 1,024-byte budget.
  await detail.getByRole('tab', { name: 'JSON' }).click();
  const json = detail.getByRole('textbox', { name: 'Metadata JSON' });
  await json.fill('{"e2eEdit": ');
  await expect(detail.getByText(/Not valid JSON/)).toBeVisible();
  await expect(detail.getByRole('button', { name: 'Save metadata' })).toBeDisabled();
  await json.fill(JSON.stringify({ e2eEdit: 'x'.repeat(1100) }));
  await expect(detail.getByText(/maximum 1024/)).toBeVisible();
  await expect(detail.getByRole('button', { name: 'Save metadata' })).toBeDisabled();

  await json.fill('{"e2eEdit": "after", "reviewed": true}');
  // The meter counts compact JSON: {"e2eEdit":"after","reviewed":true}.
  await expect(detail.getByText('35 of 1,024 bytes')).toBeVisible();
  await detail.getByRole('tab', { name: 'Keys' }).click();
  await expect(detail.getByRole('textbox', { name: 'Key 2' })).toHaveValue('reviewed');
  await detail.getByRole('button', { name: 'Save metadata' }).click();
  await expect(page.getByText('Saved e2e-edit-0.png')).toBeVisible();
  await detail.getByRole('button', { name: 'Close' }).click();

  await openDashboard(page, '?meta.e2eEdit[eq]=after&meta.reviewed[eq]=true');
  await expect(imageCards(page)).toHaveCount(1);
  await expect(imageCards(page).first()).toContainText('e2e-edit-0.png');

  // Delete image asks first.
  await imageCards(page).first().click();
  await page.getByRole('button', { name: 'Delete image' }).click();
  await page.getByRole('button', { name: 'Delete for good' }).click();
  await expect(page.getByRole('dialog', { name: 'e2e-edit-0.png' })).toHaveCount(0);
  await expect.poll(async () => (await listAll(request, 'meta.e2eEdit[eq]=after')).length).toBe(0);
  await expect(imageCards(page)).toHaveCount(0);
});

test('a refresh after a save that cannot reach the server says so, and catches up by itself once it answers', async ({ page, request }) => {
  await uploadMany(request, 'e2e-refresh', 1, { e2eRefresh: 'before' });
  await openDashboard(page, '?meta.e2eRefresh[eq]=before');
  await imageCards(page).first().click();
  const detail = page.getByRole('dialog', { name: 'e2e-refresh-0.png' });
  await detail.getByRole('button', { name: 'Edit metadata', exact: true }).click();
  await detail.getByRole('tab', { name: 'JSON' }).click();
  await detail.getByRole('textbox', { name: 'Metadata JSON' }).fill('{"e2eRefresh": "after"}');
  // The save goes through; the lists it refreshes cannot reach the server for a while.
  let away = true;
  await page.route('**/images/v2?**', (route) => (away ? route.abort('connectionrefused') : route.continue()));
  await detail.getByRole('button', { name: 'Save metadata' }).click();
  await expect(page.getByText('Saved e2e-refresh-0.png')).toBeVisible();
  await detail.getByRole('button', { name: 'Close' }).click();

  const banner = page.getByRole('alert').filter({ hasText: 'The images could not be refreshed' });
  await expect(banner).toContainText(/Retrying by itself in \d+ s/);
  // Not "the next page": every image of this query is loaded.
  await expect(page.getByText('The next page could not be loaded')).toHaveCount(0);
  await expect(imageCards(page)).toHaveCount(1);

  away = false;
  await expect(banner).toHaveCount(0, { timeout: 20_000 });
  // The refreshed list no longer matches `before`.
  await expect(imageCards(page)).toHaveCount(0);
  await deleteAll(request, 'meta.e2eRefresh[eq]=after');
});

test('Esc in the metadata editor leaves the editor, not the panel, and asks again before discarding changes', async ({ page, request }) => {
  await uploadMany(request, 'e2e-esc', 1, { e2eEsc: 'kept' });
  await openDashboard(page, '?meta.e2eEsc[eq]=kept');
  await imageCards(page).first().click();
  const detail = page.getByRole('dialog', { name: 'e2e-esc-0.png' });
  const edit = detail.getByRole('button', { name: 'Edit metadata', exact: true });
  const form = detail.getByRole('form', { name: 'Edit e2e-esc-0.png' });
  // Nothing changed: one Esc closes the editor, focus back on its button, the panel stays.
  await edit.click();
  await expect(form).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(form).toHaveCount(0);
  await expect(detail).toBeVisible();
  await expect(edit).toBeFocused();
  // Changes made: the first Esc only warns; the second discards them.
  await edit.click();
  await detail.getByRole('tab', { name: 'JSON' }).click();
  await detail.getByRole('textbox', { name: 'Metadata JSON' }).fill('{"e2eEsc": "changed"}');
  await page.keyboard.press('Escape');
  await expect(detail.getByText('Press Esc again to discard your changes, or save them.')).toBeVisible();
  await expect(form).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(form).toHaveCount(0);
  await expect(detail).toBeVisible();
  // And Esc on the panel itself still closes it; nothing was written.
  await page.keyboard.press('Escape');
  await expect(detail).toHaveCount(0);
  const [image] = await listAll(request, 'meta.e2eEsc[eq]=kept');
  expect(image?.meta).toEqual({ e2eEsc: 'kept' });
  await request.delete(`/client/v4/accounts/${await accountId(request)}/images/v1/${image!.id}`);
});

test('deleting the image the panel shows moves on to the next one, focus on its actions', async ({ page, request }) => {
  await uploadMany(request, 'e2e-next', 2, { e2eNext: 'yes' });
  await openDashboard(page, '?meta.e2eNext[eq]=yes');
  await expect(imageCards(page)).toHaveCount(2);
  const [first, second] = (await imageCards(page).allTextContents()).map((text) => /e2e-next-\d\.png/.exec(text)?.[0]);
  await imageCards(page).first().click();
  await page.getByRole('dialog', { name: first }).getByRole('button', { name: 'Delete image' }).click();
  await page.getByRole('button', { name: 'Delete for good' }).click();
  const next = page.getByRole('dialog', { name: second });
  await expect(next).toBeVisible();
  await expect(next.getByRole('button', { name: 'Edit metadata', exact: true })).toBeFocused();
  await expect(next.getByRole('button', { name: 'Delete for good' })).toHaveCount(0);
  await expect.poll(async () => (await listAll(request, 'meta.e2eNext[eq]=yes')).map((i) => i.filename)).toEqual([second]);
  // The last one: the panel closes.
  await next.getByRole('button', { name: 'Delete image' }).click();
  await page.getByRole('button', { name: 'Delete for good' }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect.poll(async () => (await listAll(request, 'meta.e2eNext[eq]=yes')).length).toBe(0);
});

test('a key set on every image a filter matches (a few hundred), verified through the API, then undone', async ({ page, request }) => {
  const query = 'meta.status[eq]=flagged';
  const before = await listAll(request, query);
  expect(before.length).toBeGreaterThan(100);
  const bulkWrites = new Set<string>();
  page.on('request', (r) => {
    if (writtenId(r) && r.headers()['x-explorer-priority'] === 'bulk') bulkWrites.add(writtenId(r)!);
  });

  await openDashboard(page, `?${query}`);
  await selectAllMatching(page, before.length);
  await page.getByRole('button', { name: `Edit metadata of ${before.length} images` }).click();
  const dialog = page.getByRole('dialog', { name: `Edit metadata of ${before.length} images` });
  await dialog.getByRole('textbox', { name: 'Key', exact: true }).fill('e2eBulk');
  await dialog.getByRole('textbox', { name: 'Value', exact: true }).fill('reviewed');
  // Apply waits for a preview, and says so.
  const apply = dialog.getByRole('button', { name: `Apply to ${before.length} images` });
  await expect(apply).toBeDisabled();
  await expect(apply).toHaveAccessibleDescription('Preview the changes first: Apply writes what the preview shows.');
  await expect(dialog.getByText('Preview the changes first: Apply writes what the preview shows.')).toBeVisible();
  await dialog.getByRole('button', { name: 'Preview changes' }).click();
  const preview = dialog.getByRole('region', { name: 'Preview' });
  await expect(preview.getByRole('status')).toHaveText(`${before.length} images will be changed; the first 20 are shown.`);
  await expect(dialog.getByText('Preview the changes first')).toHaveCount(0);
  await expect(preview.getByRole('row')).toHaveCount(21);
  await expect(preview.getByRole('row').nth(1)).toContainText('"e2eBulk":"reviewed"');
  await dialog.getByRole('button', { name: `Apply to ${before.length} images` }).click();
  // The opener is disabled while the job runs: focus goes to the job's panel, with its progress and Pause.
  await expect(page.getByRole('region', { name: 'Bulk job' })).toBeFocused();
  await waitForJob(page, before.length);

  const after = await listAll(request, query);
  expect(after).toHaveLength(before.length);
  const previous = new Map(before.map((i) => [i.id, i.meta]));
  for (const image of after) expect(image.meta).toEqual({ ...previous.get(image.id), e2eBulk: 'reviewed' });
  expect(await listAll(request, 'meta.e2eBulk[eq]=reviewed')).toHaveLength(before.length);
  expect(bulkWrites.size).toBe(before.length);

  // The report lists every image.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download report' }).click();
  const text = await readFile(await (await download).path(), 'utf8');
  expect(text.trim().split('\r\n')).toHaveLength(before.length + 1);
  expect(text).toContain(`${after[0]!.id},set metadata e2eBulk,done,`);

  // Undo puts back exactly the metadata each image had.
  await page.getByRole('button', { name: 'Undo' }).click();
  await waitForJob(page, before.length);
  const restored = await listAll(request, query);
  for (const image of restored) expect(image.meta).toEqual(previous.get(image.id));
});

test('bulk delete of 50 images asks for the number typed', async ({ page, request }) => {
  await uploadMany(request, 'e2e-delete', 50, { e2eDelete: 'batch' });
  await openDashboard(page, '?meta.e2eDelete[eq]=batch');
  await selectAllMatching(page, 50);
  await page.getByRole('button', { name: 'Delete 50 images' }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete 50 images' });
  const confirm = dialog.getByRole('button', { name: 'Delete 50 images' });
  await expect(confirm).toBeDisabled();
  await dialog.getByRole('textbox', { name: 'Type 50 to confirm' }).fill('49');
  await expect(confirm).toBeDisabled();
  await dialog.getByRole('textbox', { name: 'Type 50 to confirm' }).fill('50');
  await confirm.click();
  await waitForJob(page, 50);
  await expect(jobPanel(page)).toContainText('Done50');
  expect(await listAll(request, 'meta.e2eDelete[eq]=batch')).toHaveLength(0);
  await expect(imageCards(page)).toHaveCount(0);
  // What is gone is no longer selected: nothing offers to act on it.
  await expect(page.getByText('50 selected')).toHaveCount(0);
  await expect(page.getByRole('button', { name: /^(Delete|Edit metadata of) \d+ images?$/ })).toHaveCount(0);
});

test('a job interrupted by a reload resumes where it stopped, without repeating finished images', async ({ page, request }) => {
  await uploadMany(request, 'e2e-resume', 40, { e2eResume: 'yes' });
  // Slow writes down, so the reload lands mid-job.
  await page.route(/\/images\/v1\//, async (route) => {
    if (route.request().method() === 'PATCH') await new Promise((resolve) => setTimeout(resolve, 150));
    await route.continue().catch(() => undefined);
  });
  const answered = new Set<string>();
  page.on('response', (response) => {
    const id = writtenId(response.request());
    if (id && response.ok()) answered.add(id);
  });
  await openDashboard(page, '?meta.e2eResume[eq]=yes');
  await selectAllMatching(page, 40);
  await page.getByRole('button', { name: 'Edit metadata of 40 images' }).click();
  const dialog = page.getByRole('dialog', { name: 'Edit metadata of 40 images' });
  await dialog.getByRole('textbox', { name: 'Key', exact: true }).fill('pass');
  await dialog.getByRole('combobox', { name: 'Value type' }).selectOption('number');
  await dialog.getByRole('textbox', { name: 'Value', exact: true }).fill('1');
  await dialog.getByRole('button', { name: 'Preview changes' }).click();
  await dialog.getByRole('button', { name: 'Apply to 40 images' }).click();
  await expect.poll(() => answered.size).toBeGreaterThanOrEqual(8);

  await page.reload();
  const beforeReload = new Set(answered);
  expect(beforeReload.size).toBeLessThan(40);
  const afterReload: string[] = [];
  page.on('request', (r) => {
    const id = writtenId(r);
    if (id) afterReload.push(id);
  });
  await expect(jobPanel(page)).toContainText('Stopped when the page closed');
  await page.getByRole('button', { name: 'Resume', exact: true }).click();
  await waitForJob(page, 40);

  expect(afterReload.filter((id) => beforeReload.has(id))).toEqual([]);
  expect(new Set(afterReload).size).toBe(afterReload.length);
  const images = await listAll(request, 'meta.e2eResume[eq]=yes');
  expect(images).toHaveLength(40);
  for (const image of images) expect(image.meta).toEqual({ e2eResume: 'yes', pass: 1 });
  await deleteAll(request, 'meta.e2eResume[eq]=yes');
});

test('a rate-limited job waits out Retry-After and completes with nothing lost or repeated', async ({ page, request }) => {
  await uploadMany(request, 'e2e-429', 12, { e2e429: 'yes' });
  // Every third write is refused once with 429 and Retry-After: 1, as the server does when the budget is spent.
  let writes = 0;
  const refused = new Set<string>();
  await page.route(/\/images\/v1\//, async (route) => {
    const id = writtenId(route.request());
    if (id && route.request().method() === 'PATCH' && ++writes % 3 === 0 && !refused.has(id)) {
      refused.add(id);
      await route.fulfill({
        status: 429,
        headers: { 'retry-after': '1', 'content-type': 'application/json' },
        body: JSON.stringify({ success: false, errors: [{ code: 7429, message: 'Rate budget spent: retry after 1 s' }], messages: [], result: null }),
      });
      return;
    }
    await route.continue();
  });
  await openDashboard(page, '?meta.e2e429[eq]=yes');
  await selectAllMatching(page, 12);
  await page.getByRole('button', { name: 'Edit metadata of 12 images' }).click();
  const dialog = page.getByRole('dialog', { name: 'Edit metadata of 12 images' });
  await dialog.getByRole('radio', { name: 'Remove key' }).check();
  await dialog.getByRole('textbox', { name: 'Key', exact: true }).fill('e2e429');
  await dialog.getByRole('button', { name: 'Preview changes' }).click();
  await dialog.getByRole('button', { name: 'Apply to 12 images' }).click();
  await waitForJob(page, 12);
  await expect(jobPanel(page)).toContainText('Failed0');
  expect(refused.size).toBeGreaterThan(0);
  expect(await listAll(request, 'meta.e2e429[eq]=yes')).toHaveLength(0);
  const all = await listAll(request, '');
  expect(all.filter((i) => i.filename.startsWith('e2e-429-'))).toHaveLength(12);
  for (const image of all.filter((i) => i.filename.startsWith('e2e-429-'))) {
    expect(image.meta).toEqual({});
    await request.delete(`/client/v4/accounts/${await accountId(request)}/images/v1/${image.id}`);
  }
});

test('a job that loses the server holds, says so, and completes once it is back, with nothing failed', async ({ page, request }) => {
  await uploadMany(request, 'e2e-away', 12, { e2eaway: 'yes' });
  // The server goes away after the fourth write (every request refused at the connection), and comes back 2.5 s later.
  let writes = 0;
  let away = false;
  await page.route(/\/images\/v1\//, async (route) => {
    if (away) return route.abort('connectionrefused');
    if (route.request().method() === 'PATCH' && ++writes === 4) {
      away = true;
      setTimeout(() => (away = false), 2500);
      return route.abort('connectionrefused');
    }
    await route.continue();
  });
  await openDashboard(page, '?meta.e2eaway[eq]=yes');
  await selectAllMatching(page, 12);
  await page.getByRole('button', { name: 'Edit metadata of 12 images' }).click();
  const dialog = page.getByRole('dialog', { name: 'Edit metadata of 12 images' });
  await dialog.getByRole('radio', { name: 'Remove key' }).check();
  await dialog.getByRole('textbox', { name: 'Key', exact: true }).fill('e2eaway');
  await dialog.getByRole('button', { name: 'Preview changes' }).click();
  await dialog.getByRole('button', { name: 'Apply to 12 images' }).click();
  await expect(jobPanel(page)).toContainText('The server cannot be reached: trying again in');
  await waitForJob(page, 12);
  await expect(jobPanel(page)).toContainText('Failed0');
  expect(await listAll(request, 'meta.e2eaway[eq]=yes')).toHaveLength(0);
  const all = (await listAll(request, '')).filter((i) => i.filename.startsWith('e2e-away-'));
  expect(all).toHaveLength(12);
  for (const image of all) {
    expect(image.meta).toEqual({});
    await request.delete(`/client/v4/accounts/${await accountId(request)}/images/v1/${image.id}`);
  }
});

test('no write buttons when the server does not allow writes', async ({ page }) => {
  // The page carries /api/config's answer (server/lib/page-config.ts): the server is told to say "no writes" there.
  let rewritten = false;
  await page.route('/', async (route) => {
    const response = await route.fetch();
    const html = (await response.text()).replace('"writes":true', '"writes":false');
    rewritten = html.includes('"writes":false');
    await route.fulfill({ response, body: html });
  });
  await openDashboard(page);
  expect(rewritten).toBe(true);
  await expect(page.getByRole('button', { name: 'Select all loaded' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Upload images' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Select all matching' })).toHaveCount(0);
  await imageCards(page).first().getByRole('checkbox', { name: /^Select / }).click();
  await expect(page.getByRole('button', { name: 'Copy 1 URL' })).toBeVisible();
  await expect(page.getByRole('button', { name: /^Edit metadata|^Delete/ })).toHaveCount(0);
  await imageCards(page).first().click();
  await expect(page.getByRole('dialog').getByRole('button', { name: 'Close' })).toBeVisible();
  for (const name of ['Edit metadata', 'Download original', 'Delete image']) {
    await expect(page.getByRole('button', { name, exact: true })).toHaveCount(0);
  }
});

test('a bulk job whose code cannot be fetched says so, and starts after the reload it offers', async ({ page, request }) => {
  await deleteAll(request, 'meta.e2eOfflineJob[eq]=yes');
  await uploadMany(request, 'e2e-offline-job', 3, { e2eOfflineJob: 'yes' });
  await openDashboard(page, '?meta.e2eOfflineJob[eq]=yes');
  await selectAllMatching(page, 3);
  // The job's code is fetched with the first job (src/features/actions/lib/job-machinery.ts): the network drops it.
  await page.route('**/assets/job-machinery-*.js', (route) => route.abort('internetdisconnected'));
  const start = async () => {
    await page.getByRole('button', { name: 'Delete 3 images' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete 3 images' });
    await dialog.getByRole('textbox', { name: 'Type 3 to confirm' }).fill('3');
    await dialog.getByRole('button', { name: 'Delete 3 images' }).click();
  };
  await start();
  await expect(page.getByText('The bulk job could not start: part of the dashboard did not load. Nothing was changed; reload to try again.')).toBeVisible();
  await expect(jobPanel(page)).toHaveCount(0);
  expect(await listAll(request, 'meta.e2eOfflineJob[eq]=yes')).toHaveLength(3);

  // The browser keeps the failed module until the page is reloaded, which the message offers; nothing was lost.
  await page.unroute('**/assets/job-machinery-*.js');
  await page.getByRole('button', { name: 'Reload' }).click();
  await expect(imagesGrid(page).getByRole('gridcell')).toHaveCount(3);
  await selectAllMatching(page, 3);
  await start();
  await waitForJob(page, 3);
  expect(await listAll(request, 'meta.e2eOfflineJob[eq]=yes')).toHaveLength(0);
});
