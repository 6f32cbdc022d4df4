/**
 * THE READER BEFORE ISSUE 12, frozen here only so that bench/xlsx-readers.ts
 * can measure the new reader against it. Nothing else imports it; it parses
 * XML with regular expressions and checks no CRC, which is why it was replaced.
 *
 * Reads .xlsx files into grids, in the browser and in Node alike: unzip with
 * fflate, then the few SpreadsheetML parts that hold values. It reads what
 * Excel, WPS and LibreOffice save: shared or inline strings, rich text,
 * numbers (dates stay Excel serial numbers, which `read()` understands),
 * booleans, and cached results of formulas. It refuses, in plain Chinese,
 * what is not a workbook, an encrypted one, or the old .xls format.
 */
import { unzipSync, strFromU8 } from 'fflate';
import { parseCellRef, type CellValue, type Grid } from '../shared/grid.ts';
import { readWorkbook, type ReadExpect, type WorkbookReport } from '../shared/read.ts';

export class WorkbookError extends Error {}

const CFB = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/** Whether `bytes` contain `text` as UTF-16LE (stream names of a compound file). */
function hasUtf16(bytes: Uint8Array, text: string): boolean {
  const pattern = [...text].flatMap((c) => [c.charCodeAt(0) & 0xff, c.charCodeAt(0) >> 8]);
  outer: for (let i = 0; i + pattern.length <= bytes.length; i++) {
    for (let j = 0; j < pattern.length; j++) if (bytes[i + j] !== pattern[j]) continue outer;
    return true;
  }
  return false;
}

function unzip(bytes: Uint8Array): Record<string, Uint8Array> {
  if (CFB.every((b, i) => bytes[i] === b)) {
    if (hasUtf16(bytes, 'EncryptionInfo')) throw new WorkbookError('该文件设置了打开密码，请在 Excel 或 WPS 中取消密码后另存为 .xlsx 再上传');
    throw new WorkbookError('该文件是旧版 .xls 格式，请在 Excel 或 WPS 中“另存为” Excel 工作簿（.xlsx）后再上传');
  }
  if (bytes[0] !== 0x50 || bytes[1] !== 0x4b) throw new WorkbookError('该文件不是 Excel 工作簿（.xlsx），请选择标准报表文件');
  try {
    return unzipSync(bytes, { filter: (f) => f.name.endsWith('.xml') || f.name.endsWith('.rels') });
  } catch {
    throw new WorkbookError('该文件已损坏或不是 Excel 工作簿（.xlsx），请重新保存后再试');
  }
}

const ENTITY: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** XML text to a string: entities, then OOXML's _xHHHH_ escapes (_x005F_ is a literal underscore). */
export function decodeXml(s: string): string {
  return s
    .replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (m, e: string) =>
      e[0] === '#' ? String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : Number(e.slice(1))) : (ENTITY[e] ?? m),
    )
    .replace(/_x([0-9A-Fa-f]{4})_/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

/** The text of a string item (<si> or <is>): its <t> runs, without phonetic guides (<rPh>). */
function runs(xml: string): string {
  const plain = xml.replace(/<rPh\b[\s\S]*?<\/rPh>/g, '');
  let out = '';
  for (const m of plain.matchAll(/<t\b[^>]*?(?:\/>|>([\s\S]*?)<\/t>)/g)) out += decodeXml(m[1] ?? '');
  return out;
}

function attrs(s: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of s.matchAll(/([\w:]+)\s*=\s*"([^"]*)"/g)) out[m[1]!] = decodeXml(m[2]!);
  return out;
}

function sheetGrid(xml: string, shared: string[]): Grid {
  const grid: Grid = [];
  let rowIndex = -1;
  for (const rm of xml.matchAll(/<row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/row>)/g)) {
    const ra = attrs(rm[1]!);
    rowIndex = ra.r ? Number(ra.r) - 1 : rowIndex + 1;
    let col = -1;
    const row: CellValue[] = [];
    for (const cm of (rm[2] ?? '').matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
      const a = attrs(cm[1]!);
      col = a.r ? parseCellRef(a.r).col : col + 1;
      const body = cm[2] ?? '';
      const v = /<v>([\s\S]*?)<\/v>/.exec(body)?.[1];
      let value: CellValue = null;
      switch (a.t) {
        case 's':
          value = v === undefined ? null : (shared[Number(v)] ?? null);
          break;
        case 'inlineStr':
          value = runs(/<is>([\s\S]*?)<\/is>/.exec(body)?.[1] ?? '');
          break;
        case 'str':
        case 'e':
          value = v === undefined ? null : decodeXml(v);
          break;
        case 'b':
          value = v === undefined ? null : v.trim() === '1';
          break;
        default:
          value = v === undefined || v.trim() === '' ? null : Number(v);
          if (typeof value === 'number' && Number.isNaN(value)) value = decodeXml(v!);
      }
      row[col] = value;
    }
    for (let i = 0; i < row.length; i++) if (row[i] === undefined) row[i] = null;
    grid[rowIndex] = row;
  }
  for (let i = 0; i < grid.length; i++) if (!grid[i]) grid[i] = [];
  return grid;
}

export interface WorkbookSheet {
  name: string;
  grid: Grid;
}

/** Every sheet of an .xlsx file as a grid starting at A1. */
export function readXlsx(bytes: Uint8Array): WorkbookSheet[] {
  const files = unzip(bytes);
  const text = (path: string) => {
    const f = files[path] ?? files[path.replace(/^\//, '')];
    return f ? strFromU8(f) : null;
  };
  const workbook = text('xl/workbook.xml');
  if (!workbook) throw new WorkbookError('该文件不是 Excel 工作簿（缺少 xl/workbook.xml），请选择标准报表文件');
  const rels = new Map<string, string>();
  for (const m of (text('xl/_rels/workbook.xml.rels') ?? '').matchAll(/<Relationship\b([^>]*?)\/?>/g)) {
    const a = attrs(m[1]!);
    if (a.Id && a.Target) rels.set(a.Id, a.Target.startsWith('/') ? a.Target.slice(1) : `xl/${a.Target.replace(/^\.\//, '')}`);
  }
  const sst = text('xl/sharedStrings.xml');
  const shared = sst ? [...sst.matchAll(/<si>([\s\S]*?)<\/si>|<si\/>/g)].map((m) => runs(m[1] ?? '')) : [];
  const sheets: WorkbookSheet[] = [];
  for (const m of workbook.matchAll(/<sheet\b([^>]*?)\/?>/g)) {
    const a = attrs(m[1]!);
    const id = a['r:id'] ?? Object.entries(a).find(([k]) => k.endsWith(':id'))?.[1];
    const path = id ? rels.get(id) : undefined;
    const xml = path ? text(path) : null;
    if (a.name && xml !== null) sheets.push({ name: a.name, grid: sheetGrid(xml, shared) });
  }
  return sheets;
}

export type { WorkbookReport };

/** Reads the report sheets of a filled .xlsx, matching sheet names without regard to spaces or full-width forms. */
export function readReportWorkbook(bytes: Uint8Array, expect: ReadExpect = {}): WorkbookReport {
  const key = (s: string) => s.normalize('NFKC').replace(/\s+/g, '');
  const sheets = new Map(readXlsx(bytes).map((s) => [key(s.name), s.grid]));
  return readWorkbook((sheet) => sheets.get(key(sheet)), expect);
}
