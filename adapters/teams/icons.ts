/**
 * Draws the Teams app icons and encodes them as PNG with node:zlib (no image dependency).
 * Teams requires a 192×192 full-colour icon and a 32×32 outline icon that is white on a transparent background.
 * Regenerate with: npx tsx adapters/teams/make-icons.ts
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';

export interface Rgba {
  width: number;
  height: number;
  /** width*height*4 bytes, row-major RGBA. */
  pixels: Uint8Array;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = (CRC_TABLE[(c ^ b) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

export function encodePng(image: Rgba): Buffer {
  const { width, height, pixels } = image;
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, deflate, no filter method variants, no interlace
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 4 + 1)] = 0; // filter type None
    raw.set(pixels.subarray(y * width * 4, (y + 1) * width * 4), y * (width * 4 + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', new Uint8Array(0)),
  ]);
}

type Shape = (x: number, y: number) => boolean;

/** A plus sign centred in a size×size box: arm half-width `w`, reach `r` from the centre. */
function cross(size: number, r: number, w: number): Shape {
  const c = (size - 1) / 2;
  return (x, y) => {
    const dx = Math.abs(x - c);
    const dy = Math.abs(y - c);
    return (dx <= w && dy <= r) || (dy <= w && dx <= r);
  };
}

function paint(size: number, colour: (x: number, y: number) => [number, number, number, number]): Rgba {
  const pixels = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) pixels.set(colour(x, y), (y * size + x) * 4);
  return { width: size, height: size, pixels };
}

/** Teal tile with a white clinical cross inside a white ring. */
export function colorIcon(): Rgba {
  const size = 192;
  const plus = cross(size, 58, 18);
  const c = (size - 1) / 2;
  const ring = (x: number, y: number) => {
    const d = Math.hypot(x - c, y - c);
    return d >= 74 && d <= 82;
  };
  return paint(size, (x, y) => (plus(x, y) || ring(x, y) ? [255, 255, 255, 255] : [15, 118, 110, 255]));
}

/** Outline of the same cross: white strokes only, everything else fully transparent (Teams' rule). */
export function outlineIcon(): Rgba {
  const size = 32;
  const outer = cross(size, 12, 4.5);
  const inner = cross(size, 10, 2.5);
  return paint(size, (x, y) => (outer(x, y) && !inner(x, y) ? [255, 255, 255, 255] : [0, 0, 0, 0]));
}

export function writeIcons(dir: string): void {
  writeFileSync(join(dir, 'color.png'), encodePng(colorIcon()));
  writeFileSync(join(dir, 'outline.png'), encodePng(outlineIcon()));
}
