import { describe, expect, it } from 'vitest';
import { clickSelection, emptySelection, rangeBetween, selectAll, toggleSelection } from './selection';

const order = ['a', 'b', 'c', 'd', 'e'];
const ids = (state: { selected: ReadonlySet<string> }) => [...state.selected].sort();

describe('selection', () => {
  it('a plain click selects only the clicked image and sets the anchor', () => {
    const s = clickSelection({ selected: new Set(['a', 'b']), anchor: 'a' }, order, 'c');
    expect(ids(s)).toEqual(['c']);
    expect(s.anchor).toBe('c');
  });
  it('shift-click selects the range from the anchor, in either direction', () => {
    const s1 = clickSelection(clickSelection(emptySelection, order, 'b'), order, 'd', { shift: true });
    expect(ids(s1)).toEqual(['b', 'c', 'd']);
    const s2 = clickSelection(s1, order, 'a', { shift: true });
    expect(ids(s2)).toEqual(['a', 'b']);
    expect(s2.anchor).toBe('b');
  });
  it('ctrl/cmd-click toggles one and moves the anchor', () => {
    let s = clickSelection(emptySelection, order, 'a');
    s = clickSelection(s, order, 'c', { toggle: true });
    expect(ids(s)).toEqual(['a', 'c']);
    s = clickSelection(s, order, 'a', { toggle: true });
    expect(ids(s)).toEqual(['c']);
    expect(s.anchor).toBe('a');
  });
  it('ctrl+shift-click adds the range to the selection', () => {
    let s = clickSelection(emptySelection, order, 'a');
    s = clickSelection(s, order, 'd', { toggle: true });
    s = clickSelection(s, order, 'e', { shift: true, toggle: true });
    expect(ids(s)).toEqual(['a', 'd', 'e']);
  });
  it('shift-click without an anchor acts as a plain click', () => {
    expect(ids(clickSelection(emptySelection, order, 'c', { shift: true }))).toEqual(['c']);
  });
  it('a range whose anchor is gone (list changed) is just the clicked image', () => {
    expect(rangeBetween(order, 'zz', 'c')).toEqual(['c']);
  });
  it('selects all and toggles', () => {
    expect(ids(selectAll(order))).toEqual(order);
    expect(ids(toggleSelection(selectAll(order), 'b'))).toEqual(['a', 'c', 'd', 'e']);
  });
});
