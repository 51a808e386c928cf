// @vitest-environment jsdom
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Suspense, type ReactNode } from 'react';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CfImage } from '../../../contract/image';
import { useSelection } from '../hooks/use-selection';
import { ImagesProvider } from './images-provider';
import { ImageTable, SORT_NOTE } from './image-table';
import { setLocalConfig } from '../../../test-support/local-config';

afterEach(cleanup);
beforeEach(() => localStorage.clear());
// jsdom lays nothing out: give elements a size so that the virtualizer renders rows.
beforeAll(() => {
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => 600 });
  Object.defineProperty(HTMLElement.prototype, 'clientWidth', { configurable: true, get: () => 1200 });
});

function image(n: number, meta: Record<string, unknown>, extra: Partial<CfImage> = {}): CfImage {
  const id = `00000000-0000-4000-8000-00000000000${n}`;
  return {
    id,
    filename: `picture-${n}.png`,
    creator: n % 2 ? 'user123' : null,
    meta,
    requireSignedURLs: false,
    uploaded: `2026-11-0${n}T10:00:00.000Z`,
    variants: ['thumbnail', 'public'].map((v) => `http://127.0.0.1/cdn-cgi/imagedelivery/hash/${id}/${v}`),
    ...extra,
  };
}

const images = [
  image(1, { status: 'active', ratings: 3, region: { name: 'eu-west' } }),
  image(2, { status: 'pending', ratings: 5, region: { name: 'us-east' } }),
  image(3, { status: 'active', ratings: 1 }, { requireSignedURLs: true }),
];

/** Scrolls the table's scroller sideways to `left` (jsdom keeps no scroll position: it is set on the element). */
function scrollSideways(table: HTMLElement, left: number) {
  const scroller = table.parentElement!;
  Object.defineProperty(scroller, 'scrollLeft', { configurable: true, value: left });
  act(() => {
    fireEvent.scroll(scroller);
  });
}

function SelectedCount() {
  return <output aria-label="selected">{useSelection().count}</output>;
}

function wrap(children: ReactNode) {
  const client = new QueryClient();
  setLocalConfig(client);
  return (
    <QueryClientProvider client={client}>
      <Suspense fallback={null}>
        <ImagesProvider>
          {children}
          <SelectedCount />
        </ImagesProvider>
      </Suspense>
    </QueryClientProvider>
  );
}

function setup() {
  const onOpen = vi.fn();
  const onCopy = vi.fn();
  const user = userEvent.setup();
  render(
    wrap(
      <ImageTable
        images={images}
        hasMore={false}
        isLoading={false}
        canLoadMore
        loadMore={() => {}}
        prefetch={500}
        previewVariant="thumbnail"
        variants={['thumbnail', 'public']}
        onOpen={onOpen}
        onCopy={onCopy}
      />,
    ),
  );
  const table = screen.getByRole('table', { name: 'Images' });
  const filenames = () => within(table).getAllByRole('button', { name: /^picture-/ }).map((b) => b.textContent);
  return { user, onOpen, onCopy, table, filenames };
}

describe('ImageTable', () => {
  it('shows the image fields and a column per metadata key, nested keys flattened', () => {
    const { table } = setup();
    const headers = within(table).getAllByRole('columnheader').map((h) => h.textContent?.trim());
    expect(headers).toEqual(expect.arrayContaining(['ID', 'Filename', 'Creator', 'Uploaded', 'Private', 'Variants', 'status', 'ratings', 'region.name']));
    const firstRow = within(table).getAllByRole('row')[1] as HTMLElement;
    expect(within(firstRow).getByText('active')).toBeTruthy();
    // region.name is past the right edge of the 1,200 px view: its cells render once the table scrolls to it.
    expect(within(firstRow).queryByText('eu-west')).toBeNull();
    scrollSideways(table, 1400);
    expect(within(within(table).getAllByRole('row')[1] as HTMLElement).getByText('eu-west')).toBeTruthy();
    expect(screen.getByText(SORT_NOTE)).toBeTruthy();
    // Each filename in its own direction: a right-to-left one is cut at its end (dir="auto").
    expect(within(firstRow).getByTitle(/^Open /).getAttribute('dir')).toBe('auto');
  });

  it('sorts the loaded rows by a metadata column and goes back to upload order', async () => {
    const { user, table, filenames } = setup();
    expect(filenames()).toEqual(['picture-1.png', 'picture-2.png', 'picture-3.png']);
    await user.click(within(table).getByRole('button', { name: 'ratings' }));
    expect(filenames()).toEqual(['picture-3.png', 'picture-1.png', 'picture-2.png']);
    expect(within(table).getByRole('columnheader', { name: /ratings/ }).getAttribute('aria-sort')).toBe('ascending');
    await user.click(within(table).getByRole('button', { name: 'ratings' }));
    expect(filenames()).toEqual(['picture-2.png', 'picture-1.png', 'picture-3.png']);
    await user.click(screen.getByRole('button', { name: 'Back to upload order' }));
    expect(filenames()).toEqual(['picture-1.png', 'picture-2.png', 'picture-3.png']);
  });

  it('selects, copies and opens with the grid’s actions', async () => {
    const { user, onOpen, onCopy, table } = setup();
    await user.click(screen.getByRole('checkbox', { name: 'Select picture-1.png' }));
    expect(screen.getByRole('status', { name: 'selected' }).textContent).toBe('1');
    await user.click(screen.getByRole('checkbox', { name: 'Select all loaded images' }));
    expect(screen.getByRole('status', { name: 'selected' }).textContent).toBe('3');
    const second = within(table).getAllByRole('row')[2] as HTMLElement;
    await user.click(within(second).getByRole('button', { name: 'Copy public URL' }));
    expect(onCopy).toHaveBeenCalledWith(images[1], 'public');
    await user.click(within(table).getByRole('button', { name: 'picture-3.png' }));
    expect(onOpen).toHaveBeenCalledWith(images[2]);
  });

  it('hides and shows columns with the picker, and remembers the choice', async () => {
    const { user, table } = setup();
    await user.click(screen.getByRole('button', { name: 'Columns' }));
    await user.click(screen.getByRole('checkbox', { name: 'region.name' }));
    expect(within(table).queryByRole('columnheader', { name: 'region.name' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Columns (1 hidden)' })).toBeTruthy();
    expect(JSON.parse(localStorage.getItem('cfie:table-hidden-columns:v1') ?? '[]')).toEqual(['meta:["region","name"]']);
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('checkbox', { name: 'region.name' })).toBeNull();
  });
});

describe('the next page', () => {
  function renderRows(count: number, loadMore: () => void) {
    const rows = Array.from({ length: count }, (_, i) => ({ ...image(1, {}), id: `image-${i}`, filename: `row-${i}.png` }));
    render(
      wrap(
        <ImageTable
          images={rows}
          hasMore
          isLoading={false}
          canLoadMore
          loadMore={loadMore}
          prefetch={500}
          previewVariant="thumbnail"
          variants={['thumbnail', 'public']}
          onOpen={() => {}}
          onCopy={() => {}}
        />,
      ),
    );
  }

  // 600 px high, 48 px rows, four beyond: the rows rendered end at about the 17th.
  it('is asked for while half a page of loaded rows is still ahead of the last row rendered, not before', () => {
    const early = vi.fn();
    renderRows(600, early);
    expect(early).not.toHaveBeenCalled();
    cleanup();
    const due = vi.fn();
    renderRows(510, due);
    expect(due).toHaveBeenCalled();
  });
});
