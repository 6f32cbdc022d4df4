/**
 * OpenDocument spreadsheets (.ods, LibreOffice's default format) into the
 * same grids as .xlsx, so the label-based reader reads both. content.xml
 * holds the sheets: table:table → table:table-row → table:table-cell, with
 * runs of identical rows and cells folded into number-rows-repeated and
 * number-columns-repeated. LibreOffice ends every sheet with a run of a
 * million empty rows: empty runs only move the position, and only cells with
 * a value are kept, within the reader's limits.
 */
import type { CellValue } from '../grid.ts';
import { damaged, MAX_COL, MAX_ROW, WorkbookError, type Budget } from './limits.ts';
import type { WorkbookSheet } from './ooxml.ts';
import { isoToSerial } from './ooxml.ts';
import { attrNS, parseEntry, type Tag } from './xml.ts';
import type { ZipReader } from './zip.ts';

const NS = {
  office: 'urn:oasis:names:tc:opendocument:xmlns:office:1.0',
  table: 'urn:oasis:names:tc:opendocument:xmlns:table:1.0',
  text: 'urn:oasis:names:tc:opendocument:xmlns:text:1.0',
  draw: 'urn:oasis:names:tc:opendocument:xmlns:drawing:1.0',
  manifest: 'urn:oasis:names:tc:opendocument:xmlns:manifest:1.0',
  calcext: 'urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0',
} as const;

const isEl = (t: Tag, ns: keyof typeof NS, local: string) => t.local === local && t.uri === NS[ns];

/** An OpenDocument file that is not a spreadsheet names its kind. */
export const ODF_KINDS: Record<string, string> = {
  'application/vnd.oasis.opendocument.text': 'OpenDocument 文本文档（.odt）',
  'application/vnd.oasis.opendocument.presentation': 'OpenDocument 演示文稿（.odp）',
  'application/vnd.oasis.opendocument.graphics': 'OpenDocument 绘图（.odg）',
};

/** Whether the package is encrypted: its manifest then carries encryption data for its parts. */
function encrypted(zip: ZipReader): boolean {
  const entry = zip.find('META-INF/manifest.xml');
  if (!entry) return false;
  let found = false;
  parseEntry(zip, entry, {
    open(t) {
      if (isEl(t, 'manifest', 'encryption-data')) found = true;
    },
    close() {},
  });
  return found;
}

/** A repeat count: a positive whole number, 1 when absent. */
function repeat(t: Tag, local: string, sheet: string): number {
  const v = attrNS(t, NS.table, local);
  if (v === undefined) return 1;
  if (!/^[1-9][0-9]{0,8}$/.test(v.trim())) throw damaged(`工作表“${sheet}”中的重复次数“${v.slice(0, 12)}”无效`);
  return Number(v);
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const DURATION = /^-?P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/**
 * The text of a cell as the spec defines a paragraph's content: runs of
 * spaces, tabs and line ends collapse to one space and vanish at the ends of
 * a paragraph; text:s, text:tab and text:line-break are kept as written;
 * notes, annotations, ruby and drawings are not part of it.
 */
class CellText {
  constructor(private readonly budget: Budget) {}

  private paragraphs: string[] = [];
  private out = '';
  private pending = false;
  private lastSpace = true;
  private inP = 0;
  private skip = 0;

  open(t: Tag) {
    if (this.skip || t.uri === NS.draw || isEl(t, 'office', 'annotation') || isEl(t, 'text', 'note-body') || isEl(t, 'text', 'ruby-text')) {
      this.skip++;
      return;
    }
    if (t.uri !== NS.text) return;
    if (t.local === 'p' || t.local === 'h') {
      if (this.inP++ === 0) {
        this.out = '';
        this.pending = false;
        this.lastSpace = true;
      }
    } else if (this.inP) {
      if (t.local === 's') {
        const c = attrNS(t, NS.text, 'c');
        const n = c === undefined ? 1 : /^[1-9][0-9]{0,4}$/.test(c) ? Number(c) : NaN;
        if (Number.isNaN(n)) throw damaged(`单元格中的空格数“${c!.slice(0, 12)}”无效`);
        // A few bytes ask for up to 99,999 spaces: what they expand to counts against the limits.
        this.budget.expanded(n);
        this.literal(' '.repeat(n));
      } else if (t.local === 'tab') this.literal('\t');
      else if (t.local === 'line-break') this.literal('\n');
    }
  }

  close(t: Tag) {
    if (this.skip) {
      this.skip--;
      return;
    }
    if (t.uri === NS.text && (t.local === 'p' || t.local === 'h') && --this.inP === 0) this.paragraphs.push(this.out);
  }

  private literal(s: string) {
    if (this.pending) this.out += ' ';
    this.out += s;
    this.pending = false;
    this.lastSpace = true;
  }

  text(s: string) {
    if (this.skip || !this.inP) return;
    for (const ch of s) {
      if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
        if (!this.lastSpace) this.pending = true;
        this.lastSpace = true;
      } else {
        if (this.pending) this.out += ' ';
        this.out += ch;
        this.pending = false;
        this.lastSpace = false;
      }
    }
  }

  get value(): string | null {
    return this.paragraphs.length ? this.paragraphs.join('\n') : null;
  }
}

/** Every sheet of an .ods package, in order. */
export function readOds(zip: ZipReader, budget: Budget): WorkbookSheet[] {
  if (encrypted(zip)) throw new WorkbookError('该文件设置了密码，请在 LibreOffice 中取消密码后另存，再选择', 'encrypted');
  const content = zip.find('content.xml');
  if (!content) throw damaged('缺少表格内容部件');
  const sheets: WorkbookSheet[] = [];

  let sheet: WorkbookSheet | null = null;
  /** Tables inside a table (a drawing's or an old sub-table) are not the sheet's cells. */
  let nested = 0;
  let row = 0;
  let rowRepeat = 1;
  let cells: [number, CellValue][] = [];
  let col = 0;
  let cell: { tag: Tag; repeat: number; text: CellText; depth: number } | null = null;

  const bad = (why: string) => damaged(`工作表“${sheet?.name ?? ''}”${why}`);

  const value = (t: Tag, text: string | null): CellValue => {
    const type = attrNS(t, NS.office, 'value-type');
    if (attrNS(t, NS.calcext, 'value-type') === 'error') return text;
    const need = (local: string) => {
      const v = attrNS(t, NS.office, local);
      if (v === undefined) throw bad(`第 ${row + 1} 行有缺少数值的单元格`);
      return v.trim();
    };
    switch (type) {
      case undefined:
      case 'void':
        // Without a type a cell holds no value; simple writers still put plain text there.
        return type === undefined ? text : null;
      case 'float':
      case 'percentage':
      case 'currency': {
        const v = need('value');
        const n = Number(v);
        if (!NUMBER.test(v) || !Number.isFinite(n)) throw bad(`有无效的数值“${v.slice(0, 30)}”`);
        return n;
      }
      case 'date': {
        const v = need('date-value');
        const n = isoToSerial(v);
        if (n === null) throw bad(`有无效的日期“${v.slice(0, 30)}”`);
        return n;
      }
      case 'time': {
        const v = need('time-value');
        const m = DURATION.exec(v);
        if (!m || v === 'P' || v.endsWith('T')) throw bad(`有无效的时间“${v.slice(0, 30)}”`);
        const [d, h, mi, s] = m.slice(1).map((x) => Number(x ?? 0)) as [number, number, number, number];
        return (v.startsWith('-') ? -1 : 1) * (d + (h * 3600 + mi * 60 + s) / 86400);
      }
      case 'boolean': {
        const v = need('boolean-value');
        if (v === 'true' || v === '1') return true;
        if (v === 'false' || v === '0') return false;
        throw bad(`有无效的逻辑值“${v.slice(0, 12)}”`);
      }
      case 'string':
        return attrNS(t, NS.office, 'string-value') ?? text ?? '';
      default:
        throw bad(`有无效的单元格类型“${type.slice(0, 12)}”`);
    }
  };

  const endRow = () => {
    if (cells.length) {
      const width = cells[cells.length - 1]![0] + 1;
      for (let k = 0; k < rowRepeat; k++) {
        if (row + k >= MAX_ROW) throw bad('的行数超出了表格的最大行');
        budget.row(sheet!.name, row + k, width);
        const out = new Array<CellValue>(width).fill(null);
        for (const [c, v] of cells) out[c] = v;
        sheet!.grid[row + k] = out;
      }
    }
    row += rowRepeat;
    cells = [];
  };

  parseEntry(zip, content, {
    open(t) {
      if (cell) {
        if (isEl(t, 'table', 'table')) nested++;
        cell.depth++;
        cell.text.open(t);
        return;
      }
      if (nested) {
        if (isEl(t, 'table', 'table')) nested++;
        return;
      }
      if (isEl(t, 'table', 'table')) {
        if (sheet) {
          nested++;
          return;
        }
        sheet = { name: attrNS(t, NS.table, 'name') ?? `Sheet${sheets.length + 1}`, grid: [] };
        row = 0;
      } else if (!sheet) return;
      else if (isEl(t, 'table', 'table-row')) {
        rowRepeat = repeat(t, 'number-rows-repeated', sheet.name);
        col = 0;
        cells = [];
      } else if (isEl(t, 'table', 'table-cell') || isEl(t, 'table', 'covered-table-cell')) {
        cell = { tag: t, repeat: repeat(t, 'number-columns-repeated', sheet.name), text: new CellText(budget), depth: 0 };
      }
    },
    close(t) {
      if (cell) {
        if (cell.depth > 0) {
          if (isEl(t, 'table', 'table')) nested--;
          cell.depth--;
          cell.text.close(t);
          return;
        }
        const v = value(cell.tag, cell.text.value);
        if (v !== null) {
          if (col + cell.repeat > MAX_COL) throw bad(`第 ${row + 1} 行的单元格超出了表格的最大列`);
          // At most 16,384 entries a row: the column check above bounds it before any is kept.
          for (let k = 0; k < cell.repeat; k++) cells.push([col + k, v]);
        }
        col += cell.repeat;
        cell = null;
        return;
      }
      if (nested) {
        if (isEl(t, 'table', 'table')) nested--;
        return;
      }
      if (!sheet) return;
      if (isEl(t, 'table', 'table-row')) endRow();
      else if (isEl(t, 'table', 'table')) {
        const s: WorkbookSheet = sheet;
        for (let i = 0; i < s.grid.length; i++) s.grid[i] ??= [];
        sheets.push(s);
        sheet = null;
      }
    },
    text(s) {
      cell?.text.text(s);
    },
  });
  return sheets;
}
