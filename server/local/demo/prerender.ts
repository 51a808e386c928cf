/**
 * Draws the thumbnails a first screen asks for before anyone asks: after start, in the background, one at a time,
 * the `thumbnail` variant of the newest demo images (the grid's default order), then of the oldest (`sort_order=asc`).
 * Demo pictures are deterministic, so these are exactly the bytes a request would render; they land in the same
 * variant cache. Without it the first grid of a fresh store waited on ~25 sharp renders queued behind each other
 * (bench/ui.bench.ts "first thumbnail, cold").
 *
 * One render at a time keeps a core free for whoever is using the machine; images already cached are skipped, so a
 * restart costs a few `stat`s. Uploads are never pre-rendered: only demo pictures are cheap and certain to be asked for.
 */
import type { LocalVariant } from '../../../src/contract/image';
import type { ImageStore } from '../image-store';
import type { StoredImage } from '../stored-image';
import type { VariantRenderer } from '../variants';
import { parseDemoFile } from './demo-images';

export interface PrerenderOptions {
  /** Newest images to draw (default 300: the grid's first three pages). */
  newest?: number;
  /** Oldest images to draw after those (default 100). */
  oldest?: number;
  variant?: Exclude<LocalVariant, 'original'>;
}

export interface Prerendering {
  /** Resolves when every picture is drawn or the run was stopped. */
  done: Promise<void>;
  /** Stops after the render in progress. */
  stop(): void;
}

export function prerenderDemoThumbnails(
  store: ImageStore,
  renderer: VariantRenderer,
  { newest = 300, oldest = 100, variant = 'thumbnail' }: PrerenderOptions = {},
): Prerendering {
  let stopped = false;
  const all = () => true;
  const queue: StoredImage[] = [
    ...store.list({ perPage: newest, sortOrder: 'desc', match: all }).images,
    ...store.list({ perPage: oldest, sortOrder: 'asc', match: all }).images,
  ].filter((image) => parseDemoFile(image.file) !== null);

  const done = (async () => {
    // Let the server start listening first.
    await new Promise((resolve) => setImmediate(resolve));
    for (const image of queue) {
      if (stopped) return;
      // Deleted meanwhile: nothing to draw.
      if (store.get(image.id) !== image) continue;
      try {
        await renderer.prerender(image, variant);
      } catch {
        // A cache that cannot be written now (store closed, disk full) is drawn on request instead.
      }
    }
  })();
  return { done, stop: () => void (stopped = true) };
}
