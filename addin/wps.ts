/**
 * The workbook port inside WPS 表格, through the ET object model that WPS's
 * JavaScript add-ins (WPS 加载项) find as `window.Application` in every page
 * the add-in opens, its task pane included ("WPS 加载项开发说明", open.wps.cn:
 * the pages "可以直接与 WPS 应用程序进行交互"). The model mirrors Excel's VBA
 * object model member by member, so where WPS's own reference says no more,
 * the adapter follows Microsoft's VBA reference of the same member.
 *
 * Unlike Office.js, every call is synchronous and crosses into WPS on its
 * own: whole 2-D arrays are read and written at once (`Range.Value2`), in row
 * blocks of CHUNK_CELLS cells, and formats go to whole ranges, never cell by
 * cell. Text columns get the number format `@` before their values, so
 * nothing a user typed can turn into a formula.
 *
 * The person keeps working between two clicks in the pane, as in Excel:
 * sheets are found by listing them (`Worksheets.Item(i)`, 1-based, up to
 * `Count`) and comparing names, never by `Item(name)`, which fails
 * for a name not in the workbook (VBA: run-time error 9, "Subscript out of
 * range"); reads cover the templates' area only (READ_ROWS × READ_COLS).
 *
 * Typings: the npm package `wps-jsapi` (1.0.5, Kingsoft's) carries the ET
 * model, but generated from the COM type library with every returned object
 * as a trailing `RHS` parameter — `Worksheet.Range(...)`, `Sheets.Item(...)`
 * and `Sheets.Add(...)` return `void`, `UsedRange` is a `number` and `Value2`
 * a `number` — so nothing could be typed through it without a cast at each
 * call. The members used here are declared below instead, each as WPS's
 * reference and the VBA reference describe it.
 */
import type { SheetChart } from '../shared/chart.ts';
import { rangeAddress, type CellValue, type Grid, type Range } from '../shared/grid.ts';
import { CHART_COLORS, FOOTER_PAGES, printTerms, type SheetLayout } from '../shared/layout.ts';
import { CHUNK_CELLS, firstSeriesWithNumbers, INPUT_FILL, MARK_COLORS, READ_COLS, READ_ROWS, sheetAndAddress } from './adapters.ts';
import { WorkbookFailure, type Mark, type WorkbookPort } from './port.ts';

/** `Application` of WPS 表格 (ET): the members the adapter uses. */
export interface EtApplication {
  /** The workbook in the active window; null when WPS shows no workbook (its start page). */
  readonly ActiveWorkbook: EtWorkbook | null;
  /** The active sheet's window: freezing panes works on it (VBA: `ActiveWindow.FreezePanes`). */
  readonly ActiveWindow: EtWindow;
  ScreenUpdating: boolean;
  /** False while writing: no prompt (e.g. before merging cells) may stop the pane half-way. */
  DisplayAlerts: boolean;
}

export interface EtWorkbook {
  /** The worksheets only; `Sheets` would also list chart sheets, which have no cells (VBA Workbook.Worksheets). */
  readonly Worksheets: EtSheets;
}

export interface EtSheets {
  readonly Count: number;
  /** 1-based index or name; a name not in the workbook throws (VBA: error 9). */
  Item(index: number | string): EtWorksheet;
  /** A new sheet before `Before` or after `After` (VBA: before the active sheet when both are omitted); it becomes the active sheet. */
  Add(Before?: EtWorksheet, After?: EtWorksheet): EtWorksheet;
}

export interface EtWorksheet {
  Name: string;
  readonly Cells: EtRange;
  /** The block from the first to the last used cell (A1 on an empty sheet). */
  readonly UsedRange: EtRange;
  Range(address: string): EtRange;
  Activate(): void;
  /** The sheet's embedded charts (VBA `Worksheet.ChartObjects`, a method). */
  ChartObjects(): EtChartObjects;
  readonly PageSetup: EtPageSetup;
}

/** How a sheet prints (VBA PageSetup). */
export interface EtPageSetup {
  Orientation: number;
  PaperSize: number;
  /** False: fit to FitToPagesWide × FitToPagesTall instead of a percentage. */
  Zoom: number | false;
  FitToPagesWide: number | false;
  /** False: as many pages tall as it takes. */
  FitToPagesTall: number | false;
  PrintTitleRows: string;
  PrintTitleColumns: string;
  LeftFooter: string;
  CenterFooter: string;
}

export interface EtRange {
  /** One cell: its value; several: a 2-D array, rows of columns (VBA `Range.Value`: "a 2-dimensional array"). */
  Value2: unknown;
  NumberFormat: string;
  readonly Row: number;
  readonly Column: number;
  readonly Rows: { readonly Count: number };
  readonly Columns: { readonly Count: number };
  /** Position and size in points, for placing charts. */
  readonly Left: number;
  readonly Top: number;
  readonly Width: number;
  readonly Height: number;
  /** In characters of the default font, as the layout's widths are. */
  ColumnWidth: number;
  readonly Font: { Bold: boolean; Size: number };
  /** Colours are BGR numbers: red + green × 256 + blue × 65536 (VBA `RGB`). */
  readonly Interior: { Color: number };
  /** Setting LineStyle or Weight on the collection sets every border of the range, inside ones too. */
  readonly Borders: { Item(index: number): EtBorder; LineStyle: number; Weight: number };
  readonly Validation: EtValidation;
  Merge(): void;
  Clear(): void;
  Select(): void;
}

export interface EtBorder {
  LineStyle: number;
  Weight: number;
  Color: number;
}

export interface EtValidation {
  /** Fails where the range already has a rule: delete it first (VBA `Validation.Add`). */
  Add(Type: number, AlertStyle?: number, Operator?: number, Formula1?: string): void;
  Delete(): void;
  InCellDropdown: boolean;
}

export interface EtWindow {
  FreezePanes: boolean;
  SplitRow: number;
  SplitColumn: number;
  ScrollRow: number;
  ScrollColumn: number;
}

export interface EtChartObjects {
  readonly Count: number;
  Add(Left: number, Top: number, Width: number, Height: number): { readonly Chart: EtChart };
  /** Deletes every chart of the collection. */
  Delete(): void;
}

export interface EtChart {
  ChartType: number;
  HasTitle: boolean;
  /** Exists only while HasTitle is true (VBA `Chart.ChartTitle`). */
  readonly ChartTitle: { Text: string };
  HasLegend: boolean;
  readonly Legend: { Position: number };
  SeriesCollection(): { NewSeries(): EtSeries };
}

export interface EtSeries {
  Name: string;
  Values: EtRange;
  XValues: EtRange;
  readonly Format: { readonly Fill: { readonly ForeColor: { RGB: number } }; readonly Line: { readonly ForeColor: { RGB: number } } };
  MarkerStyle: number;
  MarkerBackgroundColor: number;
  MarkerForegroundColor: number;
}

/** Constants of the ET model, as wps-jsapi's lib.et.d.ts and lib.kso.d.ts number them (the same as Excel's). */
export const XL = {
  /** XlBordersIndex */
  edges: [8, 9, 7, 10] as const, // xlEdgeTop, xlEdgeBottom, xlEdgeLeft, xlEdgeRight
  continuous: 1, // XlLineStyle.xlContinuous
  lineNone: -4142, // XlLineStyle.xlLineStyleNone
  thick: 4, // XlBorderWeight.xlThick
  thin: 2, // XlBorderWeight.xlThin
  portrait: 1, // XlPageOrientation.xlPortrait
  landscape: 2, // XlPageOrientation.xlLandscape
  paperA4: 9, // XlPaperSize.xlPaperA4
  validateList: 3, // XlDVType.xlValidateList
  alertStop: 1, // XlDVAlertStyle.xlValidAlertStop
  between: 1, // XlFormatConditionOperator.xlBetween
  columnClustered: 51, // XlChartType.xlColumnClustered
  line: 4, // XlChartType.xlLine
  markerCircle: 8, // XlMarkerStyle.xlMarkerStyleCircle
  legendBottom: -4107, // XlLegendPosition.xlLegendPositionBottom
} as const;

/** `#RRGGBB` as the BGR number ET's `Color` properties take. */
export function bgr(hex: string): number {
  const n = Number.parseInt(hex.replace('#', ''), 16);
  return ((n >> 16) & 0xff) + (n & 0xff00) + (n & 0xff) * 0x10000;
}

/** What WPS threw, in words a clerk can act on; its own text is kept, as no error codes are documented. */
export function wpsMessage(e: unknown): string {
  const detail = e instanceof Error ? e.message : typeof e === 'string' ? e : '未知错误';
  return `WPS 表格未能完成这次操作（${detail || '未知错误'}）。如果正在编辑单元格，请先按 Enter 或 Esc 退出编辑，再点一次按钮`;
}

/** A cell as the pane reads it: empty cells (WPS may give undefined, null or '') are null. */
function cellOf(v: unknown): CellValue {
  if (v === undefined || v === null || v === '') return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  return String(v);
}

/** `Value2` of a block as a grid: a single cell comes back as a plain value. */
function gridOf(v: unknown): Grid {
  return Array.isArray(v) ? v.map((row) => (Array.isArray(row) ? row.map(cellOf) : [cellOf(row)])) : [[cellOf(v)]];
}

/** A marked cell as the adapter remembers it: by the sheet object, which follows the sheet through renames. */
interface Painted {
  sheet: EtWorksheet;
  address: string;
}

export class WpsWorkbook implements WorkbookPort {
  readonly kind = 'wps' as const;
  /**
   * No 下载汇总表 inside WPS: nothing in WPS's add-in documentation says its
   * task pane saves an `<a download>`, and a button that silently does nothing
   * would be worse than 拉取汇总 and WPS's own 另存为.
   */
  readonly downloads = false;
  private painted: Painted[] = [];

  constructor(private readonly app: EtApplication) {}

  /** Runs one action on the open workbook; whatever WPS throws is said in words. */
  private run<T>(fn: (book: EtWorkbook) => T): T {
    try {
      const book = this.app.ActiveWorkbook;
      if (!book) throw new WorkbookFailure('WPS 表格中没有打开的工作簿：请先新建或打开一个工作簿，再点一次按钮');
      return fn(book);
    } catch (e) {
      if (e instanceof WorkbookFailure) throw e;
      throw new WorkbookFailure(wpsMessage(e));
    }
  }

  async sheetNames(): Promise<string[]> {
    return this.run((book) => [...sheetsOf(book).keys()]);
  }

  /** The sheets' cells from A1 up to their last used cell, within READ_ROWS × READ_COLS, in row blocks. */
  async readSheets(names: string[]): Promise<Map<string, Grid | null>> {
    return this.run((book) => {
      const sheets = sheetsOf(book);
      const out = new Map<string, Grid | null>();
      for (const name of names) {
        const ws = sheets.get(name);
        if (!ws) {
          out.set(name, null);
          continue;
        }
        const used = ws.UsedRange;
        const rows = Math.min(used.Row + used.Rows.Count - 1, READ_ROWS);
        const cols = Math.min(used.Column + used.Columns.Count - 1, READ_COLS);
        const grid: Grid = [];
        const step = Math.max(1, Math.floor(CHUNK_CELLS / cols));
        for (let top = 0; top < rows; top += step) {
          const count = Math.min(step, rows - top);
          grid.push(...gridOf(ws.Range(rangeAddress({ row: top, col: 0, rows: count, cols })).Value2));
        }
        out.set(name, grid);
      }
      return out;
    });
  }

  /**
   * Writes the sheets with their formatting and charts. A sheet of the same
   * name is reused, emptied first: `Clear` for values and formats, and the
   * data validation and charts removed explicitly (the adapter does not rely
   * on `Clear` removing either). Screen updates and prompts are off meanwhile.
   */
  async writeSheets(layouts: SheetLayout[]): Promise<void> {
    this.run((book) => {
      const app = this.app;
      const before = { screen: app.ScreenUpdating, alerts: app.DisplayAlerts };
      app.ScreenUpdating = false;
      app.DisplayAlerts = false;
      try {
        const sheets = sheetsOf(book);
        let first: EtWorksheet | null = null;
        for (const layout of layouts) {
          let ws = sheets.get(layout.sheet);
          if (ws) empty(ws);
          else {
            ws = book.Worksheets.Add(undefined, book.Worksheets.Item(book.Worksheets.Count));
            ws.Name = layout.sheet;
            sheets.set(layout.sheet, ws);
          }
          first ??= ws;
          writeCells(ws, layout);
          styleSheet(app, ws, layout);
          for (const chart of layout.charts ?? []) drawChart(ws, layout, chart);
        }
        first?.Activate();
      } finally {
        app.ScreenUpdating = before.screen;
        app.DisplayAlerts = before.alerts;
      }
    });
  }

  /**
   * Clears the previous marks and paints these. What was painted is forgotten
   * before anything is tried, so a failure can never leave stale marks that
   * make every later check fail; a sheet deleted since is skipped.
   */
  async markCells(marks: Mark[]): Promise<void> {
    const before = this.painted;
    this.painted = [];
    this.painted = this.run((book) => {
      for (const p of before) if (alive(p.sheet)) paintBorders(p.sheet.Range(p.address), null);
      const sheets = sheetsOf(book);
      const painted: Painted[] = [];
      for (const m of marks) {
        const { sheet, address } = sheetAndAddress(m.cell);
        const ws = sheets.get(sheet);
        if (!ws) continue;
        paintBorders(ws.Range(address), MARK_COLORS[m.severity]);
        painted.push({ sheet: ws, address });
      }
      return painted;
    });
  }

  async clearMarks(): Promise<void> {
    if (this.painted.length) await this.markCells([]);
  }

  /** Activates the cell's sheet first: a range on another sheet cannot be selected (VBA: error 1004). */
  async selectCell(cell: string): Promise<void> {
    const { sheet, address } = sheetAndAddress(cell);
    this.run((book) => {
      const ws = sheetsOf(book).get(sheet);
      if (!ws) throw new WorkbookFailure(`找不到工作表“${sheet}”，可能已被改名或删除；请重新校验`);
      ws.Activate();
      ws.Range(address).Select();
    });
  }
}

/** The workbook's worksheets by name, in order, listed by index (1 … Count). */
function sheetsOf(book: EtWorkbook): Map<string, EtWorksheet> {
  const out = new Map<string, EtWorksheet>();
  const all = book.Worksheets;
  for (let i = 1; i <= all.Count; i++) {
    const ws = all.Item(i);
    out.set(ws.Name, ws);
  }
  return out;
}

/** Whether a remembered sheet is still in the workbook: a reference to a deleted one throws when used (VBA object variables). */
function alive(ws: EtWorksheet): boolean {
  try {
    return typeof ws.Name === 'string';
  } catch {
    return false;
  }
}

/** A reused sheet emptied: values, formats and merges, then its dropdowns and its charts. */
function empty(ws: EtWorksheet) {
  const all = ws.Cells;
  all.Clear();
  all.Validation.Delete();
  const charts = ws.ChartObjects();
  if (charts.Count > 0) charts.Delete();
}

/** Number formats (later hints win, as in the .xlsx writer), then the values in row blocks. */
function writeCells(ws: EtWorksheet, layout: SheetLayout) {
  const height = layout.grid.length;
  const width = Math.max(1, ...layout.grid.map((r) => r.length));
  for (const f of layout.formats) {
    const rows = Math.min(f.rows ?? 1, height - f.row);
    const cols = Math.min(f.cols ?? 1, width - f.col);
    if (rows > 0 && cols > 0) ws.Range(rangeAddress({ row: f.row, col: f.col, rows, cols })).NumberFormat = f.format;
  }
  const step = Math.max(1, Math.floor(CHUNK_CELLS / width));
  for (let top = 0; top < height; top += step) {
    const rows = layout.grid.slice(top, top + step);
    ws.Range(rangeAddress({ row: top, col: 0, rows: rows.length, cols: width })).Value2 = rows.map((r) => Array.from({ length: width }, (_, c) => r[c] ?? ''));
  }
}

function styleSheet(app: EtApplication, ws: EtWorksheet, layout: SheetLayout) {
  const at = (r: Range) => ws.Range(rangeAddress(r));
  for (const b of layout.bold) at(b).Font.Bold = true;
  if (layout.grid[0]?.[0]) at({ row: 0, col: 0 }).Font.Size = 16;
  for (const m of layout.merges) at(m).Merge();
  for (const i of layout.inputs) at(i).Interior.Color = bgr(INPUT_FILL);
  for (const d of layout.dropdowns) {
    const v = at(d).Validation;
    v.Add(XL.validateList, XL.alertStop, XL.between, d.options.join(','));
    v.InCellDropdown = true;
  }
  layout.widths.forEach((w, c) => (at({ row: 0, col: c }).ColumnWidth = w));
  // Panes freeze on the active window at its split, counted from the top-left cell in view.
  ws.Activate();
  const win = app.ActiveWindow;
  const { rows, cols } = layout.freeze;
  win.FreezePanes = false;
  win.ScrollRow = 1;
  win.ScrollColumn = 1;
  win.SplitRow = rows;
  win.SplitColumn = cols;
  win.FreezePanes = rows > 0 || cols > 0;
  // A table's thin rules, outside and in, through the Borders collection.
  for (const b of layout.borders ?? []) {
    const borders = at(b).Borders;
    borders.LineStyle = XL.continuous;
    borders.Weight = XL.thin;
  }
  if (layout.print) printSetup(ws.PageSetup, layout.print);
}

/** The layout's page setup, as the .xlsx writer and Office.js set it (VBA PageSetup). */
function printSetup(page: EtPageSetup, p: NonNullable<SheetLayout['print']>) {
  page.PaperSize = XL.paperA4;
  page.Orientation = p.orientation === 'portrait' ? XL.portrait : XL.landscape;
  // Fit to pages rather than a percentage: one page wide; one tall for a form to sign, else as many as it takes.
  page.Zoom = false;
  page.FitToPagesWide = 1;
  page.FitToPagesTall = p.onePage ? 1 : false;
  const { titleRows, titleCols, footerLeft } = printTerms(p);
  if (titleRows) page.PrintTitleRows = titleRows;
  if (titleCols) page.PrintTitleColumns = titleCols;
  page.LeftFooter = footerLeft;
  page.CenterFooter = FOOTER_PAGES;
}

/**
 * The chart as the .xlsx writer draws it: an empty embedded chart over the
 * anchor's cells, then each series with its own name, values and categories
 * (`SeriesCollection().NewSeries()`), so nothing is guessed from the cells;
 * colours set explicitly, the title and legend as the other writers set them.
 */
function drawChart(ws: EtWorksheet, layout: SheetLayout, chart: SheetChart) {
  if (firstSeriesWithNumbers(layout, chart) < 0) return;
  const at = (r: Range) => ws.Range(rangeAddress(r));
  const { row, col, rows, cols } = chart.anchor;
  const start = at({ row, col });
  const end = at({ row: row + rows - 1, col: col + cols - 1 });
  const c = ws.ChartObjects().Add(start.Left, start.Top, end.Left + end.Width - start.Left, end.Top + end.Height - start.Top).Chart;
  c.ChartType = chart.kind === 'bar' ? XL.columnClustered : XL.line;
  chart.series.forEach((s, i) => {
    const series = c.SeriesCollection().NewSeries();
    series.Name = s.name;
    series.Values = at(s.values);
    series.XValues = at(chart.categories);
    const color = bgr(`#${CHART_COLORS[i % CHART_COLORS.length]}`);
    if (chart.kind === 'bar') series.Format.Fill.ForeColor.RGB = color;
    else {
      series.Format.Line.ForeColor.RGB = color;
      series.MarkerStyle = XL.markerCircle;
      series.MarkerBackgroundColor = color;
      series.MarkerForegroundColor = color;
    }
  });
  c.HasTitle = true;
  c.ChartTitle.Text = chart.title;
  c.HasLegend = chart.series.length > 1;
  if (c.HasLegend) c.Legend.Position = XL.legendBottom;
}

/** Thick coloured borders around a cell, or none (`color` null) to clear them. */
function paintBorders(cell: EtRange, color: string | null) {
  for (const edge of XL.edges) {
    const b = cell.Borders.Item(edge);
    if (color) {
      b.LineStyle = XL.continuous;
      b.Weight = XL.thick;
      b.Color = bgr(color);
    } else b.LineStyle = XL.lineNone;
  }
}
