/** Why the list failed, in Cloudflare's words and code, with a Retry; 429 says when to retry. */
import { Banner } from '../../../components/ui/banner';
import { ApiRequestError } from '../../../lib/api-client';
import { formatClockTime } from '../../../lib/format';

export function ImagesErrorBanner({ error, onRetry, partial }: { error: Error; onRetry: () => void; partial: boolean }) {
  const api = error instanceof ApiRequestError ? error : null;
  const retryAt = api?.retryAfterMs != null ? new Date(api.receivedAt + api.retryAfterMs) : null;
  const title = api?.isRateLimit
    ? 'Cloudflare is rate-limiting requests'
    : partial
      ? 'The next page could not be loaded'
      : 'The images could not be loaded';
  return (
    <Banner
      title={title}
      tone={api?.isRateLimit ? 'warning' : 'error'}
      actions={
        <button type="button" className="button" onClick={onRetry}>
          Retry
        </button>
      }
    >
      <p>
        {error.message}
        {api?.code ? <span className="banner__code"> (code {api.code})</span> : null}
        {api && api.status > 0 && !api.code ? <span className="banner__code"> (HTTP {api.status})</span> : null}
      </p>
      {retryAt ? <p>Try again after {formatClockTime(retryAt)}.</p> : null}
      {api?.isRateLimit && !retryAt ? <p>Wait a moment, then retry.</p> : null}
      {partial ? <p>The images already loaded stay in the grid.</p> : null}
    </Banner>
  );
}
