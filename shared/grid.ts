/**
 * A sheet as a 2-D array of plain values, and Excel's A1 notation. Both the
 * Office.js adapter and the .xlsx reader/writer speak this, so the layout and
 * the reader never touch a spreadsheet library.
 */

/** What a cell holds: text, a number (dates as Excel serial numbers), a boolean, or nothing. */
export type CellValue = string | number | boolean | null;
export type Grid = CellValue[][];

/** A block of cells, 0-based, `rows` × `cols` (1 × 1 when absent). */
export interface Range {
  row: number;
  col: number;
  rows?: number;
  cols?: number;
}

/** 0 → A, 25 → Z, 26 → AA. */
export function columnName(col: number): string {
  let s = '';
  for (let n = col + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** A sheet name as Excel writes it in a reference: quoted unless plain letters and digits. */
export function sheetRef(sheet: string): string {
  return /^[A-Za-z_][A-Za-z0-9_.]*$/.test(sheet) ? sheet : `'${sheet.replace(/'/g, "''")}'`;
}

/** `B2:C3` for a block of cells, `B2` for one cell (no sheet). */
export function rangeAddress(r: Range): string {
  const rows = r.rows ?? 1;
  const cols = r.cols ?? 1;
  const start = `${columnName(r.col)}${r.row + 1}`;
  return rows === 1 && cols === 1 ? start : `${start}:${columnName(r.col + cols - 1)}${r.row + rows}`;
}

/** `'表2 培训'!F9` for row 8, column 5 (0-based). */
export function cellRef(sheet: string, row: number, col: number): string {
  return `${sheetRef(sheet)}!${columnName(col)}${row + 1}`;
}

/** `F9` → {row: 8, col: 5}; also accepts `'表2 培训'!F9`. */
export function parseCellRef(ref: string): { sheet: string | null; row: number; col: number } {
  const m = /^(?:(?:'((?:[^']|'')+)'|([^!]+))!)?\$?([A-Z]{1,3})\$?(\d+)$/.exec(ref.trim());
  if (!m) throw new Error(`not a cell reference: ${ref}`);
  const letters = m[3]!;
  let col = 0;
  for (const ch of letters) col = col * 26 + (ch.charCodeAt(0) - 64);
  const sheet = m[1] !== undefined ? m[1].replace(/''/g, "'") : (m[2] ?? null);
  return { sheet, row: Number(m[4]) - 1, col: col - 1 };
}

/** The text of a cell for matching labels: full-width forms folded (NFKC), spaces removed. */
export function norm(v: CellValue | undefined): string {
  if (v === null || v === undefined) return '';
  return String(v).normalize('NFKC').replace(/\s+/g, '');
}

export function isBlankCell(v: CellValue | undefined): boolean {
  return v === null || v === undefined || (typeof v === 'string' && v.trim() === '');
}

/** Excel's day 0 is 1899-12-30 (it counts the phantom 1900-02-29, which this offset absorbs). */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);

/** An Excel date serial number as a UTC date. */
export function serialToDate(serial: number): Date {
  return new Date(EXCEL_EPOCH_MS + Math.round(serial * 86_400_000));
}

export function dateToSerial(d: Date): number {
  return (d.getTime() - EXCEL_EPOCH_MS) / 86_400_000;
}
