// Renders resources/icon.svg into the app icons electron-builder needs: build/icon.png (256 px) and
// build/icon.ico (16–256 px, PNG-compressed entries). Uses Debian's Chromium to rasterise the SVG, so
// the icons come from our own source and nothing else. Run: sh build/with-node.sh node build/make-icons.mjs
import { chromium } from 'playwright-core';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const svg = readFileSync(`${root}resources/icon.svg`, 'utf8');
const SIZES = [16, 24, 32, 48, 64, 128, 256];

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run'],
});
const pngs = new Map();
try {
  const page = await browser.newPage();
  for (const size of SIZES) {
    await page.setViewportSize({ width: size, height: size });
    await page.setContent(
      `<html><body style="margin:0;background:transparent">` +
        `${svg.replace('<svg ', `<svg width="${size}" height="${size}" `)}</body></html>`,
    );
    pngs.set(size, await page.locator('svg').screenshot({ omitBackground: true }));
  }
} finally {
  await browser.close();
}

// ICO: ICONDIR, one ICONDIRENTRY per image, then the PNG data (Windows Vista+ reads PNG entries).
const header = Buffer.alloc(6);
header.writeUInt16LE(0, 0);
header.writeUInt16LE(1, 2);
header.writeUInt16LE(SIZES.length, 4);
const entries = [];
let offset = 6 + 16 * SIZES.length;
for (const size of SIZES) {
  const data = pngs.get(size);
  const e = Buffer.alloc(16);
  e.writeUInt8(size === 256 ? 0 : size, 0);
  e.writeUInt8(size === 256 ? 0 : size, 1);
  e.writeUInt8(0, 2);
  e.writeUInt8(0, 3);
  e.writeUInt16LE(1, 4);
  e.writeUInt16LE(32, 6);
  e.writeUInt32LE(data.length, 8);
  e.writeUInt32LE(offset, 12);
  offset += data.length;
  entries.push(e);
}
writeFileSync(`${root}build/icon.ico`, Buffer.concat([header, ...entries, ...SIZES.map((s) => pngs.get(s))]));
writeFileSync(`${root}build/icon.png`, pngs.get(256));
console.log(`make-icons: build/icon.png, build/icon.ico (${SIZES.join(', ')} px)`);
