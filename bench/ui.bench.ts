/**
 * UI bench: the dashboard against 10,000 local demo images, in headless Chromium.
 *
 * Measures: time from navigation to the first visible thumbnail (cold: a fresh store just after start, when the
 * local API has drawn nothing before; it starts drawing the first pages' demo thumbnails in the background as soon as
 * it starts, every other thumbnail on first request; warm: a second visit), the largest DOM element count and the
 * longest main-thread task (PerformanceObserver "longtask") while scrolling through all 10,000 images, the JS heap
 * at the end (after GC), and the gzip size of the JavaScript the first screen loads.
 *
 * The scroll: one viewport down per step (`scrollBy(0, clientHeight)`, what PageDown or a fling of the wheel does),
 * a new step two frames after the last, so as fast as a person holding PageDown on a fast machine; at the end of
 * the loaded images it waits 20 ms for the next page. That is harsher than reading (a wheel notch is ~100 px), on
 * purpose: every step mounts a screenful of new cards and fetches their thumbnails, which the server draws on
 * demand on the same 2 cores.
 *
 * Starts its own server on a temp DATA_DIR with DEMO_IMAGES=10000: seeding 10,000 images takes a while on the
 * first start (a minute or more on a slow machine).
 */
import { execSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Page } from '@playwright/test';
import { chromiumLaunchOptions } from '../e2e/chromium';

const PORT = Number(process.env.BENCH_UI_PORT ?? 8797);
const IMAGES = 10_000;
const BASE = `http://127.0.0.1:${PORT}`;

async function waitForHealth(timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      if ((await fetch(`${BASE}/healthz`)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`server did not start within ${timeoutMs / 1000} s`);
}

/** ms from navigation start until the first grid thumbnail has decoded pixels. */
async function firstThumbnail(page: Page, url: string): Promise<number> {
  await page.goto(url, { waitUntil: 'commit' });
  const handle = await page.waitForFunction(
    () => {
      const img = document.querySelector<HTMLImageElement>('[role="grid"] img');
      return img && img.complete && img.naturalWidth > 0 ? performance.now() : false;
    },
    undefined,
    { polling: 'raf', timeout: 30_000 },
  );
  return (await handle.jsonValue()) as number;
}

export default async function uiBench(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cfie-bench-ui-'));
  console.log(`building the dashboard, then seeding ${IMAGES.toLocaleString('en')} demo images (this can take a while)…`);
  execSync('npx vite build', { stdio: 'ignore' });
  const seedStart = Date.now();
  // `node --import tsx`: one process, so killing it stops the server (through npx the child would survive).
  const server = spawn(process.execPath, ['--import', 'tsx', 'server/node.ts'], {
    env: {
      ...process.env,
      PORT: String(PORT),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DEMO_IMAGES: String(IMAGES),
      DEMO_SEED: '42',
      CLOUDFLARE_ACCOUNT_ID: '',
      CLOUDFLARE_API_TOKEN: '',
      CLOUDFLARE_EMAIL: '',
      CLOUDFLARE_API_KEY: '',
    },
    stdio: 'ignore',
  });
  const exited = new Promise((resolve) => server.once('exit', resolve));
  const browser = await chromium.launch(chromiumLaunchOptions);
  try {
    await waitForHealth(15 * 60_000);
    console.log(`server up after ${((Date.now() - seedStart) / 1000).toFixed(1)} s`);
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await page.addInitScript(() => {
      const w = window as unknown as { __longest: number; __over100: number };
      w.__longest = 0;
      w.__over100 = 0;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) {
          w.__longest = Math.max(w.__longest, entry.duration);
          if (entry.duration > 100) w.__over100 += 1;
        }
      }).observe({ type: 'longtask', buffered: true });
    });

    // Initial JS: every script the first screen loads (lazy chunks such as the detail panel are not among them).
    const scripts = new Map<string, number>();
    const onResponse = async (response: import('@playwright/test').Response) => {
      if (response.request().resourceType() !== 'script') return;
      scripts.set(response.url(), gzipSync(await response.body(), { level: 9 }).length);
    };
    page.on('response', onResponse);
    const cold = await firstThumbnail(page, `${BASE}/`);
    await page.waitForLoadState('networkidle');
    page.off('response', onResponse);
    const initialJs = [...scripts.values()].reduce((a, b) => a + b, 0);
    const warm = await firstThumbnail(page, `${BASE}/`);

    // Scroll through every image: 100 pages of 100 at the grid's default page size.
    await page.evaluate(() => {
      const w = window as unknown as { __longest: number; __over100: number };
      w.__longest = 0;
      w.__over100 = 0;
    });
    // Handles resolved once: resolving a role locator walks the page's accessibility tree on the page's main thread,
    // so doing it per step (the status line was) measured the bench's own selector engine as long tasks.
    const grid = (await page.getByRole('grid', { name: 'Images' }).elementHandle())!;
    const statusLine = (await page.getByRole('status').elementHandle())!;
    const status = { textContent: () => statusLine.evaluate((el: Element) => el.textContent) };
    let maxDom = 0;
    const scrollStart = Date.now();
    for (let step = 0; step < 20_000; step += 1) {
      const { dom, atEnd } = await grid.evaluate(async (el: Element) => {
        el.scrollBy(0, el.clientHeight);
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        return {
          dom: document.getElementsByTagName('*').length,
          atEnd: el.scrollTop + el.clientHeight >= el.scrollHeight - 2,
        };
      });
      maxDom = Math.max(maxDom, dom);
      if (atEnd && (await status.textContent())?.startsWith('All')) break;
      if (atEnd) await page.waitForTimeout(20);
    }
    const scrollSeconds = (Date.now() - scrollStart) / 1000;
    const statusText = await status.textContent();
    const { longest, over100 } = await page.evaluate(() => {
      const w = window as unknown as { __longest: number; __over100: number };
      return { longest: w.__longest, over100: w.__over100 };
    });
    const cdp = await context.newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };

    const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
    const rows: [string, string, string, boolean | null][] = [
      ['first thumbnail (cold: fresh store, just started)', '≤ 1000 ms', `${cold.toFixed(0)} ms`, cold <= 1000],
      ['first thumbnail (warm, second visit)', '≤ 1000 ms', `${warm.toFixed(0)} ms`, warm <= 1000],
      ['largest DOM element count while scrolling 10,000', '≤ 2,500', maxDom.toLocaleString('en'), maxDom <= 2500],
      ['longest main-thread task while scrolling', '≤ 100 ms', `${longest.toFixed(0)} ms`, longest <= 100],
      ['main-thread tasks over 100 ms while scrolling', '0', String(over100), over100 === 0],
      ['JS heap at the end (after GC)', '—', mb(heap.usedSize), null],
      ['initial JS (gzip)', '≤ 150 kB', `${(initialJs / 1024).toFixed(1)} kB`, initialJs <= 150 * 1024],
    ];
    console.log(`status at the end: "${statusText}" (scrolled in ${scrollSeconds.toFixed(1)} s)\n`);
    console.log('| measure | goal | measured | |');
    console.log('|---|---|---|---|');
    for (const [name, goal, measured, ok] of rows) console.log(`| ${name} | ${goal} | ${measured} | ${ok === null ? '' : ok ? 'ok' : 'MISSED'} |`);
  } finally {
    await browser.close();
    server.kill('SIGTERM');
    await exited;
    rmSync(dataDir, { recursive: true, force: true });
  }
}
