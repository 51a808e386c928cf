/**
 * The upload queue, shared by the "Upload images" button, the drop zone over the grid and the upload dialog. Each
 * file is checked first (lib/file-check.ts: size and first bytes); one that would be refused says why and is never
 * sent. The rest wait until the person starts them (with optional metadata, creator, private, and a custom id when
 * there is one file); then three at a time go through direct upload, each with its progress and result. A file not
 * yet sent can be removed. The check and the upload code are fetched when first needed: no first screen needs them.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { UploadFields } from '../api/direct-upload';

export type UploadStatus = 'checking' | 'waiting' | 'refused' | 'uploading' | 'done' | 'failed';

/** Statuses of a file not sent, which can still be removed from the queue. */
export const UNSENT: ReadonlySet<UploadStatus> = new Set(['checking', 'waiting', 'refused']);

export interface UploadItem {
  key: number;
  file: File;
  status: UploadStatus;
  /** 0–1, bytes sent. */
  progress: number;
  /** Why it was refused before sending (in the dashboard's words) or failed (in the server's). */
  error?: string;
  imageId?: string;
}

interface Uploads {
  items: UploadItem[];
  open: boolean;
  addFiles: (files: Iterable<File>) => void;
  /** Takes a file not yet sent out of the queue; the dialog closes with the last one. */
  remove: (key: number) => void;
  /** Starts every waiting file with these fields; refused ones stay unsent. */
  start: (fields: UploadFields) => void;
  close: () => void;
}

const UploadsContext = createContext<Uploads | null>(null);
const AT_ONCE = 3;

export function UploadsProvider({ accountId, onUploaded, children }: { accountId: string; onUploaded: () => void; children: ReactNode }) {
  const [items, setItems] = useState<UploadItem[]>([]);
  const [open, setOpen] = useState(false);
  const nextKey = useRef(1);
  const latest = useRef({ onUploaded });
  useEffect(() => {
    latest.current = { onUploaded };
  });

  const update = (key: number, patch: Partial<UploadItem>) =>
    setItems((current) => current.map((item) => (item.key === key ? { ...item, ...patch } : item)));

  const addFiles = useCallback((files: Iterable<File>) => {
    const added = [...files].map((file) => ({ key: nextKey.current++, file, status: 'checking' as const, progress: 0 }));
    if (added.length === 0) return;
    // A new batch after a finished one starts a fresh queue; during uploads it waits for its own Start.
    setItems((current) => (current.some((item) => item.status === 'uploading') ? [...current, ...added] : added));
    setOpen(true);
    const checked = (key: number, problem: string | null) =>
      setItems((current) =>
        current.map((item) =>
          item.key === key && item.status === 'checking'
            ? { ...item, ...(problem ? { status: 'refused' as const, error: problem } : { status: 'waiting' as const }) }
            : item,
        ),
      );
    import('../lib/file-check').then(
      ({ uploadFileProblem }) => {
        for (const item of added) void uploadFileProblem(item.file).then((problem) => checked(item.key, problem));
      },
      // The check could not be fetched: the files wait unchecked, and the server still refuses what it must.
      () => {
        for (const item of added) checked(item.key, null);
      },
    );
  }, []);

  const remove = useCallback(
    (key: number) => {
      const keep = (item: UploadItem) => item.key !== key || !UNSENT.has(item.status);
      setItems((current) => current.filter(keep));
      if (!items.some(keep)) setOpen(false);
    },
    [items],
  );

  const start = useCallback(
    (fields: UploadFields) => {
      const queue = items.filter((item) => item.status === 'waiting');
      const keys = new Set(queue.map((item) => item.key));
      // Marked at once, so a second Start cannot send them twice.
      setItems((current) => current.map((item) => (keys.has(item.key) ? { ...item, status: 'uploading', progress: 0 } : item)));
      const one = async (item: UploadItem) => {
        try {
          const { createDirectUpload, sendToUploadUrl } = await import('../api/direct-upload');
          const { uploadURL } = await createDirectUpload(accountId, fields);
          const image = await sendToUploadUrl(uploadURL, item.file, (progress) => update(item.key, { progress }));
          update(item.key, { status: 'done', progress: 1, imageId: image.id });
          latest.current.onUploaded();
        } catch (error) {
          update(item.key, { status: 'failed', error: error instanceof Error ? error.message : String(error) });
        }
      };
      const worker = async () => {
        for (let item = queue.shift(); item; item = queue.shift()) await one(item);
      };
      for (let i = 0; i < AT_ONCE; i++) void worker();
    },
    [accountId, items],
  );

  const close = useCallback(() => {
    setOpen(false);
    // Files still uploading carry on (their results show when the dialog opens again); unsent ones are dropped.
    setItems((current) => current.filter((item) => item.status === 'uploading'));
  }, []);

  const value = useMemo(() => ({ items, open, addFiles, remove, start, close }), [items, open, addFiles, remove, start, close]);
  return <UploadsContext value={value}>{children}</UploadsContext>;
}

export function useUploads(): Uploads {
  const uploads = useContext(UploadsContext);
  if (!uploads) throw new Error('useUploads needs an <UploadsProvider>');
  return uploads;
}
