/** "Upload images": opens the file picker; the chosen files go to the upload queue. */
import { useRef } from 'react';
import { useUploads } from '../hooks/use-uploads';

export const IMAGE_TYPES = 'image/png,image/jpeg,image/gif,image/webp,image/svg+xml';

export function UploadButton() {
  const { addFiles } = useUploads();
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <button type="button" className="button button--primary" onClick={() => input.current?.click()}>
        Upload images
      </button>
      <input
        ref={input}
        type="file"
        multiple
        accept={IMAGE_TYPES}
        hidden
        tabIndex={-1}
        onChange={(event) => {
          addFiles(event.target.files ?? []);
          event.target.value = '';
        }}
      />
    </>
  );
}
