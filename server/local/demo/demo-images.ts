/**
 * Demo data for a first start (`DEMO_IMAGES`, `DEMO_SEED`): records with metadata that exercises every filter
 * (strings, numbers, booleans, objects nested three and four levels, arrays that never match), creators with gaps,
 * some private images, uploads spread over six months with distinct millisecond timestamps. Deterministic for a
 * seed; the timestamps end at a fixed date rather than "now", so the same seed gives the same data on every run.
 */
import type { NewImage } from '../image-store';
import { extensionOf } from '../originals';
import { demoPictureSpec } from './demo-picture';
import { integer, mixSeed, mulberry32, permute32, pick, uuid } from './prng';

/** The newest demo upload is just before this instant (docs/local-mode.md). */
export const DEMO_EPOCH = Date.UTC(2026, 10, 1);
const SPAN_MS = 183 * 24 * 60 * 60 * 1000;

const STATUSES = ['active', 'active', 'active', 'active', 'active', 'pending', 'pending', 'deleted', 'flagged'];
const REGIONS: ReadonlyArray<{ name: string; countries: ReadonlyArray<readonly [string, string, string]> }> = [
  { name: 'eu-west', countries: [['IE', 'Ireland', 'Dublin'], ['FR', 'France', 'Paris'], ['GB', 'United Kingdom', 'London']] },
  { name: 'eu-central', countries: [['DE', 'Germany', 'Frankfurt'], ['PL', 'Poland', 'Warsaw']] },
  { name: 'us-east', countries: [['US', 'United States', 'New York'], ['CA', 'Canada', 'Toronto']] },
  { name: 'us-west', countries: [['US', 'United States', 'San Francisco']] },
  { name: 'ap-south', countries: [['IN', 'India', 'Mumbai'], ['SG', 'Singapore', 'Singapore']] },
];
const TAGS = ['landscape', 'portrait', 'product', 'banner', 'avatar', 'archive', 'campaign', 'draft'];
const CAMERAS = ['Canon', 'Nikon', 'Sony', 'Fujifilm', 'Pixel'];

/** File name of a demo original inside `originals/`; the picture is rendered from it when first delivered. */
export function demoFile(seed: number, index: number, ext: string): string {
  return `demo/s${seed}-${index}.${ext}`;
}

/** `(seed, index)` of a demo original's file name, or `null` for an upload. */
export function parseDemoFile(file: string): { seed: number; index: number } | null {
  const match = /^demo\/s(\d+)-(\d+)\.[a-z]+$/.exec(file);
  return match ? { seed: Number(match[1]), index: Number(match[2]) } : null;
}

function demoMeta(random: () => number, name: string): Record<string, unknown> {
  if (random() < 0.04) return {};
  const region = pick(random, REGIONS);
  const [code, country, city] = pick(random, region.countries);
  const tags = [...new Set(Array.from({ length: integer(random, 1, 3) }, () => pick(random, TAGS)))];
  const meta: Record<string, unknown> = {
    title: name,
    status: pick(random, STATUSES),
    ratings: integer(random, 1, 5),
    priority: integer(random, 1, 10),
    featured: random() < 0.25,
    region: { name: region.name, geo: { country: { code, name: country }, city } },
    tags,
    camera: { make: pick(random, CAMERAS), settings: { iso: pick(random, [100, 200, 400, 800, 1600]), aperture: pick(random, [1.8, 2.8, 4, 5.6]) } },
  };
  // Some values typed differently on purpose, so that `eq` vs `eq:string` vs `eq:number` differ on demo data.
  if (random() < 0.15) meta.batch = String(integer(random, 1, 5));
  else meta.batch = integer(random, 1, 5);
  if (random() < 0.1) meta.reviewed = random() < 0.5 ? 'true' : 'false';
  else meta.reviewed = random() < 0.5;
  return meta;
}

/** The demo records for `count` images (oldest first); pictures are referenced, not rendered. */
export function demoImages(count: number, seed: number): NewImage[] {
  const gap = Math.max(1, Math.floor(SPAN_MS / Math.max(count, 1)));
  const start = DEMO_EPOCH - gap * count;
  const images: NewImage[] = [];
  for (let index = 0; index < count; index += 1) {
    const random = mulberry32(mixSeed(seed, index, 2));
    const spec = demoPictureSpec(seed, index);
    const creatorRoll = random();
    const creator =
      creatorRoll < 0.1 ? null : creatorRoll < 0.25 ? 'user123' : `user${String(integer(random, 1, 40)).padStart(3, '0')}`;
    const ext = extensionOf(spec.format);
    images.push({
      // Unique for every seed and count (a 32-bit permutation of the index), still deterministic; a random id
      // from a 32-bit seed would collide by the birthday bound at 100,000 images.
      id: uuid(random, permute32(index, mixSeed(seed, 3))),
      filename: `${spec.name.toLowerCase()}-${String(index + 1).padStart(4, '0')}.${ext}`,
      creator,
      meta: demoMeta(random, spec.name),
      requireSignedURLs: random() < 0.1,
      // Strictly increasing: each upload falls somewhere inside its own slot of `gap` milliseconds.
      uploaded: start + index * gap + Math.floor(random() * (gap - 1)),
      format: spec.format,
      file: demoFile(seed, index, ext),
      contentKey: `demo-s${seed}-${index}`,
    });
  }
  return images;
}
