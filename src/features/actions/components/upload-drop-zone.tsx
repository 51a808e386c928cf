/** Dropping files anywhere on the results adds them to the upload queue; while files are dragged over, it says so. */
import { useState, type DragEvent, type ReactNode } from 'react';
import { useUploads } from '../hooks/use-uploads';

const hasFiles = (event: DragEvent) => Array.from(event.dataTransfer?.types ?? []).includes('Files');

export function UploadDropZone({ children }: { children: ReactNode }) {
  const { addFiles } = useUploads();
  const [over, setOver] = useState(false);
  return (
    <div
      className={over ? 'drop-zone drop-zone--over' : 'drop-zone'}
      onDragEnter={(event) => {
        if (hasFiles(event)) setOver(true);
      }}
      onDragOver={(event) => {
        if (!hasFiles(event)) return;
        event.preventDefault();
        event.dataTransfer.dropEffect = 'copy';
      }}
      onDragLeave={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setOver(false);
      }}
      onDrop={(event) => {
        if (!hasFiles(event)) return;
        event.preventDefault();
        setOver(false);
        addFiles(Array.from(event.dataTransfer.files));
      }}
    >
      {children}
      {over ? (
        <div className="drop-zone__hint" aria-hidden="true">
          Drop images to upload
        </div>
      ) : null}
    </div>
  );
}
