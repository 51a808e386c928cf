/**
 * Captures docs/screenshot.png (light mode, 1440×900) from a running dashboard:
 * `npx tsx e2e/capture-screenshot.ts http://127.0.0.1:8787`. Not a spec: it writes a file in docs/.
 */
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from './chromium';

const base = process.argv[2] ?? 'http://127.0.0.1:8787';
const browser = await chromium.launch(chromiumLaunchOptions);
const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, colorScheme: 'light' });
await page.goto(`${base}/`);
const cards = page.getByRole('grid', { name: 'Images' }).getByRole('gridcell');
await cards.first().waitFor();
await page.waitForLoadState('networkidle');
await cards.nth(1).click({ position: { x: 100, y: 100 } });
await cards.nth(3).click({ position: { x: 100, y: 100 }, modifiers: ['Shift'] });
await page.mouse.move(0, 0);
await page.waitForTimeout(500);
await page.screenshot({ path: process.argv[3] ?? 'docs/screenshot.png' });
await browser.close();
