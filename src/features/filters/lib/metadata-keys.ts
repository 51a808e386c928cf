/**
 * Field suggestions: the metadata paths seen in the loaded images, each with the kinds of values found there.
 * Only paths a filter can name are offered (CONTRACT.md §2: at most five levels, no `.`, `[` or `]` inside a
 * segment) and only where a scalar was found, since a filter never matches an object or an array.
 */
import { LIMITS } from '../../../contract/list-query';

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

function visitImage(seen: Seen, meta: unknown): void {
  const visit = (value: unknown, path: string[]) => {
    const type = observedType(value);
    if (type && path.length > 0) {
      const key = path.join('.');
      const entry = seen.get(key) ?? { types: new Set(), count: 0 };
      entry.types.add(type);
      entry.count += 1;
      seen.set(key, entry);
      return;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value) || path.length >= LIMITS.maxDepth) return;
    for (const [segment, child] of Object.entries(value)) {
      if (FILTERABLE_SEGMENT.test(segment)) visit(child, [...path, segment]);
    }
  };
  visit(meta, []);
}

function keysOf(seen: Seen): MetadataKey[] {
  return [...seen.entries()]
    .map(([path, { types, count }]) => ({ path, types: TYPE_ORDER.filter((t) => types.has(t)), count }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

export function collectMetadataKeys(images: readonly { meta: unknown }[]): MetadataKey[] {
  const seen: Seen = new Map();
  for (const image of images) visitImage(seen, image.meta);
  return keysOf(seen);
}

/**
 * `collectMetadataKeys` for a list that grows page by page (the loaded images): `update(images)` walks only the
 * images added since the last call, so 10,000 loaded images cost one page's walk per page rather than 10,000 each
 * time. A list that is not the previous one plus more (a new query) is walked afresh. Same answers as
 * `collectMetadataKeys(images)`; calling it twice with the same list returns the same array.
 */
export function createMetadataKeyCollector() {
  let seen: Seen = new Map();
  let source: readonly { meta: unknown }[] = [];
  let keys: MetadataKey[] = [];
  return {
    update(images: readonly { meta: unknown }[]): MetadataKey[] {
      if (images === source) return keys;
      // Pages are only ever appended: the same first and last image as before means the old list is a prefix.
      const last = source.length - 1;
      const grown = images.length >= source.length && (last < 0 || (images[0] === source[0] && images[last] === source[last]));
      if (!grown) seen = new Map();
      for (let i = grown ? source.length : 0; i < images.length; i += 1) visitImage(seen, images[i]!.meta);
      if (!grown || images.length !== source.length) keys = keysOf(seen);
      source = images;
      return keys;
    },
  };
}

/** `region.name · text`, `ratings · number`, `code · text, number`. */
export function describeKey(key: MetadataKey): string {
  return `${key.path} · ${key.types.join(', ')}`;
}
