/**
 * Every file a person brings goes through here — in the pane, on the command
 * line, anywhere: the format is recognised from the bytes (the name only
 * tells WPS's .et from .xls), .xlsx and .ods are read into grids within the
 * limits of `limits.ts`, every other format is refused by its name with what
 * to do, and the template sheets are found by one rule (`sheetKey`).
 */
import { LATEST, templateNamed, type Edition } from '../editions.ts';
import { ambiguousText, matchSheets, readWorkbook, type ReadExpect, type SheetMatch, type WorkbookReport } from '../read.ts';
import type { Grid } from '../grid.ts';
import { Budget, WorkbookError, type ReadLimits } from './limits.ts';
import { ODF_KINDS, readOds } from './ods.ts';
import { readOoxml, workbookPart, type WorkbookSheet } from './ooxml.ts';
import { ZipReader } from './zip.ts';

export { WorkbookError, LIMITS, type ReadLimits, type WorkbookErrorReason } from './limits.ts';
export type { WorkbookSheet } from './ooxml.ts';

export type SpreadsheetFormat = 'xlsx' | 'ods';

export interface ReadOptions {
  /** The file's name, when known: only used to tell formats apart that share a container. */
  name?: string;
  /** Tighter limits (tests); the defaults apply everywhere else. */
  limits?: Partial<ReadLimits>;
}

export interface Spreadsheet {
  format: SpreadsheetFormat;
  sheets: WorkbookSheet[];
}

const SAVE_AS = '请另存为 .xlsx 后再选择';
const saveAsIn = (program: string) => `请在 ${program} 中另存为 .xlsx 后再选择`;
const NOT_A_WORKBOOK = '该文件不是 Excel 工作簿（.xlsx）或 OpenDocument 表格（.ods），请选择标准报表文件';
const CFB = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/** Whether `bytes` contain `text` as UTF-16LE (stream names inside a compound file). */
function hasUtf16(bytes: Uint8Array, text: string): boolean {
  const first = text.charCodeAt(0);
  outer: for (let i = bytes.indexOf(first); i >= 0 && i + text.length * 2 <= bytes.length; i = bytes.indexOf(first, i + 1)) {
    for (let j = 0; j < text.length; j++) {
      const c = text.charCodeAt(j);
      if (bytes[i + 2 * j] !== (c & 0xff) || bytes[i + 2 * j + 1] !== c >> 8) continue outer;
    }
    return true;
  }
  return false;
}

/** A compound file (OLE2) holds the old binary formats, and Office's encrypted packages. */
function refuseCompound(bytes: Uint8Array, ext: string): never {
  if (ext === 'et' || ext === 'ett') throw new WorkbookError(`该文件是 WPS 表格格式（.${ext}），本系统无法读取；${saveAsIn('WPS')}`);
  if (hasUtf16(bytes, 'EncryptionInfo')) throw new WorkbookError('该文件设置了打开密码，请在 Excel 或 WPS 中取消密码后另存为 .xlsx，再选择', 'encrypted');
  throw new WorkbookError(`该文件是旧版 .xls 格式（Excel 97-2003 工作簿），本系统无法读取；${saveAsIn('Excel 或 WPS')}`);
}

/** What a file that is not a zip at all looks like, named. */
function refuseOther(bytes: Uint8Array): never {
  const head = new TextDecoder('utf-8').decode(bytes.subarray(0, 512)).replace(/^\uFEFF/, '').trimStart();
  if (head.startsWith('%PDF')) throw new WorkbookError('该文件是 PDF 文档，不是表格；请选择填写好的报表文件（.xlsx 或 .ods）');
  if (head.startsWith('<')) {
    throw new WorkbookError(`该文件是网页或 XML 格式的表格（常见于从其他系统导出的“.xls”），本系统无法读取；请在 Excel 或 WPS 中打开后另存为 .xlsx，再选择`);
  }
  throw new WorkbookError(NOT_A_WORKBOOK);
}

/** The mimetype part of an OpenDocument package, which its spec puts first and uncompressed. */
function odfType(zip: ZipReader): string | null {
  const e = zip.find('mimetype');
  if (!e || e.size > 200) return null;
  let text = '';
  zip.read(e, (chunk) => (text += new TextDecoder('utf-8').decode(chunk)));
  return text.trim();
}

/** Every sheet of an .xlsx or .ods file as a grid from A1; throws WorkbookError, in plain Chinese, for anything else. */
export function readSpreadsheet(bytes: Uint8Array, opts: ReadOptions = {}): Spreadsheet {
  const budget = new Budget(opts.limits);
  const ext = /\.([^./\\]+)$/.exec(opts.name ?? '')?.[1]?.toLowerCase() ?? '';
  if (bytes.length === 0) throw new WorkbookError('该文件是空的（0 字节），请重新保存后再选择');
  budget.fileSize(bytes.length);
  if (CFB.every((b, i) => bytes[i] === b)) refuseCompound(bytes, ext);
  if (bytes[0] !== 0x50 || bytes[1] !== 0x4b) refuseOther(bytes);

  const zip = new ZipReader(bytes, budget);
  let result: Spreadsheet;
  const mime = odfType(zip);
  if (mime?.startsWith('application/vnd.oasis.opendocument.spreadsheet')) result = { format: 'ods', sheets: readOds(zip, budget) };
  else if (mime) {
    const kind = Object.entries(ODF_KINDS).find(([m]) => mime.startsWith(m))?.[1] ?? 'OpenDocument 文件';
    throw new WorkbookError(`该文件是${kind}，不是表格；请选择填写好的报表文件（.xlsx 或 .ods）`);
  } else {
    const workbook = workbookPart(zip);
    if (zip.find('xl/workbook.bin') || workbook?.toLowerCase().endsWith('.bin')) {
      throw new WorkbookError(`该文件是 Excel 二进制工作簿（.xlsb），本系统无法读取；${SAVE_AS}`);
    }
    if (zip.entries.some((e) => /^index\/.*\.iwa$/i.test(e.name) || e.name === 'Index.zip')) {
      throw new WorkbookError(`该文件是 Apple Numbers 表格（.numbers），本系统无法读取；${SAVE_AS}（在 Numbers 中选择“文件 › 导出为 › Excel”）`);
    }
    if (zip.find('word/document.xml')) throw new WorkbookError('该文件是 Word 文档，不是表格；请选择填写好的报表文件（.xlsx 或 .ods）');
    if (zip.find('ppt/presentation.xml')) throw new WorkbookError('该文件是 PowerPoint 演示文稿，不是表格；请选择填写好的报表文件（.xlsx 或 .ods）');
    if (!workbook || !zip.find(workbook)) throw new WorkbookError(NOT_A_WORKBOOK);
    result = { format: 'xlsx', sheets: readOoxml(zip, budget, workbook) };
  }
  // Parts the reader did not need are checked too: a damaged file is refused whole.
  zip.verifyRest();
  return result;
}

/** Every sheet of an .xlsx (or .ods) file; kept for the callers that only want the grids. */
export function readXlsx(bytes: Uint8Array, opts: ReadOptions = {}): WorkbookSheet[] {
  return readSpreadsheet(bytes, opts).sheets;
}

export interface ReportFile extends Spreadsheet {
  /**
   * The file's sheets, each template's sheet under the template's own name
   * (「表1　组织与会员」 becomes 「表1 组织与会员」), so that cells named by
   * the checks are found in it; other sheets keep their names.
   */
  sheets: WorkbookSheet[];
  match: SheetMatch;
}

/**
 * The one reading path of a report file, for the pane and the command line:
 * the file read, its template sheets found by `sheetKey`. A file in which two
 * sheets claim one template is refused: either could be the one meant.
 */
export function openReportFile(bytes: Uint8Array, opts: ReadOptions = {}): ReportFile {
  const book = readSpreadsheet(bytes, opts);
  const match = matchSheets(book.sheets.map((s) => s.name));
  const ambiguous = ambiguousText(match);
  if (ambiguous) throw new WorkbookError(ambiguous);
  const standard = new Map([...match.found].map(([id, name]) => [name, templateNamed(id).sheet]));
  return { ...book, sheets: book.sheets.map((s) => ({ name: standard.get(s.name) ?? s.name, grid: s.grid })), match };
}

export interface ReportWorkbook extends WorkbookReport {
  format: SpreadsheetFormat;
  /** The file's sheets that are no template. */
  others: string[];
}

/** Reads the report sheets of a filled .xlsx or .ods file, with `edition` (else the one its year says). */
export function readReportWorkbook(bytes: Uint8Array, expect: ReadExpect = {}, opts: ReadOptions = {}, edition?: Edition): ReportWorkbook {
  const file = openReportFile(bytes, opts);
  const grids = new Map<string, Grid>(file.sheets.map((s) => [s.name, s.grid]));
  const report = readWorkbook((sheet) => (LATEST.templates.some((t) => t.sheet === sheet) ? grids.get(sheet) : undefined), expect, edition);
  return { ...report, format: file.format, others: file.match.others };
}
