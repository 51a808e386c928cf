/**
 * The actions feature: upload, edit and delete one image, bulk jobs over a selection or every matching image, and
 * the account's image count. The app shell composes these with the images feature (src/app/action-slots.tsx);
 * see docs/actions.md.
 */
export { UploadsProvider } from './hooks/use-uploads';
export { UploadButton } from './components/upload-button';
export { UploadDropZone } from './components/upload-drop-zone';
export { UploadDialog } from './components/upload-dialog';
export { ImageActions, type EditableImage } from './components/image-actions';
export { BulkJobProvider } from './hooks/use-bulk-job';
export { BulkActions } from './components/bulk-actions';
export { JobPanel } from './components/job-panel';
export { SelectAllMatching } from './components/select-all-matching';
export { ImageCount } from './components/image-count';
export { actionKeys } from './api/action-keys';
