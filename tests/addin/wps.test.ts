import { describe, expect, it } from 'vitest';
import { CHUNK_CELLS, INPUT_FILL, MARK_COLORS, READ_COLS, READ_ROWS } from '../../addin/adapters.ts';
import { WorkbookFailure } from '../../addin/port.ts';
import { bgr, WpsWorkbook, wpsMessage, XL } from '../../addin/wps.ts';
import { chartsLayout, type ChartsInput } from '../../shared/charts-layout.ts';
import { blankWorkbook, CHART_COLORS, consolidatedLayout, EDITIONS, layoutWorkbook, rangeAddress, read, sheetOf, validate, type SheetLayout, type TemplateId } from '../../shared/index.ts';
import { syntheticConsolidation } from '../../bench/synthetic.ts';
import { report } from '../shared/fixtures.ts';
import { FakeEt } from '../fakes/wps.ts';

/** The 2024 edition: the one these years (up to 2025) use. */
const E2024 = EDITIONS['2024'];

const unit = { code: 'XB-WOMEN', name: '兴宾区妇联', org: 'women' as const };
const data = report('women');
const filled = () => layoutWorkbook(2024, unit, Object.fromEntries(E2024.templates.map((t) => [t.id, { rows: data[t.id] }])));
const sheetsOf = (l: SheetLayout[]) => l.map((s) => s.sheet);
/** A grid without trailing empty cells and rows: assigning '' empties a cell in ET, so nothing is kept past the last value. */
const trimmed = (g: readonly (readonly unknown[])[]) => {
  const rows = g.map((r) => {
    const out = r.map((v) => (v === '' || v === undefined ? null : v));
    while (out.length && out[out.length - 1] === null) out.pop();
    return out;
  });
  while (rows.length && !rows[rows.length - 1]!.length) rows.pop();
  return rows;
};

const chartsInput = (): ChartsInput => ({
  year: 2025,
  byOrg: [
    { label: '工会', members: 52000 },
    { label: '妇联', members: 31000 },
  ],
  trend: [2021, 2023, 2025].map((year, i) => ({ year, members: 80000 + i, trainees: i ? 4000 + i : null })),
});

function setup() {
  const et = new FakeEt();
  return { et, port: new WpsWorkbook(et.application) };
}

/** The four edges of a marked cell, as the fake keeps them. */
const edges = (et: FakeEt, sheet: string, cell: string) => [...(et.sheets.get(sheet)!.borders.get(cell)?.entries() ?? [])].sort(([a], [b]) => a - b);

describe('WPS 表格 adapter (against a fake that keeps the ET object model)', () => {
  it('writes the templates after the sheets already there, formats before values, one Value2 write a sheet', async () => {
    const { et, port } = setup();
    await port.writeSheets(filled());
    expect([...et.sheets.keys()]).toEqual(['Sheet1', ...sheetsOf(filled())]);
    expect(et.writes).toBe(filled().length);
    for (const layout of filled()) {
      const s = et.sheets.get(layout.sheet)!;
      expect(trimmed(et.grid(layout.sheet))).toEqual(trimmed(layout.grid));
      // The text format is set on a range before its values, so "=…" typed later stays text.
      expect(s.log.findIndex((l) => l.startsWith('numberFormat'))).toBeLessThan(s.log.findIndex((l) => l.startsWith('values')));
      expect(s.sizes.get('0,0')).toBe(16);
      expect(s.merges.length).toBe(layout.merges.length);
      expect([...s.widths.entries()]).toEqual(layout.widths.map((w, c) => [c, w]));
    }
    const awards = et.sheets.get('表3 表彰奖励')!;
    expect(awards.validations.map((v) => [v.type, v.source, v.inCellDropdown])).toContainEqual([XL.validateList, '国家级,省级,市级,县（区）级', true]);
    expect(awards.frozen).toEqual({ rows: 8, cols: 0 });
    expect(et.sheets.get('表1 组织与会员')!.frozen).toEqual({ rows: 7, cols: 1 });
    expect([...awards.formats.values()]).toContain('@');
    expect(new Set(awards.fills.values())).toEqual(new Set([bgr(INPUT_FILL)]));
    // The first template is shown; screen updates and prompts are as they were.
    expect(et.sheets.get('表1 组织与会员')!.active).toBe(true);
    expect([et.screenUpdating, et.displayAlerts]).toEqual([true, true]);
  });

  it('reads back what it wrote, one Value2 read a sheet, and read() gets the same rows and cells', async () => {
    const { et, port } = setup();
    await port.writeSheets(filled());
    et.reads = 0;
    const grids = await port.readSheets([...E2024.templates.map((t) => t.sheet), '不存在的表']);
    expect(et.reads).toBe(E2024.templates.length);
    expect(grids.get('不存在的表')).toBeNull();
    for (const t of E2024.templates) {
      const r = read(t.id, grids.get(t.sheet)!, { unit: unit.code, year: 2024 });
      expect(r.problems).toEqual([]);
      expect(r.rows).toEqual(data[t.id as TemplateId]);
      expect(validate(t.id, r.rows, { year: 2024, org: 'women', cells: r.cells, others: data })).toEqual([]);
    }
  });

  it('lists the sheets in their order, and finds them whatever the person renamed', async () => {
    const { et, port } = setup();
    await port.writeSheets(filled());
    et.renameSheet('表2 培训', '表2（草稿）');
    expect(await port.sheetNames()).toEqual(['Sheet1', '表1 组织与会员', '表2（草稿）', '表3 表彰奖励', '表4 经费收支']);
    expect((await port.readSheets(['表2 培训'])).get('表2 培训')).toBeNull();
  });

  it('keeps text a user typed as text: "=HYPERLINK(…)" in a text column is written into an @-formatted cell', async () => {
    const { et, port } = setup();
    const rows = [{ ...data.awards[0]!, recipient: '=HYPERLINK("http://evil.example","点我")' }];
    await port.writeSheets(layoutWorkbook(2024, unit, { awards: { rows } }).filter((s) => s.template === 'awards'));
    const s = et.sheets.get('表3 表彰奖励')!;
    const cell = [...s.values.entries()].find(([, v]) => typeof v === 'string' && v.startsWith('=HYPERLINK'))![0];
    expect(s.formats.get(cell)).toBe('@');
  });

  it('marks cells with thick coloured edges and clears them on the next call', async () => {
    const { et, port } = setup();
    await port.writeSheets(filled());
    await port.markCells([
      { cell: "'表1 组织与会员'!D8", severity: 'error', message: 'M1' },
      { cell: "'表2 培训'!F9", severity: 'warning', message: 'T2' },
    ]);
    const thick = (hex: string) => XL.edges.map((e) => [e, { lineStyle: XL.continuous, weight: XL.thick, color: bgr(hex) }]).sort(([a], [b]) => (a as number) - (b as number));
    expect(edges(et, '表1 组织与会员', '7,3')).toEqual(thick(MARK_COLORS.error));
    expect(edges(et, '表2 培训', '8,5')).toEqual(thick(MARK_COLORS.warning));
    await port.markCells([{ cell: "'表2 培训'!F10", severity: 'error', message: 'T3' }]);
    expect(et.sheets.get('表1 组织与会员')!.borders.size).toBe(0);
    expect([...et.sheets.get('表2 培训')!.borders.keys()]).toEqual(['9,5']);
    await port.clearMarks();
    expect(et.sheets.get('表2 培训')!.borders.size).toBe(0);
  });

  it('keeps marking and clearing after the person renames or deletes a marked sheet', async () => {
    const { et, port } = setup();
    await port.writeSheets(filled());
    await port.markCells([
      { cell: "'表1 组织与会员'!D8", severity: 'error', message: 'M1' },
      { cell: "'表2 培训'!F9", severity: 'warning', message: 'T2' },
    ]);
    // Between two checks the clerk renames 表1 and deletes 表2 (Sheets.Item("表2 培训") would now throw).
    et.renameSheet('表1 组织与会员', '表1（旧）');
    et.deleteSheet('表2 培训');
    await port.markCells([{ cell: "'表3 表彰奖励'!C10", severity: 'error', message: 'A1' }]);
    // The renamed sheet keeps its reference and its mark is cleared; the new mark is painted.
    expect(et.sheets.get('表1（旧）')!.borders.size).toBe(0);
    expect([...et.sheets.get('表3 表彰奖励')!.borders.keys()]).toEqual(['9,2']);
    // Marks on a sheet that is gone are skipped, not fatal.
    await port.markCells([{ cell: "'表2 培训'!F9", severity: 'error', message: 'T2' }, { cell: "'表4 经费收支'!D12", severity: 'warning', message: 'F1' }]);
    expect(et.sheets.get('表3 表彰奖励')!.borders.size).toBe(0);
    expect([...et.sheets.get('表4 经费收支')!.borders.keys()]).toEqual(['11,3']);
    et.deleteSheet('表4 经费收支');
    await port.clearMarks();
    await port.markCells([]);
  });

  it('forgets what it painted when marking fails, so one protected sheet does not block every later check', async () => {
    const { et, port } = setup();
    await port.writeSheets(filled());
    await port.markCells([{ cell: "'表1 组织与会员'!D8", severity: 'error', message: 'M1' }]);
    et.sheets.get('表1 组织与会员')!.refuses = '您试图更改的单元格或图表受保护，因而是只读的';
    const next = [{ cell: "'表2 培训'!F9", severity: 'warning' as const, message: 'T2' }];
    await expect(port.markCells(next)).rejects.toThrow(new WorkbookFailure(wpsMessage(new Error('您试图更改的单元格或图表受保护，因而是只读的'))));
    await port.markCells(next);
    expect([...et.sheets.get('表2 培训')!.borders.keys()]).toEqual(['8,5']);
    await port.clearMarks();
    expect(et.sheets.get('表2 培训')!.borders.size).toBe(0);
  });

  it('selects a cell on its sheet, activating the sheet first', async () => {
    const { et, port } = setup();
    await port.writeSheets(filled());
    await port.selectCell("'表4 经费收支'!D12");
    expect(et.sheets.get('表4 经费收支')!.active).toBe(true);
    expect(et.sheets.get('表1 组织与会员')!.active).toBe(false);
    expect(et.sheets.get('表4 经费收支')!.selected).toBe('11,3');
  });

  it('says which sheet is gone when the clerk clicks an issue on a sheet deleted since the check', async () => {
    const { et, port } = setup();
    await port.writeSheets(filled());
    et.deleteSheet('表4 经费收支');
    await expect(port.selectCell("'表4 经费收支'!D12")).rejects.toThrow(new WorkbookFailure('找不到工作表“表4 经费收支”，可能已被改名或删除；请重新校验'));
  });

  for (const [where, row, col] of [
    ["in the sheet's last cell (XFD1048576)", 1_048_575, 16_383],
    ['200,000 rows down', 200_000, 10],
  ] as const) {
    it(`reads only the templates' area, in blocks, when one stray value lies ${where}`, async () => {
      const { et, port } = setup();
      await port.writeSheets(filled());
      et.sheets.get('表2 培训')!.values.set(`${row},${col}`, '草稿');
      et.reads = 0;
      const grid = (await port.readSheets(['表2 培训'])).get('表2 培训')!;
      expect(grid.length).toBeLessThanOrEqual(READ_ROWS);
      expect(Math.max(...grid.map((r) => r.length))).toBeLessThanOrEqual(READ_COLS);
      const r = read('trainings', grid, { unit: unit.code, year: 2024 });
      expect(r.problems).toEqual([]);
      expect(r.rows).toEqual(data.trainings);
      expect(et.reads).toBeGreaterThan(1);
    });
  }

  it('removes the old dropdowns of a reused sheet: a filled copy, then the blank templates, then the consolidated sheets', async () => {
    const { et, port } = setup();
    await port.writeSheets(filled());
    const awardsRows = () => et.sheets.get('表3 表彰奖励')!.validations.filter((v) => v.source.includes('国家级')).map((v) => v.rows);
    expect(awardsRows()).toEqual([data.awards.length + 5]);
    // Validation.Add over cells that still have a rule would fail: the old rule must go first.
    await port.writeSheets(blankWorkbook(2024, unit, { city: '', issuer: '', docNo: '', validUntil: '' }));
    expect(awardsRows()).toEqual([20]);
    await port.writeSheets(consolidatedLayout(syntheticConsolidation(20)));
    for (const t of E2024.templates) expect(et.sheets.get(t.sheet)!.validations).toEqual([]);
    expect(et.grid('表4 经费收支').some((r) => r[0] === '全市合计')).toBe(true);
  });

  it('offers no download inside WPS (拉取汇总 instead) and says it is WPS', () => {
    const port = new WpsWorkbook(new FakeEt().application);
    expect(port.downloads).toBe(false);
    expect(port.kind).toBe('wps');
  });

  it('writes a big consolidated workbook in blocks of at most CHUNK_CELLS cells, with its charts', async () => {
    const { et, port } = setup();
    const sheets = consolidatedLayout({ ...syntheticConsolidation(1500), trend: chartsInput().trend });
    await port.writeSheets(sheets);
    expect(et.writes).toBeGreaterThan(sheets.length);
    for (const cells of et.writeSizes) expect(cells).toBeLessThanOrEqual(CHUNK_CELLS);
    const total = sheets.reduce((a, s) => a + s.grid.length * Math.max(1, ...s.grid.map((r) => r.length)), 0);
    expect(et.cellsWritten).toBe(total);
    expect(et.sheets.get('图表')!.charts.map((c) => [c.type, c.series.length])).toEqual([
      [XL.columnClustered, 1],
      [XL.line, 2],
    ]);
  });

  it("draws the layout's charts over their cells: type, title, series with names, values and categories, colours, legend, place", async () => {
    const { et, port } = setup();
    const layout = chartsLayout(chartsInput());
    await port.writeSheets([layout]);
    expect(trimmed(et.grid('图表'))).toEqual(trimmed(layout.grid));
    const sheet = et.application.ActiveWorkbook!.Sheets.Item('图表');
    const ref = (r: Parameters<typeof rangeAddress>[0]) => `图表!${rangeAddress(r)}`;
    expect(et.sheets.get('图表')!.charts).toEqual(
      layout.charts!.map((c) => {
        const start = sheet.Range(rangeAddress({ row: c.anchor.row, col: c.anchor.col }));
        const end = sheet.Range(rangeAddress({ row: c.anchor.row + c.anchor.rows - 1, col: c.anchor.col + c.anchor.cols - 1 }));
        return {
          type: c.kind === 'bar' ? XL.columnClustered : XL.line,
          hasTitle: true,
          title: c.title,
          hasLegend: c.series.length > 1,
          legendPosition: c.series.length > 1 ? XL.legendBottom : null,
          series: c.series.map((s, i) => ({
            name: s.name,
            values: ref(s.values),
            xValues: ref(c.categories),
            color: bgr(`#${CHART_COLORS[i]}`),
            markerColor: c.kind === 'line' ? bgr(`#${CHART_COLORS[i]}`) : null,
            markerStyle: c.kind === 'line' ? XL.markerCircle : null,
          })),
          left: start.Left,
          top: start.Top,
          width: end.Left + end.Width - start.Left,
          height: end.Top + end.Height - start.Top,
        };
      }),
    );
  });

  it('replaces the charts of a reused 图表 sheet instead of piling new ones on the old', async () => {
    const { et, port } = setup();
    await port.writeSheets([chartsLayout(chartsInput())]);
    et.sheets.get('图表')!.values.set('40,0', '备注');
    await port.writeSheets([chartsLayout({ ...chartsInput(), year: 2026 })]);
    const sheet = et.sheets.get('图表')!;
    expect(sheet.charts.map((c) => c.title)).toEqual(['2026年各类群团组织年末个人会员数', '历年年末个人会员数和培训人次（2021—2025年）']);
    expect(sheet.values.get('40,0')).toBeUndefined();
    expect([...et.sheets.keys()]).toEqual(['Sheet1', '图表']);
  });

  it('leaves out a chart with no number and keeps the series in order', async () => {
    const { et, port } = setup();
    const layout: SheetLayout = {
      ...sheetOf('S', [['年度', '甲', '乙'], ['2024年', null, 5], ['2025年', null, 6]]),
      charts: [
        { kind: 'line', title: '两条', categories: { row: 1, col: 0, rows: 2 }, series: [{ name: '甲', values: { row: 1, col: 1, rows: 2 } }, { name: '乙', values: { row: 1, col: 2, rows: 2 } }], anchor: { row: 0, col: 4, cols: 5, rows: 8 } },
        { kind: 'bar', title: '空', categories: { row: 1, col: 0, rows: 2 }, series: [{ name: '甲', values: { row: 1, col: 1, rows: 2 } }], anchor: { row: 9, col: 4, cols: 5, rows: 8 } },
      ],
    };
    await port.writeSheets([layout]);
    const [chart, ...rest] = et.sheets.get('S')!.charts;
    expect(rest).toEqual([]);
    expect(chart!.series.map((s) => [s.name, s.values, s.color])).toEqual([
      ['甲', 'S!B2:B3', bgr(`#${CHART_COLORS[0]}`)],
      ['乙', 'S!C2:C3', bgr(`#${CHART_COLORS[1]}`)],
    ]);
  });

  it('says so when WPS shows no workbook, and puts what WPS threw into words', async () => {
    const { et, port } = setup();
    et.closed = true;
    await expect(port.sheetNames()).rejects.toThrow(new WorkbookFailure('WPS 表格中没有打开的工作簿：请先新建或打开一个工作簿，再点一次按钮'));
    et.closed = false;
    et.sheets.get('Sheet1')!.refuses = '工作表受保护';
    await expect(port.writeSheets([sheetOf('Sheet1', [['甲']])])).rejects.toThrow(WorkbookFailure);
    expect(wpsMessage(new Error('boom'))).toContain('（boom）');
    expect(wpsMessage('text')).toContain('（text）');
    // Screen updates come back on even when a write fails half-way.
    expect(et.screenUpdating).toBe(true);
  });

  it('gives colours as ET takes them: BGR numbers', () => {
    expect(bgr('#C00000')).toBe(0x0000c0);
    expect(bgr('#FFF2CC')).toBe(0xccf2ff);
    expect(bgr('#4472C4')).toBe(0xc47244);
  });
});
