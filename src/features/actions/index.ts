/**
 * The actions feature: upload, edit and delete one image, bulk jobs over a selection or every matching image, and
 * the account's image count. The app shell composes these with the images feature (src/app/action-slots.tsx);
 * see docs/actions.md. What no first screen shows is fetched when first needed (components/on-demand.tsx).
 */
// The feature's styles stay in the first screen's stylesheet: the buttons, the count and the drop zone use them.
import './components/actions.css';

export { UploadsProvider } from './hooks/use-uploads';
export { UploadButton } from './components/upload-button';
export { UploadDropZone } from './components/upload-drop-zone';
export { UploadDialog, ImageActions, JobPanel } from './components/on-demand';
export type { EditableImage } from './components/image-actions';
export { BulkJobProvider, useDeletedByJob } from './hooks/use-bulk-job';
export { BulkActions } from './components/bulk-actions';
export { SelectAllMatching } from './components/select-all-matching';
export { ImageCount } from './components/image-count';
export { actionKeys } from './api/action-keys';
