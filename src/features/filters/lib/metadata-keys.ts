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

export function collectMetadataKeys(images: readonly { meta: unknown }[]): MetadataKey[] {
  const seen = new Map<string, { types: Set<ObservedType>; count: number }>();
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
  for (const image of images) visit(image.meta, []);
  return [...seen.entries()]
    .map(([path, { types, count }]) => ({ path, types: TYPE_ORDER.filter((t) => types.has(t)), count }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** `region.name · text`, `ratings · number`, `code · text, number`. */
export function describeKey(key: MetadataKey): string {
  return `${key.path} · ${key.types.join(', ')}`;
}
