/**
 * Reads a filled sheet back into report rows. Fields are found by their
 * labels (never fixed addresses), so inserted notes, extra blank rows or a
 * table moved down do not matter. Values are turned into the JSON the API
 * takes where that is unambiguous (Chinese option labels, 是/否, full-width
 * digits, thousands separators, dates as serial numbers); anything else is
 * passed through as typed so the check engine can say what is wrong with it,
 * at the right cell.
 */
import { SIGNOFF_FIELDS, type Field, type Signoff, type Template, type TemplateId } from './catalog.ts';
import { editionForYear, EDITIONS, LATEST, templateNamed, type Edition } from './editions.ts';
import { cellRef, isBlankCell, norm, serialToDate, type CellValue, type Grid } from './grid.ts';
import { BOOL_LABELS, LABELS, periodText } from './layout.ts';
import { decimalToHundredths, hundredthsToNumber } from './money.ts';
import type { Row } from './validate.ts';

export interface ReadResult {
  template: TemplateId;
  sheet: string;
  /** 填报单位 as written in the sheet's header. */
  unit: { code: string | null; name: string | null };
  /** 报告期 as written in the sheet's header. */
  year: number | null;
  rows: Row[];
  /** Per row, field key → cell in Excel notation. */
  cells: Record<string, string>[];
  signoff: Signoff;
  /** What could not be read, in plain Chinese; when not empty the rows are not to be trusted. */
  problems: string[];
}

export interface ReadExpect {
  unit?: string;
  year?: number;
}

/** Marks that mean "nothing here" in a cell: the form's 不适用 dash and its look-alikes. */
const DASHES = new Set(['—', '——', '-', '--', '－', '/', '／']);

/** Float noise from Excel formulas (0.1 + 0.2) is not a third decimal. */
function roundNoise(n: number, decimals: number): number {
  const f = 10 ** decimals;
  const r = Math.round(n * f) / f;
  return Math.abs(n - r) < 1e-9 * Math.max(1, Math.abs(n)) ? r : n;
}

const NUMBER_TEXT = /^[+-]?(\d+|\d{1,3}(,\d{3})+)(\.\d+)?$/;

function textToNumber(s: string): number | null {
  const t = s.normalize('NFKC').replace(/\s+/g, '');
  if (!NUMBER_TEXT.test(t)) return null;
  const plain = t.replace(/,/g, '');
  const h = decimalToHundredths(plain);
  return h.ok ? hundredthsToNumber(h.value) : Number(plain);
}

const pad2 = (n: number) => String(n).padStart(2, '0');

function serialToMonth(n: number): string | null {
  // A six-digit whole number with a real month is how many forms write 年月: 202403.
  if (Number.isInteger(n) && n >= 190001 && n <= 299912 && n % 100 >= 1 && n % 100 <= 12) {
    return `${Math.floor(n / 100)}-${pad2(n % 100)}`;
  }
  if (n < 1 || n > 2958465) return null;
  const d = serialToDate(n);
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}`;
}

const MONTH_TEXT = /^(\d{4})[-/.年](\d{1,2})月?(?:[-/.](\d{1,2})日?)?$/;
const DAY_TEXT = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/;

/** One cell as the JSON value of field `f`. */
export function cellToValue(f: Field, v: CellValue): unknown {
  if (isBlankCell(v)) return null;
  if (typeof v === 'string' && DASHES.has(v.trim())) return null;
  switch (f.type) {
    case 'int':
    case 'money': {
      const decimals = f.type === 'int' ? 0 : 2;
      if (typeof v === 'number') return roundNoise(v, decimals);
      if (typeof v === 'string') {
        const n = textToNumber(v);
        return n === null ? v : n;
      }
      return v;
    }
    case 'text':
      if (typeof v === 'number') return String(v);
      if (typeof v === 'boolean') return v ? BOOL_LABELS[0] : BOOL_LABELS[1];
      return v;
    case 'enum': {
      const s = norm(v);
      const o = f.options?.find((x) => norm(x.label) === s || x.key === s);
      return o ? o.key : v;
    }
    case 'bool': {
      if (typeof v === 'boolean') return v;
      const s = norm(v).toUpperCase();
      if (s === BOOL_LABELS[0] || s === 'TRUE') return true;
      if (s === BOOL_LABELS[1] || s === 'FALSE') return false;
      return v;
    }
    case 'month': {
      if (typeof v === 'number') return serialToMonth(v) ?? v;
      const m = typeof v === 'string' ? MONTH_TEXT.exec(norm(v)) : null;
      if (m && Number(m[2]) >= 1 && Number(m[2]) <= 12) return `${m[1]}-${pad2(Number(m[2]))}`;
      return v;
    }
  }
}

function dateText(v: CellValue): string | null {
  if (isBlankCell(v)) return null;
  if (typeof v === 'number' && v > 0 && v < 2958466) {
    const d = serialToDate(v);
    return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
  }
  const s = norm(v);
  const m = DAY_TEXT.exec(s);
  return m ? `${m[1]}-${pad2(Number(m[2]))}-${pad2(Number(m[3]))}` : String(v).trim();
}

/**
 * Finds a `label：value` pair: the value in the same cell after the colon, or
 * in the next filled cell to the right. Searches rows [from, to).
 */
function findLabelled(grid: Grid, label: string, from = 0, to = grid.length): { value: CellValue; found: boolean } {
  const want = norm(label);
  for (let r = from; r < Math.min(to, grid.length); r++) {
    const row = grid[r] ?? [];
    for (let c = 0; c < row.length; c++) {
      const text = norm(row[c]);
      if (!text.startsWith(want)) continue;
      const rest = text.slice(want.length);
      if (rest !== '' && rest !== ':' && !rest.startsWith(':')) continue;
      const inline = rest.replace(/^:/, '');
      if (inline) return { value: String(row[c]).replace(/^[^:：]*[:：]\s*/, '').trim(), found: true };
      for (let k = c + 1; k < row.length; k++) {
        if (isBlankCell(row[k])) continue;
        // The next label (制定机关：…) means this one was left empty.
        if (norm(row[k]).endsWith(':')) break;
        return { value: row[k] ?? null, found: true };
      }
      return { value: null, found: true };
    }
  }
  return { value: null, found: false };
}

/** The row holding all of `labels` (normalized), with each label's column. */
function findHeader(grid: Grid, labels: string[]): { row: number; cols: Map<string, number>; missing: string[] } | null {
  let best: { row: number; cols: Map<string, number>; missing: string[] } | null = null;
  grid.forEach((cells, r) => {
    const cols = new Map<string, number>();
    (cells ?? []).forEach((v, c) => {
      const t = norm(v);
      for (const l of labels) if (!cols.has(l) && norm(l) === t) cols.set(l, c);
    });
    if (cols.size > (best?.cols.size ?? 1)) best = { row: r, cols, missing: labels.filter((l) => !cols.has(l)) };
  });
  return best;
}

/** The year a sheet states in its header (报告期), or null. */
export function yearOfGrid(grid: Grid): number | null {
  const period = findLabelled(grid, LABELS.period).value;
  const y = /^(\d{4})/.exec(norm(period));
  return y ? Number(y[1]) : null;
}

/**
 * Reads one template's sheet, given as a grid starting at A1, as `edition`
 * states the template — by default the edition of the year expected, else
 * of the year the sheet states.
 */
export function read(templateId: TemplateId, grid: Grid, expect: ReadExpect = {}, edition?: Edition): ReadResult {
  const t = (edition ?? editionForYear(expect.year ?? yearOfGrid(grid) ?? EDITIONS['2024'].from)).template(templateId);
  const result: ReadResult = {
    template: t.id,
    sheet: t.sheet,
    unit: { code: null, name: null },
    year: null,
    rows: [],
    cells: [],
    signoff: {},
    problems: [],
  };
  const problem = (m: string) => result.problems.push(`“${t.sheet}”${m}`);

  const headerLabels = t.kind === 'record' ? [LABELS.indicator, LABELS.current] : [LABELS.serial, ...t.fields.map((f) => f.label)];
  const header = findHeader(grid, headerLabels);
  if (!header || (t.kind === 'record' && header.missing.length)) {
    problem(`找不到表头（${headerLabels.slice(0, 3).join('、')}…），请使用标准报表模板`);
    return result;
  }
  const top = header.row;

  const code = findLabelled(grid, LABELS.unitCode, 0, top).value;
  const name = findLabelled(grid, LABELS.unitName, 0, top).value;
  const period = findLabelled(grid, LABELS.period, 0, top).value;
  result.unit = { code: isBlankCell(code) ? null : String(code).trim(), name: isBlankCell(name) ? null : String(name).trim() };
  const y = /^(\d{4})/.exec(norm(period));
  result.year = y ? Number(y[1]) : null;

  let end = top + 1;
  if (t.kind === 'record') {
    const nameCol = header.cols.get(LABELS.indicator)!;
    const valueCol = header.cols.get(LABELS.current)!;
    const row: Row = {};
    const cells: Record<string, string> = {};
    for (const f of t.fields) {
      const want = norm(f.label);
      let r = top + 1;
      while (r < grid.length && norm(grid[r]?.[nameCol]) !== want) r++;
      if (r >= grid.length) {
        problem(`找不到指标“${f.label}”，请勿修改“${LABELS.indicator}”列`);
        continue;
      }
      // Blank and — cells are omitted, as in list rows: absent means "not given".
      const v = cellToValue(f, grid[r]?.[valueCol] ?? null);
      if (v !== null) row[f.key] = v;
      cells[f.key] = cellRef(t.sheet, r, valueCol);
      end = Math.max(end, r + 1);
    }
    result.rows = [row];
    result.cells = [cells];
  } else {
    // 序号 is for the clerk's eyes; only the fields' columns must be there.
    const missing = header.missing.filter((l) => l !== LABELS.serial);
    if (missing.length) {
      problem(`表头缺少“${missing.join('”、“')}”列，请使用标准报表模板`);
      return result;
    }
    let r = top + 1;
    const first = grid[r]?.[header.cols.get(LABELS.serial) ?? Math.min(...header.cols.values())];
    if (norm(first) === LABELS.unit || norm(first) === '单位') r++;
    for (; r < grid.length; r++) {
      const cellsOf = t.fields.map((f) => grid[r]?.[header.cols.get(f.label)!] ?? null);
      if (cellsOf.every(isBlankCell)) break;
      const row: Row = {};
      const cells: Record<string, string> = {};
      t.fields.forEach((f, j) => {
        const v = cellToValue(f, cellsOf[j]!);
        if (v !== null) row[f.key] = v;
        cells[f.key] = cellRef(t.sheet, r, header.cols.get(f.label)!);
      });
      result.rows.push(row);
      result.cells.push(cells);
    }
    end = r;
  }

  for (const s of SIGNOFF_FIELDS) {
    const v = findLabelled(grid, s.label, end).value;
    const text = s.key === 'date' ? dateText(v) : isBlankCell(v) ? null : String(v).trim();
    if (text) result.signoff[s.key] = text;
  }

  if (expect.unit !== undefined) {
    if (!result.unit.code) problem(`中找不到单位代码，请在“${LABELS.unitCode}：”右侧填写本单位代码 ${expect.unit}`);
    else if (result.unit.code !== expect.unit)
      problem(`的单位代码为“${result.unit.code}”，与登录单位“${expect.unit}”不符，请使用本单位的报表`);
  }
  if (expect.year !== undefined) {
    if (result.year === null) problem(`中找不到报告期，请在“${LABELS.period}：”右侧填写 ${periodText(expect.year)}`);
    else if (result.year !== expect.year) problem(`的报告期为 ${periodText(result.year)}，与所选年度 ${periodText(expect.year)} 不符`);
  }
  return result;
}

export interface WorkbookReport {
  /** The edition the workbook was read with. */
  edition: Edition;
  /** The templates whose sheets are in the workbook, read. */
  reports: ReadResult[];
  /** Templates without a sheet. */
  absent: TemplateId[];
  /** Everything that prevents using the workbook, in plain Chinese. */
  problems: string[];
}

/**
 * A sheet name as the reader compares it, here and nowhere else: full-width
 * forms and the ideographic space folded (NFKC), spaces and invisible format
 * characters (zero-width spaces, byte order marks) dropped, letters in one
 * case. 「表1　组织与会员」 typed with a full-width space is 「表1 组织与会员」.
 */
export function sheetKey(name: string): string {
  return name.normalize('NFKC').replace(/[\s\p{Cf}]+/gu, '').toLowerCase();
}

export interface SheetMatch {
  /** Template → the workbook's sheet that holds it. */
  found: Map<TemplateId, string>;
  /** Templates no sheet is named for. */
  absent: TemplateId[];
  /** Templates more than one sheet is named for: which is meant cannot be guessed. */
  ambiguous: { template: TemplateId; sheets: string[] }[];
  /** The workbook's sheets that are no template. */
  others: string[];
}

/** Which of a workbook's sheets hold the templates (any edition's: their names are shared), by `sheetKey`. */
export function matchSheets(names: readonly string[], templates: readonly Template[] = LATEST.templates): SheetMatch {
  const found = new Map<TemplateId, string>();
  const absent: TemplateId[] = [];
  const ambiguous: SheetMatch['ambiguous'] = [];
  const used = new Set<string>();
  for (const t of templates) {
    const key = sheetKey(t.sheet);
    const sheets = names.filter((n) => sheetKey(n) === key);
    sheets.forEach((n) => used.add(n));
    if (sheets.length === 1) found.set(t.id, sheets[0]!);
    else if (sheets.length === 0) absent.push(t.id);
    else ambiguous.push({ template: t.id, sheets });
  }
  return { found, absent, ambiguous, others: names.filter((n) => !used.has(n)) };
}

/** Why a workbook whose sheets match a template twice cannot be read, in plain Chinese; null when none does. */
export function ambiguousText(m: SheetMatch): string | null {
  if (!m.ambiguous.length) return null;
  const one = (a: SheetMatch['ambiguous'][number]) => `${a.sheets.map((s) => `“${s}”`).join('')}都是“${templateNamed(a.template).sheet}”`;
  return `工作簿中有名称相同的报表工作表：${m.ambiguous.map(one).join('；')}。请删除或改名多余的工作表后再选择`;
}

const quoteSheets = (ids: readonly TemplateId[]) => ids.map((id) => `“${templateNamed(id).sheet}”`).join('');

/**
 * The sentence telling which templates a workbook did not have, for the pane
 * and the command line to show beside what was read; null when all four were
 * there. `others` are the workbook's sheets that matched no template (a
 * misspelt name is usually among them).
 */
export function absentNotice(edition: Edition, absent: readonly TemplateId[], others: readonly string[] = []): string | null {
  if (!absent.length) return null;
  const rest = others.length ? `文件中另有工作表${others.slice(0, 8).map((s) => `“${s}”`).join('')}${others.length > 8 ? ` 等 ${others.length} 张` : ''}，未作为报表读取。` : '';
  if (absent.length === edition.templates.length) {
    return `文件中没有标准报表的工作表（应为${quoteSheets(edition.ids)}）。${rest}`;
  }
  const read = edition.ids.filter((t) => !absent.includes(t));
  return `文件中没有${quoteSheets(absent)}，只读取了${quoteSheets(read)}。如果${absent.length > 1 ? '这些表' : '这张表'}也要上报，请确认工作表名称与空白报表一致。${rest}`;
}

/**
 * The edition a workbook is read with when the caller does not say: that of
 * the year expected, else of the year its first template sheet states, else
 * — no year anywhere — the newest edition if it holds a sheet only that
 * edition has, else the first.
 */
export function workbookEdition(sheetOf: (sheet: string) => Grid | null | undefined, expect: ReadExpect): Edition {
  if (expect.year !== undefined) return editionForYear(expect.year);
  for (const t of LATEST.templates) {
    const grid = sheetOf(t.sheet);
    const year = grid ? yearOfGrid(grid) : null;
    if (year !== null) return editionForYear(year);
  }
  return LATEST.templates.some((t) => !EDITIONS['2024'].has(t.id) && sheetOf(t.sheet)) ? LATEST : EDITIONS['2024'];
}

/**
 * Reads every template sheet of the edition a workbook has — from a file or
 * from Excel, `sheetOf` says where the grids come from — and refuses a
 * workbook with none.
 */
export function readWorkbook(sheetOf: (sheet: string) => Grid | null | undefined, expect: ReadExpect = {}, edition?: Edition): WorkbookReport {
  const ed = edition ?? workbookEdition(sheetOf, expect);
  const reports: ReadResult[] = [];
  const absent: TemplateId[] = [];
  for (const t of ed.templates) {
    const grid = sheetOf(t.sheet);
    if (grid) reports.push(read(t.id, grid, expect, ed));
    else absent.push(t.id);
  }
  const problems = reports.flatMap((r) => r.problems);
  if (reports.length === 0) {
    problems.unshift(`工作簿中没有标准报表的工作表（应为：${ed.templates.map((t) => `“${t.sheet}”`).join('、')}），请先插入或下载空白报表，填写后再上传`);
  }
  return { edition: ed, reports, absent, problems };
}
