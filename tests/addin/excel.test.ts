import { describe, expect, it } from 'vitest';
import { ExcelWorkbook, CHUNK_CELLS, officeMessage, READ_COLS, READ_ROWS, savesFiles } from '../../addin/excel.ts';
import { WorkbookFailure } from '../../addin/port.ts';
import { chartsLayout, type ChartsInput } from '../../shared/charts-layout.ts';
import { EDITIONS, blankWorkbook, CHART_COLORS, columnName, consolidatedLayout, layoutWorkbook, MAX_ROWS, read, sheetOf, validate, type Range, type SheetLayout, type TemplateId } from '../../shared/index.ts';
import { syntheticConsolidation } from '../../bench/synthetic.ts';
import { report } from '../shared/fixtures.ts';
import { CELL_LIMIT, FakeExcel } from '../fakes/excel.ts';

/** The 2024 edition: the one these years (up to 2025) use. */
const E2024 = EDITIONS['2024'];

const unit = { code: 'XB-WOMEN', name: '兴宾区妇联', org: 'women' as const };
const data = report('women');
const filled = () => layoutWorkbook(2024, unit, Object.fromEntries(E2024.templates.map((t) => [t.id, { rows: data[t.id] }])));

const chartsInput = (): ChartsInput => ({
  year: 2025,
  byOrg: [
    { label: '工会', members: 52000 },
    { label: '妇联', members: 31000 },
  ],
  trend: [2021, 2023, 2025].map((year, i) => ({ year, members: 80000 + i, trainees: i ? 4000 + i : null })),
});

/** `B2:C3`, as Excel writes a block of cells. */
function a1(r: Range): string {
  const start = `${columnName(r.col)}${r.row + 1}`;
  const rows = r.rows ?? 1;
  const cols = r.cols ?? 1;
  return rows === 1 && cols === 1 ? start : `${start}:${columnName(r.col + cols - 1)}${r.row + rows}`;
}

function setup() {
  const excel = new FakeExcel();
  return { excel, port: new ExcelWorkbook(excel.run, () => true) };
}

describe('Office.js adapter (against a fake that keeps Office.js rules)', () => {
  it('writes the four templates in one run: load, then one sync; formats before values', async () => {
    const { excel, port } = setup();
    await port.writeSheets(filled());
    expect(excel.syncs).toHaveLength(2);
    expect(excel.suspended).toBe(4);
    expect([...excel.sheets.keys()]).toEqual(E2024.templates.map((t) => t.sheet));
    for (const layout of filled()) {
      const s = excel.sheets.get(layout.sheet)!;
      expect(excel.grid(layout.sheet).slice(0, layout.grid.length)).toEqual(layout.grid.map((r) => r.map((v) => (v === '' ? null : v))));
      // The text format is set on a range before its values, so "=…" typed later stays text.
      expect(s.log.indexOf(s.log.find((l) => l.startsWith('numberFormat'))!)).toBeLessThan(s.log.indexOf(s.log.find((l) => l.startsWith('values'))!));
    }
    const awards = excel.sheets.get('表3 表彰奖励')!;
    expect(awards.validations.map((v) => v.source)).toContain('国家级,省级,市级,县（区）级');
    expect(awards.frozen).toBe('rows:8');
    expect(excel.sheets.get('表1 组织与会员')!.frozen).toBe('at:0,0,7,1');
    expect([...awards.formats.values()]).toContain('@');
    expect(awards.fills.size).toBeGreaterThan(0);
  });

  it('reads back what it wrote in three syncs (sheets, their extent, the values), and read() gets the same rows and cells', async () => {
    const { excel, port } = setup();
    await port.writeSheets(filled());
    excel.syncs = [];
    const grids = await port.readSheets([...E2024.templates.map((t) => t.sheet), '不存在的表']);
    expect(excel.syncs).toHaveLength(3);
    expect(grids.get('不存在的表')).toBeNull();
    for (const t of E2024.templates) {
      const r = read(t.id, grids.get(t.sheet)!, { unit: unit.code, year: 2024 });
      expect(r.problems).toEqual([]);
      expect(r.rows).toEqual(data[t.id as TemplateId]);
      expect(validate(t.id, r.rows, { year: 2024, org: 'women', cells: r.cells, others: data })).toEqual([]);
    }
  });

  it('keeps text a user typed as text: "=HYPERLINK(…)" in a text column is written into an @-formatted cell', async () => {
    const { excel, port } = setup();
    const rows = [{ ...data.awards[0]!, recipient: '=HYPERLINK("http://evil.example","点我")' }];
    await port.writeSheets(layoutWorkbook(2024, unit, { awards: { rows } }).filter((s) => s.template === 'awards'));
    const s = excel.sheets.get('表3 表彰奖励')!;
    const cell = [...s.values.entries()].find(([, v]) => typeof v === 'string' && v.startsWith('=HYPERLINK'))![0];
    expect(s.formats.get(cell)).toBe('@');
  });

  it('marks cells with coloured borders and clears them on the next call, two syncs each (look the sheets up, paint)', async () => {
    const { excel, port } = setup();
    await port.writeSheets(filled());
    excel.syncs = [];
    await port.markCells([
      { cell: "'表1 组织与会员'!D8", severity: 'error', message: 'M1' },
      { cell: "'表2 培训'!F9", severity: 'warning', message: 'T2' },
    ]);
    expect(excel.sheets.get('表1 组织与会员')!.borders.get('7,3')).toEqual({ style: 'Continuous', color: '#C00000' });
    expect(excel.sheets.get('表2 培训')!.borders.get('8,5')).toEqual({ style: 'Continuous', color: '#ED7D31' });
    await port.markCells([{ cell: "'表2 培训'!F10", severity: 'error', message: 'T3' }]);
    expect(excel.sheets.get('表1 组织与会员')!.borders.size).toBe(0);
    expect([...excel.sheets.get('表2 培训')!.borders.keys()]).toEqual(['9,5']);
    await port.clearMarks();
    expect(excel.sheets.get('表2 培训')!.borders.size).toBe(0);
    expect(excel.syncs).toHaveLength(6);
  });

  it('keeps marking and clearing after the person renames or deletes a marked sheet', async () => {
    const { excel, port } = setup();
    await port.writeSheets(filled());
    await port.markCells([
      { cell: "'表1 组织与会员'!D8", severity: 'error', message: 'M1' },
      { cell: "'表2 培训'!F9", severity: 'warning', message: 'T2' },
    ]);
    // Between two checks the clerk renames 表1 and deletes 表2 (getItem would fail the sync with ItemNotFound).
    excel.renameSheet('表1 组织与会员', '表1（旧）');
    excel.deleteSheet('表2 培训');
    await port.markCells([{ cell: "'表3 表彰奖励'!C10", severity: 'error', message: 'A1' }]);
    // The renamed sheet is found by its ID and its mark cleared; the new mark is painted.
    expect(excel.sheets.get('表1（旧）')!.borders.size).toBe(0);
    expect([...excel.sheets.get('表3 表彰奖励')!.borders.keys()]).toEqual(['9,2']);
    // Marks on a sheet that is gone are skipped, not fatal.
    await port.markCells([{ cell: "'表2 培训'!F9", severity: 'error', message: 'T2' }, { cell: "'表4 经费收支'!D12", severity: 'warning', message: 'F1' }]);
    expect(excel.sheets.get('表3 表彰奖励')!.borders.size).toBe(0);
    expect([...excel.sheets.get('表4 经费收支')!.borders.keys()]).toEqual(['11,3']);
    excel.deleteSheet('表4 经费收支');
    await port.clearMarks();
    await port.markCells([]);
  });

  it('forgets what it painted when marking fails, so one refusal does not block every later check', async () => {
    const { excel, port } = setup();
    await port.writeSheets(filled());
    await port.markCells([{ cell: "'表1 组织与会员'!D8", severity: 'error', message: 'M1' }]);
    // Excel now refuses every change to 表1 (the add-in cannot clear its mark there).
    excel.sheets.get('表1 组织与会员')!.refuses = 'AccessDenied';
    const next = [{ cell: "'表2 培训'!F9", severity: 'warning' as const, message: 'T2' }];
    await expect(port.markCells(next)).rejects.toThrow(WorkbookFailure);
    await port.markCells(next);
    expect([...excel.sheets.get('表2 培训')!.borders.keys()]).toEqual(['8,5']);
    await port.clearMarks();
    expect(excel.sheets.get('表2 培训')!.borders.size).toBe(0);
  });

  it('says which sheet is gone when the clerk clicks an issue on a sheet deleted since the check', async () => {
    const { excel, port } = setup();
    await port.writeSheets(filled());
    excel.deleteSheet('表4 经费收支');
    await expect(port.selectCell("'表4 经费收支'!D12")).rejects.toThrow(new WorkbookFailure('找不到工作表“表4 经费收支”，可能已被改名或删除；请重新校验'));
  });

  it('selects a cell on its sheet in two syncs', async () => {
    const { excel, port } = setup();
    await port.writeSheets(filled());
    excel.syncs = [];
    await port.selectCell("'表4 经费收支'!D12");
    expect(excel.sheets.get('表4 经费收支')!.active).toBe(true);
    expect(excel.sheets.get('表4 经费收支')!.selected).toBe('11,3');
    expect(excel.syncs).toHaveLength(2);
  });

  for (const [where, row, col] of [
    ["in the sheet's last cell (XFD1048576): the used range is past Excel's five million cells", 1_048_575, 16_383],
    ['200,000 rows down: the used range would answer more than 5 MB', 200_000, 10],
  ] as const) {
    it(`reads only the templates' area when one stray value lies ${where}`, async () => {
      const { excel, port } = setup();
      await port.writeSheets(filled());
      excel.sheets.get('表2 培训')!.values.set(`${row},${col}`, '草稿');
      excel.syncs = [];
      const grids = await port.readSheets(E2024.templates.map((t) => t.sheet));
      const grid = grids.get('表2 培训')!;
      expect(grid.length).toBeLessThanOrEqual(READ_ROWS);
      expect(Math.max(...grid.map((r) => r.length))).toBeLessThanOrEqual(READ_COLS);
      const r = read('trainings', grid, { unit: unit.code, year: 2024 });
      expect(r.problems).toEqual([]);
      expect(r.rows).toEqual(data.trainings);
      // Each read stayed under the cell budget (and so under the 5 MB the fake enforces).
      expect(excel.syncs.length).toBeGreaterThan(3);
    });
  }

  it("reads as far as a template can reach: more rows than the API accepts, wider than any template", () => {
    const tallest = Math.max(...layoutWorkbook(2024, unit).map((l) => l.grid.length));
    const widest = Math.max(...layoutWorkbook(2024, unit).map((l) => Math.max(...l.grid.map((r) => r.length))));
    expect(READ_ROWS).toBeGreaterThan(MAX_ROWS + tallest);
    expect(READ_COLS).toBeGreaterThan(widest * 2);
    expect(READ_ROWS * READ_COLS).toBeLessThan(CELL_LIMIT);
  });

  it('says the sheet is too full to read when Excel on the web refuses the response', () => {
    expect(officeMessage({ code: 'ResponsePayloadSizeLimitExceeded' })).toContain('删除报表以外的多余内容');
  });

  it('removes the old dropdowns of a reused sheet: a filled copy, then the blank templates, then the consolidated sheets', async () => {
    const { excel, port } = setup();
    // Eight rows of dropdowns for three filled awards…
    await port.writeSheets(filled());
    const awardsRows = (s: string) => excel.sheets.get(s)!.validations.filter((v) => v.source.includes('国家级')).map((v) => v.rows);
    expect(awardsRows('表3 表彰奖励')).toEqual([data.awards.length + 5]);
    // …then twenty for the blank templates, over the same cells: the old rule must go first.
    await port.writeSheets(blankWorkbook(2024, unit, { city: '', issuer: '', docNo: '', validUntil: '' }));
    expect(awardsRows('表3 表彰奖励')).toEqual([20]);
    // 拉取汇总 writes sheets of the same names without any dropdown: none may survive.
    await port.writeSheets(consolidatedLayout(syntheticConsolidation(20)));
    for (const t of E2024.templates) expect(excel.sheets.get(t.sheet)!.validations).toEqual([]);
  });

  it('saves files everywhere but in the WKWebView of Excel on Mac and iPad', () => {
    expect(savesFiles('Mac')).toBe(false);
    expect(savesFiles('iOS')).toBe(false);
    for (const p of ['PC', 'OfficeOnline', null]) expect(savesFiles(p)).toBe(true);
    expect(new ExcelWorkbook(new FakeExcel().run, () => true, 'Mac').downloads).toBe(false);
    expect(new ExcelWorkbook(new FakeExcel().run, () => true, 'PC').downloads).toBe(true);
  });

  it('writes a big consolidated workbook in chunks under the request limit, with its charts', async () => {
    const { excel, port } = setup();
    const sheets = consolidatedLayout({ ...syntheticConsolidation(1500), trend: chartsInput().trend });
    await port.writeSheets(sheets);
    expect(excel.syncs.length).toBeGreaterThan(3);
    for (const cells of excel.syncs) expect(cells).toBeLessThan(CHUNK_CELLS * 2);
    const total = sheets.reduce((a, s) => a + s.grid.length * Math.max(...s.grid.map((r) => r.length)), 0);
    expect(excel.syncs.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(total);
    expect(excel.sheets.get('图表')!.charts.map((c) => [c.type, c.series.length])).toEqual([
      ['ColumnClustered', 1],
      ['Line', 2],
    ]);
    expect(excel.grid('表4 经费收支').some((r) => r[0] === '全市合计')).toBe(true);
  });

  it("draws the layout's charts on their sheet in the same run (load, then one sync): type, title, series over the sheet's cells, place", async () => {
    const { excel, port } = setup();
    const layout = chartsLayout(chartsInput());
    await port.writeSheets([layout]);
    expect(excel.syncs).toHaveLength(2);
    expect(excel.grid('图表').slice(0, layout.grid.length)).toEqual(layout.grid);
    const ref = (r: Range) => `图表!${a1(r)}`;
    expect(excel.sheets.get('图表')!.charts).toEqual(
      layout.charts!.map((c) => ({
        type: c.kind === 'bar' ? 'ColumnClustered' : 'Line',
        title: c.title,
        series: c.series.map((s, i) => ({ name: s.name, values: ref(s.values), xValues: ref(c.categories), color: `#${CHART_COLORS[i]}`, markerColor: c.kind === 'line' ? `#${CHART_COLORS[i]}` : null })),
        position: { start: a1({ row: c.anchor.row, col: c.anchor.col }), end: a1({ row: c.anchor.row + c.anchor.rows - 1, col: c.anchor.col + c.anchor.cols - 1 }) },
        legend: { visible: c.series.length > 1, position: 'Bottom' },
      })),
    );
    expect([...excel.sheets.keys()]).toEqual(['图表']);
  });

  it('replaces a reused 图表 sheet instead of piling new charts on the old, even when it is the only sheet', async () => {
    const { excel, port } = setup();
    await port.writeSheets([chartsLayout(chartsInput())]);
    const before = excel.sheets.get('图表')!.id;
    // The person typed a note on the sheet; next year's pull writes over it.
    excel.sheets.get('图表')!.values.set('40,0', '备注');
    excel.syncs = [];
    await port.writeSheets([chartsLayout({ ...chartsInput(), year: 2026 })]);
    expect(excel.syncs).toHaveLength(2);
    expect([...excel.sheets.keys()]).toEqual(['图表']);
    const sheet = excel.sheets.get('图表')!;
    expect(sheet.id).not.toBe(before);
    expect(sheet.charts.map((c) => c.title)).toEqual(['2026年各类群团组织年末个人会员数', '历年年末个人会员数和培训人次（2021—2025年）']);
    expect(sheet.values.get('40,0')).toBeUndefined();
    expect(sheet.active).toBe(true);
    // With the consolidated sheets around it, and a sheet already named as the aside name would be.
    excel.addSheet('图表（旧）');
    await port.writeSheets(consolidatedLayout({ ...syntheticConsolidation(20), trend: chartsInput().trend }));
    expect(excel.sheets.get('图表')!.charts).toHaveLength(2);
    expect([...excel.sheets.keys()].filter((n) => n.startsWith('图表'))).toEqual(['图表（旧）', '图表']);
  });

  it('starts a chart from a series that has numbers and keeps the series in order; a chart with none is left out', async () => {
    const { excel, port } = setup();
    const layout: SheetLayout = {
      ...sheetOf('S', [['年度', '甲', '乙'], ['2024年', null, 5], ['2025年', null, 6]]),
      charts: [
        { kind: 'line', title: '两条', categories: { row: 1, col: 0, rows: 2 }, series: [{ name: '甲', values: { row: 1, col: 1, rows: 2 } }, { name: '乙', values: { row: 1, col: 2, rows: 2 } }], anchor: { row: 0, col: 4, cols: 5, rows: 8 } },
        { kind: 'bar', title: '空', categories: { row: 1, col: 0, rows: 2 }, series: [{ name: '甲', values: { row: 1, col: 1, rows: 2 } }], anchor: { row: 9, col: 4, cols: 5, rows: 8 } },
      ],
    };
    await port.writeSheets([layout]);
    const [chart, ...rest] = excel.sheets.get('S')!.charts;
    expect(rest).toEqual([]);
    expect(chart!.series.map((s) => [s.name, s.values, s.color])).toEqual([
      ['甲', 'S!B2:B3', `#${CHART_COLORS[0]}`],
      ['乙', 'S!C2:C3', `#${CHART_COLORS[1]}`],
    ]);
  });

  it('turns Office errors into messages a clerk can act on', async () => {
    const { excel, port } = setup();
    excel.failWith = { code: 'InvalidOperationInCellEditMode', message: 'edit mode' };
    await expect(port.readSheets(['表1 组织与会员'])).rejects.toThrow(new WorkbookFailure('请先退出单元格编辑（按 Enter 或 Esc），再点一次按钮'));
    expect(officeMessage({ code: 'ItemNotFound' })).toContain('找不到要操作的工作表');
    expect(officeMessage(new Error('boom'))).toContain('boom');
  });

  it('says only what the documentation says an error means', () => {
    // AccessDenied ("You cannot perform the requested operation.") and InsertDeleteConflict
    // ("The insert or delete operation attempted resulted in a conflict.") name no cause.
    for (const code of ['AccessDenied', 'InsertDeleteConflict']) {
      const text = officeMessage({ code });
      expect(text).toContain(code);
      expect(text).not.toMatch(/保护|共享|协作|多人/);
    }
    // A request over the 5 MB limit is refused again if retried as it was.
    const tooBig = officeMessage({ code: 'RequestPayloadSizeLimitExceeded' });
    expect(tooBig).not.toMatch(/稍后重试|再试一次|请重试/);
    expect(tooBig).toContain('5 MB');
  });

  it('says plainly when Excel is too old for the pane, naming the Office versions that have ExcelApi 1.8', () => {
    const text = new ExcelWorkbook(new FakeExcel().run, () => false).check()!;
    expect(text).toContain('需要 ExcelApi 1.8');
    // Volume-licensed Office has ExcelApi 1.8 only from Office 2021; retail Office 2019 from version 1808.
    expect(text).toContain('Office 2021');
    expect(text).toContain('批量许可版 Office 2019 不支持');
    expect(text).toContain('零售版 Office 2019（版本 1808 及以上）');
    expect(text).toContain('Mac 版 Excel 16.17');
    expect(text).not.toContain('Excel 2019 或 Microsoft 365');
    expect(new ExcelWorkbook(new FakeExcel().run, () => true).check()).toBeNull();
  });
});
