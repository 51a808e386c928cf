// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { onFirstIntent } from './first-intent';

describe('onFirstIntent', () => {
  it('runs once, at the first press, key, pointer or focus, and not before', () => {
    let runs = 0;
    const stop = onFirstIntent(() => (runs += 1));
    window.dispatchEvent(new Event('scroll'));
    expect(runs).toBe(0);
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'c' }));
    window.dispatchEvent(new Event('pointerdown'));
    document.body.dispatchEvent(new FocusEvent('focusin', { bubbles: true }));
    expect(runs).toBe(1);
    stop();
  });

  it('runs never once stopped (the component is gone)', () => {
    let runs = 0;
    const stop = onFirstIntent(() => (runs += 1));
    stop();
    window.dispatchEvent(new Event('pointerdown'));
    expect(runs).toBe(0);
  });
});
