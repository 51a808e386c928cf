/**
 * Why the list failed, in Cloudflare's words and code, with a Retry. A 429 with `Retry-After` counts down, keeps
 * Retry disabled until then (an earlier retry would only be refused again) and retries by itself at zero.
 */
import { useEffect, useRef, useState } from 'react';
import { Banner } from '../../../components/ui/banner';
import { ApiRequestError } from '../../../lib/api-client';
import { formatClockTime } from '../../../lib/format';

export function ImagesErrorBanner({ error, onRetry, partial }: { error: Error; onRetry: () => void; partial: boolean }) {
  const api = error instanceof ApiRequestError ? error : null;
  const retryAt = api?.retryAfterMs != null ? api.receivedAt + api.retryAfterMs : null;
  const secondsLeft = useSecondsUntil(retryAt);
  const waiting = secondsLeft > 0;

  // Once per error: a retry that fails again brings a new error, and with it a new countdown.
  const retried = useRef<Error | null>(null);
  useEffect(() => {
    if (retryAt === null || waiting || retried.current === error) return;
    retried.current = error;
    onRetry();
  }, [retryAt, waiting, error, onRetry]);

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
        <button type="button" className="button" onClick={onRetry} disabled={waiting}>
          Retry
        </button>
      }
    >
      <p>
        {error.message}
        {api?.code ? <span className="banner__code"> (code {api.code})</span> : null}
        {api && api.status > 0 && !api.code ? <span className="banner__code"> (HTTP {api.status})</span> : null}
      </p>
      {retryAt !== null ? (
        <p>
          {waiting
            ? `Retrying by itself in ${secondsLeft} s (at ${formatClockTime(new Date(retryAt))}).`
            : 'Retrying now…'}
        </p>
      ) : null}
      {api?.isRateLimit && retryAt === null ? <p>Wait a moment, then retry.</p> : null}
      {partial ? <p>The images already loaded stay in the grid.</p> : null}
    </Banner>
  );
}

/** Whole seconds from now until `deadline` (ms since the epoch), ticking; 0 once passed or without one. */
function useSecondsUntil(deadline: number | null): number {
  const left = () => (deadline === null ? 0 : Math.max(0, Math.ceil((deadline - Date.now()) / 1000)));
  const [seconds, setSeconds] = useState(left);
  useEffect(() => {
    if (deadline === null) return;
    const tick = () => setSeconds(Math.max(0, Math.ceil((deadline - Date.now()) / 1000)));
    tick();
    const timer = setInterval(tick, 250);
    return () => clearInterval(timer);
  }, [deadline]);
  return deadline === null ? 0 : seconds;
}
