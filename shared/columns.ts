/**
 * The columnar shape of the consolidated JSON (`?shape=columns`): each row's
 * figures as an array in the order of its sheet's columns, instead of an
 * object keyed by column. Conversions both ways; the worker writes rows
 * with `rowToColumns` as it streams them, a client reads them back with
 * `fromColumns`.
 */
import type { ColumnRow, Consolidated, ConsolidatedColumns, SheetRow, Values } from './responses.ts';

/** The fields of a row that hold figures by column. */
const FIGURES = ['values', 'previous', 'change', 'previousPublished'] as const;

export function rowToColumns(row: SheetRow, keys: readonly string[]): ColumnRow {
  const out: Record<string, unknown> = {};
  for (const [field, v] of Object.entries(row)) {
    out[field] = (FIGURES as readonly string[]).includes(field) && v !== null && typeof v === 'object' ? keys.map((k) => (v as Values)[k] ?? null) : v;
  }
  return out as ColumnRow;
}

export function rowFromColumns(row: ColumnRow, keys: readonly string[]): SheetRow {
  const out: Record<string, unknown> = {};
  for (const [field, v] of Object.entries(row)) {
    out[field] = Array.isArray(v) ? Object.fromEntries(keys.map((k, i) => [k, (v as (number | null)[])[i] ?? null])) : v;
  }
  return out as SheetRow;
}

/** A columnar body read back in the default shape. */
export function fromColumns(c: ConsolidatedColumns): Consolidated {
  const { shape: _shape, sheets, ...rest } = c;
  const back = Object.fromEntries(
    Object.entries(sheets).flatMap(([key, s]) => {
      if (!s) return [];
      const keys = s.columns.map((col) => col.key);
      return [[key, { ...s, rows: s.rows.map((r) => rowFromColumns(r, keys)) }]];
    }),
  );
  return { ...rest, sheets: back as Consolidated['sheets'] };
}
