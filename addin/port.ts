/**
 * The workbook as the pane sees it. Three adapters implement it: Excel through
 * Office.js (`excel.ts`), WPS 表格 through its ET object model (`wps.ts`) and
 * an .xlsx file opened in the browser (`file.ts`); `host.ts` chooses one.
 * Everything else in the pane talks to this port only.
 */
import type { Grid, Severity, SheetLayout } from '../shared/index.ts';

export interface Mark {
  /** Excel notation with the sheet: `'表2 培训'!F9`. */
  cell: string;
  severity: Severity;
  message: string;
}

export interface WorkbookPort {
  /** `excel` and `wps` write into the workbook open in the spreadsheet program; `file` holds a file the page read. */
  readonly kind: 'excel' | 'wps' | 'file';
  /**
   * Whether the pane can save a file for the person (下载汇总表, 下载空白报表).
   * Decided once, by the adapter (inside Excel: from `Office.context.platform`,
   * see `savesFiles` in excel.ts; inside WPS: never, see wps.ts); the views and
   * actions only read it.
   */
  readonly downloads: boolean;
  /** The names of the workbook's sheets. */
  sheetNames(): Promise<string[]>;
  /** The sheets' cells from A1, by name; null for a sheet that is not there. */
  readSheets(names: string[]): Promise<Map<string, Grid | null>>;
  /** Writes whole sheets (replacing sheets of the same name) with their formatting and charts (`SheetLayout.charts`). */
  writeSheets(sheets: SheetLayout[]): Promise<void>;
  /** Marks cells that have issues; the marks of the previous call are cleared first. */
  markCells(marks: Mark[]): Promise<void>;
  clearMarks(): Promise<void>;
  /** Shows and selects one cell. */
  selectCell(cell: string): Promise<void>;
}

/** A failure of the workbook itself, already said in words a clerk can act on. */
export class WorkbookFailure extends Error {}
