/**
 * Builds the task pane into dist/pane, which the worker serves: app.js
 * (esbuild), boot.js, the pages (the web page, Excel's and WPS's pane), the
 * stylesheet and the icons the manifest names.
 */
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const out = 'dist/pane';
mkdirSync(`${out}/assets`, { recursive: true });

await build({
  entryPoints: ['addin/main.tsx'],
  // The views are Preact components written in TSX (docs/PANE.md says why Preact).
  jsx: 'automatic',
  jsxImportSource: 'preact',
  // Chinese text as UTF-8 (the pages declare it), not \u escapes twice its size.
  charset: 'utf8',
  bundle: true,
  minify: true,
  sourcemap: true,
  format: 'iife',
  target: 'es2020',
  outfile: `${out}/app.js`,
  logLevel: 'warning',
});
// boot.js is hand-written ES5 and copied as it is: it must run where app.js cannot (see its header).
for (const f of ['index.html', 'taskpane.html', 'pane.css', 'boot.js']) copyFileSync(`addin/${f}`, `${out}/${f}`);
mkdirSync(`${out}/wps`, { recursive: true });
writeFileSync(`${out}/wps/taskpane.html`, wpsPane(readFileSync('addin/taskpane.html', 'utf8')));

/**
 * The pane page WPS 表格's add-in opens (worker/wps-addin.ts): Excel's page
 * without Office.js, which WPS has no use for and which, where the office
 * network does not reach Microsoft's CDN, would hold the page until it fails.
 */
function wpsPane(html: string): string {
  const officeJs = /\s*<!--[^>]*Office\.js[^>]*-->\s*<script src="https:\/\/appsforoffice\.microsoft\.com\/[^"]+"><\/script>/;
  if (!officeJs.test(html)) throw new Error('taskpane.html no longer loads Office.js as expected: update wpsPane');
  return html.replace(officeJs, '').replace('<title>群团统计报表</title>', '<title>群团统计报表 · WPS 表格</title>');
}

/** A PNG icon drawn pixel by pixel: a blue tile with three bars (a bar chart). */
function icon(size: number): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const c = Buffer.alloc(4);
    c.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, c]);
  };
  const raw = Buffer.alloc(size * (size * 4 + 1));
  const bars = [0.45, 0.75, 0.6];
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) {
      const i = y * (size * 4 + 1) + 1 + x * 4;
      const fx = x / size;
      const fy = 1 - y / size;
      const bar = Math.floor((fx - 0.2) / 0.22);
      const inBar = bar >= 0 && bar < 3 && (fx - 0.2) % 0.22 < 0.15 && fy > 0.15 && fy < 0.15 + bars[bar]! * 0.75;
      const [r, g, b] = inBar ? [255, 255, 255] : [15, 108, 189];
      raw.set([r, g, b, 255], i);
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}
for (const s of [16, 32, 64, 80]) writeFileSync(`${out}/assets/icon-${s}.png`, icon(s));
// The WPS ribbon's button, drawn at twice its 32 px for screens that scale.
writeFileSync(`${out}/wps/icon.png`, icon(64));
console.log(`pane built into ${out}`);
