/**
 * Field suggestions: the metadata paths seen in the loaded images, each with the kinds of values found there.
 * Only paths a filter can name are offered (CONTRACT.md §2: at most five levels, no `.`, `[` or `]` inside a
 * segment) and only where a scalar was found, since a filter never matches an object or an array.
 */
import { LIMITS } from '../../../contract/list-query';
import { createMetadataWalk } from '../../../lib/metadata-walk';

export type ObservedType = 'text' | 'number' | 'true/false';

export interface MetadataKey {
  path: string;
  types: ObservedType[];
  /** How many loaded images have a scalar at this path. */
  count: number;
}

const TYPE_ORDER: ObservedType[] = ['text', 'number', 'true/false'];
const FILTERABLE_SEGMENT = /^[^.[\]]+$/;

function observedType(value: unknown): ObservedType | null {
  if (typeof value === 'string') return 'text';
  if (typeof value === 'number') return Number.isFinite(value) ? 'number' : null;
  if (typeof value === 'boolean') return 'true/false';
  return null;
}

type Seen = Map<string, { types: Set<ObservedType>; count: number }>;

/** The walk (src/lib/metadata-walk.ts) over filterable paths, noting the scalars found at each. */
const keyWalk = {
  maxDepth: LIMITS.maxDepth,
  segment: (segment: string) => FILTERABLE_SEGMENT.test(segment),
  start: (): Seen => new Map(),
  leaf: (seen: Seen, path: readonly string[], value: unknown) => {
    const type = observedType(value);
    if (!type) return;
    const key = path.join('.');
    const entry = seen.get(key) ?? { types: new Set(), count: 0 };
    entry.types.add(type);
    entry.count += 1;
    seen.set(key, entry);
  },
};

function keysOf(seen: Seen): MetadataKey[] {
  return [...seen.entries()]
    .map(([path, { types, count }]) => ({ path, types: TYPE_ORDER.filter((t) => types.has(t)), count }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

export function collectMetadataKeys(images: readonly { meta: unknown }[]): MetadataKey[] {
  return keysOf(createMetadataWalk(keyWalk).update(images).state);
}

/**
 * `collectMetadataKeys` for a list that grows page by page (the loaded images): each new page is walked once.
 * Same answers as `collectMetadataKeys(images)`; calling it twice with the same list returns the same array.
 */
export function createMetadataKeyCollector() {
  const walk = createMetadataWalk(keyWalk);
  let keys: MetadataKey[] = [];
  return {
    update(images: readonly { meta: unknown }[]): MetadataKey[] {
      const { state, changed } = walk.update(images);
      if (changed) keys = keysOf(state);
      return keys;
    },
  };
}

/** `region.name · text`, `ratings · number`, `code · text, number`. */
export function describeKey(key: MetadataKey): string {
  return `${key.path} · ${key.types.join(', ')}`;
}
