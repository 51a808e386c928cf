// @vitest-environment jsdom
/**
 * The size builder in its two places (docs/CONTRACT.md §11): the detail panel (one image) and the toolbar's copy
 * menu (a selection), one component over one draft.
 */
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CfImage } from '../../../contract/image';
import { LOCAL_VARIANT_INFO } from '../../../contract/variants';
import { clearSizeDraft } from '../hooks/use-size-draft';
import { setPreferences, usePreferences } from '../hooks/use-preferences';
import { loadedImages } from '../lib/loaded-images';
import type { DeliveryContext } from '../lib/copy-formats';
import { sizePreviewFor } from './custom-size-dialog';
import { customSizeLabel } from './images-toolbar';
import { SizeBuilder, sizeProblem } from './size-builder';

const BASE = 'https://imagedelivery.net/HASH';
function image(id: string, requireSignedURLs = false): CfImage {
  return {
    id,
    filename: `${id}.png`,
    creator: null,
    meta: {},
    requireSignedURLs,
    uploaded: '2026-11-22T09:30:00.000Z',
    variants: ['thumbnail', 'public', 'hero', 'original'].map((v) => `${BASE}/${id}/${v}`),
  };
}
const on: DeliveryContext = { variants: LOCAL_VARIANT_INFO, flexible: true };
const off: DeliveryContext = { variants: LOCAL_VARIANT_INFO, flexible: false };

function CopySize() {
  return <p data-testid="copy-size">{usePreferences().copySize ?? 'none'}</p>;
}

afterEach(cleanup);
beforeEach(() => {
  setPreferences({ copySize: null });
  clearSizeDraft();
});

describe('SizeBuilder in the copy menu (a selection)', () => {
  it('builds 400×300 cover WebP, shows its URL and preview, and makes it the copy size of the selection', async () => {
    const user = userEvent.setup();
    const onUse = vi.fn();
    render(
      <>
        <SizeBuilder image={image('a')} ctx={on} selection={{ count: 2, private: 0 }} onUse={onUse} />
        <CopySize />
      </>,
    );
    const builder = screen.getByRole('group', { name: 'Size builder' });
    await user.selectOptions(within(builder).getByRole('combobox', { name: 'Format' }), 'webp');
    expect(screen.getByRole('status', { name: 'URL at this size' }).textContent).toBe(`${BASE}/a/w=400,h=300,fit=cover,format=webp`);
    expect(screen.getByRole('img', { name: 'Preview at this size' }).getAttribute('src')).toBe(`${BASE}/a/w=400,h=300,fit=cover,format=webp`);
    // One image's copy is the detail panel's business: here only the selection's size.
    expect(screen.queryByRole('button', { name: 'Copy at this size' })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Use this size for the 2 selected images' }));
    expect(screen.getByTestId('copy-size').textContent).toBe('w=400,h=300,fit=cover,format=webp');
    expect(onUse).toHaveBeenCalledWith('w=400,h=300,fit=cover,format=webp');
  });

  it('shares its draft with the detail panel’s builder, and starts from a custom size kept earlier', async () => {
    setPreferences({ copySize: 'w=640,fit=contain' });
    const user = userEvent.setup();
    render(
      <>
        <SizeBuilder image={image('a')} ctx={on} onCopy={() => {}} />
        <SizeBuilder image={image('b')} ctx={on} selection={{ count: 1, private: 0 }} />
      </>,
    );
    const [detail, menu] = screen.getAllByRole('group', { name: 'Size builder' });
    expect(within(menu!).getByRole('spinbutton', { name: 'Width' })).toHaveProperty('value', '640');
    expect(within(menu!).getByRole('spinbutton', { name: 'Height' })).toHaveProperty('value', '');
    await user.clear(within(detail!).getByRole('spinbutton', { name: 'Width' }));
    await user.type(within(detail!).getByRole('spinbutton', { name: 'Width' }), '800');
    expect(within(menu!).getByRole('spinbutton', { name: 'Width' })).toHaveProperty('value', '800');
    expect(within(menu!).getByRole('button', { name: 'Use this size for the selected image' })).toBeTruthy();
  });

  it('a bad value is refused in the words of its field, and nothing can be used', async () => {
    const user = userEvent.setup();
    render(<SizeBuilder image={image('a')} ctx={on} selection={{ count: 2, private: 0 }} />);
    await user.clear(screen.getByRole('spinbutton', { name: 'Width' }));
    await user.type(screen.getByRole('spinbutton', { name: 'Width' }), '0');
    expect(screen.getByRole('alert').textContent).toBe('Width must be a whole number from 1 to 12000');
    expect(screen.getByRole('button', { name: 'Use this size for the 2 selected images' })).toHaveProperty('disabled', true);
  });

  it('words each field’s problem for a person; the contract’s rules decide', () => {
    // The server keeps the API's wording (contract/variants.ts); only the dashboard says it this way.
    expect(sizeProblem({ width: 0 })).toBe('Width must be a whole number from 1 to 12000');
    expect(sizeProblem({ width: 400, height: 12_001 })).toBe('Height must be a whole number from 1 to 12000');
    expect(sizeProblem({ width: 400.5 })).toBe('Width must be a whole number from 1 to 12000');
    expect(sizeProblem({ width: 400, quality: 101 })).toBe('Quality must be a whole number from 1 to 100');
    expect(sizeProblem({})).toBe('Give at least a width or a height');
    expect(sizeProblem({ width: 400, height: 300, quality: 80 })).toBeNull();
  });

  it('private images: refused with the reason, the nearest named variant offered, signed', async () => {
    const user = userEvent.setup();
    render(
      <>
        <SizeBuilder image={image('p', true)} ctx={on} selection={{ count: 2, private: 2 }} />
        <CopySize />
      </>,
    );
    expect(screen.queryByRole('group', { name: 'Size builder' })).toBeNull();
    expect(screen.getByText('These images are private: Cloudflare refuses flexible variants for images that require signed URLs.')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Use thumbnail · 320×320 cover, signed' }));
    expect(screen.getByTestId('copy-size').textContent).toBe('thumbnail');
  });

  it('a selection with some private images says what those get instead', () => {
    render(<SizeBuilder image={image('a')} ctx={on} selection={{ count: 3, private: 1 }} />);
    expect(
      screen.getByText(
        '1 of the 3 selected images is private: Cloudflare refuses flexible variants for it, so it is copied at the nearest named variant, signed.',
      ),
    ).toBeTruthy();
  });

  it('flexible variants off: one line says why, and no builder', () => {
    render(<SizeBuilder image={image('a')} ctx={off} selection={{ count: 2, private: 0 }} />);
    expect(screen.queryByRole('group', { name: 'Size builder' })).toBeNull();
    expect(screen.getByText(/^Custom sizes need flexible variants, which are off for this account/)).toBeTruthy();
  });
});

describe('SizeBuilder in the detail panel (one image)', () => {
  it('copies this image at the size, or the nearest named variant of a private one', async () => {
    const user = userEvent.setup();
    const onCopy = vi.fn();
    const { unmount } = render(<SizeBuilder image={image('a')} ctx={on} onCopy={onCopy} />);
    await user.click(screen.getByRole('button', { name: 'Copy at this size' }));
    expect(onCopy).toHaveBeenLastCalledWith({ flexible: { width: 400, height: 300, fit: 'cover' } });
    expect(screen.getByRole('button', { name: 'Use this size for selections' })).toBeTruthy();
    unmount();
    render(<SizeBuilder image={image('p', true)} ctx={on} onCopy={onCopy} />);
    await user.click(screen.getByRole('button', { name: 'Copy thumbnail · 320×320 cover, signed' }));
    expect(onCopy).toHaveBeenLastCalledWith({ variant: 'thumbnail' });
  });
});

describe('sizePreviewFor: which image the copy menu previews', () => {
  const images = [image('p1', true), image('a'), image('b'), image('p2', true)];
  it('the first selected public image in the order shown, counting the private ones', () => {
    expect(sizePreviewFor(images, new Set(['b', 'p1', 'a']))).toStrictEqual({ image: images[1], count: 3, private: 1 });
  });
  it('only private ones selected: the first of them (the builder refuses it)', () => {
    expect(sizePreviewFor(images, new Set(['p2', 'p1']))).toStrictEqual({ image: images[0], count: 2, private: 2 });
  });
  it('nothing selected: the first public loaded image', () => {
    expect(sizePreviewFor(images, new Set())).toStrictEqual({ image: images[1], count: 0, private: 0 });
    expect(sizePreviewFor([], new Set())).toStrictEqual({ image: null, count: 0, private: 0 });
  });
  it('reads positions from loaded images without scanning them', () => {
    const loaded = loadedImages([{ images, continuation_token: null }]);
    expect(sizePreviewFor(loaded, new Set(['b']))).toStrictEqual({ image: images[2], count: 1, private: 0 });
  });
});

describe('customSizeLabel: the custom size as the Copy size choice shows it', () => {
  it.each([
    ['w=400,h=300,fit=cover,format=webp', 'custom · 400×300 cover webp'],
    ['w=1366', 'custom · 1366×auto'],
    ['w=640,q=80,dpr=2,format=auto', 'custom · 640×auto q80 2x'],
    ['format=avif', 'custom · any size avif'],
  ])('%s reads %s', (text, label) => {
    expect(customSizeLabel(text)).toBe(label);
  });
});
