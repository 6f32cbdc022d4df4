/**
 * Cell bookkeeping both fake spreadsheet programs share (the fake Excel,
 * `excel.ts`, and the fake WPS 表格, `wps.ts`): cells kept sparse under
 * `row,col` keys (0-based), A1 addresses, and a sheet's cells as a grid.
 * Written apart from shared/grid.ts on purpose: the fakes must not lean on
 * the code they test.
 */
import type { CellValue } from '../../shared/grid.ts';

/** A block of cells, 0-based. */
export interface Block {
  row: number;
  col: number;
  rows: number;
  cols: number;
}

export const key = (r: number, c: number) => `${r},${c}`;

export function colName(c: number): string {
  let s = '';
  for (let n = c + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** `A1`, `$B$2:C3` → a block; null for anything else. */
export function parseA1(a: string): Block | null {
  const m = /^\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?$/.exec(a);
  if (!m) return null;
  const col = (s: string) => [...s].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
  const r0 = Number(m[2]) - 1;
  const c0 = col(m[1]!);
  const r1 = m[4] ? Number(m[4]) - 1 : r0;
  const c1 = m[3] ? col(m[3]) : c0;
  return { row: r0, col: c0, rows: r1 - r0 + 1, cols: c1 - c0 + 1 };
}

/** `A6:B14` for a block, `A6` for one cell. */
export function a1(b: Block): string {
  const start = `${colName(b.col)}${b.row + 1}`;
  return b.rows === 1 && b.cols === 1 ? start : `${start}:${colName(b.col + b.cols - 1)}${b.row + b.rows}`;
}

export function overlaps(a: Block, b: Block): boolean {
  return a.row < b.row + b.rows && b.row < a.row + a.rows && a.col < b.col + b.cols && b.col < a.col + a.cols;
}

/** Whether a `row,col` key lies in the block. */
export function inside(k: string, b: Block): boolean {
  const [r, c] = k.split(',').map(Number) as [number, number];
  return r >= b.row && r < b.row + b.rows && c >= b.col && c < b.col + b.cols;
}

/** A sheet's written cells from A1 (empty ones null), as a test compares them with a layout's grid. */
export function sparseGrid(values: Map<string, CellValue>): CellValue[][] {
  const out: CellValue[][] = [];
  for (const [k, v] of values) {
    const [r, c] = k.split(',').map(Number) as [number, number];
    (out[r] ??= [])[c] = v === '' ? null : v;
  }
  for (let r = 0; r < out.length; r++) {
    out[r] ??= [];
    for (let c = 0; c < out[r]!.length; c++) if (out[r]![c] === undefined) out[r]![c] = null;
  }
  return out;
}
