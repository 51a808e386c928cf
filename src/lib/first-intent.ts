/**
 * Runs `run` once, at the person's first pointer movement, press, key or focus in the page: the moment to fetch code
 * that no first screen shows but the first action may need (docs/decisions.md). Returns the cleanup.
 */
const INTENT_EVENTS = ['pointerover', 'pointerdown', 'keydown', 'focusin'] as const;

export function onFirstIntent(run: () => void): () => void {
  const stop = () => {
    for (const type of INTENT_EVENTS) window.removeEventListener(type, now, true);
  };
  const now = () => {
    stop();
    run();
  };
  for (const type of INTENT_EVENTS) window.addEventListener(type, now, { capture: true, passive: true });
  return stop;
}
