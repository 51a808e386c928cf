/**
 * The live status line. List v2 has no total count, so this never claims one until the last page is in; the account
 * index (docs/CONTRACT.md §8) has one, and then the line says it.
 */
import { formatCount, plural } from '../../../lib/format';

export interface StatusInput {
  loaded: number;
  hasMore: boolean;
  /** A first page or a new query is on its way (the old query's images may still be on screen). */
  isLoading: boolean;
  /** How many images match, when the answer says (the index's `total`). */
  total?: number;
  /** The last request failed (the error banner says why). */
  failed?: boolean;
}

/**
 * Loading a next page does not change the text: a polite live region that chatters on every scroll is noise.
 * The grid shows skeleton cards and `aria-busy` meanwhile. A new query says "Loading…" at once: the count of the
 * old one would be a claim about images that are about to go.
 */
export function statusText({ loaded, hasMore, isLoading, failed = false, total }: StatusInput): string {
  if (isLoading) return loaded === 0 ? 'Loading images…' : 'Loading…';
  if (failed && loaded === 0) return 'No images loaded yet';
  if (total !== undefined && total > 0) {
    return `${formatCount(loaded)} of ${formatCount(total)} matching ${total === 1 ? 'image' : 'images'} loaded`;
  }
  if (hasMore) return `${plural(loaded, 'image')} loaded · more available`;
  if (loaded === 0) return 'No images found';
  if (loaded === 1) return 'The only image is loaded';
  return `All ${formatCount(loaded)} images loaded`;
}
