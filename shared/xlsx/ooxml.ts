/**
 * SpreadsheetML (.xlsx) into grids: the package's relationships lead to the
 * workbook, its sheets and the shared strings, each streamed through the XML
 * parser. Values are read exactly as the file holds them: shared, inline and
 * rich strings (without phonetic guides), numbers (dates stay Excel serial
 * numbers), booleans, ISO dates, errors and the cached results of formulas.
 * Anything ambiguous — a cell reference that is not one, two values for one
 * cell, rows out of order, a shared string that does not exist — makes the
 * file damaged rather than read one way or another.
 */
import { dateToSerial, type CellValue, type Grid } from '../grid.ts';
import { damaged, MAX_COL, MAX_ROW, type Budget } from './limits.ts';
import { parseEntry, type Tag } from './xml.ts';
import type { ZipEntry, ZipReader } from './zip.ts';

export interface WorkbookSheet {
  name: string;
  grid: Grid;
}

/** SpreadsheetML's main namespace, transitional and strict; '' for files written without one. */
const MAIN = new Set(['http://schemas.openxmlformats.org/spreadsheetml/2006/main', 'http://purl.oclc.org/ooxml/spreadsheetml/main', '']);
const is = (t: Tag, local: string) => t.local === local && MAIN.has(t.uri);
/** An unqualified attribute (SpreadsheetML's own attributes carry no prefix). */
const attr = (t: Tag, name: string) => t.attributes[name]?.value;

/** ST_Xstring escapes: _xHHHH_ is that UTF-16 unit, _x005F_ a literal underscore. */
export function unescapeXstring(s: string): string {
  return s.includes('_x') ? s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))) : s;
}

/** The part a relationship points at, resolved against the folder of the part that holds it. */
export function resolvePart(from: string, target: string): string {
  const parts = target.startsWith('/') ? [] : from.split('/').slice(0, -1);
  for (const seg of target.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') parts.pop();
    else parts.push(seg);
  }
  return parts.join('/');
}

interface Relationship {
  type: string;
  target: string;
}

/** The relationships of `part`, by Id, with targets resolved to part names. */
function relationships(zip: ZipReader, part: string): Map<string, Relationship> {
  const slash = part.lastIndexOf('/');
  const relsName = `${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`;
  const out = new Map<string, Relationship>();
  const entry = zip.find(relsName);
  if (!entry) return out;
  parseEntry(zip, entry, {
    open(t) {
      if (t.local !== 'Relationship') return;
      const id = attr(t, 'Id');
      const target = attr(t, 'Target');
      if (!id || !target || attr(t, 'TargetMode') === 'External') return;
      out.set(id, { type: attr(t, 'Type') ?? '', target: resolvePart(part, target) });
    },
    close() {},
  });
  return out;
}

/** The workbook part: what the package's root relationships name, else where every producer puts it. */
export function workbookPart(zip: ZipReader): string | null {
  for (const r of relationships(zip, '').values()) if (r.type.endsWith('/officeDocument')) return r.target;
  return zip.find('xl/workbook.xml') ? 'xl/workbook.xml' : null;
}

/** Strings of a rich-text item (<si>, <is>): its <t> runs, leaving out phonetic guides (<rPh>). */
class StringItem {
  private depthRph = 0;
  private inT = false;
  value = '';

  open(t: Tag) {
    if (is(t, 'rPh')) this.depthRph++;
    else if (is(t, 't') && this.depthRph === 0) this.inT = true;
  }

  close(t: Tag) {
    if (is(t, 'rPh')) this.depthRph--;
    else if (is(t, 't')) this.inT = false;
  }

  text(s: string) {
    if (this.inT) this.value += s;
  }
}

function sharedStrings(zip: ZipReader, entry: ZipEntry, budget: Budget): string[] {
  const out: string[] = [];
  let item: StringItem | null = null;
  parseEntry(zip, entry, {
    open(t) {
      if (is(t, 'si')) item = new StringItem();
      else item?.open(t);
    },
    close(t) {
      if (is(t, 'si') && item) {
        out.push(unescapeXstring(item.value));
        budget.sharedStrings(out.length);
        item = null;
      } else item?.close(t);
    },
    text(s) {
      item?.text(s);
    },
  });
  return out;
}

const CELL_REF = /^([A-Z]{1,3})([1-9][0-9]{0,6})$/;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}(?:\.\d+)?))?)?(?:Z|[+-]\d{2}:\d{2})?$/;

/** An ISO 8601 date or date-time as an Excel serial number; null when it is not one. */
export function isoToSerial(s: string): number | null {
  const m = ISO_DATE.exec(s.trim());
  if (!m) return null;
  const [, y, mo, d, h = '0', mi = '0', sec = '0'] = m;
  const date = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  if (date.getUTCMonth() !== Number(mo) - 1 || date.getUTCDate() !== Number(d) || Number(h) > 24 || Number(mi) > 59 || Number(sec) >= 61) return null;
  return dateToSerial(date) + (Number(h) * 3600 + Number(mi) * 60 + Number(sec)) / 86400;
}

/** The cells of one worksheet part, streamed into a grid. */
function sheetGrid(zip: ZipReader, entry: ZipEntry, sheet: string, shared: string[], budget: Budget): Grid {
  const grid: Grid = [];
  const bad = (why: string) => damaged(`工作表“${sheet}”${why}`);
  let inData = 0;
  let inRow = false;
  let rowIndex = -1;
  let cells: [number, CellValue][] = [];
  let col = -1;
  let type = 'n';
  let v: string | null = null;
  let inV = false;
  let inline: StringItem | null = null;
  let inlineValue: string | null = null;

  const cellValue = (): CellValue => {
    switch (type) {
      case 's': {
        if (v === null) return null;
        const i = v.trim();
        if (!/^\d+$/.test(i) || Number(i) >= shared.length) throw bad(`引用了不存在的共享文字（编号 ${i.slice(0, 12)}）`);
        return shared[Number(i)]!;
      }
      case 'inlineStr':
        return inlineValue;
      case 'str':
      case 'e':
        return v === null ? null : unescapeXstring(v);
      case 'b': {
        if (v === null) return null;
        const b = v.trim();
        if (b === '1' || b === 'true') return true;
        if (b === '0' || b === 'false') return false;
        throw bad(`有无效的逻辑值“${b.slice(0, 12)}”`);
      }
      case 'd': {
        if (v === null || v.trim() === '') return null;
        const n = isoToSerial(v);
        if (n === null) throw bad(`有无效的日期“${v.slice(0, 30)}”`);
        return n;
      }
      case 'n': {
        if (v === null) return null;
        const s = v.trim();
        if (s === '') return null;
        // Text in a number cell (or a number no double holds) is passed on as text: the checks then say what is wrong, at its cell.
        const n = NUMBER.test(s) ? Number(s) : NaN;
        return Number.isFinite(n) ? n : unescapeXstring(v);
      }
      default:
        throw bad(`有无效的单元格类型“${type.slice(0, 12)}”`);
    }
  };

  const endRow = () => {
    if (!cells.length) return;
    const width = cells[cells.length - 1]![0] + 1;
    budget.row(sheet, rowIndex, width);
    const row: CellValue[] = new Array<CellValue>(width).fill(null);
    for (const [c, value] of cells) row[c] = value;
    grid[rowIndex] = row;
    cells = [];
  };

  parseEntry(zip, entry, {
    open(t) {
      if (inline) return inline.open(t);
      if (is(t, 'sheetData')) inData++;
      if (!inData) return;
      if (is(t, 'row')) {
        const r = attr(t, 'r');
        let next = rowIndex + 1;
        if (r !== undefined) {
          if (!/^[1-9][0-9]{0,6}$/.test(r.trim()) || Number(r) > MAX_ROW) throw bad(`的行号“${r.slice(0, 12)}”无效`);
          next = Number(r) - 1;
        }
        // Rows come in ascending order; one listed twice or backwards has no single meaning.
        if (next <= rowIndex) throw bad(`第 ${next + 1} 行重复或次序颠倒`);
        rowIndex = next;
        col = -1;
        inRow = true;
      } else if (is(t, 'c')) {
        if (!inRow) throw bad('中有不在任何行中的单元格');
        const r = attr(t, 'r');
        let next = col + 1;
        if (r !== undefined) {
          const m = CELL_REF.exec(r.trim());
          if (!m) throw bad(`中的单元格地址“${r.slice(0, 12)}”无效`);
          let c = 0;
          for (const ch of m[1]!) c = c * 26 + (ch.charCodeAt(0) - 64);
          if (c > MAX_COL || Number(m[2]) - 1 !== rowIndex) throw bad(`中的单元格地址“${r.slice(0, 12)}”无效`);
          next = c - 1;
        }
        if (next <= col) throw bad(`第 ${rowIndex + 1} 行的单元格重复或次序颠倒`);
        if (next >= MAX_COL) throw bad(`第 ${rowIndex + 1} 行的单元格超出了 Excel 的最大列`);
        col = next;
        type = attr(t, 't') ?? 'n';
        v = null;
        inlineValue = null;
      } else if (is(t, 'v')) {
        inV = true;
        v = '';
      } else if (is(t, 'is')) inline = new StringItem();
    },
    close(t) {
      if (inline) {
        if (is(t, 'is')) {
          inlineValue = unescapeXstring(inline.value);
          inline = null;
        } else inline.close(t);
        return;
      }
      if (is(t, 'sheetData')) {
        endRow();
        inData--;
      }
      if (!inData) return;
      if (is(t, 'v')) inV = false;
      else if (is(t, 'c')) {
        const value = cellValue();
        if (value !== null) cells.push([col, value]);
      } else if (is(t, 'row')) {
        endRow();
        inRow = false;
      }
    },
    text(s) {
      if (inV) v += s;
      else inline?.text(s);
    },
  });
  for (let i = 0; i < grid.length; i++) grid[i] ??= [];
  return grid;
}

/** Every sheet of an .xlsx package, in the workbook's order. */
export function readOoxml(zip: ZipReader, budget: Budget, workbook: string): WorkbookSheet[] {
  const wbEntry = zip.find(workbook);
  if (!wbEntry) throw damaged('缺少工作簿部件');
  const rels = relationships(zip, workbook);
  const declared: { name: string; id: string }[] = [];
  parseEntry(zip, wbEntry, {
    open(t) {
      if (!is(t, 'sheet')) return;
      const name = attr(t, 'name');
      // r:id, in whichever relationships namespace (transitional or strict) the file uses.
      const id = Object.values(t.attributes).find((a) => a.local === 'id' && a.uri !== '')?.value;
      if (name === undefined || !id) throw damaged('工作表目录有误');
      declared.push({ name, id });
    },
    close() {},
  });
  const sst = [...rels.values()].find((r) => r.type.endsWith('/sharedStrings'))?.target ?? 'xl/sharedStrings.xml';
  const sstEntry = zip.find(sst);
  const shared = sstEntry ? sharedStrings(zip, sstEntry, budget) : [];
  const sheets: WorkbookSheet[] = [];
  for (const d of declared) {
    const rel = rels.get(d.id);
    const entry = rel && zip.find(rel.target);
    if (!entry) throw damaged(`工作表“${d.name}”的内容缺失`);
    sheets.push({ name: d.name, grid: sheetGrid(zip, entry, d.name, shared, budget) });
  }
  return sheets;
}
