import { formatExactTime, formatRelativeTime } from '../../../lib/format';

/** "3 days ago", with the exact UTC time on hover. */
export function RelativeTime({ iso }: { iso: string }) {
  return (
    <time dateTime={iso} title={formatExactTime(iso)}>
      {formatRelativeTime(iso)}
    </time>
  );
}
