/**
 * The standard workbook's sheets as pure data: a grid of values plus the
 * formatting hints (merges, bold, number formats, dropdowns, widths, frozen
 * rows) that each writer — Office.js in Excel, the .xlsx writer in the worker —
 * applies in its own way. The reader (`read.ts`) finds fields by the labels
 * written here, so a clerk may insert rows or notes without breaking uploads.
 */
import { applies, formNo, SIGNOFF_FIELDS, TYPE_CHECK, type Field, type OrgKey, type Template, type TemplateId } from './catalog.ts';
import { editionForYear, validUntilOf, type Edition } from './editions.ts';
import type { SheetChart } from './chart.ts';
import { columnName, type CellValue, type Grid, type Range } from './grid.ts';
import { formatHundredths, numberToHundredths } from './money.ts';
import type { Row } from './validate.ts';

export { CHART_COLORS, rangeCells, type SheetChart } from './chart.ts';

/** The deployment's names printed on the forms (GET /settings). */
export interface Settings {
  city: string;
  issuer: string;
  docNo: string;
  validUntil: string;
}

export interface LayoutUnit {
  code: string;
  name: string;
  org: OrgKey;
}

export interface SheetLayout {
  /** The template a report sheet holds; absent on consolidated and progress sheets. */
  template?: TemplateId;
  sheet: string;
  grid: Grid;
  merges: Range[];
  bold: Range[];
  /** Number formats; `@` marks text cells, so that what a clerk types never turns into a formula or a date. */
  formats: (Range & { format: string })[];
  /** Data-validation lists (enum labels, 是/否). */
  dropdowns: (Range & { options: string[] })[];
  /** Cells the clerk fills in. */
  inputs: Range[];
  /** Column widths in characters. */
  widths: number[];
  /** Rows and columns kept in view while scrolling. */
  freeze: { rows: number; cols: number };
  /** Where the table's header row is (0-based), for writers that style it. */
  headerRow: number;
  /** Native charts drawn from this sheet's own cells (the .xlsx writer and Office.js both draw them). */
  charts?: SheetChart[];
  /** Ranges drawn with thin borders: the tables, so that a printed form reads as one. */
  borders?: Range[];
  /** How the sheet prints; absent: the writer's defaults (A4, landscape). */
  print?: PrintSetup;
}

/**
 * A sheet's page setup, as both writers apply it: A4 in `orientation`, one
 * page wide (and one tall for a form signed on paper: `onePage`), the rows
 * (0-based, inclusive) and leading columns repeated on every page, and a
 * footer with the 表号 on the left and 第 N 页，共 M 页 in the middle.
 */
export interface PrintSetup {
  orientation: 'portrait' | 'landscape';
  onePage: boolean;
  titleRows?: { first: number; last: number };
  /** How many columns from A repeat on every page (the unit column of a consolidated sheet). */
  titleCols?: number;
  /** The footer's left part: the 表号 or the sheet's name. */
  footer: string;
}

/** The footer's page numbers, in Excel's header/footer codes (&P page, &N pages), read the same by Office.js. */
export const FOOTER_PAGES = '第 &P 页，共 &N 页';

/**
 * A print setup as every writer states it: the repeated rows and columns as
 * whole-row and whole-column addresses (`$5:$6`, `$A:$A`; null where none),
 * and the footer's left part in header/footer codes, where a literal & is &&.
 */
export function printTerms(p: PrintSetup): { titleRows: string | null; titleCols: string | null; footerLeft: string } {
  return {
    titleRows: p.titleRows ? `$${p.titleRows.first + 1}:$${p.titleRows.last + 1}` : null,
    titleCols: p.titleCols ? `$A:$${columnName(p.titleCols - 1)}` : null,
    footerLeft: p.footer.replace(/&/g, '&&'),
  };
}

/** A sheet with a grid and no formatting yet, for writers to fill in hints as they go. */
export function sheetOf(sheet: string, grid: Grid = []): SheetLayout {
  return { sheet, grid, merges: [], bold: [], formats: [], dropdowns: [], inputs: [], widths: [], freeze: { rows: 0, cols: 0 }, headerRow: 0, borders: [] };
}

export interface LayoutOptions {
  settings?: Settings;
  /** Values to write into the table: the record's one row, or the list's rows. */
  rows?: readonly Row[];
  /** Last year's record, shown in the 上年 column of record templates. */
  previous?: Row | null;
  /** Blank rows offered in a list table beyond the filled ones. */
  blankRows?: number;
  /** The year's edition as its period records it; without one, the edition valid for the year by the table. */
  edition?: Edition;
}

export const FORMAT_INT = '#,##0';
export const FORMAT_MONEY = '#,##0.00';
export const FORMAT_TEXT = '@';
export const NOT_APPLICABLE = '—';
export const BOOL_LABELS = ['是', '否'] as const;

/** Header labels the reader looks for. */
export const LABELS = {
  unitName: '填报单位',
  unitCode: '单位代码',
  period: '报告期',
  formNo: '表号',
  issuer: '制定机关',
  docNo: '备案文号',
  validUntil: '有效期至',
  indicator: '指标名称',
  code: '代码',
  unit: '计量单位',
  current: '本年',
  previous: '上年',
  serial: '序号',
  notes: '说明',
} as const;

export function periodText(year: number): string {
  return `${year}年`;
}

export function sheetTitle(t: Template, year: number): string {
  return `${year}年${t.title}`;
}

export function formatOf(f: Field): string | null {
  if (f.type === 'int') return FORMAT_INT;
  if (f.type === 'money') return FORMAT_MONEY;
  if (f.type === 'text' || f.type === 'month') return FORMAT_TEXT;
  return null;
}

/** Dropdown choices of a field as the sheet shows them. */
export function dropdownOf(f: Field): string[] | null {
  if (f.type === 'enum') return (f.options ?? []).map((o) => o.label);
  if (f.type === 'bool') return [...BOOL_LABELS];
  return null;
}

/** A JSON value as the cell shows it: enum label, 是/否, money as a number of 万元. */
export function toCell(f: Field, v: unknown): CellValue {
  if (v === undefined || v === null) return null;
  if (f.type === 'enum') return f.options?.find((o) => o.key === v)?.label ?? (v as CellValue);
  if (f.type === 'bool' && typeof v === 'boolean') return v ? BOOL_LABELS[0] : BOOL_LABELS[1];
  if (f.type === 'money' && typeof v === 'number') {
    const h = numberToHundredths(v);
    return h.ok ? Number(formatHundredths(h.value)) : v;
  }
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  return String(v);
}

function fieldWidth(f: Field): number {
  if (f.type === 'text') return Math.min(30, Math.max(16, f.label.length * 2));
  if (f.type === 'enum') return Math.max(12, ...(f.options ?? []).map((o) => o.label.length * 2 + 2));
  return Math.max(10, Math.min(18, f.label.length * 2));
}

/** The 说明 lines: how to fill the form, then every check in words. */
export function notes(t: Template, year: number): string[] {
  const lines = [
    `1. 报告期为 ${year}年1月1日至12月31日；本表由各群团组织按区县填报，金额单位为万元，保留两位小数。`,
    t.kind === 'record'
      ? '2. 数值为零请填 0，不得留空；标“—”的指标不适用于本单位，无需填写；“上年”列仅供对照，不会上传。'
      : '2. 每行填写一项，从第一行起连续填写，遇到整行空白即视为结束；本年没有可不填，上传时确认“本年无”。',
    '3. 审核关系（“提示”为提示性审核，确属实的请在上传时填写情况说明）：',
    `   ${TYPE_CHECK.name}：${TYPE_CHECK.text}`,
  ];
  for (const c of t.checks) lines.push(`   ${c.code} ${c.name}${c.severity === 'warning' ? '（提示）' : ''}：${c.text}`);
  return lines;
}

/**
 * The grid and formatting of one sheet of the standard workbook.
 * Without a unit the header's unit cells are left for the clerk to fill and
 * no field is shown as not applicable.
 */
export function layout(templateId: TemplateId, year: number, unit: LayoutUnit | null, opts: LayoutOptions = {}): SheetLayout {
  const edition = opts.edition ?? editionForYear(year);
  const t = edition.template(templateId);
  const s = opts.settings;
  const width = t.kind === 'record' ? 5 : t.fields.length + 1;
  const out: SheetLayout = { ...sheetOf(t.sheet), template: t.id };
  const grid = out.grid;
  const blank = (): CellValue[] => new Array<CellValue>(width).fill(null);
  const push = (cells: CellValue[] = []): number => {
    const row = blank();
    cells.forEach((c, i) => (row[i] = c));
    grid.push(row);
    return grid.length - 1;
  };

  // Title and the legal marks (表号, 制定机关, 备案文号, 有效期至) on the right, the unit on the left.
  const title = push([sheetTitle(t, year)]);
  out.merges.push({ row: title, col: 0, cols: width });
  out.bold.push({ row: title, col: 0 });
  const marks: [string, string][] = [
    [LABELS.formNo, formNo(t)],
    [LABELS.issuer, s?.issuer ?? ''],
    [LABELS.docNo, s?.docNo ?? ''],
    [LABELS.validUntil, s ? validUntilOf(edition, s.validUntil) : ''],
  ];
  const who: [string, CellValue][] = [
    [LABELS.unitName, unit?.name ?? null],
    [LABELS.unitCode, unit?.code ?? null],
    [LABELS.period, periodText(year)],
  ];
  for (let i = 0; i < marks.length; i++) {
    const cells = blank();
    if (who[i]) {
      cells[0] = `${who[i]![0]}：`;
      cells[1] = who[i]![1];
    }
    cells[width - 2] = `${marks[i]![0]}：`;
    cells[width - 1] = marks[i]![1];
    const r = push(cells);
    if (who[i]) {
      out.formats.push({ row: r, col: 1, format: FORMAT_TEXT });
      if (!unit && i < 2) out.inputs.push({ row: r, col: 1 });
    }
  }
  push();

  const header = (cells: CellValue[]) => {
    const r = push(cells);
    out.bold.push({ row: r, col: 0, cols: width });
    return r;
  };

  if (t.kind === 'record') {
    out.headerRow = header([LABELS.indicator, LABELS.code, LABELS.unit, LABELS.current, LABELS.previous]);
    const values = opts.rows?.[0] ?? {};
    t.fields.forEach((f, i) => {
      const asked = !unit || applies(f, unit.org);
      const r = push([
        f.label,
        String(i + 1).padStart(2, '0'),
        f.unit || NOT_APPLICABLE,
        asked ? toCell(f, values[f.key]) : NOT_APPLICABLE,
        asked && opts.previous ? toCell(f, opts.previous[f.key]) : null,
      ]);
      const format = formatOf(f);
      if (format) out.formats.push({ row: r, col: 3, cols: 2, format });
      if (asked) {
        out.inputs.push({ row: r, col: 3 });
        const options = dropdownOf(f);
        if (options) out.dropdowns.push({ row: r, col: 3, options });
      }
    });
    out.widths = [34, 6, 10, 16, 16];
    out.freeze = { rows: out.headerRow + 1, cols: 1 };
    (out.borders ??= []).push({ row: out.headerRow, col: 0, rows: t.fields.length + 1, cols: width });
    // A record form is signed on paper: one page, upright.
    out.print = { orientation: 'portrait', onePage: true, footer: formNo(t) };
  } else {
    out.headerRow = header([LABELS.serial, ...t.fields.map((f) => f.label)]);
    push([LABELS.unit, ...t.fields.map((f) => f.unit || NOT_APPLICABLE)]);
    const rows = opts.rows ?? [];
    const count = rows.length + (opts.blankRows ?? (rows.length ? 5 : 20));
    const first = grid.length;
    for (let i = 0; i < count; i++) {
      const row = rows[i];
      push([i + 1, ...t.fields.map((f) => (row ? toCell(f, row[f.key]) : null))]);
    }
    t.fields.forEach((f, j) => {
      const block = { row: first, col: j + 1, rows: count };
      const format = formatOf(f);
      if (format) out.formats.push({ ...block, format });
      const options = dropdownOf(f);
      if (options) out.dropdowns.push({ ...block, options });
    });
    out.inputs.push({ row: first, col: 1, rows: count, cols: t.fields.length });
    out.widths = [6, ...t.fields.map(fieldWidth)];
    out.freeze = { rows: out.headerRow + 2, cols: 0 };
    (out.borders ??= []).push({ row: out.headerRow, col: 0, rows: count + 2, cols: width });
    // A list is wide: across the page, one page for a typical unit (up to 20 rows); a longer one runs on with its header repeated.
    out.print = { orientation: 'landscape', onePage: count <= 20, titleRows: { first: out.headerRow, last: out.headerRow + 1 }, footer: formNo(t) };
  }

  // Footer: who signs the report off, then the notes.
  push();
  const pairs = SIGNOFF_FIELDS.map((x) => `${x.label}：`);
  for (let i = 0; i < pairs.length; i += 2) {
    const cells: CellValue[] = [pairs[i]!, null];
    if (pairs[i + 1]) cells.push(pairs[i + 1]!, null);
    const r = push(cells);
    out.formats.push({ row: r, col: 1, format: FORMAT_TEXT });
    out.inputs.push({ row: r, col: 1 });
    if (pairs[i + 1]) {
      out.formats.push({ row: r, col: 3, format: FORMAT_TEXT });
      out.inputs.push({ row: r, col: 3 });
    }
  }
  push();
  const notesRow = push([`${LABELS.notes}：`]);
  out.bold.push({ row: notesRow, col: 0 });
  for (const line of notes(t, year)) {
    const r = push([line]);
    out.merges.push({ row: r, col: 0, cols: width });
  }
  return out;
}

/** Every sheet of the year's edition, in the workbook's order. */
export function layoutWorkbook(year: number, unit: LayoutUnit | null, opts: Partial<Record<TemplateId, LayoutOptions>> = {}, edition = editionForYear(year)): SheetLayout[] {
  return edition.templates.map((t) => layout(t.id, year, unit, { edition, ...opts[t.id] }));
}

/**
 * The blank workbook for a unit (or for anyone, without one), with last
 * year's records in the 上年 column — a field new in this edition has none.
 */
export function blankWorkbook(year: number, unit: LayoutUnit | null, settings: Settings, previous: Partial<Record<TemplateId, readonly Row[]>> = {}, edition = editionForYear(year)): SheetLayout[] {
  return edition.templates.map((t) => layout(t.id, year, unit, { edition, settings, previous: previous[t.id]?.[0] ?? null }));
}
