// @vitest-environment jsdom
/**
 * The detail dialog (image-detail-dialog.tsx) driven from the keyboard: → and ← move to the neighbouring image and
 * the address bar follows; at the ends of what is loaded → asks for the next page, or does nothing when there is
 * none, and ← does nothing on the first image; Esc closes and drops `?image=` from the address.
 */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Suspense } from 'react';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ToastProvider } from '../../../components/ui/toast';
import type { CfImage } from '../../../contract/image';
import { addLeaveGuard } from '../../../lib/leave-guard';
import { useSearchParams } from '../../../lib/use-search-params';
import ImageDetailDialog from './image-detail-dialog';
import { ImagesProvider } from './images-provider';
import { setLocalConfig } from '../../../test-support/local-config';

// jsdom has <dialog> without its behaviour: a modal opens, and Escape sends `cancel` as browsers do.
beforeAll(() => {
  HTMLDialogElement.prototype.showModal = function showModal(this: HTMLDialogElement) {
    this.setAttribute('open', '');
    this.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') this.dispatchEvent(new Event('cancel', { cancelable: true }));
    });
  };
  HTMLDialogElement.prototype.close = function close(this: HTMLDialogElement) {
    this.removeAttribute('open');
  };
});
beforeEach(() => {
  localStorage.clear();
  window.history.replaceState(null, '', '/');
});
afterEach(cleanup);

function image(n: number): CfImage {
  const id = `img-${n}`;
  return {
    id,
    filename: `picture-${n}.png`,
    creator: null,
    meta: { n },
    requireSignedURLs: false,
    uploaded: '2026-11-01T10:00:00.000Z',
    variants: ['thumbnail', 'public'].map((v) => `/cdn-cgi/imagedelivery/hash/${id}/${v}`),
  };
}
const images = [image(1), image(2), image(3)];

/** The dialog as the images view shows it: for `?image=<id>`, nothing without. */
function Detail({ hasMore, loadMore, returnFocus }: { hasMore: boolean; loadMore: () => void; returnFocus?: (id: string) => boolean }) {
  const [params] = useSearchParams();
  const id = params.get('image');
  if (!id) return <p>closed</p>;
  return (
    <ImageDetailDialog imageId={id} images={images} variants={['thumbnail', 'public']} hasMore={hasMore} canLoadMore loadMore={loadMore} listLoading={false} returnFocus={returnFocus} />
  );
}

function open(id: string, hasMore = false, returnFocus?: (id: string) => boolean) {
  window.history.replaceState(null, '', `/?image=${id}`);
  const client = new QueryClient();
  setLocalConfig(client);
  const loadMore = vi.fn();
  render(
    <QueryClientProvider client={client}>
      <Suspense fallback={null}>
        <ToastProvider>
          <ImagesProvider>
            <Detail hasMore={hasMore} loadMore={loadMore} returnFocus={returnFocus} />
          </ImagesProvider>
        </ToastProvider>
      </Suspense>
    </QueryClientProvider>,
  );
  const user = userEvent.setup();
  const title = () => screen.getByRole('heading', { level: 2 }).textContent;
  const press = async (key: string) => {
    act(() => screen.getByRole('button', { name: 'Close' }).focus());
    await user.keyboard(key);
  };
  return { loadMore, title, press, user };
}

describe('the detail dialog', () => {
  it('→ and ← move through the loaded images, and the address follows', async () => {
    const { title, press } = open('img-1');
    expect(title()).toBe('picture-1.png');
    expect(screen.getByText('1 of 3')).toBeTruthy();
    await press('{ArrowRight}');
    expect(title()).toBe('picture-2.png');
    expect(new URLSearchParams(window.location.search).get('image')).toBe('img-2');
    await press('{ArrowRight}');
    expect(title()).toBe('picture-3.png');
    await press('{ArrowLeft}');
    expect(title()).toBe('picture-2.png');
    expect(screen.getByText('2 of 3')).toBeTruthy();
  });

  it('← on the first image stays; → on the last loaded one asks for the next page when there is one', async () => {
    const first = open('img-1', true);
    await first.press('{ArrowLeft}');
    expect(first.title()).toBe('picture-1.png');
    expect((screen.getByRole('button', { name: '← Previous' }) as HTMLButtonElement).disabled).toBe(true);
    cleanup();
    const last = open('img-3', true);
    expect(screen.getByText('3 of 3+')).toBeTruthy();
    await last.press('{ArrowRight}');
    expect(last.loadMore).toHaveBeenCalledOnce();
    expect(last.title()).toBe('picture-3.png');
    expect(new URLSearchParams(window.location.search).get('image')).toBe('img-3');
  });

  it('→ on the last image of a list with no more pages does nothing', async () => {
    const { title, press, loadMore } = open('img-3', false);
    expect((screen.getByRole('button', { name: 'Next →' }) as HTMLButtonElement).disabled).toBe(true);
    await press('{ArrowRight}');
    expect(title()).toBe('picture-3.png');
    expect(loadMore).not.toHaveBeenCalled();
  });

  it('Esc closes and takes `image` out of the address', async () => {
    const { press } = open('img-2');
    await press('{Escape}');
    expect(screen.getByText('closed')).toBeTruthy();
    expect(window.location.search).toBe('');
  });

  it('unsaved work that holds (a leave guard) keeps ←/→ and Previous/Next on the image; once it lets go they move', async () => {
    let hold = true;
    const remove = addLeaveGuard(() => !hold);
    try {
      const { title, press, user } = open('img-1');
      await press('{ArrowRight}');
      expect(title()).toBe('picture-1.png');
      await user.click(screen.getByRole('button', { name: 'Next →' }));
      expect(title()).toBe('picture-1.png');
      expect(new URLSearchParams(window.location.search).get('image')).toBe('img-1');
      hold = false;
      await press('{ArrowRight}');
      expect(title()).toBe('picture-2.png');
    } finally {
      remove();
    }
  });

  it('on close, gives focus back to the image last shown (its card or row), not to the first one opened', async () => {
    const returnFocus = vi.fn(() => true);
    const { press } = open('img-1', false, returnFocus);
    await press('{ArrowRight}');
    await press('{ArrowRight}');
    await press('{Escape}');
    expect(screen.getByText('closed')).toBeTruthy();
    expect(returnFocus).toHaveBeenCalledExactlyOnceWith('img-3');
  });
});
