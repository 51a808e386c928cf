// @vitest-environment jsdom
/**
 * The shape of the table's cost while scrolling and loading (docs/performance.md "Dashboard"): a row already on
 * screen renders nothing again when another page of images arrives or the selection changes elsewhere; only the
 * rows that come into view (or whose own state changed) render. Counted through the upload time's formatting,
 * which every row does once per render.
 */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Suspense } from 'react';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CfImage } from '../../../contract/image';
import * as format from '../../../lib/format';
import { ImagesProvider } from './images-provider';
import { ImageTable } from './image-table';
import { setLocalConfig } from '../../../test-support/local-config';

vi.mock('../../../lib/format', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../../lib/format')>();
  return { ...actual, formatRelativeTime: vi.fn(actual.formatRelativeTime) };
});
const rendersOfTimes = () => vi.mocked(format.formatRelativeTime).mock.calls.length;

afterEach(cleanup);
beforeEach(() => vi.mocked(format.formatRelativeTime).mockClear());
// jsdom lays nothing out: a 600 px viewport shows 13 rows of 48 px (and the virtualizer's overscan).
beforeAll(() => {
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => 600 });
  Object.defineProperty(HTMLElement.prototype, 'clientWidth', { configurable: true, get: () => 1200 });
});

function image(n: number, meta: CfImage['meta'] = { batch: n % 7, region: { name: n % 2 ? 'eu-west' : 'us-east' } }): CfImage {
  const id = `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
  return {
    id,
    filename: `picture-${n}.png`,
    creator: null,
    meta,
    requireSignedURLs: false,
    uploaded: '2026-11-01T10:00:00.000Z',
    variants: ['thumbnail', 'public'].map((v) => `http://127.0.0.1/cdn-cgi/imagedelivery/hash/${id}/${v}`),
  };
}

const VARIANTS = ['thumbnail', 'public'];
const page = (from: number, count: number) => Array.from({ length: count }, (_, i) => image(from + i));

function setup(initial: readonly CfImage[]) {
  const client = new QueryClient();
  setLocalConfig(client);
  const onOpen = vi.fn();
  const onCopy = vi.fn();
  const table = (images: readonly CfImage[]) => (
    <QueryClientProvider client={client}>
      <Suspense fallback={null}>
        <ImagesProvider>
          <ImageTable
            images={images}
            hasMore
            isLoading={false}
            canLoadMore={false}
            loadMore={() => {}}
            prefetch={500}
            previewVariant="thumbnail"
            variants={VARIANTS}
            onOpen={onOpen}
            onCopy={onCopy}
          />
        </ImagesProvider>
      </Suspense>
    </QueryClientProvider>
  );
  const view = render(table(initial));
  const rows = () => within(screen.getByRole('table', { name: 'Images' })).getAllByRole('row').slice(1);
  return { rerender: (images: readonly CfImage[]) => view.rerender(table(images)), rows };
}

describe('ImageTable rows', () => {
  it('renders no row again when the next page arrives', () => {
    const first = page(1, 100);
    const { rerender, rows } = setup(first);
    const shown = rows().length;
    expect(shown).toBeGreaterThan(10);
    expect(rendersOfTimes()).toBe(shown);
    // The next page: a new array (a new identity, as each page gives), the same images first.
    act(() => rerender([...first, ...page(101, 100)]));
    expect(rows()).toHaveLength(shown);
    expect(rendersOfTimes()).toBe(shown);
  });

  it('renders only the row whose selection changed', async () => {
    const user = userEvent.setup();
    const { rows } = setup(page(1, 100));
    const shown = rows().length;
    await user.click(screen.getByRole('checkbox', { name: 'Select picture-3.png' }));
    expect(rows()[2]?.getAttribute('aria-selected')).toBe('true');
    expect(rendersOfTimes()).toBe(shown + 1);
  });
});

describe('ImageTable columns', () => {
  // 8 columns of the image's own (1,274 px) and 30 metadata columns of 150 px: 5,774 px in all, 1,200 px in view.
  const keys = Array.from({ length: 30 }, (_, k) => `key${String(k).padStart(2, '0')}`);
  const wide = (n: number) => image(n, Object.fromEntries(keys.map((key) => [key, `${key}-of-${n}`])));
  const colIndexes = (row: HTMLElement) => [...row.children].map((cell) => Number(cell.getAttribute('aria-colindex')));

  it('renders in each row only the columns in the horizontal view, and the columns with controls wherever it is scrolled', () => {
    const { rows } = setup(Array.from({ length: 40 }, (_, i) => wide(i + 1)));
    const table = screen.getByRole('table', { name: 'Images' });
    // The header keeps every column (its sort buttons and resizers stay in the tab order).
    expect(within(table).getAllByRole('columnheader')).toHaveLength(38);
    expect(table.getAttribute('aria-colcount')).toBe('38');
    // In view: columns 1–8 (the last one cut by the edge), and one more beyond it.
    for (const row of rows()) expect(colIndexes(row)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(within(rows()[0]!).getByText('key00-of-1')).toBeTruthy();
    expect(within(rows()[0]!).queryByText('key01-of-1')).toBeNull();

    // Sideways to 3,000 px: key11 (column 20) to key19 (column 28) are in view, one more each side; the checkbox,
    // the filename and the copy buttons stay, each cell under its own header.
    const scroller = table.parentElement!;
    Object.defineProperty(scroller, 'scrollLeft', { configurable: true, value: 3000 });
    act(() => {
      fireEvent.scroll(scroller);
    });
    const expected = [1, 4, 8, ...Array.from({ length: 11 }, (_, i) => 19 + i)];
    for (const row of rows()) expect(colIndexes(row)).toEqual(expected);
    const headers = within(table).getAllByRole('columnheader');
    const first = rows()[0]!;
    for (const cell of [...first.children].slice(3)) {
      const header = headers[Number(cell.getAttribute('aria-colindex')) - 1]!;
      expect(cell.textContent).toBe(`${header.textContent}-of-1`);
    }
    expect(within(first).getByRole('checkbox', { name: 'Select picture-1.png' })).toBeTruthy();
    expect(within(first).getByRole('button', { name: 'picture-1.png' })).toBeTruthy();
    expect(within(first).getAllByRole('button', { name: /^Copy .* URL$/ })).toHaveLength(2);
    // A cell after columns left out names its own grid track; the cells after it follow it.
    expect([...first.children].map((cell) => (cell as HTMLElement).style.gridColumnStart)).toEqual(
      expected.map((index, i) => (i > 0 && index !== expected[i - 1]! + 1 ? String(index) : '')),
    );
  });
});
