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
  let hex = '';
  for (let i = 0; i < 32; i += 1) hex += HEX[Math.floor(random() * 16)];
  const variant = HEX[8 + Math.floor(random() * 4)];
  if (unique !== undefined) hex = (unique >>> 0).toString(16).padStart(8, '0') + hex.slice(8);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20)}`;
}

const HEX = '0123456789abcdef';
