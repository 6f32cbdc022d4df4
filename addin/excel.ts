/**
 * The workbook port inside Excel, through Office.js. One `Excel.run` per user
 * action: queue the reads, one `sync`, then queue the writes and one `sync` —
 * never a sync inside a loop, except between the blocks of a big read or
 * write, which keep each request and response under Excel on the web's 5 MB
 * limit. Whole 2-D arrays are written at once; text columns get the text
 * format `@` before their values, so nothing a user typed can turn into a
 * formula.
 *
 * The person keeps working in Excel between two clicks in the pane: sheets
 * are renamed or deleted, values typed far from the table. Every sheet the
 * pane has not just listed or created is therefore looked up with
 * `getItemOrNullObject` ("Using the application-specific API model",
 * *OrNullObject methods: `getItem` throws `ItemNotFound` for a missing sheet,
 * failing the whole sync), and reads cover the templates' area only.
 */
/// <reference types="office-js" />
import type { Grid, Range } from '../shared/grid.ts';
import { CHART_COLORS, FOOTER_PAGES, printTerms, type SheetChart, type SheetLayout } from '../shared/layout.ts';
import { CHUNK_CELLS, firstSeriesWithNumbers, INPUT_FILL, MARK_COLORS, READ_COLS, READ_ROWS, sheetAndAddress } from './adapters.ts';
import { WorkbookFailure, type Mark, type WorkbookPort } from './port.ts';

export { CHUNK_CELLS, READ_COLS, READ_ROWS };

type Run = <T>(batch: (ctx: Excel.RequestContext) => Promise<T>) => Promise<T>;

export const REQUIRED_API = '1.8';
const EDGES = ['EdgeTop', 'EdgeBottom', 'EdgeLeft', 'EdgeRight'] as const;

/**
 * Whether the pane can save a file for the person (an `<a download>` of a
 * blob), decided once from `Office.context.platform`. Excel on Mac hosts the
 * pane in WKWebView, where such a download does nothing, by design
 * (office-js issue #2700, "Office for Mac (WKWebView) file download support",
 * closed "Resolution: by design"); Excel on iPad uses the same WKWebView
 * ("Browsers and webview controls used by Office Add-ins": Mac and iOS, "Safari
 * with WKWebView"), so it is treated alike. Windows and the web save files.
 */
export function savesFiles(platform: string | null | undefined): boolean {
  return platform !== 'Mac' && platform !== 'iOS';
}

/**
 * Office errors in words a clerk can act on. Each text says only what the
 * error code is documented to mean ("Error handling with the
 * application-specific JavaScript APIs", error codes and messages).
 */
export function officeMessage(e: unknown): string {
  const code = (e as { code?: string } | null)?.code;
  switch (code) {
    case 'InvalidOperationInCellEditMode':
      return '请先退出单元格编辑（按 Enter 或 Esc），再点一次按钮';
    case 'ItemNotFound':
      return '找不到要操作的工作表或单元格，可能已被删除或改名，请重新插入空白报表';
    // "You cannot perform the requested operation." — nothing more is documented, so no cause is guessed.
    case 'AccessDenied':
      return 'Excel 拒绝执行这次操作（AccessDenied）。请确认当前工作簿可以编辑后再试；仍然不行时，请保存工作簿，在浏览器中打开本页面上传报表文件';
    // "The insert or delete operation attempted resulted in a conflict."
    case 'InsertDeleteConflict':
      return 'Excel 报告插入或删除工作表时发生冲突（InsertDeleteConflict），这次操作没有完成，请再点一次按钮';
    // Excel on the web only: one request over 5 MB. The same content would be refused again.
    case 'RequestPayloadSizeLimitExceeded':
      return '要写入的内容超过网页版 Excel 单次写入的上限（5 MB），无法写入。请改用 Windows 或 Mac 版 Excel 再试，或在浏览器中打开本页面下载汇总表';
    // Excel on the web only: one response over 5 MB.
    case 'ResponsePayloadSizeLimitExceeded':
      return '工作表中的内容太多，网页版 Excel 一次读不出来（上限 5 MB）。请删除报表以外的多余内容后再试';
    default:
      return `Excel 暂时无法完成操作（${code ?? (e instanceof Error ? e.message : '未知错误')}），请稍后重试`;
  }
}

/** A marked cell as the adapter remembers it: by the sheet's ID, which stays when the sheet is renamed. */
interface Painted {
  sheetId: string;
  address: string;
}

export class ExcelWorkbook implements WorkbookPort {
  readonly kind = 'excel' as const;
  readonly downloads: boolean;
  private painted: Painted[] = [];

  constructor(
    private readonly excelRun: Run = (b) => Excel.run(b),
    private readonly supported: (set: string, version: string) => boolean = (s, v) => Office.context.requirements.isSetSupported(s, v),
    platform: string | null = null,
  ) {
    this.downloads = savesFiles(platform);
  }

  /**
   * Whether this Excel has the API the pane needs; the message says what to do if not.
   * ExcelApi 1.8 comes with Microsoft 365 and retail Office 2019 from version 1808 on
   * Windows, volume-licensed Office only from Office 2021, Excel 16.17 on Mac, and
   * Excel on the web ("Excel JavaScript API requirement sets", availability table).
   */
  check(): string | null {
    return this.supported('ExcelApi', REQUIRED_API)
      ? null
      : `当前 Excel 版本过旧，不能使用本加载项（需要 ExcelApi ${REQUIRED_API}）。可以使用：Microsoft 365、零售版 Office 2019（版本 1808 及以上）、Office 2021 及以上（批量许可版 Office 2019 不支持），Mac 版 Excel 16.17 及以上，或网页版 Excel。也可以在浏览器中打开本页面上传报表文件`;
  }

  private async run<T>(batch: (ctx: Excel.RequestContext) => Promise<T>): Promise<T> {
    try {
      return await this.excelRun(batch);
    } catch (e) {
      if (e instanceof WorkbookFailure) throw e;
      throw new WorkbookFailure(officeMessage(e));
    }
  }

  async sheetNames(): Promise<string[]> {
    return this.run(async (ctx) => {
      const sheets = ctx.workbook.worksheets;
      sheets.load('items/name');
      await ctx.sync();
      return sheets.items.map((s) => s.name);
    });
  }

  /**
   * The sheets' cells from A1 within READ_ROWS × READ_COLS: first which sheets
   * exist and how far their values reach (addresses only), then the values in
   * row blocks of at most CHUNK_CELLS cells per sync.
   */
  async readSheets(names: string[]): Promise<Map<string, Grid | null>> {
    return this.run(async (ctx) => {
      const found = names.map((name) => ({ name, sheet: ctx.workbook.worksheets.getItemOrNullObject(name) }));
      await ctx.sync();
      const present = found.filter((f) => !f.sheet.isNullObject);
      const used = present.map((f) => {
        const range = f.sheet.getUsedRangeOrNullObject(true);
        range.load('rowIndex,columnIndex,rowCount,columnCount');
        return { ...f, range };
      });
      if (used.length) await ctx.sync();
      const out = new Map<string, Grid | null>(names.map((n) => [n, null]));
      const areas = used.map(({ name, sheet, range }) => {
        const rows = range.isNullObject ? 0 : Math.min(range.rowIndex + range.rowCount, READ_ROWS);
        const cols = range.isNullObject ? 0 : Math.min(range.columnIndex + range.columnCount, READ_COLS);
        const grid: Grid = [];
        out.set(name, grid);
        return { sheet, grid, rows, cols, next: 0 };
      });
      let open = areas.filter((a) => a.rows > 0 && a.cols > 0);
      while (open.length) {
        const blocks = open.map((a) => {
          const step = Math.max(1, Math.floor(CHUNK_CELLS / open.length / a.cols));
          const count = Math.min(step, a.rows - a.next);
          const range = a.sheet.getRangeByIndexes(a.next, 0, count, a.cols);
          range.load('values');
          a.next += count;
          return { area: a, range };
        });
        await ctx.sync();
        for (const { area, range } of blocks) {
          // Never null within READ_ROWS × READ_COLS (5,000,000 cells is Excel's limit); refuse rather than misread.
          if (!range.values) throw new WorkbookFailure('工作表中的内容太多，Excel 读不出来，请删除报表以外的多余内容后再试');
          for (const row of range.values as Grid) area.grid.push(row.map((v) => (v === '' ? null : v)));
        }
        open = open.filter((a) => a.next < a.rows);
      }
      return out;
    });
  }

  /**
   * Writes the sheets, their formatting and their charts (`SheetLayout.charts`)
   * in one run: the sheets' names are loaded, then everything is queued and
   * synced, in chunks for big sheets.
   */
  async writeSheets(sheets: SheetLayout[]): Promise<void> {
    await this.run(async (ctx) => {
      const all = ctx.workbook.worksheets;
      all.load('items/name,items/id');
      await ctx.sync();
      const existing = new Set(all.items.map((s) => s.name));
      const idOf = new Map(all.items.map((s) => [s.name, s.id]));
      const taken = new Set([...existing, ...sheets.map((l) => l.sheet)]);
      const aside: string[] = [];
      let pending = 0;
      let first: Excel.Worksheet | null = null;
      for (const layout of sheets) {
        ctx.application.suspendApiCalculationUntilNextSync();
        const charts = layout.charts ?? [];
        if (existing.has(layout.sheet) && charts.length) {
          // A sheet with charts is made afresh. Range.clear leaves charts behind (they float
          // over the cells), and finding the old ones would take a load and another sync. The
          // old sheet is renamed aside and deleted once its successor exists, so the workbook
          // never runs out of sheets (one visible sheet must remain). It is named by its ID:
          // by name, a later request would find the new sheet.
          const id = idOf.get(layout.sheet)!;
          all.getItem(id).name = asideName(layout.sheet, taken);
          aside.push(id);
        }
        const reused = existing.has(layout.sheet) && !charts.length;
        const ws = reused ? all.getItem(layout.sheet) : all.add(layout.sheet);
        if (reused) {
          // A sheet of the same name is reused (拉取汇总 writes over the templates' names).
          // Range.clear removes "values and formatting, such as fill and border"; data
          // validation stays until DataValidation.clear ("Clears the data validation from
          // the current range", ExcelApi 1.8). Old dropdowns would otherwise survive, and
          // a new rule over a range that partly had one has failed with InvalidArgument.
          const whole = ws.getRange();
          whole.clear();
          whole.dataValidation.clear();
        }
        first ??= ws;
        const width = Math.max(1, ...layout.grid.map((r) => r.length));
        const formats = formatGrid(layout, width);
        // Rows in chunks so that no request passes Excel on the web's 5 MB limit.
        const step = Math.max(1, Math.floor(CHUNK_CELLS / width));
        for (let top = 0; top < layout.grid.length; top += step) {
          const rows = layout.grid.slice(top, top + step);
          const range = ws.getRangeByIndexes(top, 0, rows.length, width);
          range.numberFormat = formats.slice(top, top + rows.length);
          range.values = rows.map((r) => Array.from({ length: width }, (_, c) => r[c] ?? '')) as unknown[][];
          pending += rows.length * width;
          if (pending >= CHUNK_CELLS) {
            await ctx.sync();
            pending = 0;
          }
        }
        styleSheet(ws, layout, this.supported('ExcelApi', '1.9'));
        for (const chart of charts) drawChart(ws, layout, chart);
      }
      for (const id of aside) all.getItem(id).delete();
      first?.activate();
      await ctx.sync();
    });
  }

  /**
   * Clears the previous marks and paints these. The sheets are looked up as
   * null objects — the previous ones by ID, so a renamed sheet is still
   * cleared; a deleted one is skipped — and what was painted is forgotten
   * before anything is tried, so a failure can never leave stale marks that
   * make every later check fail.
   */
  async markCells(marks: Mark[]): Promise<void> {
    const before = this.painted;
    this.painted = [];
    this.painted = await this.run(async (ctx) => {
      const sheets = new Map<string, Excel.Worksheet>();
      const lookUp = (key: string) => {
        if (!sheets.has(key)) {
          const ws = ctx.workbook.worksheets.getItemOrNullObject(key);
          ws.load('id');
          sheets.set(key, ws);
        }
      };
      for (const p of before) lookUp(p.sheetId);
      const wanted = marks.map((m) => ({ mark: m, ...sheetAndAddress(m.cell) }));
      for (const w of wanted) lookUp(w.sheet);
      await ctx.sync();
      const live = (key: string) => {
        const ws = sheets.get(key)!;
        return ws.isNullObject ? null : ws;
      };
      for (const p of before) {
        const ws = live(p.sheetId);
        if (ws) paintBorders(ws.getRange(p.address), null);
      }
      const painted: Painted[] = [];
      for (const w of wanted) {
        const ws = live(w.sheet);
        if (!ws) continue;
        paintBorders(ws.getRange(w.address), MARK_COLORS[w.mark.severity]);
        painted.push({ sheetId: ws.id, address: w.address });
      }
      await ctx.sync();
      return painted;
    });
  }

  async clearMarks(): Promise<void> {
    if (this.painted.length) await this.markCells([]);
  }

  async selectCell(cell: string): Promise<void> {
    const { sheet, address } = sheetAndAddress(cell);
    await this.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItemOrNullObject(sheet);
      await ctx.sync();
      if (ws.isNullObject) throw new WorkbookFailure(`找不到工作表“${sheet}”，可能已被改名或删除；请重新校验`);
      ws.activate();
      ws.getRange(address).select();
      await ctx.sync();
    });
  }
}

/** The number format of every cell of the written block; later hints win, as in the .xlsx writer. */
function formatGrid(layout: SheetLayout, width: number): string[][] {
  const out = layout.grid.map(() => new Array<string>(width).fill('General'));
  for (const f of layout.formats) {
    for (let r = f.row; r < Math.min(f.row + (f.rows ?? 1), out.length); r++) for (let c = f.col; c < Math.min(f.col + (f.cols ?? 1), width); c++) out[r]![c] = f.format;
  }
  return out;
}

/** `canPrint`: the host has ExcelApi 1.9 (Worksheet.pageLayout); without it the sheet prints with Excel's defaults. */
function styleSheet(ws: Excel.Worksheet, layout: SheetLayout, canPrint: boolean) {
  const at = (r: { row: number; col: number; rows?: number; cols?: number }) => ws.getRangeByIndexes(r.row, r.col, r.rows ?? 1, r.cols ?? 1);
  for (const b of layout.bold) at(b).format.font.bold = true;
  if (layout.grid[0]?.[0]) at({ row: 0, col: 0 }).format.font.size = 16;
  for (const m of layout.merges) at(m).merge(false);
  for (const i of layout.inputs) at(i).format.fill.color = INPUT_FILL;
  for (const d of layout.dropdowns) at(d).dataValidation.rule = { list: { inCellDropDown: true, source: d.options.join(',') } };
  layout.widths.forEach((w, c) => (ws.getRangeByIndexes(0, c, 1, 1).getEntireColumn().format.columnWidth = Math.round(w * 7)));
  const { rows, cols } = layout.freeze;
  if (rows && cols) ws.freezePanes.freezeAt(ws.getRangeByIndexes(0, 0, rows, cols));
  else if (rows) ws.freezePanes.freezeRows(rows);
  else if (cols) ws.freezePanes.freezeColumns(cols);
  // A table's thin rules, outside and in (Excel.BorderIndex).
  for (const b of layout.borders ?? []) {
    const borders = at(b).format.borders;
    const edges = [...OUTER_EDGES, ...((b.cols ?? 1) > 1 ? ['InsideVertical' as const] : []), ...((b.rows ?? 1) > 1 ? ['InsideHorizontal' as const] : [])];
    for (const edge of edges) {
      const line = borders.getItem(edge);
      line.style = 'Continuous';
      line.weight = 'Thin';
    }
  }
  if (layout.print && canPrint) printSetup(ws, layout.print);
}

const OUTER_EDGES = ['EdgeTop', 'EdgeBottom', 'EdgeLeft', 'EdgeRight'] as const;

/**
 * The layout's page setup (Worksheet.pageLayout, ExcelApi 1.9): A4 in its
 * orientation, one page wide (and tall for a form to sign), the title rows
 * and columns, the footer — as the .xlsx writer sets them.
 */
function printSetup(ws: Excel.Worksheet, p: NonNullable<SheetLayout['print']>) {
  const page = ws.pageLayout;
  page.paperSize = 'A4';
  page.orientation = p.orientation === 'portrait' ? 'Portrait' : 'Landscape';
  // Without verticalFitToPages Excel lets a long table run on to as many pages as it takes.
  page.zoom = p.onePage ? { horizontalFitToPages: 1, verticalFitToPages: 1 } : { horizontalFitToPages: 1 };
  const { titleRows, titleCols, footerLeft } = printTerms(p);
  if (titleRows) page.setPrintTitleRows(titleRows);
  if (titleCols) page.setPrintTitleColumns(titleCols);
  page.headersFooters.defaultForAllPages.leftFooter = footerLeft;
  page.headersFooters.defaultForAllPages.centerFooter = FOOTER_PAGES;
}

/** A name no sheet has, for the sheet being replaced until it is deleted. */
function asideName(name: string, taken: Set<string>): string {
  for (let n = 1; ; n++) {
    const candidate = `${name.slice(0, 24)}（旧${n > 1 ? n : ''}）`;
    if (!taken.has(candidate)) {
      taken.add(candidate);
      return candidate;
    }
  }
}

/**
 * The chart as the .xlsx writer draws it: its type, title, series (names,
 * values and categories from the sheet's cells, colours), legend and place.
 * Excel makes the chart from one series' values and the rest are added with
 * their ranges (ChartSeriesCollection.add, setValues, setXAxisValues:
 * ExcelApi 1.7), so Excel never guesses which cells are headers. It starts
 * from the first series with a number: a chart made over blank cells may have
 * no series to take. A chart with no number at all draws nothing and is left out.
 */
function drawChart(ws: Excel.Worksheet, layout: SheetLayout, chart: SheetChart) {
  const at = (r: Range) => ws.getRangeByIndexes(r.row, r.col, r.rows ?? 1, r.cols ?? 1);
  const start = firstSeriesWithNumbers(layout, chart);
  if (start < 0) return;
  const source = chart.series[start]!.values;
  const c = ws.charts.add(chart.kind === 'bar' ? 'ColumnClustered' : 'Line', at(source), (source.cols ?? 1) > 1 ? 'Rows' : 'Columns');
  c.title.text = chart.title;
  const style = (s: Excel.ChartSeries, i: number) => {
    const color = `#${CHART_COLORS[i % CHART_COLORS.length]}`;
    if (chart.kind === 'bar') s.format.fill.setSolidColor(color);
    else {
      s.format.line.color = color;
      s.markerStyle = 'Circle';
      s.markerBackgroundColor = color;
      s.markerForegroundColor = color;
    }
  };
  // The series made with the chart first, then the others at their places, so the order is the layout's.
  const made = c.series.getItemAt(0);
  made.name = chart.series[start]!.name;
  made.setXAxisValues(at(chart.categories));
  style(made, start);
  chart.series.forEach((s, i) => {
    if (i === start) return;
    const added = c.series.add(s.name, i);
    added.setValues(at(s.values));
    added.setXAxisValues(at(chart.categories));
    style(added, i);
  });
  c.legend.visible = chart.series.length > 1;
  c.legend.position = 'Bottom';
  const { row, col, rows, cols } = chart.anchor;
  c.setPosition(ws.getRangeByIndexes(row, col, 1, 1), ws.getRangeByIndexes(row + rows - 1, col + cols - 1, 1, 1));
}

/** Thick coloured borders around a cell, or none (`color` null) to clear them. */
function paintBorders(cell: Excel.Range, color: string | null) {
  for (const edge of EDGES) {
    const b = cell.format.borders.getItem(edge);
    if (color) {
      b.style = 'Continuous';
      b.weight = 'Thick';
      b.color = color;
    } else b.style = 'None';
  }
}
