/**
 * The dashboard when Cloudflare misbehaves: the error is shown in Cloudflare's words, and Retry recovers once the
 * upstream does. Runs its own server (cloudflare mode, list cache off, its own port) in front of the fake
 * Cloudflare API, not the default local-mode webServer; `npm run test:e2e` builds dist/ first.
 */
import { startNodeServer, type ChildServer } from '../server/reliability/child-server';
import { startFakeUpstream, type FakeUpstream } from '../server/test-support/fake-upstream';
import { TEST_ACCOUNT_ID, TEST_API_TOKEN } from '../server/test-support/test-config';
import { expect, imageCards, imagesGrid, statusLine, test } from './fixtures';

let upstream: FakeUpstream;
let server: ChildServer;

test.beforeAll(async () => {
  upstream = await startFakeUpstream({ images: 250 });
  server = await startNodeServer({
    env: {
      CLOUDFLARE_ACCOUNT_ID: TEST_ACCOUNT_ID,
      CLOUDFLARE_API_TOKEN: TEST_API_TOKEN,
      CLOUDFLARE_BASE_URL: upstream.baseUrl,
      CACHE_TTL_MS: '0',
      UPSTREAM_TIMEOUT_MS: '3000',
    },
  });
});

test.afterAll(async () => {
  await server?.stop();
  await upstream?.close();
});

test.beforeEach(async ({ page }) => {
  upstream.reset();
  // The fake's variant URLs point at imagedelivery.net; this machine stays offline.
  await page.route('https://imagedelivery.net/**', (route) => route.abort());
});

const alert = (page: import('@playwright/test').Page) => page.getByRole('alert');
const retry = (page: import('@playwright/test').Page) => page.getByRole('button', { name: 'Retry' });

test('an unreachable upstream shows the error; Retry recovers once it is back', async ({ page }) => {
  upstream.setDefault({ type: 'reset' });
  await page.goto(`${server.url}/`);
  await expect(alert(page)).toContainText('The images could not be loaded');
  await expect(alert(page)).toContainText('code 7502');
  await expect(imageCards(page)).toHaveCount(0);
  expect(upstream.listRequests().length).toBeGreaterThanOrEqual(3); // the proxy retried before giving up

  upstream.setDefault({ type: 'list' });
  await retry(page).click();
  await expect(imageCards(page).first()).toBeVisible();
  await expect(alert(page)).toHaveCount(0);
  await expect(statusLine(page)).toContainText('images loaded');
});

test('a Cloudflare 500 is shown in its own words and code; Retry recovers', async ({ page }) => {
  upstream.setDefault({ type: 'status', status: 500, code: 10001, message: 'Internal upstream failure' });
  await page.goto(`${server.url}/`);
  await expect(alert(page)).toContainText('Internal upstream failure');
  await expect(alert(page)).toContainText('code 10001');

  upstream.setDefault({ type: 'list' });
  await retry(page).click();
  await expect(imagesGrid(page).getByRole('gridcell').first()).toBeVisible();
  await expect(alert(page)).toHaveCount(0);
});

test('an upstream that hangs ends as a timeout error, not a spinner; Retry recovers', async ({ page }) => {
  upstream.setDefault({ type: 'hang' });
  await page.goto(`${server.url}/`);
  await expect(alert(page)).toContainText('code 7504', { timeout: 20_000 });

  upstream.setDefault({ type: 'list' });
  await retry(page).click();
  await expect(imageCards(page).first()).toBeVisible();
});

test('a failed next page keeps the loaded images; Retry loads it', async ({ page }) => {
  await page.goto(`${server.url}/?per_page=100`);
  await expect(statusLine(page)).toHaveText('100 images loaded · more available');

  upstream.setDefault({ type: 'html', status: 502 });
  await imagesGrid(page).evaluate((el) => el.scrollTo(0, el.scrollHeight));
  await expect(alert(page)).toContainText('The next page could not be loaded');
  await expect(alert(page)).toContainText('code 7503');
  await expect(statusLine(page)).toContainText('100 images loaded');
  await expect(imageCards(page).first()).toBeVisible();

  upstream.setDefault({ type: 'list' });
  await retry(page).click();
  await expect(alert(page)).toHaveCount(0);
  await expect(statusLine(page)).toContainText('200 images loaded');
});

test('rate limiting counts down, keeps Retry disabled, and retries by itself at zero', async ({ page }) => {
  // Longer than the proxy waits for (10 s): handed to the client with its Retry-After.
  upstream.setDefault({ type: 'rate-limit', retryAfter: '12' });
  await page.goto(`${server.url}/`);
  await expect(page.getByText('Cloudflare is rate-limiting requests')).toBeVisible();
  await expect(page.getByText(/Retrying by itself in \d+ s/)).toBeVisible();
  await expect(retry(page)).toBeDisabled();
  await expect(statusLine(page)).not.toHaveText('No images found');

  upstream.setDefault({ type: 'list' });
  await expect(imageCards(page).first()).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText('Cloudflare is rate-limiting requests')).toHaveCount(0);
});
