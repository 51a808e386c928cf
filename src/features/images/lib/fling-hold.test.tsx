// @vitest-environment jsdom
/**
 * Previews wait while the view flings (fling-hold.ts): what a person sees is a placeholder where a card scrolled in
 * during a fast scroll, its picture once the scroll slows or stops, and no picture already shown taken away.
 */
import { act, cleanup, render } from '@testing-library/react';
import { useRef, type ReactNode } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { testImage } from '../../../test-support/images';
import { ImagePreview } from '../components/image-preview';
import { FLING_SETTLE_MS, useFlingHold, withoutOverscanWhileFlinging } from './fling-hold';

const VIEWPORT = 600;

function Scroller({ children }: { children?: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  useFlingHold(ref);
  return (
    <div ref={ref} data-testid="scroller">
      {children}
    </div>
  );
}

function Previews({ from, count, hold = true }: { from: number; count: number; hold?: boolean }) {
  return Array.from({ length: count }, (_, i) => (
    <ImagePreview key={from + i} image={testImage(from + i)} variant="public" width={320} height={320} holdWhileFlinging={hold} />
  ));
}

function setup() {
  const view = render(<Scroller />);
  const scroller = view.getByTestId('scroller');
  Object.defineProperty(scroller, 'clientHeight', { configurable: true, value: VIEWPORT });
  const show = (node: ReactNode) => view.rerender(<Scroller>{node}</Scroller>);
  /** A scroll event `ms` after the last one, `viewports` further down. */
  const scrollBy = (viewports: number, ms: number) =>
    act(() => {
      vi.advanceTimersByTime(ms);
      scroller.scrollTop += viewports * VIEWPORT;
      scroller.dispatchEvent(new Event('scroll'));
    });
  /**
   * A fling on a busy main thread: the scroller moves `viewports` while the thread is blocked for `ms`; the settle
   * timer then runs before the scroll event the browser dispatches once the thread is free.
   */
  const scrollWhileBusy = (viewports: number, ms: number) =>
    act(() => {
      scroller.scrollTop += viewports * VIEWPORT;
      vi.advanceTimersByTime(ms);
      scroller.dispatchEvent(new Event('scroll'));
    });
  const pictures = () => view.container.querySelectorAll('img').length;
  const pending = () => view.container.querySelectorAll('.preview--pending').length;
  return { show, scrollBy, scrollWhileBusy, pictures, pending };
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('previews during a fling', () => {
  it('shows the pictures of a view that has not scrolled', () => {
    const { show, pictures, pending } = setup();
    show(<Previews from={0} count={6} />);
    expect(pictures()).toBe(6);
    expect(pending()).toBe(0);
  });

  it('holds the pictures that scroll in during a fling, and shows them once the scroll has stopped', () => {
    const { show, scrollBy, pictures, pending } = setup();
    scrollBy(1, 400);
    scrollBy(1, 33); // a screen in two frames: ~30 screens a second
    show(<Previews from={100} count={6} />);
    expect(pictures()).toBe(0);
    expect(pending()).toBe(6);
    act(() => vi.advanceTimersByTime(FLING_SETTLE_MS - 1));
    expect(pictures()).toBe(0);
    act(() => vi.advanceTimersByTime(1));
    expect(pictures()).toBe(6);
    expect(pending()).toBe(0);
  });

  it('shows them as soon as the scroll slows, before it stops', () => {
    const { show, scrollBy, pictures } = setup();
    scrollBy(1, 400);
    scrollBy(1, 33);
    show(<Previews from={100} count={4} />);
    expect(pictures()).toBe(0);
    scrollBy(0.05, 50); // one screen a second
    expect(pictures()).toBe(4);
  });

  it('keeps a picture already shown through the next fling', () => {
    const { show, scrollBy, pictures, pending } = setup();
    show(<Previews from={0} count={3} />);
    scrollBy(1, 400);
    scrollBy(1, 33);
    show(
      <>
        <Previews from={0} count={3} />
        <Previews from={100} count={3} />
      </>,
    );
    expect(pictures()).toBe(3);
    expect(pending()).toBe(3);
  });

  it('never holds for a slow scroll, nor for one jump after a pause (a click on the scrollbar, Home, End)', () => {
    const { show, scrollBy, pictures } = setup();
    scrollBy(0.1, 50); // a mouse wheel: two screens a second
    scrollBy(0.1, 50);
    show(<Previews from={0} count={2} />);
    expect(pictures()).toBe(2);
    scrollBy(40, 1_000);
    show(
      <>
        <Previews from={0} count={2} />
        <Previews from={200} count={2} />
      </>,
    );
    expect(pictures()).toBe(4);
  });

  it('keeps holding through a fling whose events a busy page delays past the settle time', () => {
    const { show, scrollBy, scrollWhileBusy, pictures, pending } = setup();
    scrollBy(1, 400);
    scrollBy(10, 33);
    // Ten screens a step, every 200 ms: the thread is busy between the steps (a slow phone, a page arriving).
    for (let step = 0; step < 3; step += 1) scrollWhileBusy(10, 200);
    show(<Previews from={100} count={4} />);
    expect(pictures()).toBe(0);
    scrollWhileBusy(10, 200);
    expect(pending()).toBe(4);
    // Then it stops: nothing moves for the settle time, and the pictures come.
    act(() => vi.advanceTimersByTime(FLING_SETTLE_MS));
    expect(pictures()).toBe(4);
  });

  it('does not hold for good when a move never sends its scroll event', () => {
    const { show, scrollBy, pictures } = setup();
    scrollBy(1, 400);
    scrollBy(1, 33);
    show(<Previews from={100} count={2} />);
    act(() => {
      document.querySelector<HTMLElement>('[data-testid="scroller"]')!.scrollTop += VIEWPORT;
    });
    act(() => vi.advanceTimersByTime(2 * FLING_SETTLE_MS));
    expect(pictures()).toBe(0);
    act(() => vi.advanceTimersByTime(FLING_SETTLE_MS));
    expect(pictures()).toBe(2);
  });

  it('renders no rows beyond the viewport while the view flings, and the usual overscan otherwise', () => {
    const { scrollBy } = setup();
    const range = { startIndex: 10, endIndex: 14, overscan: 3, count: 100 };
    expect(withoutOverscanWhileFlinging(range)).toEqual(range);
    scrollBy(1, 400);
    scrollBy(1, 33);
    expect(withoutOverscanWhileFlinging(range)).toEqual({ ...range, overscan: 0 });
    act(() => vi.advanceTimersByTime(FLING_SETTLE_MS));
    expect(withoutOverscanWhileFlinging(range)).toEqual(range);
  });

  it('leaves a preview that does not opt in alone (the detail panel)', () => {
    const { show, scrollBy, pictures } = setup();
    scrollBy(1, 400);
    scrollBy(1, 33);
    show(<Previews from={100} count={2} hold={false} />);
    expect(pictures()).toBe(2);
  });
});
