/**
 * The virtualized grid: rows of cards, only those near the viewport in the DOM, so 10,000 loaded images keep the
 * page light. Columns follow the width. Loads the next page as the person nears the end. ARIA grid with roving
 * focus: arrows move, Enter opens, Space selects, `c` copies. A click opens; the card's checkbox, ctrl/cmd-click
 * and shift-click select.
 */
import { defaultRangeExtractor, useVirtualizer, type Range } from '@tanstack/react-virtual';
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import { useElementWidth } from '../../../lib/use-element-width';
import { useSelection } from '../hooks/use-selection';
import { useFlingHold, withoutOverscanWhileFlinging } from '../lib/fling-hold';
import { gridKeyTarget } from '../lib/grid-keys';
import { positionOf } from '../lib/loaded-images';
import { ImageCard } from './image-card';
import type { ImageViewProps } from './image-view-props';

const GAP = 16;
const MIN_CARD = 200;
/** Phones: two columns from 332 px of grid width rather than one wide card. */
const MIN_CARD_NARROW = 150;
const NARROW_WIDTH = 560;
/**
 * Filename, time · creator, up to two lines of copy chips, each target 24 px tall (WCAG 2.5.8). Fixed, so a row's
 * height is known before it renders (`.card__info` in styles.css).
 */
const INFO_HEIGHT = 116;
/** The rows to render: the virtualizer's, without its overscan while the view flings (lib/fling-hold.ts). */
const rowRange = (range: Range) => defaultRangeExtractor(withoutOverscanWhileFlinging(range));

export interface ImageGridProps extends ImageViewProps {
  /** The images' ids in order, for range selection and keyboard moves. */
  ids: readonly string[];
}

export function ImageGrid(props: ImageGridProps) {
  const { images, ids, hasMore, isLoading, canLoadMore, loadMore, prefetch, previewVariant, variants, variantLabels, onOpen, onCopy, focusImageRef } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  const width = useElementWidth(scrollRef);
  useFlingHold(scrollRef);
  const minCard = width > 0 && width < NARROW_WIDTH ? MIN_CARD_NARROW : MIN_CARD;
  const columns = Math.max(1, Math.floor((width + GAP) / (minCard + GAP)));
  const cardWidth = width > 0 ? (width - GAP * (columns - 1)) / columns : minCard;
  const rowHeight = Math.round(cardWidth * 0.75) + INFO_HEIGHT + GAP;
  const dataRows = Math.ceil(images.length / columns);
  const skeletonRows = isLoading && images.length === 0 ? 3 : hasMore ? 1 : 0;
  const rowCount = dataRows + skeletonRows;

  // The virtualizer is mutable by design; this component is not compiler-memoized, and the cards it renders are
  // memoized by hand (ImageCard is `memo`).
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rowCount,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 2,
    rangeExtractor: rowRange,
    // Re-render with the scroll in React's own batch instead of synchronously inside the scroll event: a fast wheel
    // or PageDown no longer renders once per event (bench/ui.bench.ts, long tasks while scrolling).
    useFlushSync: false,
  });
  useLayoutEffect(() => virtualizer.measure(), [virtualizer, rowHeight]);

  const rows = virtualizer.getVirtualItems();
  const lastRow = rows[rows.length - 1]?.index ?? -1;
  useEffect(() => {
    const after = images.length - (lastRow + 1) * columns;
    if (hasMore && canLoadMore && images.length > 0 && after < prefetch) loadMore();
  }, [hasMore, canLoadMore, lastRow, columns, images.length, prefetch, loadMore]);

  const selection = useSelection();
  const [active, setActive] = useState(0);
  const activeIndex = Math.min(active, Math.max(0, images.length - 1));
  const wantFocus = useRef(false);
  /** The focus comes from outside the grid (the detail panel closing): the whole card is brought into view. */
  const reveal = useRef(false);
  useLayoutEffect(() => {
    if (!wantFocus.current) return;
    const cell = scrollRef.current?.querySelector<HTMLElement>(`[data-index="${activeIndex}"]`);
    if (cell) {
      cell.focus({ preventScroll: true });
      if (reveal.current) cell.scrollIntoView?.({ block: 'nearest' });
      wantFocus.current = false;
      reveal.current = false;
    }
  });

  const moveTo = useCallback(
    (index: number) => {
      setActive(index);
      wantFocus.current = true;
      virtualizer.scrollToIndex(Math.floor(index / columns), { align: 'auto' });
    },
    [virtualizer, columns],
  );

  // The cards' handlers read the latest images through a ref, so they stay the same functions when a page arrives
  // or the selection changes: otherwise every memoized card on screen re-rendered for each new page.
  const latest = useRef({ images, ids, selection, onOpen });
  useLayoutEffect(() => {
    latest.current = { images, ids, selection, onOpen };
  });
  useLayoutEffect(() => {
    if (!focusImageRef) return;
    focusImageRef.current = (id) => {
      const index = positionOf(latest.current.images, id);
      if (index < 0) return false;
      reveal.current = true;
      moveTo(index);
      return true;
    };
    return () => {
      focusImageRef.current = null;
    };
  }, [focusImageRef, moveTo]);
  const onCellClick = useCallback((index: number, event: MouseEvent) => {
    const { images, ids, selection, onOpen } = latest.current;
    const id = ids[index];
    const image = images[index];
    if (id === undefined || !image) return;
    setActive(index);
    const toggle = event.metaKey || event.ctrlKey;
    if (toggle || event.shiftKey) selection.click(id, ids, { shift: event.shiftKey, toggle });
    else onOpen(image);
  }, []);
  const onToggle = useCallback((index: number, event: MouseEvent) => {
    const { ids, selection } = latest.current;
    const id = ids[index];
    if (id === undefined) return;
    setActive(index);
    selection.click(id, ids, { shift: event.shiftKey, toggle: true });
  }, []);
  const open = useCallback((index: number) => {
    const { images, onOpen } = latest.current;
    const image = images[index];
    if (image) onOpen(image);
  }, []);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const onCell = (event.target as HTMLElement).getAttribute('role') === 'gridcell';
    const image = images[activeIndex];
    if (!onCell || !image) return;
    const visibleRows = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 0) / rowHeight));
    const target = gridKeyTarget(event, activeIndex, images.length, columns, visibleRows);
    if (target !== null) {
      event.preventDefault();
      moveTo(target);
      const id = ids[target];
      if (event.shiftKey && id !== undefined) selection.click(id, ids, { shift: true });
      if (target >= images.length - columns && hasMore && canLoadMore) loadMore();
      return;
    }
    const mod = event.metaKey || event.ctrlKey;
    if (event.key === 'Enter') onOpen(image);
    else if (event.key === ' ') selection.toggle(image.id);
    else if (event.key.toLowerCase() === 'a' && mod) selection.selectAll(ids);
    else if (event.key === 'c' && !mod && !event.altKey) onCopy(image, previewVariant);
    else return;
    event.preventDefault();
  };

  return (
    <div
      ref={scrollRef}
      className={selection.count > 0 ? 'grid-scroll grid-scroll--selecting' : 'grid-scroll'}
      role="grid"
      aria-label="Images"
      aria-multiselectable="true"
      aria-rowcount={hasMore || isLoading ? -1 : dataRows}
      aria-colcount={columns}
      aria-busy={isLoading || (hasMore && !canLoadMore) || undefined}
      onKeyDown={onKeyDown}
    >
      <div className="grid-sizer" style={{ height: virtualizer.getTotalSize() }}>
        {rows.map((row) => {
          const start = row.index * columns;
          const isData = row.index < dataRows;
          return (
            <div
              key={row.key}
              role="row"
              aria-rowindex={row.index + 1}
              className="grid-row"
              style={{
                transform: `translateY(${row.start}px)`,
                height: rowHeight - GAP,
                gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))`,
              }}
            >
              {isData
                ? images.slice(start, start + columns).map((image, i) => (
                    <ImageCard
                      key={image.id}
                      image={image}
                      index={start + i}
                      column={i + 1}
                      selected={selection.isSelected(image.id)}
                      active={start + i === activeIndex}
                      previewVariant={previewVariant}
                      variants={variants}
                      variantLabels={variantLabels}
                      // The first row is fetched first and at high priority; the rest lazily, as they near the viewport.
                      eager={row.index === 0}
                      onCellClick={onCellClick}
                      onOpen={open}
                      onToggle={onToggle}
                      onCopy={onCopy}
                    />
                  ))
                : Array.from({ length: columns }, (_, i) => (
                    <div key={i} role="gridcell" className="card card--skeleton" aria-hidden="true" />
                  ))}
            </div>
          );
        })}
      </div>
    </div>
  );
}
