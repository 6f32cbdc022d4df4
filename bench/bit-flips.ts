/**
 * Single-bit damage, old reader against new: flips N random bits (default
 * 6,744, one at a time) of a filled workbook and counts how each reader
 * answers — refused, the original rows, or other rows without an error (the
 * outcome a statistics system must never have). The property test in
 * tests/shared/hostile.test.ts holds the new reader to zero of the last kind.
 *
 *   npx tsx bench/bit-flips.ts [--flips 6744] [--seed 12]
 */
import { isDeepStrictEqual } from 'node:util';
import { EDITIONS, layoutWorkbook, readWorkbook, type Grid } from '../shared/index.ts';
import { readReportWorkbook, writeXlsx } from '../shared/xlsx/index.ts';
import { rng } from '../scripts/demo.ts';
import { report } from '../tests/shared/fixtures.ts';
import { readXlsx as legacyRead } from './legacy-xlsx-read.ts';

const args = process.argv.slice(2);
const arg = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const flips = Number(arg('--flips') ?? 6744);
const random = rng(Number(arg('--seed') ?? 12));

const d = report('women');
const bytes = writeXlsx(layoutWorkbook(2024, { code: 'XB-WOMEN', name: '兴宾区妇联', org: 'women' }, Object.fromEntries(EDITIONS['2024'].templates.map((t) => [t.id, { rows: d[t.id] }]))));
const expect = { unit: 'XB-WOMEN', year: 2024 };

/** The rows a reader makes of the file, or null when it refuses (an error or problems that stop the upload). */
const readers: Record<string, (b: Uint8Array) => unknown> = {
  legacy: (b) => {
    const sheets = new Map(legacyRead(b).map((s) => [s.name, s.grid] as [string, Grid]));
    const wb = readWorkbook((s) => sheets.get(s), expect);
    return wb.problems.length ? null : wb.reports.map((r) => r.rows);
  },
  new: (b) => {
    const wb = readReportWorkbook(b, expect);
    return wb.problems.length ? null : wb.reports.map((r) => r.rows);
  },
};

const original = readers.new!(bytes);
const counts = Object.fromEntries(Object.keys(readers).map((k) => [k, { refused: 0, same: 0, otherFigures: 0, internalError: 0 }]));
for (let i = 0; i < flips; i++) {
  const bit = Math.floor(random() * bytes.length * 8);
  const b = bytes.slice();
  b[bit >> 3]! ^= 1 << (bit & 7);
  for (const [name, read] of Object.entries(readers)) {
    const c = counts[name]!;
    try {
      const rows = read(b);
      if (rows === null) c.refused++;
      else if (isDeepStrictEqual(rows, original)) c.same++;
      else c.otherFigures++;
    } catch (e) {
      // The old reader has a WorkbookError class of its own: compare by name.
      if (e instanceof Error && e.constructor.name === 'WorkbookError') c.refused++;
      else c.internalError++;
    }
  }
}
console.log(`${flips} single-bit flips of a ${bytes.length}-byte filled workbook`);
console.table(counts);
