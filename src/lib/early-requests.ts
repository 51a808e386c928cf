/**
 * Requests the first screen needs, started by src/early.ts while the main bundle is still downloading, and taken
 * over by the app when it gets round to asking for them: each answer is handed out once, and only for the exact
 * URL it was started for (anything else, or a second ask, fetches as usual). One module instance is shared by
 * the early script and the app (the build puts it in a chunk both import).
 */
import { settledWithin } from './settled-within';

export interface EarlyRequest {
  url: string;
  response: Promise<Response>;
}

const slots = new Map<string, Promise<EarlyRequest | null>>();

/** Files the request (or the promise of one, when its URL depends on an earlier answer) under `slot`. */
export function putEarlyRequest(slot: string, request: Promise<EarlyRequest | null>): void {
  // A failure is the app's to report when it asks again itself.
  slots.set(slot, request.catch(() => null));
}

/**
 * The early answer for `url`, at most once per slot; `null` when none was started for this URL, and then the
 * caller fetches it itself. A rejected early fetch rejects here as `fetch` would.
 */
export async function takeEarlyResponse(slot: string, url: string): Promise<Response | null> {
  const pending = slots.get(slot);
  if (!pending) return null;
  slots.delete(slot);
  const request = await pending;
  return request && request.url === url ? request.response : null;
}

/**
 * Settles once the early script has started its requests (or found none to start), and after `maxMs` at most. The
 * app waits for it before its first render: that render is one long task, and the early script's step from the
 * config's answer to the list requests is a callback that would otherwise wait for the task to end (docs/performance.md).
 */
export function earlyRequestsStarted(maxMs: number): Promise<void> {
  const pending = [...slots.values()];
  if (pending.length === 0) return Promise.resolve();
  return settledWithin(Promise.all(pending), maxMs);
}
