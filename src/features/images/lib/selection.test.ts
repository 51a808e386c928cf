import { describe, expect, it } from 'vitest';
import { clickSelection, deselect, emptySelection, isSelected, rangeBetween, selectAll, selectedCount, selectedIds, toggleSelection, type SelectionState } from './selection';
import { loadedImages } from './loaded-images';
import type { CfImage, ListImagesResult } from '../../../contract/image';

const order = ['a', 'b', 'c', 'd', 'e'];
const ids = (state: SelectionState) => [...selectedIds(state)].sort();

describe('selection', () => {
  it('a plain click selects only the clicked image and sets the anchor', () => {
    const s = clickSelection({ picked: new Set(['a', 'b']), all: null, anchor: 'a' }, order, 'c');
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

  it('select all, then take one out, then add it back; ranges and toggles after it', () => {
    let s = selectAll(order);
    expect(selectedCount(s)).toBe(5);
    s = toggleSelection(s, 'b');
    expect(selectedCount(s)).toBe(4);
    expect(isSelected(s, 'b')).toBe(false);
    expect(selectedIds(s)).toEqual(['a', 'c', 'd', 'e']);
    s = toggleSelection(s, 'b');
    expect(ids(s)).toEqual(order);
    s = clickSelection(toggleSelection(s, 'c'), order, 'e', { shift: true, toggle: true });
    expect(ids(s)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(ids(toggleSelection(selectAll(order), 'zz'))).toEqual([...order, 'zz'].sort());
  });

  it('select all over loaded images reads one id (the anchor) and makes no set: membership is the ids\' own lookup', () => {
    const page = (from: number, n: number): ListImagesResult => ({
      images: Array.from({ length: n }, (_, i) => ({ id: `id-${from + i}` }) as CfImage),
      continuation_token: null,
    });
    const loaded = loadedImages([page(0, 3), page(3, 3)]);
    let reads = 0;
    const counted = new Proxy(loaded.ids, {
      get(target, key, receiver) {
        if (typeof key === 'string' && /^\d+$/.test(key)) reads += 1;
        return Reflect.get(target, key, receiver);
      },
    });
    const s = selectAll(counted);
    expect(selectedCount(s)).toBe(6);
    expect(isSelected(s, 'id-4')).toBe(true);
    expect(isSelected(s, 'id-9')).toBe(false);
    expect(reads).toBe(1);
    expect(selectedIds(s)).toEqual(['id-0', 'id-1', 'id-2', 'id-3', 'id-4', 'id-5']);
  });
});

describe('deselect (images deleted meanwhile)', () => {
  const four = ['a', 'b', 'c', 'd'];
  it('takes ids out of a picked selection and of a "select all", and keeps the state when none was selected', () => {
    const picked = clickSelection(clickSelection(emptySelection, four, 'a'), four, 'c', { toggle: true });
    const fewer = deselect(picked, ['c', 'x']);
    expect(selectedIds(fewer)).toEqual(['a']);
    const all = selectAll(four);
    const rest = deselect(all, ['b', 'd']);
    expect(selectedCount(rest)).toBe(2);
    expect(selectedIds(rest)).toEqual(['a', 'c']);
    expect(isSelected(rest, 'b')).toBe(false);
    expect(deselect(rest, ['b', 'zz'])).toBe(rest);
  });
});
