/**
 * The workbook port over an .xlsx file opened in the browser, for clerks whose
 * office suite cannot run add-ins (WPS, LibreOffice). The file is read with
 * the shared reader; marks and the selected cell live here and the page's
 * preview draws them.
 */
import { parseCellRef, type Grid } from '../shared/grid.ts';
import { type SheetLayout } from '../shared/layout.ts';
import { readXlsx } from '../shared/xlsx/index.ts';
import type { Mark, WorkbookPort } from './port.ts';

export class FileWorkbook implements WorkbookPort {
  readonly kind = 'file' as const;
  /** A browser page saves files with <a download>. */
  readonly downloads = true;
  sheets = new Map<string, Grid>();
  marks: Mark[] = [];
  selected: { sheet: string; row: number; col: number } | null = null;
  fileName = '';
  /** Called after anything the preview shows has changed. */
  onChange: () => void = () => {};

  /** Opens a file; throws WorkbookError with a plain message when it is not a usable workbook. */
  open(name: string, bytes: Uint8Array) {
    const sheets = readXlsx(bytes);
    this.sheets = new Map(sheets.map((s) => [s.name, s.grid]));
    this.fileName = name;
    this.marks = [];
    this.selected = null;
    this.onChange();
  }

  async sheetNames() {
    return [...this.sheets.keys()];
  }

  async readSheets(names: string[]) {
    return new Map(names.map((n) => [n, this.sheets.get(n) ?? null] as const));
  }

  async writeSheets(layouts: SheetLayout[]) {
    for (const l of layouts) this.sheets.set(l.sheet, l.grid.map((r) => [...r]));
    this.onChange();
  }

  async markCells(marks: Mark[]) {
    this.marks = marks;
    this.onChange();
  }

  async clearMarks() {
    this.marks = [];
    this.onChange();
  }

  async selectCell(cell: string) {
    const p = parseCellRef(cell);
    this.selected = { sheet: p.sheet ?? [...this.sheets.keys()][0] ?? '', row: p.row, col: p.col };
    this.onChange();
  }
}
