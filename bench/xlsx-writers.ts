/**
 * Chooses the .xlsx writer by measurement: the consolidated workbook of a
 * synthetic city of N units (default 5,000) written by our SpreadsheetML +
 * fflate writer, and — when installed in $XLSX_CMP (a folder with
 * node_modules/exceljs and node_modules/write-excel-file, kept out of the
 * project's install) — by ExcelJS and write-excel-file on the same grid.
 * Each writer runs in a child process of its own, so its peak memory is its own.
 *
 *   npx tsx bench/xlsx-writers.ts [--units 5000]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { consolidatedLayout, type SheetLayout } from '../shared/index.ts';
import { writeXlsx } from '../shared/xlsx/index.ts';
import { syntheticConsolidation } from './synthetic.ts';

const args = process.argv.slice(2);
const arg = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const units = Number(arg('--units') ?? 5000) || 5000;
const which = arg('--writer');

function grid(n: number): SheetLayout[] {
  return consolidatedLayout(syntheticConsolidation(n), { city: '合山市', issuer: '合山市委群团工作领导小组办公室', docNo: '', validUntil: '' });
}

async function runOne(name: string): Promise<void> {
  const sheets = grid(units);
  const cells = sheets.reduce((a, s) => a + s.grid.reduce((b, r) => b + r.length, 0), 0);
  global.gc?.();
  const rss0 = process.memoryUsage().rss;
  const t0 = performance.now();
  let bytes: Uint8Array;
  if (name === 'ours') bytes = writeXlsx(sheets);
  else if (name === 'exceljs') {
    const require = createRequire(join(process.env.XLSX_CMP!, 'package.json'));
    const ExcelJS = require('exceljs');
    const wb = new ExcelJS.Workbook();
    for (const s of sheets) {
      const ws = wb.addWorksheet(s.sheet);
      for (const row of s.grid) ws.addRow(row);
      for (const m of s.merges) ws.mergeCells(m.row + 1, m.col + 1, m.row + (m.rows ?? 1), m.col + (m.cols ?? 1));
    }
    bytes = new Uint8Array(await wb.xlsx.writeBuffer());
  } else {
    const mod = await import(join(process.env.XLSX_CMP!, 'node_modules/write-excel-file/node/index.js'));
    const writeXlsxFile = mod.default;
    const data = sheets.map((s) => s.grid.map((row) => row.map((v) => (v === null ? null : { value: v, type: typeof v === 'number' ? Number : String }))));
    const file = join(process.env.XLSX_CMP!, 'out.xlsx');
    await writeXlsxFile(data.map((d, i) => ({ data: d, sheet: sheets[i]!.sheet }))).toFile(file);
    bytes = new Uint8Array(statSync(file).size);
  }
  const ms = performance.now() - t0;
  const peak = process.resourceUsage().maxRSS * 1024;
  console.log(JSON.stringify({ writer: name, units, cells, ms: Math.round(ms), bytes: bytes.length, peakRssMB: Math.round(peak / 1048576), deltaMB: Math.round((peak - rss0) / 1048576) }));
}

function bundleSize(): { min: number; gzip: number } {
  const entry = join(process.cwd(), 'dist', 'writer-entry.ts');
  writeFileSync(entry, "export { writeXlsx } from '../shared/xlsx/write.ts';\n");
  const r = buildSync({ entryPoints: [entry], bundle: true, minify: true, format: 'esm', write: false, platform: 'neutral' });
  const code = r.outputFiles[0]!.contents;
  return { min: code.length, gzip: gzipSync(code).length };
}

if (which) {
  await runOne(which);
} else {
  const writers = ['ours'];
  if (process.env.XLSX_CMP && existsSync(join(process.env.XLSX_CMP, 'node_modules/exceljs'))) writers.push('exceljs', 'write-excel-file');
  const results = writers.map((w) => {
    const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', 'bench/xlsx-writers.ts', '--writer', w, '--units', String(units)], { encoding: 'utf8', env: process.env, maxBuffer: 1 << 26 });
    const line = r.stdout.trim().split('\n').pop();
    if (r.status !== 0 || !line) return { writer: w, error: r.stderr.slice(-500) };
    return JSON.parse(line);
  });
  console.table(results);
  console.log('our writer bundled (esbuild, minified):', bundleSize());
}
