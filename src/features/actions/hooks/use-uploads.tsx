/**
 * The upload queue, shared by the "Upload images" button, the drop zone over the grid and the upload dialog. Files
 * wait in the queue until the person starts them (with optional metadata, creator, private, and a custom id when
 * there is one file); then three at a time go through direct upload, each with its progress and result. The upload
 * code is fetched with the first Start: no first screen needs it.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { UploadFields } from '../api/direct-upload';

export type UploadStatus = 'waiting' | 'uploading' | 'done' | 'failed';

export interface UploadItem {
  key: number;
  file: File;
  status: UploadStatus;
  /** 0–1, bytes sent. */
  progress: number;
  error?: string;
  imageId?: string;
}

interface Uploads {
  items: UploadItem[];
  open: boolean;
  addFiles: (files: Iterable<File>) => void;
  /** Starts every waiting file with these fields. */
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
    const added = [...files].map((file) => ({ key: nextKey.current++, file, status: 'waiting' as const, progress: 0 }));
    if (added.length === 0) return;
    // A new batch after a finished one starts a fresh queue; during uploads it waits for its own Start.
    setItems((current) => (current.some((item) => item.status === 'uploading') ? [...current, ...added] : added));
    setOpen(true);
  }, []);

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
    // Files still uploading carry on (their results show when the dialog opens again); waiting ones are dropped.
    setItems((current) => current.filter((item) => item.status === 'uploading'));
  }, []);

  const value = useMemo(() => ({ items, open, addFiles, start, close }), [items, open, addFiles, start, close]);
  return <UploadsContext value={value}>{children}</UploadsContext>;
}

export function useUploads(): Uploads {
  const uploads = useContext(UploadsContext);
  if (!uploads) throw new Error('useUploads needs an <UploadsProvider>');
  return uploads;
}
