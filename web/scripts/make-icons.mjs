// Writes the PWA icons into web/static: a white rail switch ("Y") on the brand teal.
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const TEAL = [15, 118, 110];
const SEGMENTS = [
  [0.5, 0.8, 0.5, 0.52],
  [0.5, 0.52, 0.28, 0.22],
  [0.5, 0.52, 0.72, 0.22],
];

function segmentDistance(px, py, [ax, ay, bx, by]) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - ax - t * dx, py - ay - t * dy);
}

function crc32(buf) {
  let c = ~0;
  for (const byte of buf) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

function icon(size, { maskable }) {
  const glyphScale = maskable ? 0.72 : 1;
  const corner = maskable ? 0 : 0.2 * size;
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) {
      const cx = Math.max(corner - x - 0.5, 0, x + 0.5 - (size - corner));
      const cy = Math.max(corner - y - 0.5, 0, y + 0.5 - (size - corner));
      const bgAlpha = corner ? Math.max(0, Math.min(1, corner + 0.5 - Math.hypot(cx, cy))) : 1;
      const u = ((x + 0.5) / size - 0.5) / glyphScale + 0.5;
      const v = ((y + 0.5) / size - 0.5) / glyphScale + 0.5;
      const d = Math.min(...SEGMENTS.map((s) => segmentDistance(u, v, s))) * size * glyphScale;
      const ink = Math.max(0, Math.min(1, 0.05 * size * glyphScale + 0.5 - d));
      const i = y * (size * 4 + 1) + 1 + x * 4;
      for (let c = 0; c < 3; c++) raw[i + c] = Math.round(TEAL[c] + (255 - TEAL[c]) * ink);
      raw[i + 3] = Math.round(255 * bgAlpha);
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8);
  const signature = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]);
  return Buffer.concat([
    signature,
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const dir = new URL('../static/', import.meta.url);
writeFileSync(new URL('icon-192.png', dir), icon(192, { maskable: false }));
writeFileSync(new URL('icon-512.png', dir), icon(512, { maskable: false }));
writeFileSync(new URL('icon-maskable-512.png', dir), icon(512, { maskable: true }));
