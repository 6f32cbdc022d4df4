/**
 * 报告用数: the report's sentences with every figure filled in from the
 * consolidation. Each `{sheet.key@row}` is read off the consolidated sheet's
 * row — the figure trace explains — so the report, the workbook and the
 * pane can never disagree.
 */
import type { Phrase } from './catalog.ts';
import { isBreakdown, templateOfSheet } from './consolidate.ts';
import { editionOf, templateNamed } from './editions.ts';
import type { CellValue } from './grid.ts';
import { FORMAT_TEXT, sheetOf, type SheetLayout } from './layout.ts';
import type { Consolidated, ReportFigures, SheetKey, SheetRow } from './responses.ts';

export const REPORT_SHEET = '报告用数';

/** `{sheet.key@row}` in a phrase. */
const REF = /\{([A-Za-z]+)\.([a-z_]+)@([a-z]+(?::[A-Za-z0-9_-]+)?)\}/g;

/** A row's id as trace and the API name rows: total, subtotal:<org>, category:<key>, area:<code>, local, unit:<code>. */
export function rowIdOf(r: SheetRow): string {
  switch (r.kind) {
    case 'unit':
      return `unit:${r.unit}`;
    case 'subtotal':
      return `subtotal:${r.org}`;
    case 'category':
      return `category:${r.category}`;
    case 'area':
      return r.local ? 'local' : `area:${r.area}`;
    case 'total':
      return 'total';
  }
}

/** A figure as the report prints it: integers as plain digits, money with two decimals, a missing one as —. */
export function figureText(value: number | null, unit: string): string {
  if (value === null) return '—';
  return unit === '万元' ? value.toFixed(2) : String(value);
}

/** Where a sheet's figures are, as a person names it: 表2 培训（按培训类别）. */
function sheetName(sheet: SheetKey): string {
  const t = templateNamed(templateOfSheet(sheet));
  return isBreakdown(sheet) ? `${t.sheet}（${t.breakdown!.by}）` : t.sheet;
}

/**
 * The phrases filled for the consolidation's area (`{scope}`: 全市 or its
 * name). A row the area does not have (no 工会 reported in a 乡镇) is a
 * figure not there: null, printed —.
 */
export function reportFigures(c: Consolidated, phrases: readonly Phrase[] = editionOf(c.edition ?? '2024').phrases): ReportFigures {
  const scope = c.area.level === 0 ? '全市' : c.area.name;
  return {
    phrases: phrases.map((p) => {
      const figures: ReportFigures['phrases'][number]['figures'] = [];
      const text = p.text.replace('{scope}', scope).replace(REF, (_, key: string, field: string, row: string) => {
        const sheet = c.sheets[key as SheetKey];
        const column = sheet?.columns.find((x) => x.key === field);
        // A phrase naming what no sheet has is a catalog mistake, not a missing figure.
        if (!sheet || !column) throw new Error(`报告用语 ${p.id} 引用了不存在的指标 ${key}.${field}`);
        const r = sheet.rows.find((x) => rowIdOf(x) === row);
        const value = r ? (r.values[field] ?? null) : null;
        figures.push({ ref: `${key}.${field}@${row}`, value, unit: column.unit, source: `${sheetName(key as SheetKey)} · ${r?.label ?? row} · ${column.label}` });
        return figureText(value, column.unit);
      });
      return { id: p.id, text, figures };
    }),
  };
}

/**
 * The 报告用数 sheet: each sentence, and beside it one line per figure —
 * the value, its unit, and where it comes from (sheet, row, column), so a
 * reader can find it in the tables before it.
 */
export function reportFiguresLayout(c: Consolidated, issuer = ''): SheetLayout {
  const header = ['报告用语', '数值', '计量单位', '出处（汇总表 · 行 · 指标）', '引用'];
  const width = header.length;
  const out = sheetOf(REPORT_SHEET);
  const g = out.grid;
  const pad = (cells: CellValue[]) => [...cells, ...new Array<CellValue>(Math.max(0, width - cells.length)).fill(null)];
  const where = c.area.level === 0 ? '全市' : c.area.name;
  const version = c.published ? `第 ${c.published.version} 版（已发布）` : '未发布，数据随上报变化';
  g.push(pad([`${c.year}年${where}群团工作报告用数`]), pad([`每句中的数字取自本工作簿的汇总表（${version}）；“—”表示该项没有数据　${issuer}`]), pad([]));
  out.merges.push({ row: 0, col: 0, cols: width }, { row: 1, col: 0, cols: width });
  out.bold.push({ row: 0, col: 0 });
  out.headerRow = g.length;
  g.push(header);
  out.bold.push({ row: out.headerRow, col: 0, cols: width });
  const first = g.length;
  for (const p of reportFigures(c).phrases) {
    p.figures.forEach((f, i) => {
      // The cell shows the figure as the sentence does: plain digits, money with two decimals.
      out.formats.push({ row: g.length, col: 1, format: f.unit === '万元' ? '0.00' : '0' });
      g.push([i === 0 ? p.text : null, f.value ?? '—', f.unit, f.source, f.ref]);
    });
    if (!p.figures.length) g.push(pad([p.text]));
  }
  const rows = g.length - first;
  out.formats.push({ row: first, col: 0, rows, format: FORMAT_TEXT }, { row: first, col: 2, rows, cols: 3, format: FORMAT_TEXT });
  out.freeze = { rows: out.headerRow + 1, cols: 0 };
  out.widths = [70, 14, 8, 40, 34];
  out.print = { orientation: 'portrait', onePage: false, footer: out.sheet };
  return out;
}
