import { describe, expect, it } from 'vitest';
import { ExcelWorkbook, CHUNK_CELLS, officeMessage, savesFiles } from '../../addin/excel.ts';
import { WorkbookFailure } from '../../addin/port.ts';
import { chartsLayout } from '../../shared/charts-layout.ts';
import { EDITIONS, CHART_COLORS, consolidatedLayout, layoutWorkbook, rangeAddress, type Range } from '../../shared/index.ts';
import { syntheticConsolidation } from '../../bench/synthetic.ts';
import { chartsInput, report } from '../shared/fixtures.ts';
import { FakeExcel } from '../fakes/excel.ts';

/** The 2024 edition: the one these years (up to 2025) use. */
const E2024 = EDITIONS['2024'];

const unit = { code: 'XB-WOMEN', name: '兴宾区妇联', org: 'women' as const };
const data = report('women');
const filled = () => layoutWorkbook(2024, unit, Object.fromEntries(E2024.templates.map((t) => [t.id, { rows: data[t.id] }])));

/** `B2:C3`, as Excel writes a block of cells. */
const a1 = rangeAddress;

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

  it('sets each form to print as the .xlsx does: A4, its orientation, one page, the title rows and footer, the table ruled', async () => {
    const { excel, port } = setup();
    await port.writeSheets(filled());
    for (const layout of filled()) {
      const s = excel.sheets.get(layout.sheet)!;
      const p = layout.print!;
      expect(s.page).toMatchObject({ paperSize: 'A4', orientation: p.orientation === 'portrait' ? 'Portrait' : 'Landscape', leftFooter: p.footer, centerFooter: '第 &P 页，共 &N 页' });
      expect(s.page.zoom).toEqual(p.onePage ? { horizontalFitToPages: 1, verticalFitToPages: 1 } : { horizontalFitToPages: 1 });
      if (p.titleRows) expect(s.page.titleRows).toBe(`$${p.titleRows.first + 1}:$${p.titleRows.last + 1}`);
      const table = layout.borders![0]!;
      const lines = s.lines.filter((l) => l.range === `${table.row},${table.col},${table.rows},${table.cols}`).map((l) => l.edge);
      expect(lines.sort()).toEqual(['EdgeBottom', 'EdgeLeft', 'EdgeRight', 'EdgeTop', 'InsideHorizontal', 'InsideVertical']);
    }
    // The consolidated sheets repeat the unit column too.
    const { excel: e2, port: p2 } = setup();
    await p2.writeSheets(consolidatedLayout({ ...syntheticConsolidation(20), trend: chartsInput().trend }));
    expect(e2.sheets.get('表1 组织与会员')!.page.titleColumns).toBe('$A:$A');
    // Without ExcelApi 1.9 (no Worksheet.pageLayout) the forms are written all the same, with Excel's print defaults.
    const excel3 = new FakeExcel();
    await new ExcelWorkbook(excel3.run, (_set, version) => version !== '1.9').writeSheets(filled());
    expect(excel3.sheets.get('表1 组织与会员')!.page).toEqual({});
    expect(excel3.sheets.get('表1 组织与会员')!.lines.length).toBeGreaterThan(0);
  });

  it('reads in three syncs: which sheets are there, how far their values reach, the values', async () => {
    const { excel, port } = setup();
    await port.writeSheets(filled());
    excel.syncs = [];
    await port.readSheets([...E2024.templates.map((t) => t.sheet), '不存在的表']);
    expect(excel.syncs).toHaveLength(3);
  });

  it('marks with thick borders in the mark colours, two syncs a call (look the sheets up, paint)', async () => {
    const { excel, port } = setup();
    await port.writeSheets(filled());
    excel.syncs = [];
    await port.markCells([
      { cell: "'表1 组织与会员'!D8", severity: 'error', message: 'M1' },
      { cell: "'表2 培训'!F9", severity: 'warning', message: 'T2' },
    ]);
    expect(excel.sheets.get('表1 组织与会员')!.borders.get('7,3')).toEqual({ style: 'Continuous', color: '#C00000' });
    expect(excel.sheets.get('表2 培训')!.borders.get('8,5')).toEqual({ style: 'Continuous', color: '#ED7D31' });
    await port.clearMarks();
    expect(excel.syncs).toHaveLength(4);
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

  it('says the sheet is too full to read when Excel on the web refuses the response', () => {
    expect(officeMessage({ code: 'ResponsePayloadSizeLimitExceeded' })).toContain('删除报表以外的多余内容');
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
