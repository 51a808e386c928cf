/** The live status line. The API has no total count, so this never claims one until the last page is in. */
import { formatCount, plural } from '../../../lib/format';

export interface StatusInput {
  loaded: number;
  hasMore: boolean;
  isLoading: boolean;
}

/**
 * Loading a next page does not change the text: a polite live region that chatters on every scroll is noise.
 * The grid shows skeleton cards and `aria-busy` meanwhile.
 */
export function statusText({ loaded, hasMore, isLoading }: StatusInput): string {
  if (isLoading && loaded === 0) return 'Loading images…';
  if (hasMore) return `${plural(loaded, 'image')} loaded · more available`;
  if (loaded === 0) return 'No images found';
  if (loaded === 1) return 'The only image is loaded';
  return `All ${formatCount(loaded)} images loaded`;
}
