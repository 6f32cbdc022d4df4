/**
 * Chooses the reader's XML parser by measurement, on two files: the
 * consolidated workbook of a synthetic city of N units (default 5,000) and a
 * filled template. Each run is a child process of its own, so its peak
 * memory is its own.
 *
 *   full readers, file → grids:
 *     legacy     the reader before issue 12 (regular expressions over whole unzipped parts)
 *     saxes      shared/xlsx (streaming zip with CRC-32, saxes with namespaces, limits)
 *   parsers alone, every XML part streamed through fflate's inflater into a parser that
 *   counts elements and characters (the cost a parser adds; the rest of the reader is the same):
 *     parse:saxes        saxes 6.0.0 with namespaces
 *     parse:saxes-plain  saxes without namespaces
 *     parse:htmlparser2  htmlparser2 in xmlMode, when $XML_CMP holds node_modules/htmlparser2
 *
 *   npx tsx bench/xlsx-readers.ts [--units 5000] [--runs 3]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildSync } from 'esbuild';
import { unzipSync } from 'fflate';
import { SaxesParser } from 'saxes';
import { consolidatedLayout, layoutWorkbook, type LayoutUnit } from '../shared/index.ts';
import { readSpreadsheet, writeXlsx } from '../shared/xlsx/index.ts';
import { report } from '../tests/shared/fixtures.ts';
import { readXlsx as legacyRead } from './legacy-xlsx-read.ts';
import { syntheticConsolidation } from './synthetic.ts';

const args = process.argv.slice(2);
const arg = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const units = Number(arg('--units') ?? 5000) || 5000;
const runs = Number(arg('--runs') ?? 3) || 3;
const dir = join(process.cwd(), 'dist', 'bench-readers');

function files(): Record<string, string> {
  mkdirSync(dir, { recursive: true });
  const big = join(dir, `consolidated-${units}.xlsx`);
  const small = join(dir, 'filled.xlsx');
  if (!existsSync(big)) {
    const sheets = consolidatedLayout(syntheticConsolidation(units), { city: '合山市', issuer: '合山市委群团工作领导小组办公室', docNo: '', validUntil: '' });
    writeFileSync(big, writeXlsx(sheets));
  }
  if (!existsSync(small)) {
    const unit: LayoutUnit = { code: 'XB-WOMEN', name: '兴宾区妇联', org: 'women' };
    const d = report('women');
    writeFileSync(small, writeXlsx(layoutWorkbook(2024, unit, { members: { rows: d.members }, trainings: { rows: d.trainings }, awards: { rows: d.awards }, funding: { rows: d.funding } })));
  }
  return { [`consolidated ${units}`]: big, 'filled template': small };
}

/** Every XML part of the file, unzipped, fed to a parser in 64 KB pieces as the reader feeds it. */
function streamParts(bytes: Uint8Array, parser: () => { write: (s: string) => void; end: () => void }) {
  const parts = unzipSync(bytes, { filter: (f) => f.name.endsWith('.xml') || f.name.endsWith('.rels') });
  for (const data of Object.values(parts)) {
    const dec = new TextDecoder();
    const p = parser();
    for (let i = 0; i < data.length; i += 64 * 1024) p.write(dec.decode(data.subarray(i, i + 64 * 1024), { stream: true }));
    p.end();
  }
}

function runOne(reader: string, file: string) {
  const bytes = new Uint8Array(readFileSync(file));
  global.gc?.();
  const rss0 = process.memoryUsage().rss;
  const t0 = performance.now();
  let cells = 0;
  let elements = 0;
  if (reader === 'legacy' || reader === 'saxes') {
    const sheets = reader === 'legacy' ? legacyRead(bytes) : readSpreadsheet(bytes).sheets;
    for (const s of sheets) for (const r of s.grid) for (const v of r) if (v !== null) cells++;
  } else if (reader === 'parse:saxes' || reader === 'parse:saxes-plain') {
    streamParts(bytes, () => {
      const p = new SaxesParser({ xmlns: reader === 'parse:saxes', position: false });
      p.on('opentag', () => void elements++);
      p.on('text', (t) => void (cells += t.length));
      return { write: (s) => void p.write(s), end: () => void p.close() };
    });
  } else if (reader === 'parse:htmlparser2') {
    const require = createRequire(join(process.env.XML_CMP!, 'package.json'));
    type Handlers = { onopentag: () => void; ontext: (t: string) => void };
    const { Parser } = require('htmlparser2') as { Parser: new (h: Handlers, o: { xmlMode: boolean }) => { write(s: string): void; end(): void } };
    streamParts(bytes, () => {
      const p = new Parser({ onopentag: () => void elements++, ontext: (t: string) => void (cells += t.length) }, { xmlMode: true });
      return { write: (s) => p.write(s), end: () => p.end() };
    });
  }
  const ms = performance.now() - t0;
  const peak = process.resourceUsage().maxRSS * 1024;
  console.log(JSON.stringify({ ms: Math.round(ms), cells, elements, deltaMB: Math.round((peak - rss0) / 1048576) }));
}

function bundle(code: string): { min: number; gzip: number } {
  const entry = join(dir, 'entry.ts');
  writeFileSync(entry, code);
  const r = buildSync({ entryPoints: [entry], bundle: true, minify: true, format: 'esm', write: false, platform: 'browser', nodePaths: process.env.XML_CMP ? [join(process.env.XML_CMP, 'node_modules')] : [] });
  const out = r.outputFiles[0]!.contents;
  return { min: out.length, gzip: gzipSync(out).length };
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

if (arg('--reader')) runOne(arg('--reader')!, arg('--file')!);
else {
  const readers = ['legacy', 'saxes', 'parse:saxes', 'parse:saxes-plain'];
  if (process.env.XML_CMP && existsSync(join(process.env.XML_CMP, 'node_modules/htmlparser2'))) readers.push('parse:htmlparser2');
  const table: Record<string, unknown>[] = [];
  for (const [label, file] of Object.entries(files())) {
    for (const reader of readers) {
      const samples: { ms: number; deltaMB: number; cells: number }[] = [];
      for (let i = 0; i < runs; i++) {
        const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', 'bench/xlsx-readers.ts', '--reader', reader, '--file', file], { encoding: 'utf8', maxBuffer: 1 << 26 });
        const line = r.stdout.trim().split('\n').pop();
        if (r.status !== 0 || !line) throw new Error(`${reader}: ${r.stderr.slice(-800)}`);
        samples.push(JSON.parse(line));
      }
      const ms = samples.map((s) => s.ms).sort((a, b) => a - b)[Math.floor(runs / 2)]!;
      const mem = samples.map((s) => s.deltaMB).sort((a, b) => a - b)[Math.floor(runs / 2)]!;
      table.push({ file: label, reader, 'median ms': ms, 'peak RSS growth MB': mem, 'cells (readers) or text chars (parsers)': samples[0]!.cells });
    }
  }
  console.table(table);
  const dirRel = '../../';
  const sizes: Record<string, { min: string; gzip: string }> = {};
  const add = (name: string, code: string) => {
    const s = bundle(code);
    sizes[name] = { min: kb(s.min), gzip: kb(s.gzip) };
  };
  add('legacy reader (fflate unzipSync + regex)', `export { readXlsx } from '${dirRel}bench/legacy-xlsx-read.ts';`);
  add('new reader (zip + CRC + saxes + .xlsx + .ods)', `export { readSpreadsheet } from '${dirRel}shared/xlsx/read.ts';`);
  add('saxes alone', "export { SaxesParser } from 'saxes';");
  if (readers.includes('parse:htmlparser2')) add('htmlparser2 Parser alone', "export { Parser } from 'htmlparser2';");
  console.table(sizes);
}
