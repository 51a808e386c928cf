/**
 * The parts of the actions feature that no first screen shows (the detail panel's edit form, the upload dialog,
 * the job panel), fetched when first needed: they kept ~10 kB of compressed script in the first screen's bundle
 * (docs/performance.md "The first screen"). The bulk dialogs are fetched the same way in bulk-actions.tsx.
 */
import { lazy, useState } from 'react';
import { OnDemand } from '../../../components/ui/on-demand';
import { useBulkJob } from '../hooks/use-bulk-job';
import { useUploads } from '../hooks/use-uploads';
import type { UploadDialogProps } from './upload-dialog';

const UploadDialogNow = lazy(() => import('./upload-dialog').then((m) => ({ default: m.UploadDialog })));
const JobPanelNow = lazy(() => import('./job-panel').then((m) => ({ default: m.JobPanel })));

/** Edit, download and delete in the detail panel (itself fetched when an image is opened). */
export const ImageActions = lazy(() => import('./image-actions').then((m) => ({ default: m.ImageActions })));

/** The upload dialog, from the first time it opens on: then it stays mounted, and closing it is the dialog's own. */
export function UploadDialog(props: UploadDialogProps) {
  const { open } = useUploads();
  return useOnceTrue(open) ? (
    <OnDemand what="The upload dialog">
      <UploadDialogNow {...props} />
    </OnDemand>
  ) : null;
}

/** The bulk job's panel, from the first job on (one left running before a reload included). */
export function JobPanel() {
  const { job } = useBulkJob();
  return useOnceTrue(Boolean(job)) ? (
    <OnDemand what="The job panel">
      <JobPanelNow />
    </OnDemand>
  ) : null;
}

/** True from the first render in which `value` is true on. */
function useOnceTrue(value: boolean): boolean {
  const [seen, setSeen] = useState(value);
  if (value && !seen) setSeen(true);
  return seen || value;
}
