/**
 * Draws the extension's Marketplace icon, `media/icon.png` (128×128 RGBA): the shield and check of the
 * activity-bar icon (`media/marketplace-guard.svg`), filled, with a white check. No image library: the
 * shapes are sampled 4×4 per pixel and written as a PNG with Node's zlib. `--check` exits 1 when the
 * committed PNG's pixels differ from the drawing.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';

export const SIZE = 128;
export const ICON_PATH = path.join(__dirname, '..', 'media', 'icon.png');

type Point = readonly [number, number];

/** Cubic Bézier from `p0` to `p3`, as `steps` points after `p0`. */
function cubic(p0: Point, p1: Point, p2: Point, p3: Point, steps = 32): Point[] {
  const out: Point[] = [];
  for (let i = 1; i <= steps; i++) {
    const t = i / steps;
    const u = 1 - t;
    const a = u * u * u, b = 3 * u * u * t, c = 3 * u * t * t, d = t * t * t;
    out.push([a * p0[0] + b * p1[0] + c * p2[0] + d * p3[0], a * p0[1] + b * p1[1] + c * p2[1] + d * p3[1]]);
  }
  return out;
}

/** The SVG's shield outline, in its 24-unit viewBox: `M12 2.5 4.5 5.5v6c0 4.6 3.1 8.6 7.5 10 4.4-1.4 7.5-5.4 7.5-10v-6z`. */
function shield(): Point[] {
  return [
    [12, 2.5],
    [4.5, 5.5],
    [4.5, 11.5],
    ...cubic([4.5, 11.5], [4.5, 16.1], [7.6, 20.1], [12, 21.5]),
    ...cubic([12, 21.5], [16.4, 20.1], [19.5, 16.1], [19.5, 11.5]),
    [19.5, 5.5],
  ];
}

/** The check mark's stroke, in viewBox units, drawn wider than the SVG's 1.6 so it reads at 128 px. */
const CHECK: readonly Point[] = [[8.6, 12.1], [11.1, 14.6], [15.6, 9.9]];
const CHECK_WIDTH = 2.3;
/** A darker rim inside the shield's edge, in viewBox units. */
const RIM = 0.75;

function inside(poly: readonly Point[], x: number, y: number): boolean {
  let odd = false;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const [xi, yi] = poly[i] as Point;
    const [xj, yj] = poly[j] as Point;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) odd = !odd;
  }
  return odd;
}

function segmentDistance(p: Point, a: Point, b: Point): number {
  const dx = b[0] - a[0], dy = b[1] - a[1];
  const t = Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy);
}

function polylineDistance(p: Point, line: readonly Point[], closed: boolean): number {
  let best = Infinity;
  const n = closed ? line.length : line.length - 1;
  for (let i = 0; i < n; i++) best = Math.min(best, segmentDistance(p, line[i] as Point, line[(i + 1) % line.length] as Point));
  return best;
}

type Rgba = readonly [number, number, number, number];
const TRANSPARENT: Rgba = [0, 0, 0, 0];
const WHITE: Rgba = [255, 255, 255, 255];
const RIM_COLOUR: Rgba = [14, 45, 92, 255];
const TOP: Rgba = [47, 121, 214, 255];
const BOTTOM: Rgba = [22, 68, 140, 255];

/** The vertical gradient of the shield's face, `t` from 0 (top) to 1 (bottom). */
function mix(a: Rgba, b: Rgba, t: number): Rgba {
  const at = (k: 0 | 1 | 2): number => Math.round(a[k] * (1 - t) + b[k] * t);
  return [at(0), at(1), at(2), 255];
}

/** The RGBA pixels, row by row. */
export function renderIcon(): Buffer {
  const outline = shield();
  const top = 2.5, bottom = 21.5;
  // The shield (x 4.5–19.5, y 2.5–21.5) centred, 120 px tall.
  const scale = 120 / (bottom - top);
  const offsetX = SIZE / 2 - 12 * scale;
  const offsetY = (SIZE - 120) / 2 - top * scale;
  const SUB = 4;
  const pixels = Buffer.alloc(SIZE * SIZE * 4);
  for (let py = 0; py < SIZE; py++) {
    for (let px = 0; px < SIZE; px++) {
      const sum = [0, 0, 0, 0];
      for (let sy = 0; sy < SUB; sy++) {
        for (let sx = 0; sx < SUB; sx++) {
          const p: Point = [(px + (sx + 0.5) / SUB - offsetX) / scale, (py + (sy + 0.5) / SUB - offsetY) / scale];
          let c: Rgba = TRANSPARENT;
          if (inside(outline, p[0], p[1])) {
            const t = (p[1] - top) / (bottom - top);
            c = polylineDistance(p, CHECK, false) <= CHECK_WIDTH / 2
              ? WHITE
              : polylineDistance(p, outline, true) <= RIM
                ? RIM_COLOUR
                : mix(TOP, BOTTOM, t);
          }
          // Premultiplied while averaging, so transparent samples do not darken the edge.
          for (let k = 0; k < 3; k++) sum[k] = (sum[k] as number) + (c[k] as number) * (c[3] / 255);
          sum[3] = (sum[3] as number) + c[3];
        }
      }
      const alpha = (sum[3] as number) / (SUB * SUB);
      const o = (py * SIZE + px) * 4;
      for (let k = 0; k < 3; k++) pixels[o + k] = alpha === 0 ? 0 : Math.round(((sum[k] as number) / (SUB * SUB)) * (255 / alpha));
      pixels[o + 3] = Math.round(alpha);
    }
  }
  return pixels;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(data: Buffer): number {
  let c = 0xffffffff;
  for (const byte of data) c = (CRC_TABLE[(c ^ byte) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A PNG of `size`×`size` RGBA pixels (8 bits, no interlace, filter 0 on every row). */
export function encodePng(pixels: Buffer, size = SIZE): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8);
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) pixels.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  return Buffer.concat([SIGNATURE, chunk('IHDR', header), chunk('IDAT', zlib.deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

/** Width, height and RGBA pixels of a PNG written by {@link encodePng} (filter 0 only); throws on anything else. */
export function decodePng(png: Buffer): { width: number; height: number; pixels: Buffer } {
  if (!png.subarray(0, 8).equals(SIGNATURE)) throw new Error('not a PNG');
  let offset = 8;
  let width = 0, height = 0;
  const idat: Buffer[] = [];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('latin1', offset + 4, offset + 8);
    const data = png.subarray(offset + 8, offset + 8 + length);
    if (png.readUInt32BE(offset + 8 + length) !== crc32(png.subarray(offset + 4, offset + 8 + length))) throw new Error(`bad CRC in ${type}`);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      if (data[8] !== 8 || data[9] !== 6 || data[12] !== 0) throw new Error('not 8-bit RGBA without interlace');
    }
    if (type === 'IDAT') idat.push(data);
    offset += 12 + length;
  }
  const raw = zlib.inflateSync(Buffer.concat(idat));
  const pixels = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 4 + 1);
    if (raw[row] !== 0) throw new Error(`row ${y} uses PNG filter ${raw[row]}`);
    raw.copy(pixels, y * width * 4, row + 1, row + 1 + width * 4);
  }
  return { width, height, pixels };
}

function main(): number {
  const pixels = renderIcon();
  if (process.argv.includes('--check')) {
    const current = fs.existsSync(ICON_PATH) ? decodePng(fs.readFileSync(ICON_PATH)).pixels : Buffer.alloc(0);
    if (!current.equals(pixels)) {
      process.stderr.write('media/icon.png differs from scripts/gen-icon.ts: run `npm run gen:icon`.\n');
      return 1;
    }
    return 0;
  }
  fs.writeFileSync(ICON_PATH, encodePng(pixels));
  return 0;
}

if (require.main === module) process.exitCode = main();
