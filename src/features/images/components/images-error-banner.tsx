/**
 * Why the list failed, in Cloudflare's words and code, with a Retry. A 429 with `Retry-After` counts down, keeps
 * Retry disabled until then (an earlier retry would only be refused again) and retries by itself at zero. When the
 * server gave no answer at all (stopped, restarting, the network gone), it retries by itself too, after 2 s, then
 * twice as long each time up to 30 s, as a bulk job does (docs/actions.md): the banner goes once the server is back,
 * without anyone clicking Retry. Retry stays enabled then: nothing asked to wait, and a server back after 20 s of a
 * 30 s pause should not keep the person waiting.
 */
import { useEffect, useRef, useState } from 'react';
import { Banner } from '../../../components/ui/banner';
import { ApiRequestError } from '../../../lib/api-client';
import { formatClockTime } from '../../../lib/format';

/** Which request failed: the first page, the next one, or the refresh of the pages already loaded (after a write). */
export type FailedRequest = 'first' | 'next' | 'refresh';

const TITLES: Record<FailedRequest, string> = {
  first: 'The images could not be loaded',
  next: 'The next page could not be loaded',
  refresh: 'The images could not be refreshed',
};

const FIRST_PAUSE_MS = 2_000;
const LONGEST_PAUSE_MS = 30_000;

/** The pause before retrying by itself after the `count`-th answerless failure in a row: 2 s, 4 s, … 30 s. */
export function unreachablePauseMs(count: number): number {
  return Math.min(LONGEST_PAUSE_MS, FIRST_PAUSE_MS * 2 ** Math.max(0, count - 1));
}

const isUnreachable = (error: Error | null) => error instanceof ApiRequestError && error.status === 0;

/** How many of the last errors in a row had no answer at all; back to 0 once a request succeeds (`error` is null). */
export function useUnreachableInARow(error: Error | null): number {
  const [seen, setSeen] = useState<{ error: Error | null; count: number }>({ error: null, count: 0 });
  if (seen.error !== error) {
    // Adjusting state to a new error while rendering (React's pattern for state derived from a changing prop).
    const count = error === null ? 0 : isUnreachable(error) ? seen.count + 1 : 0;
    setSeen({ error, count });
    return count;
  }
  return seen.count;
}

export interface ImagesErrorBannerProps {
  error: Error;
  onRetry: () => void;
  failed: FailedRequest;
  /** `useUnreachableInARow`: with no answer at all, how many times in a row (sets the pause before retrying). */
  unreachableInARow: number;
}

export function ImagesErrorBanner({ error, onRetry, failed, unreachableInARow }: ImagesErrorBannerProps) {
  const api = error instanceof ApiRequestError ? error : null;
  const pauseMs = api?.retryAfterMs ?? (isUnreachable(error) ? unreachablePauseMs(unreachableInARow) : null);
  const retryAt = api && pauseMs !== null ? api.receivedAt + pauseMs : null;
  const secondsLeft = useSecondsUntil(retryAt);
  const waiting = secondsLeft > 0;
  // Only the server's own Retry-After holds Retry back; our own back-off for an absent server does not.
  const held = waiting && api?.retryAfterMs != null;

  // Once per error: a retry that fails again brings a new error, and with it a new countdown.
  const retried = useRef<Error | null>(null);
  useEffect(() => {
    if (retryAt === null || waiting || retried.current === error) return;
    retried.current = error;
    onRetry();
  }, [retryAt, waiting, error, onRetry]);

  const title = api?.isRateLimit ? 'Cloudflare is rate-limiting requests' : TITLES[failed];
  return (
    <Banner
      title={title}
      tone={api?.isRateLimit ? 'warning' : 'error'}
      actions={
        <button type="button" className="button" onClick={onRetry} disabled={held}>
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
      {failed === 'next' ? <p>The images already loaded stay in the grid.</p> : null}
      {failed === 'refresh' ? <p>The images shown are as they were before; they may have changed since.</p> : null}
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
