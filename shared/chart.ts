/**
 * Native charts over a sheet's own cells, as data for every writer (the .xlsx
 * writer's chart parts, Office.js's `worksheet.charts`). Kept apart from
 * layout.ts, which depends on the catalog, so the .xlsx writer bundles only this.
 */
import type { Range } from './grid.ts';

/**
 * A native chart over cells of the same sheet: real chart parts in an .xlsx,
 * `worksheet.charts` in Excel, never a picture, so the chart follows its
 * cells and a person can restyle it. `bar` is clustered columns, `line` a
 * line per series with a gap where a value is blank.
 */
export interface SheetChart {
  kind: 'bar' | 'line';
  /** The title above the chart (zh-CN). */
  title: string;
  /** The category labels: one column or one row of cells. */
  categories: Range;
  /** Each series: the name shown in the legend and its values, a range as long as the categories. */
  series: { name: string; values: Range }[];
  /** Where the chart sits: its top-left cell (0-based) and its size in whole columns × rows. */
  anchor: { row: number; col: number; cols: number; rows: number };
}

/**
 * The series colours, in order (Office's accent colours). Every writer sets
 * them explicitly: the .xlsx has no theme part, and Excel's own automatic
 * colours follow a workbook's theme, so the file and the pulled sheet would
 * otherwise differ.
 */
export const CHART_COLORS = ['4472C4', 'ED7D31', 'A5A5A5', 'FFC000', '5B9BD5', '70AD47'] as const;

/** The cells of a one-column or one-row range, in order. */
export function rangeCells(r: Range): { row: number; col: number }[] {
  const rows = r.rows ?? 1;
  const cols = r.cols ?? 1;
  if (rows !== 1 && cols !== 1) throw new Error(`a chart's range must be one column or one row, not ${rows} × ${cols}`);
  return Array.from({ length: rows * cols }, (_, i) => (rows === 1 ? { row: r.row, col: r.col + i } : { row: r.row + i, col: r.col }));
}
