/**
 * What the adapters over a live spreadsheet program (Excel through Office.js,
 * `excel.ts`; WPS 表格 through its ET object model, `wps.ts`) share, so that a
 * clerk sees the same workbook in either: how much of a sheet is read, the
 * colours the pane paints, and a mark's cell split into sheet and address.
 * The file adapter (`file.ts`) needs none of it: the preview draws its marks.
 */
import { rangeCells, type SheetChart } from '../shared/chart.ts';
import { columnName, parseCellRef } from '../shared/grid.ts';
import type { SheetLayout } from '../shared/layout.ts';
import { WorkbookFailure } from './port.ts';

/**
 * The part of a sheet the pane reads: rows and columns from A1. The widest
 * template has 12 columns and the API takes at most 10,000 rows per template
 * (`MAX_ROWS` in shared/schemas.ts, not imported here to keep zod out of the
 * pane); the margins leave room for columns and rows a clerk inserts, the
 * header above the table and the sign-off and notes below it. Anything beyond
 * is not part of a report. Reading the used range instead would follow one
 * stray value to the sheet's far corner: Excel returns `values` as null for a
 * range over 5,000,000 cells and Excel on the web refuses responses over 5 MB
 * ("Resource limits and performance optimization for Office Add-ins", Excel
 * add-ins); in WPS it would cross the page's bridge as one 17-billion-cell array.
 */
export const READ_ROWS = 10_500;
export const READ_COLS = 52;
/**
 * Cells per request while writing or reading big sheets: ~40 bytes a cell
 * keeps an Office.js request near 2 MB (Excel on the web refuses 5 MB), and
 * keeps each WPS call, which blocks the pane until WPS answers, short.
 */
export const CHUNK_CELLS = 50_000;

/** Border colours of marked cells, by severity, and the fill of the cells a clerk types into. */
export const MARK_COLORS = { error: '#C00000', warning: '#ED7D31' } as const;
export const INPUT_FILL = '#FFF2CC';

/** A mark's cell (`'表2 培训'!F9`) as its sheet and its address on that sheet (`F9`). */
export function sheetAndAddress(ref: string): { sheet: string; address: string } {
  const p = parseCellRef(ref);
  if (!p.sheet) throw new WorkbookFailure(`单元格“${ref}”没有工作表名`);
  return { sheet: p.sheet, address: `${columnName(p.col)}${p.row + 1}` };
}

/**
 * The index of the chart's first series with a number in the sheet's cells,
 * or -1: a chart with no number at all draws nothing and is left out, as the
 * .xlsx writer and both live adapters do.
 */
export function firstSeriesWithNumbers(layout: SheetLayout, chart: SheetChart): number {
  return chart.series.findIndex((s) => rangeCells(s.values).some((c) => typeof layout.grid[c.row]?.[c.col] === 'number'));
}
