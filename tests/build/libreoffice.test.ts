/**
 * Our workbooks through a reader we did not write: LibreOffice (soffice
 * --headless) converts the blank and the consolidated workbooks to CSV, sheet
 * by sheet, and re-saves a filled workbook as .xlsx for our reader to read back.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { EDITIONS, consolidate, ROOT_AREA, consolidatedLayout, layoutWorkbook, progress, validate, type Grid, type SheetLayout, type UnitData } from '../../shared/index.ts';
import { readReportWorkbook, writeXlsx } from '../../shared/xlsx/index.ts';
import { demoReport, demoUnits, rng } from '../../scripts/demo.ts';
import { syntheticTree, unitData } from '../../bench/synthetic.ts';
import { report } from '../shared/fixtures.ts';
import { soffice, toCsv } from '../shared/libreoffice.ts';

/** The 2024 edition: the one these years (up to 2025) use. */
const E2024 = EDITIONS['2024'];

const settings = { city: '合山市', issuer: '合山市委群团工作领导小组办公室', docNo: '合群统备〔2024〕1号', validUntil: '2027年12月' };
const dir = mkdtempSync(join(tmpdir(), 'lo-'));

/** Compares a grid with LibreOffice's CSV of it, cell by cell. */
function expectSame(grid: Grid, csv: string[][], sheet: string) {
  for (let r = 0; r < grid.length; r++) {
    for (let c = 0; c < grid[r]!.length; c++) {
      const want = grid[r]![c];
      const got = csv[r]?.[c] ?? '';
      const where = `${sheet} R${r + 1}C${c + 1}`;
      if (want === null || want === '') expect(got, where).toBe('');
      else if (typeof want === 'number') expect(Number(got), where).toBe(want);
      else if (typeof want === 'boolean') expect(got, where).toBe(want ? 'TRUE' : 'FALSE');
      else expect(got, where).toBe(want);
    }
  }
}

function checkAll(sheets: SheetLayout[], csv: Map<string, string[][]>) {
  expect([...csv.keys()].sort()).toEqual(sheets.map((s) => s.sheet).sort());
  for (const s of sheets) expectSame(s.grid, csv.get(s.sheet)!, s.sheet);
}

describe('LibreOffice reads our workbooks', () => {
  it('the blank workbook of a unit, with last year in the 上年 column: every value', { timeout: 120_000 }, () => {
    const d = report('women');
    const sheets = layoutWorkbook(2024, { code: 'XB-WOMEN', name: '兴宾区妇联', org: 'women' }, { members: { settings, previous: d.members[0] }, funding: { settings, previous: d.funding[0] } });
    checkAll(sheets, toCsv('blank', writeXlsx(sheets)));
  });

  it('the consolidated workbook of the demo city: every value, totals included', { timeout: 120_000 }, () => {
    const random = rng(5);
    const units = demoUnits();
    const current = new Map<string, UnitData>();
    const previous = new Map<string, UnitData>();
    for (const u of units) {
      const last = demoReport(u, 2024, random);
      const now = demoReport(u, 2025, random, last);
      previous.set(u.code, unitData(u.code, u.org, last));
      if (u.code !== 'HS-WOMEN') current.set(u.code, unitData(u.code, u.org, now));
    }
    const { units: placed, tree } = syntheticTree(units);
    const p = progress({ year: 2025, deadline: '2026-03-31', units: placed, latest: [], today: '2026-01-01', tree, area: ROOT_AREA });
    const c = consolidate({ year: 2025, generatedAt: '2026-01-02T03:04:05.000Z', units: placed, current, previous, previousPublished: null, published: null, tree, area: ROOT_AREA, progress: p });
    const sheets = consolidatedLayout(c, settings);
    checkAll(sheets, toCsv('consolidated', writeXlsx(sheets)));
  });

  it('a filled workbook re-saved by LibreOffice reads back to the same rows and cells', { timeout: 120_000 }, () => {
    const d = report('women');
    const opts = Object.fromEntries(E2024.templates.map((t) => [t.id, { settings, rows: d[t.id]! }]));
    const file = join(dir, 'filled.xlsx');
    writeFileSync(file, writeXlsx(layoutWorkbook(2024, { code: 'XB-WOMEN', name: '兴宾区妇联', org: 'women' }, opts)));
    const out = join(dir, 'resaved');
    soffice(['--convert-to', 'xlsx:Calc MS Excel 2007 XML', '--outdir', out, file]);
    const bytes = new Uint8Array(readFileSync(join(out, 'filled.xlsx')));
    // LibreOffice writes shared strings, not our inline strings: the other path of the reader.
    expect(Object.keys(unzipSync(bytes))).toContain('xl/sharedStrings.xml');
    const wb = readReportWorkbook(bytes, { unit: 'XB-WOMEN', year: 2024 });
    expect(wb.problems).toEqual([]);
    for (const r of wb.reports) {
      expect(r.rows, r.template).toEqual(d[r.template]!);
      expect(validate(r.template, r.rows, { year: 2024, org: 'women', cells: r.cells, others: d })).toEqual([]);
    }
    expect(wb.reports.find((r) => r.template === 'trainings')!.cells[1]!.cost).toBe("'表2 培训'!L10");
  });
});
