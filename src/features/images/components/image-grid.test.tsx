// @vitest-environment jsdom
/**
 * The grid (image-grid.tsx) as a person drives it with the keyboard, and the signing of private previews: the
 * cards on screen ask `/api/sign` together, not one request each.
 */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Suspense, type ReactNode } from 'react';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CfImage } from '../../../contract/image';
import { useSelection } from '../hooks/use-selection';
import { ImageGrid } from './image-grid';
import { ImagesProvider } from './images-provider';
import { setLocalConfig } from '../../../test-support/local-config';
import { testImage } from '../../../test-support/images';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});
beforeEach(() => localStorage.clear());
// jsdom lays nothing out: 1,200 px wide (five columns of cards) and 600 px high, so the virtualizer renders rows.
beforeAll(() => {
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => 600 });
  Object.defineProperty(HTMLElement.prototype, 'clientWidth', { configurable: true, get: () => 1200 });
});

const image = (n: number, extra: Partial<CfImage> = {}) => testImage(n, extra);

function SelectedCount() {
  return <output aria-label="selected">{useSelection().count}</output>;
}

function setup(images: CfImage[], signing = false, more: { hasMore: boolean; loadMore: () => void } = { hasMore: false, loadMore: () => {} }) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  setLocalConfig(client, { accountHash: 'hash', signing });
  const onOpen = vi.fn();
  const onCopy = vi.fn();
  const wrap = (children: ReactNode) => (
    <QueryClientProvider client={client}>
      <Suspense fallback={null}>
        <ImagesProvider>
          {children}
          <SelectedCount />
        </ImagesProvider>
      </Suspense>
    </QueryClientProvider>
  );
  render(
    wrap(
      <ImageGrid
        images={images}
        ids={images.map((i) => i.id)}
        hasMore={more.hasMore}
        isLoading={false}
        canLoadMore
        loadMore={more.loadMore}
        prefetch={500}
        previewVariant="thumbnail"
        variants={['thumbnail', 'public']}
        onOpen={onOpen}
        onCopy={onCopy}
      />,
    ),
  );
  const grid = screen.getByRole('grid', { name: 'Images' });
  const cells = () => within(grid).getAllByRole('gridcell');
  const focused = () => Number(document.activeElement?.getAttribute('data-index'));
  return { user: userEvent.setup(), onOpen, onCopy, grid, cells, focused };
}

describe('the next page', () => {
  // Five columns, two rows on screen and two beyond: the cards rendered end at the 20th to the 25th image.
  it('is asked for while half a page of loaded images is still ahead of the last card rendered, not before', () => {
    const early = vi.fn();
    setup(Array.from({ length: 600 }, (_, i) => image(i)), false, { hasMore: true, loadMore: early });
    expect(early).not.toHaveBeenCalled();
    cleanup();
    const due = vi.fn();
    setup(Array.from({ length: 510 }, (_, i) => image(i)), false, { hasMore: true, loadMore: due });
    expect(due).toHaveBeenCalled();
  });
});

describe('the grid with the keyboard', () => {
  const images = Array.from({ length: 12 }, (_, i) => image(i));

  it('arrows move by a cell and by a row; Home/End to the row’s ends, Ctrl+Home/End to the first and last', async () => {
    const { user, cells, focused, grid } = setup(images);
    expect(grid.getAttribute('aria-colcount')).toBe('5');
    act(() => cells()[0]!.focus());
    await user.keyboard('{ArrowRight}');
    expect(focused()).toBe(1);
    await user.keyboard('{ArrowDown}');
    expect(focused()).toBe(6);
    await user.keyboard('{End}');
    expect(focused()).toBe(9);
    await user.keyboard('{Home}');
    expect(focused()).toBe(5);
    await user.keyboard('{ArrowUp}{ArrowLeft}');
    expect(focused()).toBe(0);
    await user.keyboard('{Control>}{End}{/Control}');
    expect(focused()).toBe(11);
    await user.keyboard('{ArrowRight}{ArrowDown}');
    expect(focused()).toBe(11); // the last cell stays the last
    await user.keyboard('{Control>}{Home}{/Control}');
    expect(focused()).toBe(0);
    // Only the focused cell is in the tab order (roving focus).
    expect(cells().filter((cell) => cell.tabIndex === 0)).toHaveLength(1);
  });

  it('writes each filename in its own direction (dir="auto"): a right-to-left name is cut at its end, not its start', () => {
    setup(images);
    for (const name of document.querySelectorAll('.card__name')) expect(name.getAttribute('dir')).toBe('auto');
  });

  it('Enter opens, Space selects (and again unselects), c copies the preview variant', async () => {
    const { user, cells, onOpen, onCopy } = setup(images);
    act(() => cells()[0]!.focus());
    await user.keyboard('{ArrowRight}{Enter}');
    expect(onOpen).toHaveBeenCalledExactlyOnceWith(images[1]);
    await user.keyboard(' ');
    expect(screen.getByRole('status', { name: 'selected' }).textContent).toBe('1');
    await user.keyboard('{ArrowRight} ');
    expect(screen.getByRole('status', { name: 'selected' }).textContent).toBe('2');
    await user.keyboard(' ');
    expect(screen.getByRole('status', { name: 'selected' }).textContent).toBe('1');
    await user.keyboard('c');
    expect(onCopy).toHaveBeenCalledExactlyOnceWith(images[2], 'thumbnail');
  });
});

describe('clicks on a card', () => {
  const images = Array.from({ length: 12 }, (_, i) => image(i));
  it('a plain click on the filename opens; ctrl-, cmd- and shift-click on it select, as on the rest of the card', async () => {
    const { user, cells, onOpen } = setup(images);
    const name = (i: number) => within(cells()[i]!).getByRole('button', { name: images[i]!.filename });
    await user.click(name(0));
    expect(onOpen).toHaveBeenCalledExactlyOnceWith(images[0]);
    await user.keyboard('{Control>}');
    await user.click(name(1));
    await user.keyboard('{/Control}');
    expect(screen.getByRole('status', { name: 'selected' }).textContent).toBe('1');
    await user.keyboard('{Meta>}');
    await user.click(name(3));
    await user.keyboard('{/Meta}');
    expect(screen.getByRole('status', { name: 'selected' }).textContent).toBe('2');
    await user.keyboard('{Shift>}');
    await user.click(name(5));
    await user.keyboard('{/Shift}');
    // From the last one toggled (3) to 5.
    expect(Number(screen.getByRole('status', { name: 'selected' }).textContent)).toBeGreaterThan(2);
    expect(onOpen).toHaveBeenCalledTimes(1);
  });
});

describe('signing the previews of private images', () => {
  it('a screen of private images is signed in one /api/sign request, and each card shows its signed URL', async () => {
    // The server's side of `/api/sign` (server/routes/sign.ts): the same URLs back, signed, in order.
    const signCalls: string[][] = [];
    vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
      expect(String(input)).toBe('/api/sign');
      const { urls } = JSON.parse(String(init?.body)) as { urls: string[] };
      signCalls.push(urls);
      return Response.json({ urls: urls.map((url) => `${url}?exp=2000000000&sig=${'a'.repeat(64)}`), expiresAt: 2000000000 });
    });
    const privateImages = Array.from({ length: 15 }, (_, i) => image(i, { requireSignedURLs: true }));
    setup(privateImages, true);
    await waitFor(() => expect(document.querySelectorAll('img[src*="sig="]').length).toBe(15), { timeout: 5000 });
    expect(signCalls).toHaveLength(1);
    expect(signCalls[0]).toHaveLength(15);
    for (const img of document.querySelectorAll('img')) expect(img.getAttribute('src')).toMatch(/\/thumbnail\?exp=\d+&sig=[0-9a-f]{64}$/);
  });
});
