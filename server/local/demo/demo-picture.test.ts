import { describe, expect, it } from 'vitest';
import { demoPictureSpec, demoPictureSvg } from './demo-picture';

const attr = (svg: string, element: string, name: string): number =>
  Number(new RegExp(`<${element}[^>]*\\s${name}="([-\\d.]+)"`).exec(svg)?.[1]);

describe('demo picture layout', () => {
  // The grid shows the thumbnail (the central square) in a 4:3 box, so 12.5% of the square goes at the top and
  // at the bottom; the label and the shape must stay inside what is left, with a margin.
  it('keeps the label and the shape inside every crop, whatever the orientation and label length', () => {
    for (let index = 0; index < 400; index += 1) {
      for (const at of [index, index + 9600]) {
        const spec = demoPictureSpec(7, at);
        const svg = demoPictureSvg(spec);
        const width = attr(svg, 'svg', 'width');
        const height = attr(svg, 'svg', 'height');
        const side = Math.min(width, height);
        const top = (height - side) / 2;
        const left = (width - side) / 2;
        const y = (v: number) => (v - top) / side;
        // The label band (the second rect) and its text.
        const band = [...svg.matchAll(/<rect x="0" y="(\d+)" width="\d+" height="(\d+)"/g)].at(-1)!;
        expect(y(Number(band[1]))).toBeGreaterThanOrEqual(0.15);
        expect(y(Number(band[1]) + Number(band[2]))).toBeLessThanOrEqual(0.85);
        const fontSize = attr(svg, 'text', 'font-size');
        expect(fontSize * 0.7 * spec.label.length).toBeLessThanOrEqual(side * 0.9);
        // The shape: its centre and radius are drawn from the same numbers for every kind; check the circle-ish extent.
        const shape = /<(circle|rect|polygon)[^>]*(?:cx="(\d+)" cy="(\d+)" r="([\d.]+)"|points="([^"]+)"|x="([-\d.]+)" y="([-\d.]+)" width="([\d.]+)" height="([\d.]+)"[^>]*fill="hsl)/.exec(
          svg.slice(svg.indexOf('</defs>') + 7).replace(/^<rect width[^>]*>/, '').trimStart(),
        );
        expect(shape).not.toBeNull();
        const ys: number[] = [];
        const xs: number[] = [];
        if (shape![2]) {
          ys.push(Number(shape![3]) - Number(shape![4]), Number(shape![3]) + Number(shape![4]));
          xs.push(Number(shape![2]) - Number(shape![4]), Number(shape![2]) + Number(shape![4]));
        } else if (shape![5]) {
          for (const point of shape![5].split(' ')) {
            const [px, py] = point.split(',').map(Number);
            xs.push(px!);
            ys.push(py!);
          }
        } else {
          // A square (rotated about its centre) or a stripe: its four corners, turned.
          const [x, yy, w, h] = [6, 7, 8, 9].map((k) => Number(shape![k])) as [number, number, number, number];
          const degrees = Number(/rotate\(([-\d.]+)/.exec(shape![0] + svg.slice(svg.indexOf(shape![0])).split('/>')[0])?.[1] ?? 0);
          const turn = (degrees * Math.PI) / 180;
          const [cx, cy] = [x + w / 2, yy + h / 2];
          for (const [dx, dy] of [[-w / 2, -h / 2], [w / 2, -h / 2], [w / 2, h / 2], [-w / 2, h / 2]] as const) {
            xs.push(cx + dx * Math.cos(turn) - dy * Math.sin(turn));
            ys.push(cy + dx * Math.sin(turn) + dy * Math.cos(turn));
          }
        }
        expect(y(Math.min(...ys))).toBeGreaterThanOrEqual(0.15);
        expect(y(Math.max(...ys))).toBeLessThanOrEqual(y(Number(band[1])));
        expect((Math.min(...xs) - left) / side).toBeGreaterThanOrEqual(0);
        expect((Math.max(...xs) - left) / side).toBeLessThanOrEqual(1);
      }
    }
  });
});
