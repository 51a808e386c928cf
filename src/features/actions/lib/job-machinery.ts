/**
 * What a bulk job runs with: the runner, its steps, the requests they make. Fetched with the first job, resume or
 * preview (hooks/use-bulk-job.tsx), in a chunk of its own: no first screen needs it.
 */
export { createJob, undoJob } from './bulk-job';
export { JobRunner } from './job-runner';
export { performStep } from './job-steps';
export { deleteImage, getImage, patchImage } from '../api/image-requests';
