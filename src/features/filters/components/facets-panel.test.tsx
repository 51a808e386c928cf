// @vitest-environment jsdom
/**
 * The facets panel against `GET /api/images/facets` as docs/CONTRACT.md §8 defines it, answered in the test by the
 * contract module itself (parse, match, count, order: src/contract/search-query.ts) over a small account: the keys
 * and values the panel lists are those answers, a click writes the typed filter to the address bar, and without the
 * index (404 / 7003, `INDEX=off`) it says so. The server's own route is checked against the same contract in
 * server/index/search.test.ts; the whole path in a browser in e2e/search.spec.ts.
 */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { scalarAt } from '../../../contract/list-query';
import {
  compareFacetValues,
  compileSearchMatcher,
  metadataLeaves,
  parseFacetsQuery,
  type FacetValue,
} from '../../../contract/search-query';
import FacetsPanel from './facets-panel';

const images = Array.from({ length: 30 }, (_, i) => ({
  id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  filename: `photo-${i}.jpg`,
  creator: null,
  meta: { status: i % 2 === 0 ? 'active' : 'archived', n: i, region: { code: ['IE', 'DE', 'US'][i % 3] } },
  requireSignedURLs: i % 7 === 0,
  uploaded: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
}));

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** `/api/images/facets` per §8 and docs/decisions.md (without `key`: the paths and how many images have each). */
function facetsRoute(url: URL): Response {
  const parsed = parseFacetsQuery(url.search);
  if (!parsed.ok) return json(400, { success: false, errors: parsed.errors.map(({ code, message }) => ({ code, message })), messages: [], result: null });
  const matching = images.filter(compileSearchMatcher(parsed.facets.query));
  let result: unknown;
  if (parsed.facets.key) {
    const path = parsed.facets.key;
    const counts = new Map<string, FacetValue>();
    let missing = 0;
    for (const image of matching) {
      const value = scalarAt(image.meta, path);
      if (value === undefined) {
        missing += 1;
        continue;
      }
      const type = typeof value as FacetValue['type'];
      const seen = counts.get(`${type}:${String(value)}`);
      if (seen) seen.count += 1;
      else counts.set(`${type}:${String(value)}`, { value, type, count: 1 });
    }
    result = { key: path.join('.'), values: [...counts.values()].sort(compareFacetValues).slice(0, 50), missing };
  } else {
    const counts = new Map<string, number>();
    for (const image of matching) for (const leaf of metadataLeaves(image.meta)) counts.set(leaf.path.join('.'), (counts.get(leaf.path.join('.')) ?? 0) + 1);
    result = { keys: [...counts].map(([key, count]) => ({ key, count })).sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : 1)) };
  }
  return json(200, { success: true, errors: [], messages: [], result });
}

/** The browser's requests: the facets route, or, without the index, Cloudflare's 404 for a path with no route. */
function serve(index: boolean) {
  vi.stubGlobal('fetch', (input: RequestInfo | URL) => {
    const url = new URL(String(input), 'http://127.0.0.1');
    if (index && url.pathname === '/api/images/facets') return Promise.resolve(facetsRoute(url));
    return Promise.resolve(json(404, { success: false, errors: [{ code: 7003, message: 'No route for that URI' }], messages: [], result: null }));
  });
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  window.history.replaceState(null, '', '/');
});

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
    serve(true);
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
    serve(true);
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
    serve(false);
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
    serve(true);
    await user.click(within(alert).getByRole('button', { name: 'Retry' }));
    expect(await screen.findByRole('button', { name: /^status\s*\d+\s*images$/ })).toBeTruthy();
  });
});
