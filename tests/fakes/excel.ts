/**
 * A small Excel that behaves as Microsoft's Office.js documentation says the
 * real one does, for the Office.js adapter's tests in Node and, bundled, for
 * the pane in Chromium (`office.ts` installs it as `Office` and `Excel`).
 *
 * What it holds to (each rule cites where it is documented):
 * - Proxy objects: calls and property writes are queued and run at
 *   `context.sync()`, in order; reading a property that was not loaded and
 *   synced throws (Office.js "load, then sync" model, learn.microsoft.com
 *   /office/dev/add-ins/develop/application-specific-api-model).
 * - `worksheets.getItem(name)` for a missing sheet fails the *sync* with
 *   `ItemNotFound`; `getItemOrNullObject` gives `isNullObject` instead
 *   (…/develop/application-specific-api-model#ornullobject-methods-and-properties).
 *   A failing operation stops the batch: what was queued after it does not run.
 * - A request larger than 5 MB is refused with `RequestPayloadSizeLimitExceeded`
 *   and a response larger than 5 MB with `ResponsePayloadSizeLimitExceeded`
 *   (Excel on the web; …/concepts/resource-limits-and-performance-optimization).
 * - `Range.values` of a range of more than 5,000,000 cells reads as null
 *   (same page: "Excel ... ranges with more than five million cells").
 * - `Range.clear()` clears values and formats but not data validation, which
 *   only `Range.dataValidation.clear()` removes (Excel.Range.clear and
 *   Excel.DataValidation.clear references); setting a rule over a range that
 *   partly has validation fails with `InvalidArgument` (seen on Excel on the web,
 *   office-js issues).
 * - `worksheets.add(name)` of a name in use fails with `ItemAlreadyExists`.
 * - Charts float over the cells: `Range.clear()` leaves them, deleting the
 *   sheet takes them along. `charts.add(type, sourceData, seriesBy)` makes one
 *   series per column ("Columns") or row ("Rows") of `sourceData`;
 *   `series.add(name, index)` inserts a series that shows nothing until its
 *   values are set (`setValues`, `setXAxisValues`: ExcelApi 1.7); `title.text`,
 *   `setPosition(startCell, endCell)`, `legend` (Excel.ChartCollection,
 *   Excel.ChartSeriesCollection, Excel.ChartSeries references). The fake does
 *   not guess headers the way Excel's "Auto" does: every cell is a value.
 * - A workbook keeps at least one visible sheet: deleting the last one fails
 *   (Excel: "A workbook must contain at least one visible worksheet").
 * - `worksheets.getItem(key)` and `getItemOrNullObject(key)` take a sheet's
 *   name or its ID, and the ID stays when the sheet is renamed
 *   (Excel.WorksheetCollection reference: "Gets a worksheet object using its
 *   name or ID"; Excel.Worksheet.id: "Returns a value that uniquely
 *   identifies the worksheet in a given workbook. The value of the identifier
 *   remains the same even when the worksheet is renamed or moved").
 *
 * - `Range.format.borders.getItem(index)` takes a BorderIndex (EdgeTop,
 *   EdgeBottom, EdgeLeft, EdgeRight, InsideVertical, InsideHorizontal,
 *   DiagonalDown, DiagonalUp); another name fails with `InvalidArgument`
 *   (Excel.BorderIndex). A single cell's edges are kept by cell (the marks);
 *   a larger range's by range (a table's rules).
 * - `Worksheet.pageLayout` (ExcelApi 1.9): `orientation` Portrait|Landscape,
 *   `paperSize` (Excel.PaperType, "A4"), `zoom` as PageLayoutZoomOptions —
 *   `scale` between 10 and 400, and not together with fit-to-pages —
 *   `setPrintTitleRows`/`setPrintTitleColumns` with an address of whole rows
 *   (`$1:$2`) or columns (`$A:$A`), `headersFooters.defaultForAllPages`
 *   (Excel.PageLayout, Excel.PageLayoutZoomOptions, Excel.HeaderFooter).
 *
 * And what a person does in Excel between two clicks in the pane: rename or
 * delete a sheet (`renameSheet`, `deleteSheet`), type far away from the table
 * (set a value in `values`), or work on a sheet Excel will not let the add-in
 * change (`refuses`: every change on it fails with that code).
 */
import type { CellValue } from '../../shared/grid.ts';
import { a1, colName, key, overlaps, parseA1, sparseGrid } from './cells.ts';

export const PAYLOAD_LIMIT = 5 * 1024 * 1024;
const BORDER_INDEXES = new Set(['EdgeTop', 'EdgeBottom', 'EdgeLeft', 'EdgeRight', 'InsideVertical', 'InsideHorizontal', 'DiagonalDown', 'DiagonalUp']);
const WHOLE_ROWS = /^\$?\d+:\$?\d+$/;
const WHOLE_COLUMNS = /^\$?[A-Z]{1,3}:\$?[A-Z]{1,3}$/;
export const CELL_LIMIT = 5_000_000;
const MAX_ROWS = 1_048_576;
const MAX_COLS = 16_384;

export interface Validation {
  row: number;
  col: number;
  rows: number;
  cols: number;
  source: string;
}

export interface FakeSheet {
  name: string;
  /** Excel's ID of the sheet: kept when the sheet is renamed. */
  id: string;
  values: Map<string, CellValue>;
  formats: Map<string, string>;
  bold: Set<string>;
  fills: Map<string, string>;
  borders: Map<string, { style: string; color?: string }>;
  merges: string[];
  validations: Validation[];
  frozen: string | null;
  active: boolean;
  selected: string | null;
  charts: FakeChart[];
  /** Lines of ranges of more than one cell (a table's rules), by range and edge. */
  lines: { range: string; edge: string; style: string }[];
  /** The page layout as set (ExcelApi 1.9 `Worksheet.pageLayout`). */
  page: { orientation?: string; paperSize?: string; zoom?: { horizontalFitToPages?: number; verticalFitToPages?: number; scale?: number }; titleRows?: string; titleColumns?: string; leftFooter?: string; centerFooter?: string };
  /** Order of writes, to check that formats come before values. */
  log: string[];
  /** An error code every change to this sheet fails with (null: changes are allowed). */
  refuses: string | null;
}

/** A series as the chart holds it: ranges as `sheet!A1:A9`, null until set. */
export interface FakeSeries {
  name: string;
  values: string | null;
  xValues: string | null;
  /** Fill (columns) or line colour, as set through `format`. */
  color: string | null;
  markerColor: string | null;
}

export interface FakeChart {
  type: string;
  title: string;
  series: FakeSeries[];
  /** The cells the chart covers, from `setPosition`. */
  position: { start: string; end: string | null } | null;
  legend: { visible: boolean; position: string };
}

/** The chart types the fake accepts: documented Excel.ChartType values (a typo fails as in Excel). */
const CHART_TYPES = new Set(['ColumnClustered', 'ColumnStacked', 'BarClustered', 'BarStacked', 'Line', 'LineMarkers', 'LineStacked', 'Pie', 'Area', 'XYScatter']);

/** The error Office.js rejects a sync with: a `code` from Excel's list and a message. */
export class OfficeError extends Error {
  override name = 'RichApi.Error';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function parseAddress(a: string): { row: number; col: number; rows: number; cols: number } {
  const b = parseA1(a);
  if (!b) throw new OfficeError('InvalidArgument', `The argument is invalid or missing or has an incorrect format: ${a}`);
  return b;
}

/** A queued operation: what it does at sync, and how many bytes it adds to the request. */
interface Op {
  run: () => void;
  bytes: number;
}

function notLoaded(prop: string): never {
  throw new OfficeError(
    'PropertyNotLoaded',
    `The property '${prop}' is not available. Before reading the property's value, call the load method on the containing object and call "context.sync()" on the associated request context.`,
  );
}

export class FakeExcel {
  sheets = new Map<string, FakeSheet>();
  /** Cells written by each sync, in order. */
  syncs: number[] = [];
  suspended = 0;
  /** Fail the next run with this error, as Excel does (e.g. while a cell is being edited). */
  failWith: { code: string; message: string } | null = null;

  private ids = 0;

  addSheet(name: string): FakeSheet {
    const id = `{${String(++this.ids).padStart(8, '0')}-0001-0000-0000-000000000000}`;
    const s: FakeSheet = { name, id, values: new Map(), formats: new Map(), bold: new Set(), fills: new Map(), borders: new Map(), merges: [], validations: [], frozen: null, active: false, selected: null, charts: [], lines: [], page: {}, log: [], refuses: null };
    this.sheets.set(name, s);
    return s;
  }

  /** The sheet with this name or ID, as `worksheets.getItem(key)` finds it. */
  find(key: string): FakeSheet | undefined {
    return this.sheets.get(key) ?? [...this.sheets.values()].find((s) => s.id === key);
  }

  /** The person renames a sheet in Excel (its ID stays). */
  renameSheet(from: string, to: string) {
    const s = this.sheets.get(from)!;
    const order = [...this.sheets.entries()].map(([k, v]) => (k === from ? ([to, v] as const) : ([k, v] as const)));
    s.name = to;
    this.sheets = new Map(order);
  }

  /** The person deletes a sheet in Excel (its charts go with it). */
  deleteSheet(name: string) {
    this.sheets.delete(name);
  }

  /** A sheet's written cells from A1 (empty ones null). */
  grid(name: string): CellValue[][] {
    return sparseGrid(this.sheets.get(name)!.values);
  }

  /** `Excel.run` for the adapter. */
  // The adapter types its batch with Office.js's RequestContext; the fake context stands in for it.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  run = async <T>(batch: (ctx: any) => Promise<T>): Promise<T> => {
    if (this.failWith) {
      const f = this.failWith;
      this.failWith = null;
      throw new OfficeError(f.code, f.message);
    }
    return batch(new Context(this));
  };
}

class Context {
  queue: Op[] = [];
  /** Cells written and bytes read back by the sync that is running. */
  written = 0;
  response = 0;
  readonly workbook: { worksheets: Worksheets };
  readonly application: { suspendApiCalculationUntilNextSync: () => void };

  constructor(readonly excel: FakeExcel) {
    this.workbook = { worksheets: new Worksheets(this) };
    this.application = { suspendApiCalculationUntilNextSync: () => this.push(() => void this.excel.suspended++) };
  }

  push(run: () => void, bytes = 40) {
    this.queue.push({ run, bytes });
  }

  /** Runs the queue in order; the first failure rejects the sync and drops the rest. */
  async sync(): Promise<void> {
    const ops = this.queue;
    this.queue = [];
    const request = ops.reduce((a, o) => a + o.bytes, 0);
    if (request > PAYLOAD_LIMIT) throw new OfficeError('RequestPayloadSizeLimitExceeded', 'The request payload size has exceeded the limit.');
    this.written = 0;
    this.response = 0;
    try {
      for (const op of ops) op.run();
    } finally {
      this.excel.syncs.push(this.written);
    }
    if (this.response > PAYLOAD_LIMIT) throw new OfficeError('ResponsePayloadSizeLimitExceeded', 'The response payload size has exceeded the limit.');
  }

  /** Counts the bytes a load sends back. */
  respond(bytes: number) {
    this.response += bytes;
  }
}

class Worksheets {
  private loaded: { name: string; id: string }[] | null = null;

  constructor(private readonly ctx: Context) {}

  get items(): { name: string; id: string }[] {
    if (!this.loaded) notLoaded('items');
    return this.loaded;
  }

  load(_props?: string) {
    this.loaded = null;
    this.ctx.push(() => (this.loaded = [...this.ctx.excel.sheets.values()].map((s) => ({ name: s.name, id: s.id }))));
    return this;
  }

  getItem(key: string): Worksheet {
    return new Worksheet(this.ctx, () => {
      const s = this.ctx.excel.find(key);
      if (!s) throw new OfficeError('ItemNotFound', `The requested resource doesn't exist. (${key})`);
      return s;
    });
  }

  getItemOrNullObject(key: string): Worksheet {
    return new Worksheet(this.ctx, () => this.ctx.excel.find(key) ?? null);
  }

  add(name: string): Worksheet {
    let made: FakeSheet | null = null;
    this.ctx.push(() => {
      if (this.ctx.excel.sheets.has(name)) throw new OfficeError('ItemAlreadyExists', `A worksheet named ${name} already exists.`);
      made = this.ctx.excel.addSheet(name);
    });
    return new Worksheet(this.ctx, () => made ?? this.ctx.excel.sheets.get(name)!);
  }
}

class Worksheet {
  private nullState: boolean | null = null;
  private loaded: { name: string; id: string } | null = null;
  readonly freezePanes;
  readonly pageLayout;
  readonly charts;

  constructor(
    private readonly ctx: Context,
    /** The sheet at sync time; null for a null object; throws ItemNotFound for getItem. */
    readonly resolve: () => FakeSheet | null,
  ) {
    this.ctx.push(() => (this.nullState = this.resolve() === null), 0);
    const at = (f: (s: FakeSheet) => void) => this.ctx.push(() => f(this.sheet()));
    const page = (f: (p: FakeSheet['page']) => void) => at((s) => f(s.page));
    const invalid = (what: string) => new OfficeError('InvalidArgument', `The argument is invalid or missing or has an incorrect format: ${what}`);
    this.pageLayout = {
      set orientation(v: string) {
        page((p) => {
          if (v !== 'Portrait' && v !== 'Landscape') throw invalid(v);
          p.orientation = v;
        });
      },
      set paperSize(v: string) {
        page((p) => (p.paperSize = v));
      },
      set zoom(z: { horizontalFitToPages?: number; verticalFitToPages?: number; scale?: number }) {
        page((p) => {
          const fits = z.horizontalFitToPages !== undefined || z.verticalFitToPages !== undefined;
          if (z.scale !== undefined && (fits || z.scale < 10 || z.scale > 400)) throw invalid('zoom');
          p.zoom = { ...z };
        });
      },
      setPrintTitleRows: (a: string) =>
        page((p) => {
          if (!WHOLE_ROWS.test(a)) throw invalid(a);
          p.titleRows = a;
        }),
      setPrintTitleColumns: (a: string) =>
        page((p) => {
          if (!WHOLE_COLUMNS.test(a)) throw invalid(a);
          p.titleColumns = a;
        }),
      headersFooters: {
        defaultForAllPages: {
          set leftFooter(v: string) {
            page((p) => (p.leftFooter = v));
          },
          set centerFooter(v: string) {
            page((p) => (p.centerFooter = v));
          },
        },
      },
    };
    this.freezePanes = {
      freezeRows: (n: number) => at((s) => (s.frozen = `rows:${n}`)),
      freezeColumns: (n: number) => at((s) => (s.frozen = `cols:${n}`)),
      freezeAt: (r: Range) => at((s) => (s.frozen = `at:${r.at}`)),
    };
    this.charts = {
      add: (type: string, source: Range, seriesBy: 'Auto' | 'Columns' | 'Rows' = 'Auto') => {
        const chart: FakeChart = { type, title: '', series: [], position: null, legend: { visible: true, position: 'Right' } };
        at((s) => {
          if (!CHART_TYPES.has(type)) throw new OfficeError('InvalidArgument', `The argument is invalid or missing or has an incorrect format: ${type}`);
          const box = source.box ? null : source.bounds();
          if (!box) throw new OfficeError('InvalidArgument', 'The argument is invalid or missing or has an incorrect format.');
          const byRows = seriesBy === 'Rows' || (seriesBy === 'Auto' && box.cols > box.rows);
          const count = byRows ? box.rows : box.cols;
          for (let i = 0; i < count; i++) {
            const part = byRows ? { ...box, row: box.row + i, rows: 1 } : { ...box, col: box.col + i, cols: 1 };
            chart.series.push({ name: '', values: `${source.sheetName()}!${a1(part)}`, xValues: null, color: null, markerColor: null });
          }
          s.charts.push(chart);
        });
        return new Chart(this.ctx, chart);
      },
    };
  }

  set name(v: string) {
    this.ctx.push(() => {
      const s = this.sheet();
      if (s.name !== v && this.ctx.excel.sheets.has(v)) throw new OfficeError('ItemAlreadyExists', `A worksheet named ${v} already exists.`);
      this.ctx.excel.renameSheet(s.name, v);
    });
  }

  get isNullObject(): boolean {
    if (this.nullState === null) notLoaded('isNullObject');
    return this.nullState;
  }

  get name(): string {
    if (!this.loaded) notLoaded('name');
    return this.loaded.name;
  }

  get id(): string {
    if (!this.loaded) notLoaded('id');
    return this.loaded.id;
  }

  load(_props?: string) {
    this.loaded = null;
    this.ctx.push(() => {
      const s = this.resolve();
      if (s) this.loaded = { name: s.name, id: s.id };
    });
    return this;
  }

  /** The sheet for an operation; a null object cannot be operated on, and a refusing sheet refuses. */
  sheet(): FakeSheet {
    const s = this.resolve();
    if (!s) throw new OfficeError('InvalidObjectPath', 'The object path is not valid: the worksheet does not exist.');
    if (s.refuses) throw new OfficeError(s.refuses, 'You cannot perform the requested operation.');
    return s;
  }

  getRange(address?: string): Range {
    if (!address) return new Range(this.ctx, this, 0, 0, MAX_ROWS, MAX_COLS);
    const a = parseAddress(address);
    return new Range(this.ctx, this, a.row, a.col, a.rows, a.cols);
  }

  getRangeByIndexes(row: number, col: number, rows: number, cols: number): Range {
    return new Range(this.ctx, this, row, col, rows, cols);
  }

  /** The bounding box of cells with values (valuesOnly) or with anything; a null object when there are none. */
  getUsedRangeOrNullObject(valuesOnly = false): Range {
    const r = new Range(this.ctx, this, 0, 0, 0, 0);
    r.box = () => {
      const s = this.resolve();
      if (!s) return null;
      const keys = [...s.values.entries()].filter(([, v]) => v !== '' && v !== null).map(([k]) => k);
      if (!valuesOnly) keys.push(...s.formats.keys(), ...s.fills.keys(), ...s.bold);
      if (!keys.length) return null;
      const rs = keys.map((k) => Number(k.split(',')[0]));
      const cs = keys.map((k) => Number(k.split(',')[1]));
      const [r0, c0] = [Math.min(...rs), Math.min(...cs)];
      return { row: r0, col: c0, rows: Math.max(...rs) - r0 + 1, cols: Math.max(...cs) - c0 + 1 };
    };
    return r;
  }

  activate() {
    this.ctx.push(() => {
      for (const o of this.ctx.excel.sheets.values()) o.active = false;
      this.sheet().active = true;
    });
  }

  delete() {
    this.ctx.push(() => {
      const name = this.sheet().name;
      if (this.ctx.excel.sheets.size === 1) throw new OfficeError('InvalidOperation', 'A workbook must contain at least one visible worksheet.');
      this.ctx.excel.deleteSheet(name);
    });
  }
}

class Chart {
  readonly title;
  readonly legend;
  readonly series;

  constructor(
    private readonly ctx: Context,
    private readonly chart: FakeChart,
  ) {
    const on = (f: (c: FakeChart) => void) => ctx.push(() => f(chart));
    this.title = {
      set text(t: string) {
        on((c) => (c.title = t));
      },
    };
    this.legend = {
      set visible(v: boolean) {
        on((c) => (c.legend.visible = v));
      },
      set position(p: string) {
        on((c) => (c.legend.position = p));
      },
    };
    this.series = {
      getItemAt: (i: number) =>
        new Series(ctx, () => {
          const x = chart.series[i];
          if (!x) throw new OfficeError('ItemNotFound', `The requested resource doesn't exist. (series ${i})`);
          return x;
        }),
      add: (name = '', index?: number) => {
        const made: FakeSeries = { name, values: null, xValues: null, color: null, markerColor: null };
        on((c) => c.series.splice(index ?? c.series.length, 0, made));
        return new Series(ctx, () => made);
      },
    };
  }

  setPosition(start: Range | string, end?: Range | string) {
    const ref = (r: Range | string) => (typeof r === 'string' ? r : r.a1());
    this.ctx.push(() => (this.chart.position = { start: ref(start), end: end === undefined ? null : ref(end) }));
  }
}

class Series {
  readonly format;

  constructor(
    private readonly ctx: Context,
    private readonly resolve: () => FakeSeries,
  ) {
    const on = (f: (s: FakeSeries) => void) => ctx.push(() => f(resolve()));
    this.format = {
      fill: { setSolidColor: (c: string) => on((s) => (s.color = c)) },
      line: {
        set color(c: string) {
          on((s) => (s.color = c));
        },
      },
    };
  }

  set name(n: string) {
    this.ctx.push(() => (this.resolve().name = n));
  }

  set markerStyle(_m: string) {
    this.ctx.push(() => void this.resolve());
  }

  set markerBackgroundColor(c: string) {
    this.ctx.push(() => (this.resolve().markerColor = c));
  }

  set markerForegroundColor(c: string) {
    this.ctx.push(() => (this.resolve().markerColor = c));
  }

  setValues(r: Range) {
    this.ctx.push(() => (this.resolve().values = `${r.sheetName()}!${a1(r.bounds())}`));
  }

  setXAxisValues(r: Range) {
    this.ctx.push(() => (this.resolve().xValues = `${r.sheetName()}!${a1(r.bounds())}`));
  }
}

class Range {
  private loaded: Record<string, unknown> | null = null;
  /** For used ranges: where the range is, decided at sync. */
  box: (() => { row: number; col: number; rows: number; cols: number } | null) | null = null;
  readonly format;
  readonly dataValidation;

  constructor(
    private readonly ctx: Context,
    private readonly ws: Worksheet,
    private row: number,
    private col: number,
    private rows: number,
    private cols: number,
  ) {
    const each = (s: FakeSheet, f: (k: string) => void) => {
      // Whole columns or sheets are touched only where something is (the fake keeps cells sparse).
      for (let r = 0; r < Math.min(this.rows, 2000); r++) for (let c = 0; c < Math.min(this.cols, 200); c++) f(key(this.row + r, this.col + c));
      void s;
    };
    const on = (f: (s: FakeSheet) => void, bytes = 40) => this.ctx.push(() => f(this.ws.sheet()), bytes);
    const edge = (name: string) => ({
      set style(v: string) {
        on((s) => {
          if (!BORDER_INDEXES.has(name)) throw new OfficeError('InvalidArgument', `The argument is invalid or missing or has an incorrect format: ${name}`);
          if (self.rows * self.cols > 1) {
            const range = `${self.row},${self.col},${self.rows},${self.cols}`;
            s.lines = s.lines.filter((l) => !(l.range === range && l.edge === name));
            if (v !== 'None') s.lines.push({ range, edge: name, style: v });
            return;
          }
          const k = key(self.row, self.col);
          if (v === 'None') s.borders.delete(k);
          else s.borders.set(k, { ...(s.borders.get(k) ?? {}), style: v });
        });
      },
      set weight(_v: string) {
        on(() => undefined);
      },
      set color(v: string) {
        on((s) => {
          const k = key(self.row, self.col);
          s.borders.set(k, { ...(s.borders.get(k) ?? { style: 'Continuous' }), color: v });
        });
      },
    });
    const self = this;
    this.format = {
      font: {
        set bold(b: boolean) {
          on((s) => each(s, (k) => (b ? s.bold.add(k) : s.bold.delete(k))));
        },
        set size(_n: number) {
          on(() => undefined);
        },
      },
      fill: {
        set color(v: string) {
          on((s) => each(s, (k) => s.fills.set(k, v)));
        },
      },
      borders: { getItem: (name: string) => edge(name) },
      set columnWidth(_w: number) {
        on(() => undefined);
      },
    };
    this.dataValidation = {
      set rule(r: { list: { source: string } }) {
        on((s) => {
          const mine = { row: self.row, col: self.col, rows: self.rows, cols: self.cols };
          const over = s.validations.filter((v) => overlaps(v, mine));
          const same = over.every((v) => v.row === mine.row && v.col === mine.col && v.rows === mine.rows && v.cols === mine.cols);
          if (over.length && !same) throw new OfficeError('InvalidArgument', 'The argument is invalid or missing or has an incorrect format.');
          s.validations = s.validations.filter((v) => !over.includes(v));
          s.validations.push({ ...mine, source: r.list.source });
        });
      },
      clear: () =>
        on((s) => {
          s.validations = s.validations.filter((v) => !overlaps(v, self.bounds()));
        }),
    };
  }

  /** Where the range is: fixed, or a used range's box (known only after sync). */
  private where() {
    if (this.box) return this.box();
    return { row: this.row, col: this.col, rows: this.rows, cols: this.cols };
  }

  get at(): string {
    return `${this.row},${this.col},${this.rows},${this.cols}`;
  }

  /** Where a fixed range is (for charts, which take ranges of cells). */
  bounds() {
    return { row: this.row, col: this.col, rows: this.rows, cols: this.cols };
  }

  /** The name of the range's sheet, at sync time. */
  sheetName(): string {
    return this.ws.sheet().name;
  }

  /** `A1:B2` without the sheet, as `setPosition` takes cells. */
  a1(): string {
    return a1(this.bounds());
  }

  get isNullObject(): boolean {
    return (this.prop('isNullObject') as boolean) ?? false;
  }

  get rowIndex(): number {
    return this.prop('rowIndex') as number;
  }

  get columnIndex(): number {
    return this.prop('columnIndex') as number;
  }

  get rowCount(): number {
    return this.prop('rowCount') as number;
  }

  get columnCount(): number {
    return this.prop('columnCount') as number;
  }

  get address(): string {
    return this.prop('address') as string;
  }

  get values(): CellValue[][] | null {
    return this.prop('values') as CellValue[][] | null;
  }

  set values(v: CellValue[][]) {
    const cells = v.reduce((a, r) => a + r.length, 0);
    this.ctx.push(() => {
      const s = this.ws.sheet();
      s.log.push(`values@${this.at}`);
      v.forEach((line, r) => line.forEach((x, c) => s.values.set(key(this.row + r, this.col + c), x)));
      this.ctx.written += cells;
    }, JSON.stringify(v).length);
  }

  set numberFormat(v: string[][]) {
    this.ctx.push(() => {
      const s = this.ws.sheet();
      s.log.push(`numberFormat@${this.at}`);
      v.forEach((line, r) => line.forEach((x, c) => s.formats.set(key(this.row + r, this.col + c), x)));
    }, JSON.stringify(v).length);
  }

  private prop(name: string): unknown {
    if (!this.loaded || !(name in this.loaded)) notLoaded(name);
    return this.loaded[name];
  }

  load(props: string) {
    const wanted = props.split(',').map((p) => p.trim());
    this.loaded = null;
    this.ctx.push(() => {
      const s = this.ws.resolve();
      const w = this.where();
      if (!s || !w) {
        this.loaded = { isNullObject: true };
        return;
      }
      const out: Record<string, unknown> = { isNullObject: false, rowIndex: w.row, columnIndex: w.col, rowCount: w.rows, columnCount: w.cols, address: `${s.name}!${colName(w.col)}${w.row + 1}:${colName(w.col + w.cols - 1)}${w.row + w.rows}` };
      if (wanted.includes('values')) {
        if (w.rows * w.cols > CELL_LIMIT) out.values = null;
        else {
          const values = Array.from({ length: w.rows }, (_, r) => Array.from({ length: w.cols }, (_, c) => s.values.get(key(w.row + r, w.col + c)) ?? ''));
          out.values = values;
          this.ctx.respond(JSON.stringify(values).length);
        }
      }
      this.loaded = out;
    });
    return this;
  }

  merge(_across?: boolean) {
    this.ctx.push(() => this.ws.sheet().merges.push(this.at));
  }

  /** Values and formats go; data validation stays (Excel.Range.clear reference). */
  clear(_applyTo?: string) {
    this.ctx.push(() => {
      const s = this.ws.sheet();
      const inside = (k: string) => {
        const [r, c] = k.split(',').map(Number) as [number, number];
        return r >= this.row && r < this.row + this.rows && c >= this.col && c < this.col + this.cols;
      };
      for (const m of [s.values, s.formats, s.fills, s.borders]) for (const k of [...m.keys()]) if (inside(k)) m.delete(k);
      for (const k of [...s.bold]) if (inside(k)) s.bold.delete(k);
      s.lines = s.lines.filter((l) => !inside(l.range.split(',').slice(0, 2).join(',')));
      s.merges = [];
    });
  }

  select() {
    this.ctx.push(() => (this.ws.sheet().selected = key(this.row, this.col)));
  }

  getEntireColumn(): Range {
    return new Range(this.ctx, this.ws, 0, this.col, MAX_ROWS, this.cols);
  }
}
