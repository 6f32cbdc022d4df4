import { describe, expect, it } from 'vitest';
import { CHUNK_CELLS, INPUT_FILL, MARK_COLORS } from '../../addin/adapters.ts';
import { WorkbookFailure } from '../../addin/port.ts';
import { bgr, WpsWorkbook, wpsMessage, XL } from '../../addin/wps.ts';
import { chartsLayout } from '../../shared/charts-layout.ts';
import { CHART_COLORS, consolidatedLayout, EDITIONS, layoutWorkbook, rangeAddress, sheetOf, type SheetLayout } from '../../shared/index.ts';
import { syntheticConsolidation } from '../../bench/synthetic.ts';
import { chartsInput, report } from '../shared/fixtures.ts';
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

  it('sets each form to print as the .xlsx does (PageSetup): A4, its orientation, fitted to pages, title rows, footer; the table ruled', async () => {
    const { et, port } = setup();
    await port.writeSheets(filled());
    for (const layout of filled()) {
      const s = et.sheets.get(layout.sheet)!;
      const p = layout.print!;
      expect(s.page).toMatchObject({ PaperSize: XL.paperA4, Orientation: p.orientation === 'portrait' ? XL.portrait : XL.landscape, Zoom: false, FitToPagesWide: 1, FitToPagesTall: p.onePage ? 1 : false, LeftFooter: p.footer, CenterFooter: '第 &P 页，共 &N 页' });
      if (p.titleRows) expect(s.page.PrintTitleRows).toBe(`$${p.titleRows.first + 1}:$${p.titleRows.last + 1}`);
      expect(s.ruled.get(rangeAddress(layout.borders![0]!))).toEqual({ lineStyle: XL.continuous, weight: XL.thin });
    }
    const { et: et2, port: p2 } = setup();
    await p2.writeSheets(consolidatedLayout({ ...syntheticConsolidation(20), trend: chartsInput().trend }));
    expect(et2.sheets.get('表1 组织与会员')!.page.PrintTitleColumns).toBe('$A:$A');
  });

  it('reads each sheet in one Value2 read, and a sheet not there in none', async () => {
    const { et, port } = setup();
    await port.writeSheets(filled());
    et.reads = 0;
    await port.readSheets([...E2024.templates.map((t) => t.sheet), '不存在的表']);
    expect(et.reads).toBe(E2024.templates.length);
  });

  it('works on worksheets only: a chart sheet the person added is no sheet to list, read or write', async () => {
    const { et, port } = setup();
    et.chartSheets.push('图表1');
    await port.writeSheets(filled());
    expect(await port.sheetNames()).toEqual(['Sheet1', ...sheetsOf(filled())]);
    expect((await port.readSheets(['图表1'])).get('图表1')).toBeNull();
  });

  it('lists the sheets in their order, and finds them whatever the person renamed', async () => {
    const { et, port } = setup();
    await port.writeSheets(filled());
    et.renameSheet('表2 培训', '表2（草稿）');
    expect(await port.sheetNames()).toEqual(['Sheet1', '表1 组织与会员', '表2（草稿）', '表3 表彰奖励', '表4 经费收支']);
    expect((await port.readSheets(['表2 培训'])).get('表2 培训')).toBeNull();
  });

  it('marks with thick edges in the mark colours (BGR), and clears every edge', async () => {
    const { et, port } = setup();
    await port.writeSheets(filled());
    await port.markCells([
      { cell: "'表1 组织与会员'!D8", severity: 'error', message: 'M1' },
      { cell: "'表2 培训'!F9", severity: 'warning', message: 'T2' },
    ]);
    const thick = (hex: string) => XL.edges.map((e) => [e, { lineStyle: XL.continuous, weight: XL.thick, color: bgr(hex) }]).sort(([a], [b]) => (a as number) - (b as number));
    expect(edges(et, '表1 组织与会员', '7,3')).toEqual(thick(MARK_COLORS.error));
    expect(edges(et, '表2 培训', '8,5')).toEqual(thick(MARK_COLORS.warning));
    await port.clearMarks();
    expect(edges(et, '表1 组织与会员', '7,3')).toEqual([]);
  });

  it("says a refusal in WPS's own words", async () => {
    const { et, port } = setup();
    await port.writeSheets(filled());
    et.sheets.get('表1 组织与会员')!.refuses = '您试图更改的单元格或图表受保护，因而是只读的';
    await expect(port.markCells([{ cell: "'表1 组织与会员'!D8", severity: 'error', message: 'M1' }])).rejects.toThrow(new WorkbookFailure(wpsMessage(new Error('您试图更改的单元格或图表受保护，因而是只读的'))));
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
    const sheet = et.application.ActiveWorkbook!.Worksheets.Item('图表');
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
