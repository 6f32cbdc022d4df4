/**
 * What every adapter over a live spreadsheet program does, run over both:
 * Excel through Office.js (against the fake Excel) and WPS 表格 through the
 * ET model (against the fake ET). What differs — how many requests, the
 * program's own units and messages — is in excel.test.ts and wps.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { READ_COLS, READ_ROWS } from '../../addin/adapters.ts';
import { ExcelWorkbook } from '../../addin/excel.ts';
import { WorkbookFailure, type WorkbookPort } from '../../addin/port.ts';
import { bgr, WpsWorkbook } from '../../addin/wps.ts';
import { blankWorkbook, CHART_COLORS, consolidatedLayout, EDITIONS, layoutWorkbook, MAX_ROWS, read, sheetOf, validate, type SheetLayout, type TemplateId } from '../../shared/index.ts';
import { syntheticConsolidation } from '../../bench/synthetic.ts';
import { report } from '../shared/fixtures.ts';
import { CELL_LIMIT, FakeExcel } from '../fakes/excel.ts';
import { FakeEt } from '../fakes/wps.ts';

/** The 2024 edition: the one these years (up to 2025) use. */
const E2024 = EDITIONS['2024'];

const unit = { code: 'XB-WOMEN', name: '兴宾区妇联', org: 'women' as const };
const data = report('women');
const filled = () => layoutWorkbook(2024, unit, Object.fromEntries(E2024.templates.map((t) => [t.id, { rows: data[t.id] }])));

/** What the tests look at in either fake. */
interface Sheet {
  values: Map<string, unknown>;
  formats: Map<string, string>;
  borders: Map<string, unknown>;
  validations: { rows: number; source: string }[];
  charts: { series: { name: string; values: string | null; color: unknown }[] }[];
  active: boolean;
  selected: string | null;
  refuses: string | null;
}
interface Book {
  sheets: Map<string, Sheet>;
  renameSheet(from: string, to: string): void;
  deleteSheet(name: string): void;
}

interface Live {
  name: string;
  make(): { book: Book; port: WorkbookPort; requests(): number };
  /** What makes a sheet refuse every change in this program. */
  refusal: string;
  /** A chart series' colour as the program takes it. */
  color(hex: string): unknown;
}

const HOSTS: Live[] = [
  {
    name: 'Excel (Office.js)',
    make() {
      const excel = new FakeExcel();
      return { book: excel as unknown as Book, port: new ExcelWorkbook(excel.run, () => true), requests: () => excel.syncs.length };
    },
    refusal: 'AccessDenied',
    color: (hex) => hex,
  },
  {
    name: 'WPS 表格 (ET)',
    make() {
      const et = new FakeEt();
      return { book: et as unknown as Book, port: new WpsWorkbook(et.application), requests: () => et.reads };
    },
    refusal: '您试图更改的单元格或图表受保护，因而是只读的',
    color: bgr,
  },
];

for (const host of HOSTS) {
  describe(`a live workbook: ${host.name}`, () => {
    it('reads back what it wrote, and read() gets the same rows and cells; a sheet not there reads as null', async () => {
      const { port } = host.make();
      await port.writeSheets(filled());
      const grids = await port.readSheets([...E2024.templates.map((t) => t.sheet), '不存在的表']);
      expect(grids.get('不存在的表')).toBeNull();
      for (const t of E2024.templates) {
        const r = read(t.id, grids.get(t.sheet)!, { unit: unit.code, year: 2024 });
        expect(r.problems).toEqual([]);
        expect(r.rows).toEqual(data[t.id as TemplateId]);
        expect(validate(t.id, r.rows, { year: 2024, org: 'women', cells: r.cells, others: data })).toEqual([]);
      }
    });

    it('keeps text a user typed as text: "=HYPERLINK(…)" in a text column is written into an @-formatted cell', async () => {
      const { book, port } = host.make();
      const rows = [{ ...data.awards[0]!, recipient: '=HYPERLINK("http://evil.example","点我")' }];
      await port.writeSheets(layoutWorkbook(2024, unit, { awards: { rows } }).filter((s) => s.template === 'awards'));
      const s = book.sheets.get('表3 表彰奖励')!;
      const cell = [...s.values.entries()].find(([, v]) => typeof v === 'string' && v.startsWith('=HYPERLINK'))![0];
      expect(s.formats.get(cell)).toBe('@');
    });

    it('marks cells and clears them on the next call', async () => {
      const { book, port } = host.make();
      await port.writeSheets(filled());
      await port.markCells([
        { cell: "'表1 组织与会员'!D8", severity: 'error', message: 'M1' },
        { cell: "'表2 培训'!F9", severity: 'warning', message: 'T2' },
      ]);
      expect([...book.sheets.get('表1 组织与会员')!.borders.keys()]).toEqual(['7,3']);
      expect([...book.sheets.get('表2 培训')!.borders.keys()]).toEqual(['8,5']);
      await port.markCells([{ cell: "'表2 培训'!F10", severity: 'error', message: 'T3' }]);
      expect(book.sheets.get('表1 组织与会员')!.borders.size).toBe(0);
      expect([...book.sheets.get('表2 培训')!.borders.keys()]).toEqual(['9,5']);
      await port.clearMarks();
      expect(book.sheets.get('表2 培训')!.borders.size).toBe(0);
    });

    it('keeps marking and clearing after the person renames or deletes a marked sheet', async () => {
      const { book, port } = host.make();
      await port.writeSheets(filled());
      await port.markCells([
        { cell: "'表1 组织与会员'!D8", severity: 'error', message: 'M1' },
        { cell: "'表2 培训'!F9", severity: 'warning', message: 'T2' },
      ]);
      // Between two checks the clerk renames 表1 and deletes 表2 (looking 表2 up by name would now fail).
      book.renameSheet('表1 组织与会员', '表1（旧）');
      book.deleteSheet('表2 培训');
      await port.markCells([{ cell: "'表3 表彰奖励'!C10", severity: 'error', message: 'A1' }]);
      // The renamed sheet is still found and its mark cleared; the new mark is painted.
      expect(book.sheets.get('表1（旧）')!.borders.size).toBe(0);
      expect([...book.sheets.get('表3 表彰奖励')!.borders.keys()]).toEqual(['9,2']);
      // Marks on a sheet that is gone are skipped, not fatal.
      await port.markCells([{ cell: "'表2 培训'!F9", severity: 'error', message: 'T2' }, { cell: "'表4 经费收支'!D12", severity: 'warning', message: 'F1' }]);
      expect(book.sheets.get('表3 表彰奖励')!.borders.size).toBe(0);
      expect([...book.sheets.get('表4 经费收支')!.borders.keys()]).toEqual(['11,3']);
      book.deleteSheet('表4 经费收支');
      await port.clearMarks();
      await port.markCells([]);
    });

    it('forgets what it painted when marking fails, so one refusing sheet does not block every later check', async () => {
      const { book, port } = host.make();
      await port.writeSheets(filled());
      await port.markCells([{ cell: "'表1 组织与会员'!D8", severity: 'error', message: 'M1' }]);
      book.sheets.get('表1 组织与会员')!.refuses = host.refusal;
      const next = [{ cell: "'表2 培训'!F9", severity: 'warning' as const, message: 'T2' }];
      await expect(port.markCells(next)).rejects.toThrow(WorkbookFailure);
      await port.markCells(next);
      expect([...book.sheets.get('表2 培训')!.borders.keys()]).toEqual(['8,5']);
      await port.clearMarks();
      expect(book.sheets.get('表2 培训')!.borders.size).toBe(0);
    });

    it('selects a cell on its sheet, bringing the sheet forward from another', async () => {
      const { book, port } = host.make();
      await port.writeSheets(filled());
      for (const [name, s] of book.sheets) s.active = name === '表1 组织与会员';
      await port.selectCell("'表4 经费收支'!D12");
      expect(book.sheets.get('表4 经费收支')!.active).toBe(true);
      expect(book.sheets.get('表1 组织与会员')!.active).toBe(false);
      expect(book.sheets.get('表4 经费收支')!.selected).toBe('11,3');
    });

    it('says which sheet is gone when the clerk clicks an issue on a sheet deleted since the check', async () => {
      const { book, port } = host.make();
      await port.writeSheets(filled());
      book.deleteSheet('表4 经费收支');
      await expect(port.selectCell("'表4 经费收支'!D12")).rejects.toThrow(new WorkbookFailure('找不到工作表“表4 经费收支”，可能已被改名或删除；请重新校验'));
    });

    for (const [where, row, col] of [
      ["in the sheet's last cell (XFD1048576): the used range is past Excel's five million cells", 1_048_575, 16_383],
      ['200,000 rows down: the used range would answer more than 5 MB', 200_000, 10],
    ] as const) {
      it(`reads only the templates' area, in several requests, when one stray value lies ${where}`, async () => {
        const { book, port, requests } = host.make();
        await port.writeSheets(filled());
        book.sheets.get('表2 培训')!.values.set(`${row},${col}`, '草稿');
        const before = requests();
        const grid = (await port.readSheets(['表2 培训'])).get('表2 培训')!;
        expect(grid.length).toBeLessThanOrEqual(READ_ROWS);
        expect(Math.max(...grid.map((r) => r.length))).toBeLessThanOrEqual(READ_COLS);
        const r = read('trainings', grid, { unit: unit.code, year: 2024 });
        expect(r.problems).toEqual([]);
        expect(r.rows).toEqual(data.trainings);
        expect(requests() - before).toBeGreaterThan(2);
      });
    }

    it('removes the old dropdowns of a reused sheet: a filled copy, then the blank templates, then the consolidated sheets', async () => {
      const { book, port } = host.make();
      // Eight rows of dropdowns for three filled awards…
      await port.writeSheets(filled());
      const awardsRows = () => book.sheets.get('表3 表彰奖励')!.validations.filter((v) => v.source.includes('国家级')).map((v) => v.rows);
      expect(awardsRows()).toEqual([data.awards.length + 5]);
      // …then twenty for the blank templates, over the same cells: the old rule must go first.
      await port.writeSheets(blankWorkbook(2024, unit, { city: '', issuer: '', docNo: '', validUntil: '' }));
      expect(awardsRows()).toEqual([20]);
      // 拉取汇总 writes sheets of the same names without any dropdown: none may survive.
      await port.writeSheets(consolidatedLayout(syntheticConsolidation(20)));
      for (const t of E2024.templates) expect(book.sheets.get(t.sheet)!.validations).toEqual([]);
    });

    it('keeps the series of a chart in order, coloured as the other writers colour them; a chart with no number is left out', async () => {
      const { book, port } = host.make();
      const layout: SheetLayout = {
        ...sheetOf('S', [['年度', '甲', '乙'], ['2024年', null, 5], ['2025年', null, 6]]),
        charts: [
          { kind: 'line', title: '两条', categories: { row: 1, col: 0, rows: 2 }, series: [{ name: '甲', values: { row: 1, col: 1, rows: 2 } }, { name: '乙', values: { row: 1, col: 2, rows: 2 } }], anchor: { row: 0, col: 4, cols: 5, rows: 8 } },
          { kind: 'bar', title: '空', categories: { row: 1, col: 0, rows: 2 }, series: [{ name: '甲', values: { row: 1, col: 1, rows: 2 } }], anchor: { row: 9, col: 4, cols: 5, rows: 8 } },
        ],
      };
      await port.writeSheets([layout]);
      const [chart, ...rest] = book.sheets.get('S')!.charts;
      expect(rest).toEqual([]);
      expect(chart!.series.map((s) => [s.name, s.values, s.color])).toEqual([
        ['甲', 'S!B2:B3', host.color(`#${CHART_COLORS[0]}`)],
        ['乙', 'S!C2:C3', host.color(`#${CHART_COLORS[1]}`)],
      ]);
    });
  });
}

describe('the read area both live adapters share', () => {
  it('reaches as far as a template can: more rows than the API accepts, wider than any template, under Excel’s cell limit', () => {
    const tallest = Math.max(...layoutWorkbook(2024, unit).map((l) => l.grid.length));
    const widest = Math.max(...layoutWorkbook(2024, unit).map((l) => Math.max(...l.grid.map((r) => r.length))));
    expect(READ_ROWS).toBeGreaterThan(MAX_ROWS + tallest);
    expect(READ_COLS).toBeGreaterThan(widest * 2);
    expect(READ_ROWS * READ_COLS).toBeLessThan(CELL_LIMIT);
  });
});
