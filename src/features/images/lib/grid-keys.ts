/** Where an arrow-ish key moves the focus in a grid of `count` cells in `columns` columns; `null`: not a move. */
export function gridKeyTarget(
  event: { key: string; ctrlKey?: boolean; metaKey?: boolean },
  index: number,
  count: number,
  columns: number,
  visibleRows: number,
): number | null {
  if (count === 0) return null;
  const last = count - 1;
  const rowStart = index - (index % columns);
  const wide = event.ctrlKey || event.metaKey;
  let target: number;
  switch (event.key) {
    case 'ArrowRight':
      target = index + 1;
      break;
    case 'ArrowLeft':
      target = index - 1;
      break;
    case 'ArrowDown':
      target = index + columns;
      break;
    case 'ArrowUp':
      target = index - columns;
      break;
    case 'Home':
      target = wide ? 0 : rowStart;
      break;
    case 'End':
      target = wide ? last : rowStart + columns - 1;
      break;
    case 'PageDown':
      target = index + columns * visibleRows;
      break;
    case 'PageUp':
      target = index - columns * visibleRows;
      break;
    default:
      return null;
  }
  return Math.min(last, Math.max(0, target));
}
