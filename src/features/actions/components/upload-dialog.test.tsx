// @vitest-environment jsdom
/**
 * The upload queue (upload-dialog.tsx, use-uploads.tsx): each file is checked before anything is sent, a refused one
 * says why and is not sent, the Start button counts only what will be sent, any file not yet sent can be removed
 * with focus kept in the queue, and an empty key row blocks as it does in the Edit form. The network is the one
 * thing replaced here (e2e/actions.spec.ts sends for real).
 */
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { useUploads, UploadsProvider } from '../hooks/use-uploads';
import { UploadDialog } from './upload-dialog';

const sent = vi.hoisted(() => [] as string[]);
vi.mock('../api/direct-upload', () => ({
  createDirectUpload: () => Promise.resolve({ id: 'new', uploadURL: '/upload' }),
  sendToUploadUrl: (_url: string, file: File) => {
    sent.push(file.name);
    return Promise.resolve({ id: `id-${file.name}` });
  },
}));

// jsdom has <dialog> without its behaviour.
beforeAll(() => {
  HTMLDialogElement.prototype.showModal = function showModal(this: HTMLDialogElement) {
    this.setAttribute('open', '');
  };
  HTMLDialogElement.prototype.close = function close(this: HTMLDialogElement) {
    this.removeAttribute('open');
  };
});
afterEach(() => {
  cleanup();
  sent.length = 0;
});

/** A 1×1 PNG. */
const PNG = Uint8Array.from(
  atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=='),
  (c) => c.charCodeAt(0),
);
const NOT_AN_IMAGE = 'Not an image Cloudflare accepts: PNG, JPEG, GIF, WebP or SVG';

function AddFiles({ files }: { files: File[] }) {
  const { addFiles } = useUploads();
  return (
    <button type="button" onClick={() => addFiles(files)}>
      Choose files
    </button>
  );
}

async function queue(files: File[]) {
  const user = userEvent.setup();
  render(
    <UploadsProvider accountId="acc" onUploaded={() => {}}>
      <AddFiles files={files} />
      <UploadDialog />
    </UploadsProvider>,
  );
  await user.click(screen.getByRole('button', { name: 'Choose files' }));
  const list = screen.getByRole('list', { name: 'Upload queue' });
  const row = (name: string) => within(list).getByRole('listitem', { name });
  return { user, list, row };
}

const threeFiles = () => [
  new File([PNG], 'photo.png', { type: 'image/png' }),
  new File(['Read me first.\n'], 'readme.txt', { type: 'text/plain' }),
  new File(['hello, not a picture'], 'fake.png', { type: 'image/png' }),
];

describe('the upload queue', () => {
  it('refuses a text file and a fake .png before sending, and sends only the image', async () => {
    const { user, row } = await queue(threeFiles());
    await waitFor(() => expect(row('readme.txt').textContent).toContain(NOT_AN_IMAGE));
    expect(row('fake.png').textContent).toContain(NOT_AN_IMAGE);
    expect(row('photo.png').textContent).toContain('Waiting');
    // Each filename in its own direction: a right-to-left one is cut at its end (dir="auto").
    expect(within(row('photo.png')).getByText('photo.png').getAttribute('dir')).toBe('auto');
    const startButton = screen.getByRole('button', { name: 'Start upload of 1 file' });
    expect(sent).toEqual([]);
    await user.click(startButton);
    await waitFor(() => expect(screen.getByRole('status').textContent).toContain('1 image uploaded, 2 not sent'));
    expect(sent).toEqual(['photo.png']);
    expect(row('photo.png').textContent).toContain('Uploaded');
    expect(row('readme.txt').textContent).toContain(NOT_AN_IMAGE);
    // A refused file can still be removed afterwards; with no options left, focus goes to Close.
    await user.click(screen.getByRole('button', { name: 'Remove fake.png' }));
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Close' }));
  });

  it('Start upload keeps the focus in the dialog: on Close once the options are gone', async () => {
    const { user } = await queue([new File([PNG], 'photo.png', { type: 'image/png' })]);
    await user.click(await screen.findByRole('button', { name: 'Start upload of 1 file' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toContain('1 image uploaded'));
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Close' }));
  });

  it('removes one file at a time; focus goes to the next row’s Remove, then to the upload options', async () => {
    const { user, list } = await queue(threeFiles());
    await screen.findByRole('button', { name: 'Start upload of 1 file' });
    await user.click(screen.getByRole('button', { name: 'Remove readme.txt' }));
    expect(within(list).queryByRole('listitem', { name: 'readme.txt' })).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Remove fake.png' }));
    await user.keyboard('{Enter}');
    expect(within(list).queryByRole('listitem', { name: 'fake.png' })).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('form', { name: 'Upload options' }));
    expect(within(list).getAllByRole('listitem')).toHaveLength(1);
    expect((screen.getByRole('button', { name: 'Start upload of 1 file' }) as HTMLButtonElement).disabled).toBe(false);
  });

  it('counts only the files that will be sent, and offers nothing to send when all are refused', async () => {
    await queue([new File([], 'empty.png'), new File(['plain text'], 'notes.txt')]);
    const button = await screen.findByRole('button', { name: 'Start upload of 0 files' });
    expect((button as HTMLButtonElement).disabled).toBe(true);
    // Refused files are not images to upload: the heading counts them apart.
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe('Upload 0 images, 2 refused');
    screen.getByText('Empty file: there is nothing to upload');
  });

  it('closes when the last file is removed', async () => {
    const { user } = await queue([new File([PNG], 'only.png', { type: 'image/png' })]);
    await user.click(await screen.findByRole('button', { name: 'Remove only.png' }));
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('blocks on an empty key row with the Edit form’s message', async () => {
    const { user } = await queue([new File([PNG], 'photo.png', { type: 'image/png' })]);
    const startButton = await screen.findByRole('button', { name: 'Start upload of 1 file' });
    await user.click(screen.getByRole('button', { name: 'Add key' }));
    screen.getByText('Give this value a key');
    expect((startButton as HTMLButtonElement).disabled).toBe(true);
    await user.type(screen.getByRole('textbox', { name: 'Key 1' }), 'status');
    expect((startButton as HTMLButtonElement).disabled).toBe(false);
  });
});
