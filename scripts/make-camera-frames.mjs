// Fake-camera videos for Chromium's --use-file-for-fake-video-capture: one barcode from bwip-js, black on a
// white 640x480 Y4M frame. No image decoder is needed: bwip-js's raw encoding gives the bar widths (linear
// codes) or the module grid (2D codes), which are painted straight into the Y plane.
//   node scripts/make-camera-frames.mjs [dir]   -> dir/ean13-5901234123457.y4m, ...
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import bwipjs from 'bwip-js';

const WIDTH = 640;
const HEIGHT = 480;
const BAR_HEIGHT = 220;

/**
 * The luma plane of one frame: white, with the barcode's black modules centred. html5-qrcode decodes a
 * copy scaled down to the on-screen preview (about half size on a phone) and only inside its scan box
 * (the app's is 90% x 60% of the frame), so modules are as wide as fits there, up to 5 pixels.
 */
export function barcodeLuma(bcid, text) {
  const [symbol] = bwipjs.raw({ bcid, text });
  const y = Buffer.alloc(WIDTH * HEIGHT, 255);
  const paint = (x0, y0, w, h) => {
    for (let row = y0; row < y0 + h; row++) y.fill(0, row * WIDTH + x0, row * WIDTH + x0 + w);
  };
  if ('sbs' in symbol) {
    // bar, space, bar, ... widths in modules
    const modules = symbol.sbs.reduce((sum, w) => sum + w, 0);
    const scale = Math.min(5, Math.floor((WIDTH * 0.8) / modules));
    if (scale < 2) throw new Error(`${bcid} ${text} is too wide for the frame`);
    let x = Math.round((WIDTH - modules * scale) / 2);
    const top = Math.round((HEIGHT - BAR_HEIGHT) / 2);
    symbol.sbs.forEach((w, i) => {
      if (i % 2 === 0) paint(x, top, w * scale, BAR_HEIGHT);
      x += w * scale;
    });
  } else {
    const { pixs, pixx, pixy } = symbol;
    const scale = Math.floor((HEIGHT * 0.5) / Math.max(pixx, pixy));
    const left = Math.round((WIDTH - pixx * scale) / 2);
    const top = Math.round((HEIGHT - pixy * scale) / 2);
    pixs.forEach((on, i) => {
      if (on) paint(left + (i % pixx) * scale, top + Math.floor(i / pixx) * scale, scale, scale);
    });
  }
  return y;
}

/** A one-frame Y4M (Chromium loops it) showing the barcode; returns the file's path. */
export function writeBarcodeVideo(dir, bcid, text) {
  mkdirSync(dir, { recursive: true });
  const chroma = Buffer.alloc((WIDTH / 2) * (HEIGHT / 2), 128);
  const file = join(resolve(dir), `${bcid}-${text}.y4m`);
  writeFileSync(
    file,
    Buffer.concat([
      Buffer.from(`YUV4MPEG2 W${WIDTH} H${HEIGHT} F10:1 Ip A1:1 C420jpeg\nFRAME\n`),
      barcodeLuma(bcid, text),
      chroma,
      chroma,
    ]),
  );
  return file;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = process.argv[2] ?? 'tests/e2e/.frames';
  for (const [bcid, text] of [
    ['ean13', '5901234123457'],
    ['upca', '012345678905'],
    ['code128', 'ITEM-0001'],
    ['qrcode', 'ITEM-0001'],
  ]) {
    console.log(writeBarcodeVideo(dir, bcid, text));
  }
}
