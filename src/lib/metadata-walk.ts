/**
 * The one walk over the loaded images' metadata: the table's metadata columns (features/images table-columns.ts)
 * and the filter panel's Field suggestions (features/filters metadata-keys.ts) are both built with it. The list of
 * loaded images grows page by page, and 10,000 rows must not be walked again for each new page: `update(images)`
 * walks only the images appended since the last call; a list that is not the previous one plus more (a new query)
 * is walked afresh.
 */

export interface MetadataWalkOptions<S> {
  /** Plain objects are entered down to this many levels; a deeper one is a leaf. */
  maxDepth: number;
  /** Only keys this accepts are entered (default: all). */
  segment?: (segment: string) => boolean;
  /** An empty state: at the start, and whenever the list is walked afresh. */
  start: () => S;
  /**
   * Every leaf (a value that is not a plain object, or one at `maxDepth`) with its path, never the root. The path
   * is only valid during the call: copy it to keep it.
   */
  leaf: (state: S, path: readonly string[], value: unknown) => void;
}

export interface MetadataWalk<S> {
  /** The state after walking `images`; `changed` is false when nothing new was walked (the same or no new image). */
  update(images: readonly { meta: unknown }[]): { state: S; changed: boolean };
}

/**
 * Calls `leaf` for every leaf of one image's metadata. The path handed to `leaf` is one array reused for the whole
 * walk (no copy per level: a page of 1,000 images is walked when it arrives, docs/performance.md "Dashboard"):
 * `leaf` copies it if it keeps it.
 */
export function walkMetadata<S>(state: S, meta: unknown, options: Omit<MetadataWalkOptions<S>, 'start'>): void {
  const { maxDepth, segment, leaf } = options;
  const path: string[] = [];
  const visit = (value: unknown) => {
    const isObject = typeof value === 'object' && value !== null && !Array.isArray(value);
    if (!isObject || path.length >= maxDepth) {
      if (path.length > 0) leaf(state, path, value);
      return;
    }
    for (const key of Object.keys(value)) {
      if (segment && !segment(key)) continue;
      path.push(key);
      visit((value as Record<string, unknown>)[key]);
      path.pop();
    }
  };
  visit(meta);
}

export function createMetadataWalk<S>(options: MetadataWalkOptions<S>): MetadataWalk<S> {
  let state = options.start();
  let source: readonly { meta: unknown }[] = [];
  return {
    update(images) {
      if (images === source) return { state, changed: false };
      // Pages are only ever appended: the same first and last image as before means the old list is a prefix.
      const last = source.length - 1;
      const grown = images.length >= source.length && (last < 0 || (images[0] === source[0] && images[last] === source[last]));
      if (!grown) state = options.start();
      const from = grown ? source.length : 0;
      for (let i = from; i < images.length; i += 1) walkMetadata(state, images[i]!.meta, options);
      const changed = !grown || images.length !== source.length;
      source = images;
      return { state, changed };
    },
  };
}
