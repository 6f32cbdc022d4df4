/**
 * A small WPS 表格 (ET) that behaves as its documented object model does, for
 * the WPS adapter's tests in Node and, bundled, for the pane in Chromium
 * (`wps-browser.ts` installs it as `window.Application`, as WPS gives its
 * add-in pages). WPS documents its ET model as Excel's VBA model (the same
 * objects, members and constants: Kingsoft's typings, npm `wps-jsapi`,
 * lib.et.d.ts), so where WPS's reference says no more, a rule below cites the
 * VBA reference (learn.microsoft.com/office/vba/api/excel.*).
 *
 * What it holds to:
 * - Calls are synchronous and answer at once; every `Value2` read and write
 *   is counted (`reads`, `writes`), as each crosses from the page into WPS.
 * - `Sheets.Item(i)` is 1-based up to `Count`; `Sheets.Item(name)` finds a
 *   name regardless of case, and a name or index not there throws (VBA
 *   Sheets.Item; run-time error 9, "Subscript out of range"). `Sheets` also
 *   holds chart sheets, which have no cells; `Worksheets` holds worksheets
 *   only (VBA Workbook.Sheets, Workbook.Worksheets).
 * - `Sheets.Add(Before, After)` makes `SheetN` before `Before`, after
 *   `After`, or before the active sheet when both are omitted, and the new
 *   sheet becomes the active one (VBA Sheets.Add).
 * - `Worksheet.Name` refuses a name another sheet has (regardless of case),
 *   longer than 31 characters or with any of : \ / ? * [ ] (Excel's rules for
 *   sheet names, which WPS keeps).
 * - `Range.Value2` of several cells is a 2-D array, rows of columns, empty
 *   cells `undefined`; of one cell, the value itself (VBA Range.Value: "a
 *   2-dimensional array"). Assigning a 2-D array writes it in one operation;
 *   cells of the range beyond the array get `#N/A` ("If the target range is
 *   larger than the array, the remaining cells will receive an error value").
 *   Assigning '' empties a cell.
 * - `UsedRange` spans the first to the last cell with a value or a format;
 *   A1 on an empty sheet (VBA Worksheet.UsedRange).
 * - `Validation.Add` on a range where any cell already has a rule fails:
 *   the rule must be deleted first (VBA Validation.Add, whose example calls
 *   `.Delete` before `.Add`; Excel raises error 1004 otherwise). Setting
 *   `InCellDropdown` where there is no rule fails likewise.
 * - `Range.Clear` empties values and formats (fills, fonts, borders, number
 *   formats) and merges; it is not relied on to remove data validation or
 *   charts — the fake keeps both, so an adapter must remove them itself.
 * - `Range.Select` fails unless the range's sheet is the active one (VBA:
 *   error 1004, "Select method of Range class failed").
 * - `ActiveWindow` is the active sheet's window: `FreezePanes = true` freezes
 *   at `SplitRow`/`SplitColumn` counted from the top-left cell in view
 *   (`ScrollRow`, `ScrollColumn`) (VBA Window.FreezePanes, Window.SplitRow).
 * - Colours are BGR numbers (VBA `RGB(r, g, b)` = r + g·256 + b·65536);
 *   `Borders.Item` takes an XlBordersIndex (xlEdgeLeft 7 … xlEdgeRight 10,
 *   xlInsideVertical 11, xlInsideHorizontal 12, diagonals 5 and 6).
 *   Setting `LineStyle`/`Weight` on the `Borders` collection itself sets
 *   every border of the range, inside ones included (VBA Borders object:
 *   "setting … on the Borders collection sets all of the borders").
 * - `PageSetup` (VBA PageSetup): `Orientation` xlPortrait 1 / xlLandscape 2,
 *   `PaperSize` (xlPaperA4 9), `Zoom` a percentage 10–400 or False to use
 *   `FitToPagesWide`/`FitToPagesTall` (False: as many pages as it takes),
 *   `PrintTitleRows`/`PrintTitleColumns` addresses of whole rows or columns,
 *   `LeftFooter`/`CenterFooter` in header/footer codes.
 * - `ChartObjects()` lists a sheet's embedded charts: `Add(Left, Top, Width,
 *   Height)` makes an empty one, `Delete()` deletes them all. A chart's
 *   `ChartTitle` "doesn't exist and cannot be used unless the HasTitle
 *   property for the chart is True" (VBA Chart.ChartTitle); its `Legend`
 *   likewise needs `HasLegend`. `ChartType` takes XlChartType values only.
 *   `SeriesCollection().NewSeries()` adds a series that shows nothing until
 *   its `Values` are set.
 * - A reference to a sheet that has since been deleted throws when used
 *   (VBA object variables of deleted objects).
 * - The add-in's own members (`PluginStorage`, `CreateTaskPane`,
 *   `GetTaskPane`: wps-jsapi index.d.ts): a pane is made hidden and shows
 *   once `Visible` is true.
 *
 * And what a person does in WPS between two clicks in the pane: rename or
 * delete a sheet (`renameSheet`, `deleteSheet`), type anywhere (set a value
 * in `values`), protect a sheet (`refuses`: every change to it throws that
 * text), or close the last workbook (`closed`).
 */
import type { CellValue } from '../../shared/grid.ts';
import { a1, inside, key, overlaps, parseA1, sparseGrid, type Block } from './cells.ts';

const MAX_ROWS = 1_048_576;
const MAX_COLS = 16_384;
/** Column width in points for a width in characters, and the default row height: a fake's geometry, consistent with itself. */
const POINTS_PER_CHAR = 6;
const DEFAULT_WIDTH = 8.43;
const ROW_HEIGHT = 15;
const CHART_TYPES = new Set([51, 52, 57, 4, 65, 5, -4100, -4120]);
const BORDER_INDEXES = new Set([5, 6, 7, 8, 9, 10, 11, 12]);
const XL_LINE_STYLE_NONE = -4142;

export interface EtEdge {
  lineStyle: number;
  weight: number | null;
  color: number | null;
}

export interface EtValidationRule extends Block {
  type: number;
  source: string;
  inCellDropdown: boolean;
}

export interface EtSeriesData {
  name: string;
  /** `sheet!A1:A9`, null until set. */
  values: string | null;
  xValues: string | null;
  color: number | null;
  markerColor: number | null;
  markerStyle: number | null;
}

export interface EtChartData {
  type: number | null;
  hasTitle: boolean;
  title: string;
  hasLegend: boolean;
  legendPosition: number | null;
  series: EtSeriesData[];
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface FakeEtSheet {
  name: string;
  values: Map<string, CellValue>;
  formats: Map<string, string>;
  bold: Set<string>;
  sizes: Map<string, number>;
  fills: Map<string, number>;
  /** Each cell's borders by XlBordersIndex; a cell with none left is not here. */
  borders: Map<string, Map<number, EtEdge>>;
  /** Ranges ruled through their Borders collection (all their edges, inside ones too): address → line style and weight. */
  ruled: Map<string, { lineStyle: number; weight: number | null }>;
  /** The sheet's PageSetup as set (VBA PageSetup). */
  page: { Orientation?: number; PaperSize?: number; Zoom?: number | false; FitToPagesWide?: number | false; FitToPagesTall?: number | false; PrintTitleRows?: string; PrintTitleColumns?: string; LeftFooter?: string; CenterFooter?: string };
  merges: string[];
  validations: EtValidationRule[];
  /** Column widths in characters, by 0-based column. */
  widths: Map<number, number>;
  window: { splitRow: number; splitColumn: number; scrollRow: number; scrollColumn: number };
  frozen: { rows: number; cols: number } | null;
  active: boolean;
  /** The selected cell, `row,col`. */
  selected: string | null;
  charts: EtChartData[];
  /** Order of writes, to check that formats come before values. */
  log: string[];
  /** Text every change to this sheet throws (a protected sheet); null: changes are allowed. */
  refuses: string | null;
  deleted: boolean;
}

export interface FakePane {
  ID: number;
  url: string;
  title: string;
  Visible: boolean;
  DockPosition: number | null;
}

/** What WPS throws: a plain Error with WPS's text (no error codes are documented). */
export class EtError extends Error {}

export class FakeEt {
  sheets = new Map<string, FakeEtSheet>();
  /** No workbook is open (WPS shows its start page). */
  closed = false;
  screenUpdating = true;
  displayAlerts = true;
  /** `Value2` reads and writes, each one call into WPS, and the cells they carried. */
  reads = 0;
  writes = 0;
  cellsWritten = 0;
  /** Cells carried by each `Value2` write, in order. */
  writeSizes: number[] = [];
  /** Chart sheets the person added: in `Sheets` (after the worksheets), not in `Worksheets`, and without cells. */
  chartSheets: string[] = [];
  panes: FakePane[] = [];
  storage = new Map<string, string | number | boolean>();
  private added = 0;

  /** What the add-in's pages find as `window.Application`. */
  readonly application = makeApplication(this);

  /** A workbook as WPS makes a new one: these sheets, the first active (`Sheet1` unless told). */
  constructor(names: string[] = ['Sheet1']) {
    for (const n of names) this.addSheet(n);
    this.added = names.length;
  }

  addSheet(name: string): FakeEtSheet {
    const s: FakeEtSheet = {
      name,
      values: new Map(),
      formats: new Map(),
      bold: new Set(),
      sizes: new Map(),
      fills: new Map(),
      borders: new Map(),
      ruled: new Map(),
      page: {},
      merges: [],
      validations: [],
      widths: new Map(),
      window: { splitRow: 0, splitColumn: 0, scrollRow: 1, scrollColumn: 1 },
      frozen: null,
      active: this.sheets.size === 0,
      selected: null,
      charts: [],
      log: [],
      refuses: null,
      deleted: false,
    };
    this.sheets.set(name, s);
    return s;
  }

  /** The person renames a sheet (references to it stay valid). */
  renameSheet(from: string, to: string) {
    const s = this.sheets.get(from)!;
    s.name = to;
    this.sheets = new Map([...this.sheets.values()].map((x) => [x.name, x]));
  }

  /** The person deletes a sheet (its charts go with it; references to it now throw). */
  deleteSheet(name: string) {
    const s = this.sheets.get(name)!;
    s.deleted = true;
    this.sheets.delete(name);
    if (s.active) {
      const next = [...this.sheets.values()][0];
      if (next) next.active = true;
    }
  }

  grid(name: string): CellValue[][] {
    return sparseGrid(this.sheets.get(name)!.values);
  }

  active(): FakeEtSheet {
    const s = [...this.sheets.values()].find((x) => x.active);
    if (!s) throw new EtError('没有活动工作表');
    return s;
  }

  /** A fresh `SheetN` name, as Sheets.Add gives. */
  freshName(): string {
    for (;;) {
      const name = `Sheet${++this.added}`;
      if (!this.find(name)) return name;
    }
  }

  find(name: string): FakeEtSheet | undefined {
    const lower = name.toLowerCase();
    return [...this.sheets.values()].find((s) => s.name.toLowerCase() === lower);
  }
}

function makeApplication(et: FakeEt) {
  const panes = et.panes;
  return {
    get ActiveWorkbook() {
      return et.closed ? null : workbook(et);
    },
    /** Present in WPS 表格 (ET) only: how the pane tells it from WPS 文字. */
    get Workbooks() {
      return { Count: et.closed ? 0 : 1 };
    },
    get ActiveWindow() {
      return activeWindow(et);
    },
    get ScreenUpdating() {
      return et.screenUpdating;
    },
    set ScreenUpdating(v: boolean) {
      et.screenUpdating = v;
    },
    get DisplayAlerts() {
      return et.displayAlerts;
    },
    set DisplayAlerts(v: boolean) {
      et.displayAlerts = v;
    },
    PluginStorage: {
      setItem: (k: string, v: string | number | boolean) => void et.storage.set(k, v),
      getItem: (k: string) => et.storage.get(k) ?? null,
    },
    CreateTaskPane(url: string, title = ''): FakePane {
      const pane: FakePane = { ID: panes.length + 1, url, title, Visible: false, DockPosition: null };
      panes.push(pane);
      return pane;
    },
    GetTaskPane(id: number): FakePane | null {
      return panes.find((p) => p.ID === Number(id)) ?? null;
    },
  };
}

function workbook(et: FakeEt) {
  const worksheets = {
    get Count() {
      return et.sheets.size;
    },
    Item(index: number | string) {
      const s = typeof index === 'number' ? [...et.sheets.values()][index - 1] : et.find(index);
      if (!s) throw new EtError(`下标越界（${index}）`);
      return new Worksheet(et, s);
    },
    Add(before?: Worksheet, after?: Worksheet) {
      const name = et.freshName();
      const order = [...et.sheets.values()];
      const anchor = before ?? after ?? null;
      const at = anchor ? order.indexOf(anchor.sheet()) + (after && !before ? 1 : 0) : Math.max(0, order.findIndex((s) => s.active));
      const made = et.addSheet(name);
      order.splice(at, 0, made);
      et.sheets = new Map(order.map((s) => [s.name, s]));
      for (const s of order) s.active = s === made;
      return new Worksheet(et, made);
    },
  };
  const sheets = {
    ...worksheets,
    get Count() {
      return et.sheets.size + et.chartSheets.length;
    },
    Item(index: number | string) {
      const chart = typeof index === 'number' ? et.chartSheets[index - 1 - et.sheets.size] : et.chartSheets.find((n) => n.toLowerCase() === index.toLowerCase());
      if (chart === undefined) return worksheets.Item(index);
      return {
        Name: chart,
        Range() {
          throw new EtError('图表工作表没有单元格');
        },
      };
    },
  };
  return { Sheets: sheets, Worksheets: worksheets };
}

function activeWindow(et: FakeEt) {
  const w = () => et.active().window;
  return {
    get FreezePanes() {
      return et.active().frozen !== null;
    },
    set FreezePanes(v: boolean) {
      const s = et.active();
      const win = s.window;
      s.frozen = v && (win.splitRow || win.splitColumn) ? { rows: win.scrollRow - 1 + win.splitRow, cols: win.scrollColumn - 1 + win.splitColumn } : null;
    },
    get SplitRow() {
      return w().splitRow;
    },
    set SplitRow(n: number) {
      w().splitRow = n;
    },
    get SplitColumn() {
      return w().splitColumn;
    },
    set SplitColumn(n: number) {
      w().splitColumn = n;
    },
    get ScrollRow() {
      return w().scrollRow;
    },
    set ScrollRow(n: number) {
      w().scrollRow = n;
    },
    get ScrollColumn() {
      return w().scrollColumn;
    },
    set ScrollColumn(n: number) {
      w().scrollColumn = n;
    },
  };
}

class Worksheet {
  constructor(
    private readonly et: FakeEt,
    private readonly s: FakeEtSheet,
  ) {}

  /** The sheet, unless it was deleted since this reference was taken. */
  sheet(): FakeEtSheet {
    if (this.s.deleted) throw new EtError('对象已被删除');
    return this.s;
  }

  get Name(): string {
    return this.sheet().name;
  }

  set Name(v: string) {
    const s = this.sheet();
    const other = this.et.find(v);
    if (other && other !== s) throw new EtError(`工作表名称“${v}”已被占用`);
    if (!v || v.length > 31 || /[:\\/?*[\]]/.test(v)) throw new EtError(`工作表名称“${v}”无效`);
    this.et.renameSheet(s.name, v);
  }

  get Index(): number {
    return [...this.et.sheets.values()].indexOf(this.sheet()) + 1;
  }

  get Cells(): Range {
    return new Range(this.et, this, { row: 0, col: 0, rows: MAX_ROWS, cols: MAX_COLS });
  }

  get UsedRange(): Range {
    const s = this.sheet();
    const keys = [...[...s.values.entries()].filter(([, v]) => v !== '' && v !== null).map(([k]) => k), ...s.formats.keys(), ...s.fills.keys(), ...s.bold, ...s.borders.keys()];
    if (!keys.length) return new Range(this.et, this, { row: 0, col: 0, rows: 1, cols: 1 });
    const rs = keys.map((k) => Number(k.split(',')[0]));
    const cs = keys.map((k) => Number(k.split(',')[1]));
    const [r0, c0] = [Math.min(...rs), Math.min(...cs)];
    return new Range(this.et, this, { row: r0, col: c0, rows: Math.max(...rs) - r0 + 1, cols: Math.max(...cs) - c0 + 1 });
  }

  Range(address: string): Range {
    const b = parseA1(address);
    if (!b) throw new EtError(`无效的单元格地址：${address}`);
    return new Range(this.et, this, b);
  }

  Activate() {
    const s = this.sheet();
    for (const o of this.et.sheets.values()) o.active = o === s;
  }

  Delete() {
    const s = this.sheet();
    if (this.et.sheets.size === 1) throw new EtError('工作簿中至少要有一张可见的工作表');
    this.et.deleteSheet(s.name);
  }

  /** The sheet for a change: a protected sheet refuses every change. */
  changing(): FakeEtSheet {
    const s = this.sheet();
    if (s.refuses) throw new EtError(s.refuses);
    return s;
  }

  get PageSetup() {
    const s = () => this.sheet();
    const set = <K extends keyof FakeEtSheet['page']>(k: K, v: FakeEtSheet['page'][K], ok: boolean) => {
      if (!ok) throw new EtError(`PageSetup.${String(k)} 的值无效：${String(v)}`);
      s().page[k] = v;
    };
    const fit = (v: number | false) => v === false || (Number.isInteger(v) && v > 0);
    return {
      set Orientation(v: number) { set('Orientation', v, v === 1 || v === 2); },
      set PaperSize(v: number) { set('PaperSize', v, Number.isInteger(v) && v > 0); },
      set Zoom(v: number | false) { set('Zoom', v, v === false || (v >= 10 && v <= 400)); },
      set FitToPagesWide(v: number | false) { set('FitToPagesWide', v, fit(v)); },
      set FitToPagesTall(v: number | false) { set('FitToPagesTall', v, fit(v)); },
      set PrintTitleRows(v: string) { set('PrintTitleRows', v, /^\$\d+:\$\d+$/.test(v)); },
      set PrintTitleColumns(v: string) { set('PrintTitleColumns', v, /^\$[A-Z]{1,3}:\$[A-Z]{1,3}$/.test(v)); },
      set LeftFooter(v: string) { set('LeftFooter', v, true); },
      set CenterFooter(v: string) { set('CenterFooter', v, true); },
    };
  }

  ChartObjects() {
    const ws = this;
    return {
      get Count() {
        return ws.sheet().charts.length;
      },
      Add(left: number, top: number, width: number, height: number) {
        const data: EtChartData = { type: null, hasTitle: false, title: '', hasLegend: true, legendPosition: null, series: [], left, top, width, height };
        ws.changing().charts.push(data);
        return { Chart: new Chart(ws, data) };
      },
      Delete() {
        ws.changing().charts = [];
      },
    };
  }
}

class Chart {
  constructor(
    private readonly ws: Worksheet,
    private readonly c: EtChartData,
  ) {}

  private change(f: (c: EtChartData) => void) {
    this.ws.changing();
    f(this.c);
  }

  set ChartType(t: number) {
    if (!CHART_TYPES.has(t)) throw new EtError(`无效的图表类型：${t}`);
    this.change((c) => (c.type = t));
  }

  get HasTitle() {
    return this.c.hasTitle;
  }

  set HasTitle(v: boolean) {
    this.change((c) => (c.hasTitle = v));
  }

  get ChartTitle() {
    if (!this.c.hasTitle) throw new EtError('图表没有标题（HasTitle 为 False）');
    const chart = this;
    return {
      set Text(t: string) {
        chart.change((c) => (c.title = t));
      },
    };
  }

  get HasLegend() {
    return this.c.hasLegend;
  }

  set HasLegend(v: boolean) {
    this.change((c) => (c.hasLegend = v));
  }

  get Legend() {
    if (!this.c.hasLegend) throw new EtError('图表没有图例（HasLegend 为 False）');
    const chart = this;
    return {
      set Position(p: number) {
        chart.change((c) => (c.legendPosition = p));
      },
    };
  }

  SeriesCollection() {
    const chart = this;
    return {
      NewSeries() {
        const s: EtSeriesData = { name: '', values: null, xValues: null, color: null, markerColor: null, markerStyle: null };
        chart.change((c) => c.series.push(s));
        return new Series(chart.ws, s);
      },
    };
  }
}

class Series {
  readonly Format;

  constructor(
    private readonly ws: Worksheet,
    private readonly s: EtSeriesData,
  ) {
    const set = (f: (s: EtSeriesData) => void) => {
      ws.changing();
      f(s);
    };
    const fore = { set RGB(c: number) { set((x) => (x.color = c)); } };
    this.Format = { Fill: { ForeColor: fore }, Line: { ForeColor: fore } };
  }

  private change(f: (s: EtSeriesData) => void) {
    this.ws.changing();
    f(this.s);
  }

  set Name(n: string) {
    this.change((s) => (s.name = n));
  }

  set Values(r: Range) {
    this.change((s) => (s.values = r.ref()));
  }

  set XValues(r: Range) {
    this.change((s) => (s.xValues = r.ref()));
  }

  set MarkerStyle(m: number) {
    this.change((s) => (s.markerStyle = m));
  }

  set MarkerBackgroundColor(c: number) {
    this.change((s) => (s.markerColor = c));
  }

  set MarkerForegroundColor(c: number) {
    this.change((s) => (s.markerColor = c));
  }
}

class Range {
  readonly Font;
  readonly Interior;
  readonly Borders;
  readonly Validation;
  readonly Rows;
  readonly Columns;

  constructor(
    private readonly et: FakeEt,
    private readonly ws: Worksheet,
    readonly b: Block,
  ) {
    const range = this;
    /** Each cell of the range, for formats set on it (ranges given formats are small). */
    const each = (f: (k: string) => void) => {
      for (let r = 0; r < b.rows; r++) for (let c = 0; c < b.cols; c++) f(key(b.row + r, b.col + c));
    };
    this.Font = {
      set Bold(v: boolean) {
        const s = range.ws.changing();
        each((k) => (v ? s.bold.add(k) : s.bold.delete(k)));
      },
      set Size(n: number) {
        const s = range.ws.changing();
        each((k) => s.sizes.set(k, n));
      },
    };
    this.Interior = {
      set Color(v: number) {
        const s = range.ws.changing();
        each((k) => s.fills.set(k, v));
      },
    };
    const ruled = (f: (r: { lineStyle: number; weight: number | null }) => void) => {
      const s = range.ws.changing();
      const address = a1(range.b);
      const r = s.ruled.get(address) ?? { lineStyle: XL_LINE_STYLE_NONE, weight: null };
      f(r);
      if (r.lineStyle === XL_LINE_STYLE_NONE) s.ruled.delete(address);
      else s.ruled.set(address, r);
    };
    this.Borders = {
      set LineStyle(v: number) {
        ruled((r) => (r.lineStyle = v));
      },
      set Weight(v: number) {
        ruled((r) => (r.weight = v));
      },
      Item(index: number) {
        if (!BORDER_INDEXES.has(index)) throw new EtError(`无效的边框：${index}`);
        const edge = (f: (e: EtEdge) => void) => {
          const s = range.ws.changing();
          each((k) => {
            const edges = s.borders.get(k) ?? new Map<number, EtEdge>();
            const e = edges.get(index) ?? { lineStyle: XL_LINE_STYLE_NONE, weight: null, color: null };
            f(e);
            if (e.lineStyle === XL_LINE_STYLE_NONE) edges.delete(index);
            else edges.set(index, e);
            if (edges.size) s.borders.set(k, edges);
            else s.borders.delete(k);
          });
        };
        return {
          set LineStyle(v: number) {
            edge((e) => (e.lineStyle = v));
          },
          set Weight(v: number) {
            edge((e) => (e.weight = v));
          },
          set Color(v: number) {
            // Giving an edge a colour draws it, as in Excel.
            edge((e) => {
              e.color = v;
              if (e.lineStyle === XL_LINE_STYLE_NONE) e.lineStyle = 1;
            });
          },
        };
      },
    };
    this.Validation = {
      Add(type: number, _alert?: number, _operator?: number, formula1?: string) {
        const s = range.ws.changing();
        if (s.validations.some((v) => overlaps(v, b))) throw new EtError('单元格已有数据有效性，须先删除（Validation.Delete）');
        if (type === 3 && !formula1) throw new EtError('序列的来源不能为空');
        s.validations.push({ ...b, type, source: formula1 ?? '', inCellDropdown: true });
      },
      Delete() {
        const s = range.ws.changing();
        s.validations = s.validations.filter((v) => !overlaps(v, b));
      },
      set InCellDropdown(v: boolean) {
        const s = range.ws.changing();
        const mine = s.validations.filter((x) => overlaps(x, b));
        if (!mine.length) throw new EtError('单元格没有数据有效性');
        for (const x of mine) x.inCellDropdown = v;
      },
    };
    this.Rows = { Count: b.rows };
    this.Columns = { Count: b.cols };
  }

  /** `sheet!A1:B2`, as a chart series holds its cells. */
  ref(): string {
    return `${this.ws.Name}!${a1(this.b)}`;
  }

  get Row() {
    return this.b.row + 1;
  }

  get Column() {
    return this.b.col + 1;
  }

  private colPoints(c: number): number {
    return (this.ws.sheet().widths.get(c) ?? DEFAULT_WIDTH) * POINTS_PER_CHAR;
  }

  get Left() {
    let x = 0;
    for (let c = 0; c < this.b.col; c++) x += this.colPoints(c);
    return x;
  }

  get Top() {
    return this.b.row * ROW_HEIGHT;
  }

  get Width() {
    let x = 0;
    for (let c = this.b.col; c < this.b.col + this.b.cols; c++) x += this.colPoints(c);
    return x;
  }

  get Height() {
    return this.b.rows * ROW_HEIGHT;
  }

  set ColumnWidth(w: number) {
    const s = this.ws.changing();
    for (let c = this.b.col; c < this.b.col + this.b.cols; c++) s.widths.set(c, w);
  }

  get Value2(): unknown {
    const s = this.ws.sheet();
    this.et.reads++;
    const at = (r: number, c: number) => {
      const v = s.values.get(key(this.b.row + r, this.b.col + c));
      return v === null || v === '' ? undefined : v;
    };
    if (this.b.rows === 1 && this.b.cols === 1) return at(0, 0);
    return Array.from({ length: this.b.rows }, (_, r) => Array.from({ length: this.b.cols }, (_, c) => at(r, c)));
  }

  set Value2(v: unknown) {
    const s = this.ws.changing();
    this.et.writes++;
    this.et.writeSizes.push(this.b.rows * this.b.cols);
    s.log.push(`values@${a1(this.b)}`);
    const put = (r: number, c: number, x: unknown) => {
      const k = key(this.b.row + r, this.b.col + c);
      if (x === undefined || x === null || x === '') s.values.delete(k);
      else s.values.set(k, x as CellValue);
      this.et.cellsWritten++;
    };
    for (let r = 0; r < this.b.rows; r++)
      for (let c = 0; c < this.b.cols; c++) {
        if (!Array.isArray(v)) put(r, c, v);
        else {
          const line = v[r] as unknown[] | undefined;
          put(r, c, line && c < line.length ? line[c] : '#N/A');
        }
      }
  }

  get NumberFormat(): string {
    return this.ws.sheet().formats.get(key(this.b.row, this.b.col)) ?? 'General';
  }

  set NumberFormat(f: string) {
    const s = this.ws.changing();
    s.log.push(`numberFormat@${a1(this.b)}`);
    for (let r = 0; r < this.b.rows; r++) for (let c = 0; c < this.b.cols; c++) s.formats.set(key(this.b.row + r, this.b.col + c), f);
  }

  Merge() {
    this.ws.changing().merges.push(a1(this.b));
  }

  /** Values, formats and merges go; validation and charts stay (see the header). */
  Clear() {
    const s = this.ws.changing();
    for (const m of [s.values, s.formats, s.fills, s.sizes, s.borders]) for (const k of [...m.keys()]) if (inside(k, this.b)) m.delete(k);
    for (const a of [...s.ruled.keys()]) if (overlaps(parseA1(a)!, this.b)) s.ruled.delete(a);
    for (const k of [...s.bold]) if (inside(k, this.b)) s.bold.delete(k);
    s.merges = s.merges.filter((m) => !overlaps(parseA1(m)!, this.b));
  }

  Select() {
    const s = this.ws.sheet();
    if (!s.active) throw new EtError('Range 类的 Select 方法无效：工作表不是活动工作表');
    s.selected = key(this.b.row, this.b.col);
  }
}
