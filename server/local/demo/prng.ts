/** A small seeded PRNG (mulberry32): demo data must be the same for the same `DEMO_SEED`. */

export type Random = () => number;

/** Mixes numbers into one 32-bit seed (splitmix-style), so `(seed, index, stream)` give independent sequences. */
export function mixSeed(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const part of parts) {
    h = Math.imul(h ^ (part >>> 0), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}

export function mulberry32(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

/** An integer from `min` to `max` inclusive. */
export function integer(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

/**
 * A keyed permutation of 32-bit integers: every step (xor with the key, xor-shift, multiplication by an odd
 * constant) is invertible, so distinct inputs always give distinct outputs, yet they look random.
 */
export function permute32(value: number, key: number): number {
  let h = (value ^ key) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * A UUID v4-shaped id from the PRNG. With `unique`, the first 32 bits are that number (for example a permuted
 * index) and only the rest is random, so ids built from distinct numbers never collide, however many there are.
 */
export function uuid(random: Random, unique?: number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16));
  if (unique !== undefined) hex.splice(0, 8, ...(unique >>> 0).toString(16).padStart(8, '0'));
  hex[12] = '4';
  hex[16] = '89ab'[Math.floor(random() * 4)]!;
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}
