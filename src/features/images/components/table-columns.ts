/**
 * The table view's columns, as typed data in their own module: the image's
 * own fields, then one column per metadata path seen in the loaded images, nested objects flattened
 * (`region.name`). Sorting is TanStack Table's, over the loaded rows only: the API itself sorts by upload time.
 */
import {
  columnVisibilityFeature,
  createColumnHelper,
  createSortedRowModel,
  rowSortingFeature,
  sortFn_alphanumeric,
  sortFn_basic,
  tableFeatures,
  type Row,
} from '@tanstack/react-table';
import type { CfImage } from '../../../contract/image';
import { metadataValue } from '../../../contract/list-query';
import { createMetadataWalk } from '../../../lib/metadata-walk';

export const tableFeatureSet = tableFeatures({
  rowSortingFeature,
  columnVisibilityFeature,
  sortedRowModel: createSortedRowModel(),
  sortFns: { alphanumeric: sortFn_alphanumeric, basic: sortFn_basic },
});

type Features = typeof tableFeatureSet;

/** A metadata column: its path and the id TanStack Table knows it by. */
export interface MetaColumnKey {
  id: string;
  path: readonly string[];
  label: string;
}

/** How deep nested metadata is flattened into columns; deeper objects show as JSON in their parent's column. */
const MAX_FLATTEN_DEPTH = 5;

interface ColumnKeys {
  ids: Set<string>;
  /** Keeps its identity until a new key appears, so columns, sorting and widths stay put. */
  keys: readonly MetaColumnKey[];
}

/** The walk (src/lib/metadata-walk.ts) for columns: every leaf's path, in first-seen order. */
const META_PREFIX = 'meta:';

/** Whether a column id is a metadata column's (`meta:["region","name"]`). */
export function isMetadataColumn(columnId: string): boolean {
  return columnId.startsWith(META_PREFIX);
}

const columnWalk = {
  maxDepth: MAX_FLATTEN_DEPTH,
  start: (): ColumnKeys => ({ ids: new Set(), keys: [] }),
  leaf: (state: ColumnKeys, path: readonly string[]) => {
    const id = `${META_PREFIX}${JSON.stringify(path)}`;
    if (state.ids.has(id)) return;
    state.ids.add(id);
    state.keys = [...state.keys, { id, path: [...path], label: path.join('.') }];
  },
};

/**
 * Every metadata path seen in the images, nested objects flattened, in first-seen order: a leaf is anything that
 * is not a plain object (arrays included). `update(images)` walks only the pages appended since the last call.
 */
export function createMetadataColumnKeys() {
  const walk = createMetadataWalk(columnWalk);
  return (images: readonly Pick<CfImage, 'meta'>[]): readonly MetaColumnKey[] => walk.update(images).state.keys;
}

/** The metadata columns of `images`, walked once. */
export function metadataColumnKeys(images: readonly Pick<CfImage, 'meta'>[]): readonly MetaColumnKey[] {
  return createMetadataColumnKeys()(images);
}

/** A metadata value as text in a cell: strings as they are, arrays joined, objects and null as JSON. */
export function formatMetadataValue(value: unknown): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value) && value.every((v) => typeof v !== 'object' || v === null)) return value.map(String).join(', ');
  return JSON.stringify(value);
}

const TYPE_RANK: Record<string, number> = { number: 0, boolean: 1, string: 2, object: 3 };

/**
 * Metadata columns mix types (`batch` is `3` on one image and `"3"` on another): numbers first, in numeric
 * order, then booleans, then text in natural order, then anything else. Ascending only; TanStack Table reverses.
 */
export function compareMetadataValues(a: unknown, b: unknown): number {
  const ta = TYPE_RANK[typeof a] ?? 4;
  const tb = TYPE_RANK[typeof b] ?? 4;
  if (ta !== tb) return ta - tb;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  return formatMetadataValue(a).localeCompare(formatMetadataValue(b), undefined, { numeric: true, sensitivity: 'base' });
}

function metadataSort(rowA: Row<Features, CfImage>, rowB: Row<Features, CfImage>, columnId: string): number {
  return compareMetadataValues(rowA.getValue(columnId), rowB.getValue(columnId));
}

const helper = createColumnHelper<Features, CfImage>();

/** The image's own columns, by id; `select` and `preview` are display columns without data. */
export const BASE_COLUMN_LABELS = {
  select: 'Select',
  preview: 'Preview',
  id: 'ID',
  filename: 'Filename',
  creator: 'Creator',
  uploaded: 'Uploaded',
  private: 'Private',
  variants: 'Variants',
} as const;
export type BaseColumnId = keyof typeof BASE_COLUMN_LABELS;

/** Widths in pixels: rows are virtualized with a fixed layout, so columns have fixed widths. */
export const COLUMN_WIDTHS: Record<BaseColumnId, number> & { meta: number } = {
  select: 44,
  preview: 56,
  id: 300,
  filename: 230,
  creator: 130,
  uploaded: 130,
  private: 84,
  variants: 300,
  meta: 150,
};

/**
 * Columns whose cells hold controls (the checkbox, the filename's button, the copy buttons). Rows render only the
 * columns in the horizontal view (docs/performance.md "What a scroll step costs"), and these besides, wherever the
 * table is scrolled: Tab reaches every row's controls as before, and a focused control is never taken away.
 */
export const CONTROL_COLUMNS: ReadonlySet<string> = new Set<BaseColumnId>(['select', 'filename', 'variants']);

/** A column as the rows render it: its id, width, 1-based position among the shown columns, and the gap before it. */
export interface RenderedColumn {
  id: string;
  width: number;
  /** `aria-colindex`: the column's position among every shown column, whether its cells are rendered or not. */
  colIndex: number;
  /** The width of the columns left out since the previous rendered one: the cell's left margin. */
  gap: number;
}

/**
 * The columns a row renders: those at `indexes` (ascending; the horizontal virtualizer's range) out of `columns`,
 * each with the width of the columns skipped before it, so that cells stay under their headers.
 */
export function renderedColumns(
  columns: readonly { id: string; width: number }[],
  indexes: readonly number[],
): readonly RenderedColumn[] {
  const rendered: RenderedColumn[] = [];
  let x = 0;
  let end = 0;
  let next = 0;
  for (const index of indexes) {
    for (; next < index && next < columns.length; next += 1) x += columns[next]!.width;
    const column = columns[index];
    if (!column || index < next) continue;
    rendered.push({ id: column.id, width: column.width, colIndex: index + 1, gap: x - end });
    x += column.width;
    end = x;
    next = index + 1;
  }
  return rendered;
}

/** The range extractor's answer with `pinned` added: ascending, each index once. */
export function withPinnedColumns(range: readonly number[], pinned: readonly number[]): number[] {
  if (pinned.every((index) => range.includes(index))) return [...range];
  return [...new Set([...range, ...pinned])].sort((a, b) => a - b);
}

/** The columns for the images' metadata keys. Cells are rendered by the table component (`column.id`). */
export function buildColumns(metaKeys: readonly MetaColumnKey[]) {
  return helper.columns([
    helper.display({ id: 'select', header: BASE_COLUMN_LABELS.select, enableHiding: false }),
    helper.display({ id: 'preview', header: BASE_COLUMN_LABELS.preview }),
    helper.accessor('id', { header: BASE_COLUMN_LABELS.id, sortFn: 'alphanumeric' }),
    helper.accessor('filename', { header: BASE_COLUMN_LABELS.filename, sortFn: 'alphanumeric', enableHiding: false }),
    helper.accessor((image) => image.creator ?? undefined, {
      id: 'creator',
      header: BASE_COLUMN_LABELS.creator,
      sortFn: 'alphanumeric',
      sortUndefined: 'last',
    }),
    // ISO 8601 UTC with fixed-width milliseconds: text order is time order.
    helper.accessor('uploaded', { header: BASE_COLUMN_LABELS.uploaded, sortFn: 'basic', sortDescFirst: true }),
    helper.accessor('requireSignedURLs', { id: 'private', header: BASE_COLUMN_LABELS.private, sortFn: 'basic' }),
    helper.accessor((image) => image.variants.length, { id: 'variants', header: BASE_COLUMN_LABELS.variants, enableSorting: false }),
    ...metaKeys.map((key) =>
      helper.accessor((image) => metadataValue(image.meta, key.path), {
        id: key.id,
        header: key.label,
        sortFn: metadataSort,
        // Ascending first, whatever the type: TanStack Table would start numbers descending.
        sortDescFirst: false,
        sortUndefined: 'last',
      }),
    ),
  ]);
}

export type TableColumns = ReturnType<typeof buildColumns>;
