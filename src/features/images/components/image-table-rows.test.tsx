// @vitest-environment jsdom
/**
 * The shape of the table's cost while scrolling and loading (docs/performance.md "Dashboard"): a row already on
 * screen renders nothing again when another page of images arrives or the selection changes elsewhere; only the
 * rows that come into view (or whose own state changed) render. Counted through the upload time's formatting,
 * which every row does once per render.
 */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, cleanup, render, screen, within } from '@testing-library/react';
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

function image(n: number): CfImage {
  const id = `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
  return {
    id,
    filename: `picture-${n}.png`,
    creator: null,
    meta: { batch: n % 7, region: { name: n % 2 ? 'eu-west' : 'us-east' } },
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
