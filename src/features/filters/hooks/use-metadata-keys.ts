import { useDeferredValue, useMemo, useState } from 'react';
import { createMetadataKeyCollector, type MetadataKey } from '../lib/metadata-keys';

/**
 * The Field suggestions for a list of loaded images that grows page by page: each new page is walked once (not every
 * loaded image on every page, which showed up as long tasks with 10,000 loaded). Same answer as
 * `collectMetadataKeys(images)`. A new page is walked in a render of its own, after the views have shown it (a
 * deferred value), so the walk does not lengthen the task that puts the page on screen (docs/performance.md
 * "Dashboard").
 */
export function useMetadataKeys(images: readonly { meta: unknown }[]): readonly MetadataKey[] {
  const [collector] = useState(createMetadataKeyCollector);
  const walked = useDeferredValue(images);
  // `update` remembers what it has walked; for the same list it answers the same array (safe to call twice).
  return useMemo(() => collector.update(walked), [collector, walked]);
}
