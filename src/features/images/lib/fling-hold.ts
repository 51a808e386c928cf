/**
 * Thumbnails wait while the grid or the table moves fast, as photo libraries do: a preview that scrolls into view
 * during a fling shows its placeholder and asks for its picture once the scroll slows or stops. A fling through a
 * thousand images would otherwise fetch (and Cloudflare bill as delivered) every thumbnail it passes, each on screen
 * for a frame or two, and decoding them is what lengthens the browser's pauses while scrolling
 * (docs/performance.md "What the remaining long tasks are").
 *
 * One state for the page (one scroller is on screen at a time), read by the previews that opt in. It counts turns:
 * odd while holding. A preview notes the turn it mounted in; it shows its picture unless it mounted while holding
 * and no release has come since. So a picture already shown stays shown through the next fling, and a hold or a
 * release re-renders only the previews, never the cards or rows around them.
 */
import { useEffect, useSyncExternalStore, type RefObject } from 'react';

/** Faster than this (viewport heights a second) is a fling: a mouse wheel turned fast moves 1–2, PageDown held ~30. */
export const FLING_VIEWPORTS_PER_SECOND = 8;
/** A scroll that has sent no event for this long has stopped (TanStack Virtual's own `isScrolling` delay). */
export const FLING_SETTLE_MS = 150;

let turn = 0;
const listeners = new Set<() => void>();

function setHolding(holding: boolean): void {
  if (holding === (turn % 2 === 1)) return;
  turn += 1;
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

const currentTurn = () => turn;

/** The current turn (odd: holding), re-rendering the caller when it changes. */
export function useFlingTurn(): number {
  return useSyncExternalStore(subscribe, currentTurn, currentTurn);
}

/** Whether a preview that mounted in `mountedTurn` may show its picture in `now`. */
export function mayShow(mountedTurn: number, now: number): boolean {
  return mountedTurn % 2 === 0 || now > mountedTurn;
}

/**
 * A virtualizer's range as the grid's and the table's range extractors read it: without the rows beyond the
 * viewport while the view flings. Those rows are there so that a slow scroll finds them ready; a fling's next step
 * is screens away from them, and rendering them was a third of the style work of each step (docs/performance.md).
 * Read when the range is computed, so a hold or a release re-renders nothing: the next scroll brings them back.
 */
export function withoutOverscanWhileFlinging<R extends { overscan: number }>(range: R): R {
  return turn % 2 === 1 ? { ...range, overscan: 0 } : range;
}

/** The turn now, for a preview's first render (`useState(flingTurnNow)`). */
export function flingTurnNow(): number {
  return turn;
}

/**
 * Holds the previews while `scrollRef`'s element scrolls faster than `FLING_VIEWPORTS_PER_SECOND`, and releases them
 * when a scroll event comes slower, or `FLING_SETTLE_MS` after the last one if the scroller has not moved since.
 */
export function useFlingHold(scrollRef: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const element = scrollRef.current;
    if (!element) return;
    let lastTop = element.scrollTop;
    let lastAt = performance.now();
    /** Settle checks in a row that found the scroller moved with its scroll event still to come. */
    let movedUnseen = 0;
    let settle: ReturnType<typeof setTimeout> | undefined;
    const arm = () => {
      clearTimeout(settle);
      settle = setTimeout(check, FLING_SETTLE_MS);
    };
    const check = () => {
      // On a busy page (a slow phone, a page of images arriving) this timer runs before the scroll event of a move
      // already made: the fling goes on. Twice at most, so that a move whose event never came cannot hold for good.
      if (element.scrollTop !== lastTop && movedUnseen < 2) {
        movedUnseen += 1;
        arm();
        return;
      }
      setHolding(false);
    };
    const onScroll = () => {
      const now = performance.now();
      const top = element.scrollTop;
      const elapsed = Math.max(1, now - lastAt);
      const viewportsPerSecond = (Math.abs(top - lastTop) / Math.max(1, element.clientHeight)) * (1000 / elapsed);
      // A first event after a pause measures the pause, not the speed: it never starts a hold by itself. A delayed
      // event of a fling that went on meanwhile is no pause.
      const afterPause = elapsed >= FLING_SETTLE_MS && movedUnseen === 0;
      lastTop = top;
      lastAt = now;
      movedUnseen = 0;
      setHolding(!afterPause && viewportsPerSecond > FLING_VIEWPORTS_PER_SECOND);
      arm();
    };
    element.addEventListener('scroll', onScroll, { passive: true });
    return () => {
      element.removeEventListener('scroll', onScroll);
      clearTimeout(settle);
      setHolding(false);
    };
  }, [scrollRef]);
}
