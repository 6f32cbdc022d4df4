/**
 * The 图表 sheet of the consolidated workbook: two small tables and the two
 * native charts drawn from them — members by org type (columns) and the
 * trend of 年末个人会员数 and 培训人次 over the years given (lines). The
 * charts read the tables' cells, so the .xlsx writer (chart parts with
 * cached values) and Office.js (`worksheet.charts`) draw the same thing, and
 * a statistician who corrects a figure in the table sees the chart follow.
 */
import type { Consolidated } from './consolidate.ts';
import type { CellValue, Range } from './grid.ts';
import { FORMAT_INT, FORMAT_TEXT, sheetOf, type SheetChart, type SheetLayout } from './layout.ts';

export const CHARTS_SHEET = '图表';

export interface ChartsInput {
  /** The year of the consolidation (the bar chart's year). */
  year: number;
  /** 年末个人会员数 of each org type, in the order the bars are drawn. */
  byOrg: { label: string; members: number }[];
  /** The city's figures by year; null where a year has no figure (the line has a gap there). */
  trend: { year: number; members: number | null; trainees: number | null }[];
}

/**
 * The charts' input from a consolidation: 年末个人会员数 of each org type's
 * subtotal (an org type with no figure counts 0), and its trend — or, for a
 * version stored before the trend existed, the year itself only.
 */
export function chartsInputOf(c: Consolidated): ChartsInput {
  const byOrg = c.sheets.members.rows.filter((r) => r.kind === 'subtotal').map((r) => ({ label: r.label.replace(/小计$/, ''), members: r.values.members_total ?? 0 }));
  const total = (rows: Consolidated['sheets']['members']['rows'], key: string) => rows.find((r) => r.kind === 'total')?.values[key] ?? null;
  const trend = c.trend ?? [{ year: c.year, members: total(c.sheets.members.rows, 'members_total'), trainees: total(c.sheets.trainings.rows, 'trainees') }];
  return { year: c.year, byOrg, trend };
}

/** The tables sit in columns A–C; the charts start at column E, one above the other. */
const CHART_COL = 4;
const CHART_COLS = 10;
const CHART_ROWS = 17;
const TOP = 3;
const WIDTH = 3;

/**
 * The 图表 sheet for `input`. A chart with nothing to draw (no org type, no
 * year of the trend) is left out, and its table says 暂无数据 instead.
 */
export function chartsLayout(input: ChartsInput): SheetLayout {
  const out = sheetOf(CHARTS_SHEET);
  const g = out.grid;
  const push = (cells: CellValue[] = []): number => g.push([...cells, ...new Array<CellValue>(Math.max(0, WIDTH - cells.length)).fill(null)]) - 1;
  const charts: SheetChart[] = [];

  push([`${input.year}年全市群团组织统计图表`]);
  out.merges.push({ row: 0, col: 0, cols: WIDTH });
  out.bold.push({ row: 0, col: 0 });
  push(['图表由下方两张表绘制；表中空白表示该年度没有数据，折线在该处断开']);
  push();

  // Table 1 and the bar chart.
  const caption1 = push([`数据一：${input.year}年各类群团组织年末个人会员数（人）`]);
  out.bold.push({ row: caption1, col: 0 });
  out.headerRow = push(['组织类型', '年末个人会员数']);
  out.bold.push({ row: out.headerRow, col: 0, cols: 2 });
  const first1 = g.length;
  for (const o of input.byOrg) push([o.label, o.members]);
  if (input.byOrg.length) {
    const rows = input.byOrg.length;
    out.formats.push({ row: first1, col: 0, rows, format: FORMAT_TEXT }, { row: first1, col: 1, rows, format: FORMAT_INT });
    charts.push({
      kind: 'bar',
      title: `${input.year}年各类群团组织年末个人会员数`,
      categories: { row: first1, col: 0, rows },
      series: [{ name: '年末个人会员数', values: { row: first1, col: 1, rows } }],
      anchor: { row: TOP, col: CHART_COL, cols: CHART_COLS, rows: CHART_ROWS },
    });
  } else push(['暂无数据']);
  push();

  // Table 2 and the line chart, years in order.
  const trend = [...input.trend].sort((a, b) => a.year - b.year);
  const caption2 = push(['数据二：历年年末个人会员数（人）和培训人次（人次）']);
  out.bold.push({ row: caption2, col: 0 });
  const header2 = push(['年度', '年末个人会员数', '培训人次']);
  out.bold.push({ row: header2, col: 0, cols: WIDTH });
  const first2 = g.length;
  // Years as text (2021年): they label the categories and are never summed or plotted as values.
  for (const t of trend) push([`${t.year}年`, t.members, t.trainees]);
  if (trend.length) {
    const rows = trend.length;
    const col = (c: number): Range => ({ row: first2, col: c, rows });
    out.formats.push({ ...col(0), format: FORMAT_TEXT }, { ...col(1), cols: 2, format: FORMAT_INT });
    charts.push({
      kind: 'line',
      title: `历年年末个人会员数和培训人次（${trend[0]!.year}—${trend[rows - 1]!.year}年）`,
      categories: col(0),
      series: [
        { name: '年末个人会员数', values: col(1) },
        { name: '培训人次', values: col(2) },
      ],
      anchor: { row: TOP + CHART_ROWS + 1, col: CHART_COL, cols: CHART_COLS, rows: CHART_ROWS },
    });
  } else push(['暂无数据']);

  out.widths = [14, 16, 12, 2];
  out.charts = charts;
  // One page across, so no chart is ever cut in two.
  out.print = { orientation: 'landscape', onePage: true, footer: out.sheet };
  return out;
}
