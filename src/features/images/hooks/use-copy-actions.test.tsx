// @vitest-environment jsdom
/**
 * The copy actions (use-copy-actions.ts) end to end, up to what reaches the clipboard: the URL, Markdown and HTML
 * formats, and private images signed with the chosen expiry, every URL of one copy in one `/api/sign` request.
 */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, cleanup, renderHook } from '@testing-library/react';
import { Suspense, type ReactNode } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ToastProvider } from '../../../components/ui/toast';
import type { CfImage } from '../../../contract/image';
import { useCopyActions } from './use-copy-actions';
import { setPreferences } from './use-preferences';
import { setLocalConfig } from '../../../test-support/local-config';
import { testImage } from '../../../test-support/images';

const HASH = 'hash';
const ORIGIN = window.location.origin;
const image = (n: number, extra: Partial<CfImage> = {}) => testImage(n, extra, { id: `img-${n}`, origin: ORIGIN });

let clipboard: string[];
let signCalls: { urls: string[]; expiresIn: number }[];
beforeEach(() => {
  localStorage.clear();
  clipboard = [];
  signCalls = [];
  Object.defineProperty(window, 'isSecureContext', { configurable: true, value: true });
  Object.defineProperty(navigator, 'clipboard', {
    configurable: true,
    value: { writeText: async (text: string) => void clipboard.push(text) },
  });
  // The server's side of `/api/sign` (server/routes/sign.ts): the same URLs back, signed, in order.
  vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
    expect(String(input)).toBe('/api/sign');
    const body = JSON.parse(String(init?.body)) as { urls: string[]; expiresIn: number };
    signCalls.push(body);
    return Response.json({ urls: body.urls.map((url) => `${url}?exp=1&sig=s`), expiresAt: 1 });
  });
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function copyActions(signing = true) {
  const client = new QueryClient();
  setLocalConfig(client, { accountHash: HASH, signing });
  const wrapper = ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={client}>
      <Suspense fallback={null}>
        <ToastProvider>{children}</ToastProvider>
      </Suspense>
    </QueryClientProvider>
  );
  return renderHook(() => useCopyActions(['thumbnail', 'public']), { wrapper }).result;
}

describe('what reaches the clipboard', () => {
  it('URL, Markdown and HTML of one variant of one image', async () => {
    const actions = copyActions();
    const one = image(1);
    await act(() => actions.current.copyImage(one, 'public'));
    act(() => setPreferences({ copyFormat: 'markdown' }));
    await act(() => actions.current.copyImage(one, 'public'));
    act(() => setPreferences({ copyFormat: 'html' }));
    await act(() => actions.current.copyImage(one, 'thumbnail'));
    const url = (variant: string) => `${ORIGIN}/cdn-cgi/imagedelivery/${HASH}/img-1/${variant}`;
    expect(clipboard).toEqual([
      url('public'),
      // No alt text in the metadata: empty, with a note to describe the picture (docs/decisions.md).
      `<!-- alt="": describe the picture, or leave alt empty only if it is decorative -->\n![](${url('public')})`,
      `<!-- alt="": describe the picture, or leave alt empty only if it is decorative -->\n<img src="${url('thumbnail')}" alt="" width="320" height="320">`,
    ]);
    expect(signCalls).toEqual([]); // public images are never signed
  });

  it('a selection with private images: signed with the chosen expiry in one request, one URL a line', async () => {
    act(() => setPreferences({ signExpiry: 86400 }));
    const actions = copyActions();
    const images = [image(1), image(2, { requireSignedURLs: true }), image(3, { requireSignedURLs: true })];
    await act(() => actions.current.copyImages(images, 'public'));
    const url = (id: string) => `${ORIGIN}/cdn-cgi/imagedelivery/${HASH}/${id}/public`;
    expect(signCalls).toEqual([{ urls: [url('img-2'), url('img-3')], expiresIn: 86400 }]);
    expect(clipboard).toEqual([[url('img-1'), `${url('img-2')}?exp=1&sig=s`, `${url('img-3')}?exp=1&sig=s`].join('\n')]);
  });

  it('without a signing key, private images are copied as they are, and nothing is asked of /api/sign', async () => {
    const actions = copyActions(false);
    await act(() => actions.current.copyImage(image(2, { requireSignedURLs: true }), 'public'));
    expect(clipboard).toEqual([`${ORIGIN}/cdn-cgi/imagedelivery/${HASH}/img-2/public`]);
    expect(signCalls).toEqual([]);
  });
});
