/**
 * The table view (`view=table`): one row per loaded image, the image's own fields and a column per metadata key
 * seen, a column picker, and sorting of the loaded rows (the API sorts by upload time only, so sorting here never
 * refetches). Rows are virtualized; the next page loads as the person nears the end, as in the grid. Selection,
 * copy and the detail panel are the grid's own (useSelection, onCopy, onOpen).
 */
import { useTable, type SortingState } from '@tanstack/react-table';
import { defaultRangeExtractor, useVirtualizer, type Range } from '@tanstack/react-virtual';
import {
  memo,
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type ChangeEvent,
  type CSSProperties,
  type KeyboardEvent,
  type PointerEvent,
} from 'react';
import type { CfImage } from '../../../contract/image';
import { LockIcon } from '../../../components/ui/icons';
import { CopyVariantChips } from './copy-variant-chips';
import { useSelection } from '../hooks/use-selection';
import { useFlingHold, withoutOverscanWhileFlinging } from '../lib/fling-hold';
import { idsOf } from '../lib/loaded-images';
import { ImagePreview } from './image-preview';
import type { ImageViewProps } from './image-view-props';
import { RelativeTime } from './relative-time';
import {
  BASE_COLUMN_LABELS,
  COLUMN_WIDTHS,
  CONTROL_COLUMNS,
  buildColumns,
  formatMetadataValue,
  createMetadataColumnKeys,
  isMetadataColumn,
  renderedColumns,
  tableFeatureSet,
  withPinnedColumns,
  type BaseColumnId,
  type RenderedColumn,
} from './table-columns';
import { TableColumnPicker, useStoredColumnVisibility } from './image-table-columns-picker';
import './image-table.css';

/** A row's height in pixels, as image-table.css sets it. */
const ROW_HEIGHT = 48;
/** Columns rendered beyond each side of the horizontal view. */
const COLUMN_OVERSCAN = 1;
/** The rows to render: the virtualizer's, without its overscan while the view flings (lib/fling-hold.ts). */
const rowRange = (range: Range) => defaultRangeExtractor(withoutOverscanWhileFlinging(range));
export const SORT_NOTE = 'Column sorting sorts loaded rows only; the API sorts by upload time.';

export type ImageTableProps = ImageViewProps;

function defaultWidth(columnId: string): number {
  return columnId in COLUMN_WIDTHS ? COLUMN_WIDTHS[columnId as BaseColumnId] : COLUMN_WIDTHS.meta;
}

/** Widths a person can set by dragging a header's edge or with ←/→ on it (WAI-ARIA APG "Window Splitter"). */
const MIN_WIDTH = 48;
const MAX_WIDTH = 1200;
const KEY_STEP = 16;
const clampWidth = (width: number) => Math.round(Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, width)));

export function ImageTable(props: ImageTableProps) {
  const { images, hasMore, isLoading, canLoadMore, loadMore, prefetch, previewVariant, variants, variantLabels, onOpen, onCopy, focusImageRef } = props;
  // Metadata keys, walked incrementally as pages are appended; the array keeps its identity until a new key
  // appears, so columns, sorting and widths stay put. Same images, same answer: safe to call twice.
  const [columnKeys] = useState(createMetadataColumnKeys);
  const metaKeys = useMemo(() => columnKeys(images), [columnKeys, images]);
  const columns = useMemo(() => buildColumns(metaKeys), [metaKeys]);
  const [sorting, setSorting] = useState<SortingState>([]);
  const [columnVisibility, setColumnVisibility] = useStoredColumnVisibility();
  const sorted = sorting.length > 0;

  const scrollRef = useRef<HTMLDivElement>(null);
  useFlingHold(scrollRef);
  // The virtualizer is mutable by design (as in the grid); the rows it renders are memoized (TableRow).
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: images.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    // Few rows beyond the viewport: each row is ~60 elements, and the page stays under 1,500 (docs/performance.md).
    overscan: 4,
    rangeExtractor: rowRange,
    // As in the grid: render with the scroll in React's own batch, not synchronously inside each scroll event.
    // No `getItemKey`: every row has the same height and none is measured, so the virtualizer's keys matter to
    // nothing, and a new key function on each render made it recompute every loaded row's position each time.
    useFlushSync: false,
  });
  const virtualRows = virtualizer.getVirtualItems();
  const firstIndex = virtualRows[0]?.index ?? 0;
  const lastIndex = virtualRows[virtualRows.length - 1]?.index ?? -1;

  // In upload order the table gets only the rows in the DOM: TanStack Table builds a row object for every row of
  // `data` each time `data` changes, which with 100,000 loaded images was a long task per page. Sorting needs them
  // all (it is the person's explicit request, and sorts only what is loaded).
  const windowStart = sorted ? 0 : firstIndex;
  const windowEnd = sorted ? images.length : lastIndex + 1;
  const data = useMemo(
    () => (sorted ? images : images.slice(windowStart, windowEnd)),
    [sorted, images, windowStart, windowEnd],
  );
  const table = useTable({
    features: tableFeatureSet,
    columns,
    data: data as CfImage[],
    getRowId: (image) => image.id,
    state: { sorting, columnVisibility },
    onSortingChange: setSorting,
    onColumnVisibilityChange: setColumnVisibility,
  });
  const rows = table.getRowModel().rows;
  const rowAt = (index: number) => rows[index - windowStart];
  const sortedOrder = useMemo(() => (sorted ? rows.map((row) => row.id) : null), [sorted, rows]);
  const order = sortedOrder ?? idsOf(images);
  const [widths, setWidths] = useState<Readonly<Record<string, number>>>({});
  const widthOf = (columnId: string) => widths[columnId] ?? defaultWidth(columnId);
  const setWidth = (columnId: string, width: number) => setWidths((w) => ({ ...w, [columnId]: clampWidth(width) }));
  const visibleColumns = table.getVisibleLeafColumns();
  // The rows' columns as one value that keeps its identity while no column is shown, hidden or resized: a row
  // already on screen then renders nothing again when the person scrolls or a page arrives.
  const columnsKey = visibleColumns.map((column) => `${column.id}\u0000${widthOf(column.id)}`).join('\u0001');
  const rowColumns = useMemo<readonly RowColumn[]>(
    () => columnsKey.split('\u0001').map((entry) => {
      const [id = '', width] = entry.split('\u0000');
      return { id, width: Number(width) };
    }),
    [columnsKey],
  );

  // The columns' widths once, on the table: every row (the header's too) is a grid of these tracks, so a cell needs
  // no width of its own and a row that leaves columns out keeps the others under their headers.
  const tableStyle = useMemo(
    () =>
      ({
        width: rowColumns.reduce((sum, column) => sum + column.width, 0),
        '--image-table-columns': rowColumns.map((column) => `${column.width}px`).join(' '),
      }) as CSSProperties,
    [rowColumns],
  );

  // Rows render only the columns in the horizontal view (a row of the demo's 23 columns shows about 8 at 1440 px),
  // and the columns that hold controls wherever the table is scrolled (CONTROL_COLUMNS). The header keeps every
  // column: it is one row, and its sort buttons and resizers stay in the tab order.
  const pinnedColumns = useMemo(
    () => rowColumns.flatMap((column, index) => (CONTROL_COLUMNS.has(column.id) ? [index] : [])),
    [rowColumns],
  );
  const columnRange = useCallback(
    (range: Range) => withPinnedColumns(defaultRangeExtractor(range), pinnedColumns),
    [pinnedColumns],
  );
  // A new key function whenever a column is shown, hidden or resized: the virtualizer then lays the columns out
  // again from their widths (it keeps measurements until its key function or count changes).
  const columnKey = useCallback((index: number) => rowColumns[index]?.id ?? index, [rowColumns]);
  const columnVirtualizer = useVirtualizer({
    horizontal: true,
    count: rowColumns.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (index) => rowColumns[index]?.width ?? 0,
    getItemKey: columnKey,
    rangeExtractor: columnRange,
    overscan: COLUMN_OVERSCAN,
    useFlushSync: false,
  });
  // Before the scroller has a size (the first render, or no layout at all) every column renders.
  const columnItems = columnVirtualizer.getVirtualItems();
  const shownIndexes = columnItems.length > 0 ? columnItems.map((item) => item.index).join(',') : '';
  const cellColumns = useMemo(
    () => renderedColumns(rowColumns, shownIndexes ? shownIndexes.split(',').map(Number) : rowColumns.map((_, i) => i)),
    [rowColumns, shownIndexes],
  );

  useEffect(() => {
    if (hasMore && canLoadMore && images.length > 0 && lastIndex >= images.length - prefetch) loadMore();
  }, [hasMore, canLoadMore, lastIndex, images.length, prefetch, loadMore]);

  const selection = useSelection();
  // The selection only ever holds loaded images (it is cleared when the list changes), so counts decide without a
  // walk over every loaded row on each render; only a selection as large as the list is checked id by id.
  const allSelected = order.length > 0 && selection.count >= order.length && order.every((id) => selection.isSelected(id));
  const someSelected = !allSelected && selection.count > 0;
  const selectAllRef = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (selectAllRef.current) selectAllRef.current.indeterminate = someSelected;
  }, [someSelected]);

  // What a row's cells need, as one value that changes only with the preview variant or the variants: the
  // handlers read the latest order and callbacks through a ref, as the grid's cards do.
  const latest = useRef({ order, selection, onOpen, onCopy });
  useLayoutEffect(() => {
    latest.current = { order, selection, onOpen, onCopy };
  });
  // The detail panel closing: the image last shown gets the focus, on its filename, once its row is rendered.
  const focusWanted = useRef<string | null>(null);
  const [focusAsked, setFocusAsked] = useState(0);
  useLayoutEffect(() => {
    if (!focusImageRef) return;
    focusImageRef.current = (id) => {
      const index = latest.current.order.indexOf(id);
      if (index < 0) return false;
      focusWanted.current = id;
      virtualizer.scrollToIndex(index, { align: 'auto' });
      setFocusAsked((n) => n + 1);
      return true;
    };
    return () => {
      focusImageRef.current = null;
    };
  }, [focusImageRef, virtualizer]);
  useLayoutEffect(() => {
    const id = focusWanted.current;
    if (id === null) return;
    const row = [...(scrollRef.current?.querySelectorAll<HTMLElement>('tr[data-image-id]') ?? [])].find((tr) => tr.dataset.imageId === id);
    const button = row?.querySelector<HTMLElement>('.image-table__open');
    if (button) {
      button.focus({ preventScroll: true });
      focusWanted.current = null;
    }
  }, [focusAsked, virtualRows]);
  const toggle = useCallback((id: string, shift: boolean) => {
    const { order, selection } = latest.current;
    selection.click(id, order, { shift, toggle: true });
  }, []);
  const open = useCallback((image: CfImage) => latest.current.onOpen(image), []);
  const copy = useCallback((image: CfImage, variant: string) => latest.current.onCopy(image, variant), []);
  const cells = useMemo<CellContext>(
    () => ({ previewVariant, variants, variantLabels, toggle, open, copy }),
    [previewVariant, variants, variantLabels, toggle, open, copy],
  );

  return (
    <div className="image-table">
      <div className="image-table__bar">
        <p className="image-table__note muted" id="image-table-note">
          {SORT_NOTE}
        </p>
        {sorting.length > 0 ? (
          <button type="button" className="button button--small" onClick={() => setSorting([])}>
            Back to upload order
          </button>
        ) : null}
        <TableColumnPicker table={table} />
      </div>
      <div ref={scrollRef} className="image-table__scroll" tabIndex={-1}>
        <table
          className="image-table__table"
          aria-label="Images"
          aria-describedby="image-table-note"
          aria-rowcount={hasMore || isLoading ? -1 : images.length + 1}
          aria-colcount={rowColumns.length}
          aria-busy={isLoading || undefined}
          style={tableStyle}
        >
          <thead className="image-table__head">
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id} aria-rowindex={1} className="image-table__row">
                {group.headers.map((header, index) => {
                  const column = header.column;
                  const sorted = column.getIsSorted();
                  const label = typeof column.columnDef.header === 'string' ? column.columnDef.header : column.id;
                  return (
                    <th
                      key={header.id}
                      scope="col"
                      aria-colindex={index + 1}
                      aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : undefined}
                    >
                      {column.id === 'select' ? (
                        <input
                          ref={selectAllRef}
                          type="checkbox"
                          aria-label="Select all loaded images"
                          checked={allSelected}
                          onChange={() => (allSelected ? selection.clear() : selection.selectAll(order))}
                        />
                      ) : column.getCanSort() ? (
                        <button
                          type="button"
                          className="image-table__sort"
                          // The whole path on hover: a narrow column cuts `camera.settings.iso` short.
                          title={`${label}: sort the loaded rows by it`}
                          onClick={column.getToggleSortingHandler()}
                        >
                          {label}
                          <span aria-hidden="true" className="image-table__arrow">
                            {sorted === 'asc' ? '▲' : sorted === 'desc' ? '▼' : ''}
                          </span>
                        </button>
                      ) : column.id === 'preview' ? (
                        <span className="visually-hidden">{BASE_COLUMN_LABELS.preview}</span>
                      ) : (
                        label
                      )}
                      {column.id === 'select' || column.id === 'preview' ? null : (
                        <ColumnResizer
                          label={label}
                          width={widthOf(column.id)}
                          onResize={(width) => setWidth(column.id, width)}
                        />
                      )}
                    </th>
                  );
                })}
              </tr>
            ))}
          </thead>
          <tbody className="image-table__body" style={{ height: virtualizer.getTotalSize() }}>
            {virtualRows.map((item) => {
              const row = rowAt(item.index);
              if (!row) return null;
              return (
                <TableRow
                  key={row.id}
                  row={row}
                  rowIndex={item.index + 2}
                  start={item.start}
                  selected={selection.isSelected(row.id)}
                  columns={cellColumns}
                  cells={cells}
                />
              );
            })}
          </tbody>
        </table>
        {hasMore ? <p className="image-table__more muted">Loading more images as you scroll…</p> : null}
      </div>
    </div>
  );
}

/** A column as the rows see it: its id and its width in pixels. */
interface RowColumn {
  id: string;
  width: number;
}

/** What every row's cells share: the preview variant, the variants, and handlers that keep their identity. */
interface CellContext {
  previewVariant: string;
  variants: readonly string[];
  variantLabels?: ReadonlyMap<string, string>;
  toggle: (id: string, shift: boolean) => void;
  open: (image: CfImage) => void;
  copy: (image: CfImage, variant: string) => void;
}

type TableRowModel = ReturnType<ReturnType<typeof useTable<typeof tableFeatureSet, CfImage>>['getRowModel']>['rows'][number];

interface TableRowProps {
  /** TanStack Table's row: a new object whenever the table's data changes, for the same image. */
  row: TableRowModel;
  rowIndex: number;
  start: number;
  selected: boolean;
  /** The columns to render: those in the horizontal view and the ones with controls (RenderedColumn). */
  columns: readonly RenderedColumn[];
  cells: CellContext;
}

/**
 * One row of the table. Memoized on its image rather than on TanStack Table's row object (made anew for every
 * row whenever the rows in view change): scrolling renders only the rows that come into view.
 */
const TableRow = memo(
  function TableRow({ row, rowIndex, start, selected, columns, cells }: TableRowProps) {
    const image = row.original;
    return (
      <tr
        data-image-id={image.id}
        aria-rowindex={rowIndex}
        aria-selected={selected}
        className={selected ? 'image-table__row image-table__row--selected' : 'image-table__row'}
        style={{ transform: `translateY(${start}px)` }}
        onDoubleClick={() => cells.open(image)}
      >
        {columns.map((column) =>
          isMetadataColumn(column.id) ? (
            <MetadataCell key={column.id} column={column} value={row.getValue(column.id)} />
          ) : (
            <td key={column.id} aria-colindex={column.colIndex} style={cellStyle(column)}>
              {renderCell(image, column.id, selected, cells)}
            </td>
          ),
        )}
      </tr>
    );
  },
  (a, b) =>
    a.row.original === b.row.original &&
    a.rowIndex === b.rowIndex &&
    a.start === b.start &&
    a.selected === b.selected &&
    a.columns === b.columns &&
    a.cells === b.cells,
);

function renderCell(image: CfImage, columnId: string, selected: boolean, cells: CellContext) {
  switch (columnId) {
    case 'select':
      return (
        <input
          type="checkbox"
          aria-label={`Select ${image.filename}`}
          checked={selected}
          onChange={(event: ChangeEvent<HTMLInputElement>) => {
            const native = event.nativeEvent as Partial<MouseEvent>;
            cells.toggle(image.id, Boolean(native.shiftKey));
          }}
        />
      );
    case 'preview':
      return (
        <span className="image-table__thumb">
          <ImagePreview image={image} variant={cells.previewVariant} width={40} height={40} holdWhileFlinging />
        </span>
      );
    case 'id':
      return (
        <code className="image-table__id" title={image.id}>
          {image.id}
        </code>
      );
    case 'filename':
      return (
        <button type="button" className="image-table__open" dir="auto" title={`Open ${image.filename}`} onClick={() => cells.open(image)}>
          {image.filename}
        </button>
      );
    case 'creator':
      return image.creator ? image.creator : <span className="muted">no creator</span>;
    case 'uploaded':
      return <RelativeTime iso={image.uploaded} />;
    case 'private':
      return image.requireSignedURLs ? (
        <span className="image-table__private">
          <LockIcon /> Private
        </span>
      ) : (
        <span className="muted">Public</span>
      );
    case 'variants':
      return (
        <CopyVariantChips
          image={image}
          variants={cells.variants}
          labels={cells.variantLabels}
          onCopy={cells.copy}
          className="image-table__copy"
        />
      );
    default:
      return null;
  }
}

/**
 * A metadata value: the cell itself carries the text, its type's colour and the whole text on hover (one element
 * per cell rather than two: most of a row's cells are metadata, and every row that scrolls in is new).
 */
function MetadataCell({ column, value }: { column: RenderedColumn; value: unknown }) {
  if (value === undefined) return <td aria-colindex={column.colIndex} style={cellStyle(column)} />;
  const text = formatMetadataValue(value);
  const kind = value === null ? 'null' : Array.isArray(value) ? 'string' : typeof value;
  return (
    <td className={`image-table__meta meta-${kind}`} aria-colindex={column.colIndex} style={cellStyle(column)} title={text}>
      {text}
    </td>
  );
}

/**
 * A cell's style: none, its column's track gives its width; a cell after columns left out of the row names its
 * track (the cells after it follow it).
 */
function cellStyle(column: RenderedColumn): CSSProperties | undefined {
  return column.gap > 0 ? { gridColumnStart: column.colIndex } : undefined;
}

/** The right edge of a header: drag to widen or narrow the column; focused, ←/→ do the same in steps. */
function ColumnResizer({ label, width, onResize }: { label: string; width: number; onResize: (width: number) => void }) {
  const onPointerDown = (event: PointerEvent<HTMLSpanElement>) => {
    event.preventDefault();
    const handle = event.currentTarget;
    const startX = event.clientX;
    const startWidth = width;
    handle.setPointerCapture(event.pointerId);
    const move = (e: globalThis.PointerEvent) => onResize(startWidth + e.clientX - startX);
    const up = () => {
      handle.removeEventListener('pointermove', move);
      handle.removeEventListener('pointerup', up);
      handle.removeEventListener('pointercancel', up);
    };
    handle.addEventListener('pointermove', move);
    handle.addEventListener('pointerup', up);
    handle.addEventListener('pointercancel', up);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLSpanElement>) => {
    const step = { ArrowRight: KEY_STEP, ArrowLeft: -KEY_STEP }[event.key];
    if (step === undefined) return;
    event.preventDefault();
    onResize(width + step);
  };
  return (
    <span
      role="separator"
      aria-orientation="vertical"
      aria-label={`Resize column ${label}`}
      aria-valuenow={width}
      aria-valuemin={MIN_WIDTH}
      aria-valuemax={MAX_WIDTH}
      tabIndex={0}
      className="image-table__resizer"
      onPointerDown={onPointerDown}
      onKeyDown={onKeyDown}
    />
  );
}

export default ImageTable;
