// @vitest-environment jsdom
/**
 * The facets panel against the real server routes (server/app.ts with a SQLite account index, in-process): the
 * keys and values it lists are the route's answers, a click writes the typed filter to the address bar, and
 * without the index (`INDEX=off`) it says so.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Hono } from 'hono';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../../../server/app';
import { openSqliteIndex } from '../../../../server/index/sqlite-index';
import { generateImages } from '../../../../server/test-support/fake-upstream';
import { cloudflareConfig } from '../../../../server/test-support/test-config';
import FacetsPanel from './facets-panel';

const images = generateImages(30);
let dir: string;
let sqlite: ReturnType<typeof openSqliteIndex>;
let withIndex: Hono;
let withoutIndex: Hono;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cfie-facets-'));
  sqlite = openSqliteIndex(dir);
  await sqlite.index.upsert(images);
  withIndex = createApp(cloudflareConfig('http://127.0.0.1:9'), { index: sqlite.index, log: false });
  withoutIndex = createApp(cloudflareConfig('http://127.0.0.1:9', { INDEX: 'off' }), { index: sqlite.index, log: false });
});

afterAll(() => {
  sqlite.close();
  rmSync(dir, { recursive: true, force: true });
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  window.history.replaceState(null, '', '/');
});

/** The browser's requests go to `app` (the server's own routes, no network). */
function serve(app: Hono) {
  vi.stubGlobal('fetch', (input: RequestInfo | URL, init?: RequestInit) =>
    Promise.resolve(app.request(new URL(String(input), 'http://127.0.0.1').toString(), init)),
  );
}

/**
 * A button's name as words: jsdom's name computation drops the whitespace between the spans that Chromium keeps
 * ("status 25 images" there, "status25 images" here).
 */
function named(words: string): RegExp {
  return new RegExp(`^${words.split(' ').map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('\\s*')}$`);
}

function renderPanel() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <QueryClientProvider client={client}>
      <FacetsPanel defaultPerPage={1000} />
    </QueryClientProvider>,
  );
}

describe('FacetsPanel', () => {
  it('lists the keys of the matching images, opens one to its values, and a click adds the typed filter', async () => {
    serve(withIndex);
    window.history.replaceState(null, '', '/?private=false&view=table');
    const matching = images.filter((i) => !i.requireSignedURLs);
    const user = userEvent.setup();
    renderPanel();
    const toggle = screen.getByRole('button', { name: 'Facets' });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    await user.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');

    const status = await screen.findByRole('button', { name: named(`status ${matching.length} images`) });
    expect(screen.getByRole('button', { name: named(`region.code ${matching.length} images`) })).toBeTruthy();
    await user.click(status);
    const active = matching.filter((i) => (i.meta as { status: string }).status === 'active').length;
    const value = await screen.findByRole('button', { name: named(`active ${active} images`) });
    expect(value.getAttribute('aria-pressed')).toBe('false');
    await user.click(value);
    expect([...new URLSearchParams(window.location.search)]).toEqual([
      ['meta.status[eq:string]', 'active'],
      ['private', 'false'],
      ['view', 'table'],
    ]);
    // The answer for the new query comes in; the applied value shows pressed, and a second click removes it.
    const pressed = await screen.findByRole('button', { name: named(`active ${active} images`), pressed: true });
    await user.click(pressed);
    expect(new URLSearchParams(window.location.search).has('meta.status[eq:string]')).toBe(false);
  });

  it('numbers are filtered as numbers', async () => {
    serve(withIndex);
    window.history.replaceState(null, '', '/?q=photo-1');
    const user = userEvent.setup();
    renderPanel();
    await user.click(screen.getByRole('button', { name: 'Facets' }));
    await user.click(await screen.findByRole('button', { name: /^n\s*\d+\s*images$/ }));
    const list = (await screen.findByRole('button', { name: named('10 1 image') })).closest('ul')!;
    // q=photo-1 matches photo-1 and photo-10 … photo-19: eleven values, one image each, ordered by value.
    expect(within(list).getAllByRole('button').map((b) => b.textContent?.replace(/\s+/g, ' '))).toEqual(
      ['1', '10', '11', '12', '13', '14', '15', '16', '17', '18', '19'].map((n) => `${n} 1 image`),
    );
    await user.click(screen.getByRole('button', { name: named('12 1 image') }));
    expect(new URLSearchParams(window.location.search).get('meta.n[eq:number]')).toBe('12');
  });

  it('says when the server runs without the account index', async () => {
    serve(withoutIndex);
    const user = userEvent.setup();
    renderPanel();
    await user.click(screen.getByRole('button', { name: 'Facets' }));
    expect(await screen.findByText(/Facets need the account index/)).toBeTruthy();
  });

  it('shows an error with Retry', async () => {
    vi.stubGlobal('fetch', () => Promise.reject(new TypeError('network down')));
    const user = userEvent.setup();
    renderPanel();
    await user.click(screen.getByRole('button', { name: 'Facets' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The server could not be reached');
    serve(withIndex);
    await user.click(within(alert).getByRole('button', { name: 'Retry' }));
    expect(await screen.findByRole('button', { name: /^status\s*\d+\s*images$/ })).toBeTruthy();
  });
});
