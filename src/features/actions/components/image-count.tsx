/** The header's "N of M images": stored and allowed, from stats (docs/CONTRACT.md §7); refreshed after writes. */
import { formatCount } from '../../../lib/format';
import { useImageStats } from '../api/get-stats';

export function ImageCount({ accountId }: { accountId: string }) {
  const stats = useImageStats(accountId);
  if (!stats.data) return null;
  const { current, allowed } = stats.data;
  return (
    <p className="image-count" title="Images stored in the account, of the account's limit">
      {formatCount(current)} of {formatCount(allowed)} images
    </p>
  );
}
