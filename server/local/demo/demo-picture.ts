/**
 * Demo pictures: one per demo image, each drawn from `(seed, index)` alone, so they are rendered lazily on first
 * delivery (seeding 1200 images stays instant) and are the same bytes on every machine. Each has its own colours,
 * shape, orientation and a large label such as `#0042 Sunset`, so a person can tell them apart.
 */
import sharp from 'sharp';
import type { ImageFormat } from '../stored-image';
import { integer, mixSeed, mulberry32, pick, type Random } from './prng';

export const DEMO_NAMES = [
  'Sunset', 'Harbor', 'Meadow', 'Glacier', 'Canyon', 'Lantern', 'Orchard', 'Comet', 'Reef', 'Dune', 'Aurora', 'Maple',
  'Pebble', 'Summit', 'Lagoon', 'Ember', 'Willow', 'Nebula', 'Tundra', 'Cobalt', 'Fjord', 'Prairie', 'Citrus', 'Basalt',
] as const;

const SHAPES = ['circle', 'square', 'triangle', 'star', 'hexagon', 'rings', 'diamond', 'stripes'] as const;
const SIZES = [
  [1600, 1067],
  [1000, 1500],
  [1200, 1200],
  [1920, 1080],
] as const;

/** Everything about a demo picture that the record needs too (name, format), from `(seed, index)`. */
export interface DemoPictureSpec {
  seed: number;
  index: number;
  name: string;
  format: ImageFormat;
  label: string;
}

function pictureRandom(seed: number, index: number): Random {
  return mulberry32(mixSeed(seed, index, 1));
}

export function demoPictureSpec(seed: number, index: number): DemoPictureSpec {
  const random = pictureRandom(seed, index);
  const name = pick(random, DEMO_NAMES);
  const r = random();
  const format: ImageFormat = r < 0.4 ? 'jpeg' : r < 0.75 ? 'png' : r < 0.92 ? 'webp' : 'svg';
  return { seed, index, name, format, label: `#${String(index + 1).padStart(4, '0')} ${name}` };
}

function polygon(cx: number, cy: number, radius: number, points: number, inner = 1, turn = -Math.PI / 2): string {
  const vertices: string[] = [];
  const count = inner === 1 ? points : points * 2;
  for (let i = 0; i < count; i += 1) {
    const r = inner === 1 || i % 2 === 0 ? radius : radius * inner;
    const angle = turn + (i * 2 * Math.PI) / count;
    vertices.push(`${(cx + r * Math.cos(angle)).toFixed(1)},${(cy + r * Math.sin(angle)).toFixed(1)}`);
  }
  return vertices.join(' ');
}

function shapeSvg(shape: (typeof SHAPES)[number], cx: number, cy: number, r: number, fill: string): string {
  switch (shape) {
    case 'circle':
      return `<circle cx="${cx}" cy="${cy}" r="${r}" fill="${fill}"/>`;
    case 'square':
      return `<rect x="${cx - r}" y="${cy - r}" width="${2 * r}" height="${2 * r}" rx="${r / 8}" fill="${fill}" transform="rotate(12 ${cx} ${cy})"/>`;
    case 'triangle':
      return `<polygon points="${polygon(cx, cy, r, 3)}" fill="${fill}"/>`;
    case 'star':
      return `<polygon points="${polygon(cx, cy, r, 5, 0.45)}" fill="${fill}"/>`;
    case 'hexagon':
      return `<polygon points="${polygon(cx, cy, r, 6)}" fill="${fill}"/>`;
    case 'diamond':
      return `<polygon points="${polygon(cx, cy, r, 4)}" fill="${fill}"/>`;
    case 'rings':
      return [1, 0.72, 0.44]
        .map((k) => `<circle cx="${cx}" cy="${cy}" r="${r * k}" fill="none" stroke="${fill}" stroke-width="${r / 9}"/>`)
        .join('');
    case 'stripes':
      return [-2, -1, 0, 1, 2]
        .map((k) => `<rect x="${cx + k * r * 0.4 - r / 10}" y="${cy - r}" width="${r / 5}" height="${2 * r}" fill="${fill}"/>`)
        .join('');
  }
}

/** The picture as SVG text. */
export function demoPictureSvg(spec: DemoPictureSpec): string {
  const random = pictureRandom(spec.seed, spec.index);
  random(); // name
  random(); // format
  const [width, height] = pick(random, SIZES);
  const hue = integer(random, 0, 359);
  const hue2 = (hue + integer(random, 60, 200)) % 360;
  const shapeHue = (hue + 180 + integer(random, -40, 40) + 360) % 360;
  const shape = pick(random, SHAPES);
  // Everything that identifies the picture sits where every crop of it still shows it: the thumbnail is the central
  // square (cover 320×320), and the grid shows that square in a 4:3 box (cut 12.5% off its top and bottom). So the
  // shape and the label stay within the central square's middle band, 16% to 84% of its height, and the label is
  // sized to fit its width whatever its length (`#10000 Prairie`).
  const side = Math.min(width, height);
  const left = (width - side) / 2;
  const top = (height - side) / 2;
  const cx = Math.round(left + side * (0.5 + (random() - 0.5) * 0.2));
  const cy = Math.round(top + side * (0.37 + random() * 0.03));
  // Half-extent of the largest shape (a rotated square) is 1.19 r: r ≤ 0.17 side keeps it between 16% and 60%.
  const r = Math.round(side * (0.13 + random() * 0.04));
  // DejaVu Sans Bold is at most ~0.7 em per character; keep the label within 86% of the square's width.
  const fontSize = Math.round(Math.min(side / 13, (side * 0.86) / (0.7 * spec.label.length)));
  const bandHeight = Math.round(fontSize * 1.8);
  const band = Math.round(top + side * 0.64);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">
<defs><linearGradient id="bg" x1="0" y1="0" x2="1" y2="1">
<stop offset="0" stop-color="hsl(${hue},75%,58%)"/><stop offset="1" stop-color="hsl(${hue2},60%,28%)"/>
</linearGradient></defs>
<rect width="${width}" height="${height}" fill="url(#bg)"/>
${shapeSvg(shape, cx, cy, r, `hsl(${shapeHue},85%,62%)`)}
<rect x="0" y="${band}" width="${width}" height="${bandHeight}" fill="rgba(0,0,0,0.38)"/>
<text x="${Math.round(width / 2)}" y="${band + Math.round(fontSize * 1.25)}" text-anchor="middle" font-family="DejaVu Sans, Liberation Sans, sans-serif" font-size="${fontSize}" font-weight="bold" fill="#fff">${spec.label}</text>
</svg>`;
}

/** The picture's bytes in its format (SVG stays text). */
export async function renderDemoPicture(spec: DemoPictureSpec): Promise<Buffer> {
  const svg = Buffer.from(demoPictureSvg(spec));
  switch (spec.format) {
    case 'svg':
      return svg;
    case 'jpeg':
      return sharp(svg).jpeg({ quality: 85 }).toBuffer();
    case 'webp':
      return sharp(svg).webp({ quality: 85 }).toBuffer();
    default:
      return sharp(svg).png().toBuffer();
  }
}
