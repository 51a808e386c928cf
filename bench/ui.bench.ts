/**
 * UI bench: the dashboard against 10,000 and 100,000 local demo images, in headless Chromium at 1440×900
 * (docs/performance.md "Dashboard" has the figures and what keeps them).
 *
 * For each size, on a server started for it:
 * - first thumbnail: ms from navigation until the first grid thumbnail has decoded pixels; cold = the server has
 *   just started and the browser has an empty cache, warm = a second visit in the same browser;
 * - scrolling the grid through every image, then the table view through every image (each from a fresh load, so
 *   pages arrive while scrolling): the longest main-thread task and how many exceed 50 ms (PerformanceObserver
 *   "longtask"), the largest DOM element count; beside it, each such task's own CPU time, from a trace of the
 *   renderer's top-level tasks (on two shared cores a task may spend most of its time waiting for one);
 * - scrolling 60 screens of the grid, then of the table, at reading speed (a sixth of a screen every two frames,
 *   about five screens a second: every picture passed loads), each from a fresh load: the longest task;
 * - how many pictures each scroll asked for (a fling asks only where it slows: lib/fling-hold.ts);
 * - list requests the grid spent, per 10,000 images;
 * - the JS heap after GC with every image loaded;
 * - "Select all loaded" with every image loaded: the click's task (click, React's render and commit), timed in the
 *   page, and whether a long task was seen meanwhile.
 *
 * The scroll: `scrollBy` one viewport per step at 10,000 (what PageDown or a fling does), a new step two frames
 * after the last; at 100,000, ten viewports per step, so that both runs take a similar number of steps (every step
 * still mounts a screenful of new cards and fetches their thumbnails). At the end of the loaded images it waits
 * 20 ms for the next page.
 *
 * Seeding: the server seeds `DEMO_IMAGES` into a fresh DATA_DIR on first start. `BENCH_UI_DATA_DIR=<dir>` keeps the
 * seeded stores in `<dir>/<size>` and reuses them on the next run (the first thumbnail is still "cold": the server
 * process is new). `BENCH_UI_SIZES=10000` runs one size.
 *
 * The first screen alone: `BENCH_UI_FIRST_ONLY=3` measures only the first thumbnail (cold and warm, and the initial
 * JavaScript), three times, each on a newly started server in a new browser context, and skips the scrolling. Every
 * first load prints what it waited for (the page, the scripts, the early script's list requests, the first list
 * page, the first thumbnail asked for and decoded); with more than one run, their medians follow at the end.
 * `BENCH_UI_TIMINGS=1` also prints what each first load waited for: the navigation's and every resource's start and
 * end (ms from navigation), so that the order of requests can be compared between runs on a noisy machine.
 */
import { execSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type ElementHandle, type Page } from '@playwright/test';
import { chromiumLaunchOptions } from '../e2e/chromium';

const PORT = Number(process.env.BENCH_UI_PORT ?? 8797);
const BASE = `http://127.0.0.1:${PORT}`;
const SIZES = (process.env.BENCH_UI_SIZES ?? '10000,100000').split(',').map(Number);
const FIRST_ONLY = Number(process.env.BENCH_UI_FIRST_ONLY ?? 0);
const TIMINGS = process.env.BENCH_UI_TIMINGS === '1';
/** Screens scrolled at reading speed, grid and table, pictures loading as they pass. */
const READING_SCREENS = 60;

async function waitForHealth(timeoutMs: number, server: { exitCode: () => number | null }): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    // It says why on stderr (a DATA_DIR another server holds, a port in use): no point waiting out the seeding time.
    const code = server.exitCode();
    if (code !== null) throw new Error(`the server exited (code ${code}) before it answered`);
    try {
      if ((await fetch(`${BASE}/healthz`)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`server did not start within ${timeoutMs / 1000} s`);
}

function startServer(dataDir: string, images: number) {
  // `node --import tsx`: one process, so killing it stops the server (through npx the child would survive).
  const server = spawn(process.execPath, ['--import', 'tsx', 'server/node.ts'], {
    env: {
      ...process.env,
      PORT: String(PORT),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DEMO_IMAGES: String(images),
      DEMO_SEED: '42',
      CLOUDFLARE_ACCOUNT_ID: '',
      CLOUDFLARE_API_TOKEN: '',
      CLOUDFLARE_EMAIL: '',
      CLOUDFLARE_API_KEY: '',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise((resolve) => server.once('exit', resolve));
  return {
    exitCode: () => server.exitCode ?? (server.signalCode ? -1 : null),
    async stop() {
      server.kill('SIGTERM');
      await exited;
    },
  };
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
  const at = (await handle.jsonValue()) as number;
  if (TIMINGS) console.log(await loadTimings(page, at));
  return at;
}

/**
 * What a first load waited for, in ms from navigation: the page's answer, the first subresource the browser asked
 * for (scripts, stylesheet), the early script's list requests (the first moment any of the app's code ran), the
 * first list page's answer, the first thumbnail asked for, and the first one decoded. The gap between the first page's
 * answer and the first thumbnail asked for is the app's own work (compiling and running it, the first render).
 */
interface Milestones {
  page: number;
  subresources: number;
  listStart: number;
  listAnswered: number;
  thumbnailAsked: number;
  decoded: number;
}

async function milestones(page: Page, decoded: number): Promise<Milestones> {
  // Plain data out of the page (no functions declared inside it: the bench's transpiler names them with a helper
  // the page does not have).
  const { page: answered, resources } = await page.evaluate(() => ({
    page: (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined)?.responseEnd ?? NaN,
    resources: (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).map((r) => ({
      name: r.name,
      start: r.startTime,
      end: r.responseEnd,
    })),
  }));
  type Entry = (typeof resources)[number];
  const first = (pick: (r: Entry) => boolean, at: (r: Entry) => number) => Math.min(...resources.filter(pick).map(at));
  const list = (r: Entry) => r.name.includes('/images/v2');
  return {
    page: answered,
    subresources: first((r) => r.name.includes('/assets/'), (r) => r.start),
    listStart: first(list, (r) => r.start),
    listAnswered: first(list, (r) => r.end),
    thumbnailAsked: first((r) => r.name.includes('/imagedelivery/'), (r) => r.start),
    decoded,
  };
}

const MILESTONE_NAMES: [keyof Milestones, string][] = [
  ['page', 'page answered'],
  ['subresources', 'scripts asked for'],
  ['listStart', 'list requests sent (early script ran)'],
  ['listAnswered', 'first list page answered'],
  ['thumbnailAsked', 'first thumbnail asked for'],
  ['decoded', 'first thumbnail decoded'],
];

function formatMilestones(label: string, all: Milestones[]): string {
  const median = (values: number[]) => {
    const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
    return sorted.length === 0 ? NaN : sorted[Math.floor((sorted.length - 1) / 2)]!;
  };
  const parts = MILESTONE_NAMES.map(([key, name]) => `${name} ${median(all.map((m) => m[key])).toFixed(0)}`);
  return `  ${label}${all.length > 1 ? `, median of ${all.length}` : ''} (ms from navigation): ${parts.join(' · ')}`;
}

/** Every first load's milestones, by size and cold/warm, printed once more as medians at the end of the bench. */
const firstLoads = new Map<string, Milestones[]>();

/** The navigation's and every resource's timings (ms from navigation start), one line each, in start order. */
async function loadTimings(page: Page, thumbnailAt: number): Promise<string> {
  const entries = await page.evaluate(() =>
    [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')].map((e) => {
      const t = e as PerformanceResourceTiming;
      return { name: t.name, start: t.startTime, request: t.requestStart, response: t.responseStart, end: t.responseEnd, size: t.transferSize };
    }),
  );
  const ms = (n: number) => n.toFixed(0).padStart(5);
  const lines = entries
    .sort((a, b) => a.start - b.start)
    .map((e) => {
      const url = new URL(e.name);
      const name = (url.pathname + url.search).slice(0, 90);
      return `    ${ms(e.start)} ${ms(e.request)} ${ms(e.response)} ${ms(e.end)}  ${String(e.size).padStart(7)}  ${name}`;
    });
  return [`    start   req  resp   end     bytes  (first thumbnail decoded at ${thumbnailAt.toFixed(0)} ms)`, ...lines].join('\n');
}

type Tasks = { longest: number; over50: number };

async function resetTasks(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as Tasks;
    w.longest = 0;
    w.over50 = 0;
  });
}

/**
 * What the main thread's long tasks spent on the CPU. Runs `work` with a Chrome trace of the renderer's top-level
 * tasks on (the "toplevel" category alone: each task's wall time and the thread's own CPU time in it), and returns
 * the tasks over 50 ms of wall time with their CPU time. On this machine's two shared cores, a task whose CPU time is
 * far below its wall time waited for a core (the server, the browser's other processes and the bench itself run
 * beside it), and is not work the page did (docs/performance.md).
 */
async function withCpuTrace<T>(browser: Browser, page: Page, work: () => Promise<T>): Promise<[T, { wall: number; cpu: number }[]]> {
  await browser.startTracing(page, { categories: ['toplevel'] });
  let result: T;
  try {
    result = await work();
  } catch (error) {
    await browser.stopTracing();
    throw error;
  }
  const trace = await browser.stopTracing();
  type Event = { ph: string; name: string; pid: number; tid: number; dur?: number; tdur?: number; args?: { name?: string } };
  const parsed = JSON.parse(trace.toString()) as { traceEvents: Event[] } | Event[];
  const events = Array.isArray(parsed) ? parsed : parsed.traceEvents;
  const mainThreads = new Set(
    events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`),
  );
  const long = events
    .filter((e) => e.ph === 'X' && e.name === 'ThreadControllerImpl::RunTask' && (e.dur ?? 0) > 50_000 && mainThreads.has(`${e.pid}:${e.tid}`))
    .map((e) => ({ wall: e.dur! / 1000, cpu: (e.tdur ?? e.dur!) / 1000 }));
  return [result, long];
}

/** The CPU time of each task over 50 ms ("; on the CPU 23, 61 ms"), or nothing when there was none. */
function cpuOf(long: { wall: number; cpu: number }[]): string {
  return long.length === 0 ? '' : `; on the CPU ${long.map((t) => t.cpu.toFixed(0)).join(', ')} ms`;
}

async function readTasks(page: Page): Promise<Tasks> {
  return page.evaluate(() => {
    const w = window as unknown as Tasks;
    return { longest: w.longest, over50: w.over50 };
  });
}

/**
 * Scrolls `scroller` to the end of the list, until the status line says every image is loaded. Handles are
 * resolved once: resolving a role locator walks the accessibility tree on the page's main thread, which would
 * measure the bench's own selector engine as long tasks.
 */
async function scrollThrough(page: Page, scroller: ElementHandle, viewportsPerStep: number) {
  const statusLine = (await page.getByRole('status').elementHandle())!;
  const status = () => statusLine.evaluate((el: Element) => el.textContent ?? '');
  let maxDom = 0;
  const start = Date.now();
  for (let step = 0; step < 50_000; step += 1) {
    const { dom, atEnd } = await scroller.evaluate(async (el: Element, viewports: number) => {
      el.scrollBy(0, el.clientHeight * viewports);
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      return {
        dom: document.getElementsByTagName('*').length,
        atEnd: el.scrollTop + el.clientHeight >= el.scrollHeight - 2,
      };
    }, viewportsPerStep);
    maxDom = Math.max(maxDom, dom);
    if (atEnd && (await status()).startsWith('All')) break;
    if (atEnd) await page.waitForTimeout(20);
  }
  return { maxDom, seconds: (Date.now() - start) / 1000, status: await status() };
}

/**
 * Scrolls `scroller` down `screens` viewports at reading speed, a sixth of a viewport every two frames (about five
 * screens a second, under the dashboard's fling speed: lib/fling-hold.ts), so that every picture it passes loads.
 */
async function scrollAtReadingSpeed(scroller: ElementHandle, screens: number): Promise<void> {
  for (let step = 0; step < screens * 6; step += 1) {
    await scroller.evaluate(async (el: Element) => {
      el.scrollBy(0, el.clientHeight / 6);
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    });
  }
}

async function newPage(browser: Browser) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await page.addInitScript(() => {
    const w = window as unknown as Tasks;
    w.longest = 0;
    w.over50 = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        w.longest = Math.max(w.longest, entry.duration);
        if (entry.duration > 50) w.over50 += 1;
      }
    }).observe({ type: 'longtask', buffered: true });
  });
  let listRequests = 0;
  let pictures = 0;
  page.on('request', (request) => {
    if (request.url().includes('/images/v2')) listRequests += 1;
    if (request.url().includes('/imagedelivery/')) pictures += 1;
  });
  return {
    context,
    page,
    listRequests: () => listRequests,
    resetListRequests: () => (listRequests = 0),
    pictures: () => pictures,
    resetPictures: () => (pictures = 0),
  };
}

type Row = [string, string, string, boolean | null];

/** The machine's load average: the timings move with it on a shared machine (docs/performance.md). */
const load = () => `load average ${loadavg().map((n) => n.toFixed(1)).join(' / ')} (1 / 5 / 15 min)`;

async function runSize(browser: Browser, images: number, keepDir: string | undefined): Promise<Row[]> {
  const dataDir = keepDir ? join(keepDir, String(images)) : mkdtempSync(join(tmpdir(), 'cfie-bench-ui-'));
  if (keepDir) mkdirSync(dataDir, { recursive: true });
  const seeded = keepDir !== undefined && existsSync(join(dataDir, 'images.db'));
  const startedAt = Date.now();
  const server = startServer(dataDir, images);
  const viewportsPerStep = Math.max(1, Math.round(images / 10_000));
  const count = images.toLocaleString('en');
  try {
    await waitForHealth(15 * 60_000, server);
    console.log(`${count} images: server up after ${((Date.now() - startedAt) / 1000).toFixed(1)} s${seeded ? ' (store reused)' : ' (seeded)'}; ${load()}`);

    // First screen, cold then warm, and the JavaScript it loaded.
    const first = await newPage(browser);
    const scripts = new Map<string, number>();
    first.page.on('response', async (response) => {
      if (response.request().resourceType() !== 'script') return;
      // A script served from the cache on the warm visit may be gone by the time its body is asked for.
      const body = await response.body().catch(() => null);
      if (body) scripts.set(response.url(), gzipSync(body, { level: 9 }).length);
    });
    const cold = await firstThumbnail(first.page, `${BASE}/`);
    const coldSteps = await milestones(first.page, cold);
    await first.page.waitForLoadState('networkidle');
    const initialJs = [...scripts.values()].reduce((a, b) => a + b, 0);
    const warm = await firstThumbnail(first.page, `${BASE}/`);
    const warmSteps = await milestones(first.page, warm);
    for (const [kind, steps] of [['cold', coldSteps], ['warm', warmSteps]] as const) {
      const key = `${kind} (${count})`;
      firstLoads.set(key, [...(firstLoads.get(key) ?? []), steps]);
      console.log(formatMilestones(key, [steps]));
    }
    await first.context.close();
    const at = ` (${count})`;
    const firstScreen: Row[] = [
      [`first thumbnail, cold${at}`, '≤ 500 ms', `${cold.toFixed(0)} ms`, cold <= 500],
      [`first thumbnail, warm${at}`, '≤ 500 ms', `${warm.toFixed(0)} ms`, warm <= 500],
      [`initial JS (gzip)${at}`, '≤ 150 kB', `${(initialJs / 1024).toFixed(1)} kB`, initialJs <= 150 * 1024],
    ];
    if (FIRST_ONLY) return firstScreen;

    // The grid, through every image, from a fresh load.
    const grid = await newPage(browser);
    await grid.page.goto(`${BASE}/`);
    const gridEl = (await grid.page.getByRole('grid', { name: 'Images' }).elementHandle())!;
    await grid.page.getByRole('grid', { name: 'Images' }).getByRole('gridcell').first().waitFor();
    await resetTasks(grid.page);
    grid.resetPictures();
    const [gridScroll, gridLong] = await withCpuTrace(browser, grid.page, () => scrollThrough(grid.page, gridEl, viewportsPerStep));
    const gridTasks = await readTasks(grid.page);
    const gridFlungPictures = grid.pictures();
    const perTenThousand = (grid.listRequests() / images) * 10_000;

    // Everything loaded: the heap, then "Select all loaded".
    const cdp = await grid.context.newCDPSession(grid.page);
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
    await resetTasks(grid.page);
    const selectAll = await grid.page.evaluate(async () => {
      const button = [...document.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Select all loaded');
      if (!button) throw new Error('no "Select all loaded" button');
      const t0 = performance.now();
      button.click();
      // React renders a click's update before the next task; a zero timeout runs after it.
      await new Promise((r) => setTimeout(r, 0));
      return { ms: performance.now() - t0, text: document.querySelector('.status-bar')?.textContent ?? '' };
    });
    const selectTasks = await readTasks(grid.page);
    await grid.context.close();

    // Reading speed, from a fresh load each: sixty screens of the grid, then of the table, every picture loading.
    const reading = async (path: string, scrollerOf: (page: Page) => Promise<ElementHandle>) => {
      const view = await newPage(browser);
      await view.page.goto(`${BASE}${path}`);
      const scroller = await scrollerOf(view.page);
      await view.page.waitForTimeout(500);
      await resetTasks(view.page);
      view.resetPictures();
      const [, long] = await withCpuTrace(browser, view.page, () => scrollAtReadingSpeed(scroller, READING_SCREENS));
      const tasks = await readTasks(view.page);
      const pictures = view.pictures();
      await view.context.close();
      return { ...tasks, pictures, long };
    };
    const gridReading = await reading('/', async (page) => {
      await page.getByRole('grid', { name: 'Images' }).getByRole('gridcell').first().waitFor();
      return (await page.getByRole('grid', { name: 'Images' }).elementHandle())!;
    });
    const tableReading = await reading('/?view=table', async (page) => {
      await page.getByRole('table', { name: 'Images' }).getByRole('row').nth(1).waitFor();
      return (await page.locator('.image-table__scroll').elementHandle())!;
    });

    // The table view, through every image, from a fresh load.
    const table = await newPage(browser);
    await table.page.goto(`${BASE}/?view=table`);
    await table.page.getByRole('table', { name: 'Images' }).getByRole('row').nth(1).waitFor();
    const tableScroller = (await table.page.locator('.image-table__scroll').elementHandle())!;
    await resetTasks(table.page);
    table.resetPictures();
    const [tableScroll, tableLong] = await withCpuTrace(browser, table.page, () =>
      scrollThrough(table.page, tableScroller, viewportsPerStep * 3),
    );
    const tableTasks = await readTasks(table.page);
    const tableFlungPictures = table.pictures();
    await table.context.close();

    console.log(`  after the table: ${load()}`);
    console.log(
      `  grid: "${gridScroll.status}" in ${gridScroll.seconds.toFixed(0)} s; table: "${tableScroll.status}" in ${tableScroll.seconds.toFixed(0)} s; after select all: "${selectAll.text}"`,
    );
    console.log(
      `  pictures asked for: flinging through every image, grid ${gridFlungPictures}, table ${tableFlungPictures}; ${READING_SCREENS} screens at reading speed, grid ${gridReading.pictures}, table ${tableReading.pictures}`,
    );
    const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
    return [
      ...firstScreen.slice(0, 2),
      [`longest task scrolling the grid${at}`, '≤ 50 ms', `${gridTasks.longest.toFixed(0)} ms`, gridTasks.longest <= 50],
      [`tasks over 50 ms, grid${at}`, '0', `${gridTasks.over50}${cpuOf(gridLong)}`, gridTasks.over50 === 0],
      [`longest task scrolling the table${at}`, '≤ 50 ms', `${tableTasks.longest.toFixed(0)} ms`, tableTasks.longest <= 50],
      [`tasks over 50 ms, table${at}`, '0', `${tableTasks.over50}${cpuOf(tableLong)}`, tableTasks.over50 === 0],
      [`longest task at reading speed, grid / table${at}`, '≤ 50 ms', `${gridReading.longest.toFixed(0)} / ${tableReading.longest.toFixed(0)} ms (${gridReading.over50} / ${tableReading.over50} over 50 ms${cpuOf([...gridReading.long, ...tableReading.long])})`, Math.max(gridReading.longest, tableReading.longest) <= 50],
      [`largest DOM, grid / table${at}`, '≤ 1,500', `${gridScroll.maxDom} / ${tableScroll.maxDom}`, Math.max(gridScroll.maxDom, tableScroll.maxDom) <= 1500],
      [`JS heap, all loaded, after GC${at}`, images >= 100_000 ? '≤ 300 MB' : '—', mb(heap.usedSize), images >= 100_000 ? heap.usedSize <= 300 * 1024 * 1024 : null],
      [`"Select all loaded", one task${at}`, '< 50 ms', `${selectAll.ms.toFixed(0)} ms (longest task ${selectTasks.longest.toFixed(0)} ms)`, selectAll.ms < 50 && selectTasks.longest < 50],
      [`list requests per 10,000 images${at}`, '≤ 12', perTenThousand.toFixed(1), perTenThousand <= 12],
      firstScreen[2]!,
    ];
  } finally {
    await server.stop();
    if (!keepDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

export default async function uiBench(): Promise<void> {
  console.log('building the dashboard…');
  execSync('npx vite build', { stdio: 'ignore' });
  const keepDir = process.env.BENCH_UI_DATA_DIR;
  const browser = await chromium.launch(chromiumLaunchOptions);
  const rows: Row[] = [];
  try {
    for (const size of SIZES) {
      for (let run = 0; run < Math.max(1, FIRST_ONLY); run += 1) rows.push(...(await runSize(browser, size, keepDir)));
    }
  } finally {
    await browser.close();
  }
  if (FIRST_ONLY > 1) for (const [key, all] of firstLoads) console.log(formatMilestones(key, all));
  console.log('\n| measure | goal | measured | |');
  console.log('|---|---|---|---|');
  for (const [name, goal, measured, ok] of rows) console.log(`| ${name} | ${goal} | ${measured} | ${ok === null ? '' : ok ? 'ok' : 'MISSED'} |`);
}
