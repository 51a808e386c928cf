// @vitest-environment jsdom
import { LOCAL_VARIANT_INFO } from '../../../contract/variants';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CfImage } from '../../../contract/image';
import { ImagesProvider } from './images-provider';
import { ImageTable } from './image-table';
import { setLocalConfig } from '../../../test-support/local-config';

afterEach(cleanup);
beforeAll(() => {
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => 600 });
  Object.defineProperty(HTMLElement.prototype, 'clientWidth', { configurable: true, get: () => 1200 });
});

const image: CfImage = {
  id: '00000000-0000-4000-8000-000000000001',
  filename: 'picture-1.png',
  creator: null,
  meta: { camera: { settings: { iso: 400 } } },
  requireSignedURLs: false,
  uploaded: '2026-11-01T10:00:00.000Z',
  variants: ['http://127.0.0.1/cdn-cgi/imagedelivery/hash/00000000-0000-4000-8000-000000000001/public'],
};

function renderTable() {
  const client = new QueryClient();
  setLocalConfig(client, { variants: LOCAL_VARIANT_INFO.filter((v) => v.name === 'public') });
  render(
    <QueryClientProvider client={client}>
      <ImagesProvider>
        <ImageTable
          images={[image]}
          hasMore={false}
          isLoading={false}
          canLoadMore
          loadMore={() => {}}
          prefetch={500}
          previewVariant="public"
          variants={['public']}
          onOpen={() => {}}
          onCopy={() => {}}
        />
      </ImagesProvider>
    </QueryClientProvider>,
  );
}

describe('ImageTable headers', () => {
  it('show a metadata column’s whole path on hover', () => {
    renderTable();
    const header = screen.getByRole('columnheader', { name: /camera\.settings\.iso/ });
    expect(header.querySelector('button')?.getAttribute('title')).toContain('camera.settings.iso');
  });

  it('widen and narrow a column with the arrow keys on its edge', async () => {
    renderTable();
    const user = userEvent.setup();
    const resizer = screen.getByRole('separator', { name: 'Resize column camera.settings.iso' });
    const header = screen.getByRole('columnheader', { name: /camera\.settings\.iso/ });
    const before = Number(resizer.getAttribute('aria-valuenow'));
    resizer.focus();
    await user.keyboard('{ArrowRight}{ArrowRight}');
    expect(Number(resizer.getAttribute('aria-valuenow'))).toBe(before + 32);
    // Every row is a grid of the columns' widths, set once on the table (image-table.css).
    const table = screen.getByRole('table', { name: 'Images' });
    const index = Number(header.getAttribute('aria-colindex')) - 1;
    expect(table.style.getPropertyValue('--image-table-columns').split(' ')[index]).toBe(`${before + 32}px`);
    await user.keyboard('{ArrowLeft}');
    expect(Number(resizer.getAttribute('aria-valuenow'))).toBe(before + 16);
  });
});
