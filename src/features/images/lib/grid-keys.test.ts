import { describe, expect, it } from 'vitest';
import { gridKeyTarget } from './grid-keys';

describe('gridKeyTarget (10 cells, 4 columns)', () => {
  const move = (key: string, index: number, mods: { ctrlKey?: boolean } = {}) => gridKeyTarget({ key, ...mods }, index, 10, 4, 2);
  it('moves by one and by a row, clamped to the ends', () => {
    expect(move('ArrowRight', 0)).toBe(1);
    expect(move('ArrowLeft', 0)).toBe(0);
    expect(move('ArrowDown', 1)).toBe(5);
    expect(move('ArrowDown', 7)).toBe(9);
    expect(move('ArrowUp', 5)).toBe(1);
  });
  it('Home/End go to the row ends; with ctrl to the list ends; pages move by visible rows', () => {
    expect(move('Home', 6)).toBe(4);
    expect(move('End', 5)).toBe(7);
    expect(move('End', 5, { ctrlKey: true })).toBe(9);
    expect(move('Home', 5, { ctrlKey: true })).toBe(0);
    expect(move('PageDown', 0)).toBe(8);
  });
  it('ignores other keys', () => {
    expect(move('Enter', 3)).toBeNull();
  });
});
