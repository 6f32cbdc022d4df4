/**
 * The consolidated workbook (全市汇总) as grids with formatting hints: the
 * same sheet names as the report templates, a row per unit, bold subtotal
 * and 全市合计 rows each followed by last year's figures and the change, the
 * 培训类别 table under 表2, 分区汇总, 报告用数, the 图表 sheet, and a 报送进度 sheet. Both the .xlsx writer (the
 * download) and the Office.js adapter (pull into Excel) write these.
 */
import { itemMet, targetMeasure } from './assessment.ts';
import { formNo, orgLabel, ORG_TYPES, type Template, type TemplateId } from './catalog.ts';
import { editionOf, templateNamed } from './editions.ts';
import type { Consolidated, Sheet, SheetRow } from './consolidate.ts';
import type { CellValue, Grid, Range } from './grid.ts';
import { FORMAT_INT, FORMAT_MONEY, FORMAT_TEXT, sheetOf, type Settings, type SheetLayout } from './layout.ts';
import { STATUS_LABELS } from './progress.ts';
import { chartsInputOf, chartsLayout } from './charts-layout.ts';
import { reportFiguresLayout } from './report-figures.ts';
import type { Assessment } from './responses.ts';
import { chinaTime } from './time.ts';

export const PROGRESS_SHEET = '报送进度';
export const FORMAT_RATE = '0.00';
/** The lead columns of a unit table; 汇总单位数 has a cell of its own, never appended to a label. */
const LEAD = ['单位名称', '单位代码', '组织类型', '所属区县', '汇总单位数'];

function formatFor(unit: string): string {
  if (unit === '万元') return FORMAT_MONEY;
  if (unit === '%') return FORMAT_RATE;
  return FORMAT_INT;
}

/** The label of a group's 上年 row: the comparable basis, and how many units it is made of. */
function previousLabel(r: SheetRow): string {
  return 'coverage' in r ? `　上年（同口径，${r.coverage.reported} 个单位）` : '　上年（同口径）';
}

/** The label of the change row: relative % for figures, 百分点 for rates. */
function changeLabel(s: Sheet): string {
  return s.columns.some((c) => c.changeUnit === '百分点') ? '　增减（%；比率列为百分点）' : '　增减%';
}

/** The title of the block of area rows: 按区县 under the city, 按乡镇 one level down (areas.md). */
export function areaBlockTitle(level: number): string {
  return level === 0 ? '按区县' : level === 1 ? '按乡镇（街道）' : '按下级区域';
}

/** Writes one consolidated table at the bottom of `out`; returns the header row. */
function table(out: SheetLayout, s: Sheet, width: number, lead: string[], leadOf: (r: SheetRow) => CellValue[], areaLevel = 0): number {
  const g = out.grid;
  const pad = (cells: CellValue[]) => [...cells, ...new Array<CellValue>(Math.max(0, width - cells.length)).fill(null)];
  const header = g.length;
  g.push(pad([...lead, ...s.columns.map((c) => c.label)]));
  g.push(pad([...lead.map((_, i) => (i === 0 ? '计量单位' : null)), ...s.columns.map((c) => c.unit || '—')]));
  out.bold.push({ row: header, col: 0, rows: 2, cols: width });
  const first = g.length;
  const values = (v: Record<string, number | null>) => s.columns.map((c) => v[c.key] ?? '—');
  const label = (text: string) => lead.map((_, i) => (i === 0 ? text : null));
  const changeRows: number[] = [];
  let block = false;
  for (const r of s.rows) {
    if (r.kind === 'area' && !block) {
      block = true;
      out.bold.push({ row: g.length, col: 0 });
      g.push(pad([areaBlockTitle(areaLevel)]));
    }
    const at = g.length;
    g.push(pad([...leadOf(r), ...values(r.values)]));
    if (r.kind === 'unit') continue;
    out.bold.push({ row: at, col: 0, cols: width });
    g.push(pad([...label(previousLabel(r)), ...values(r.previous)]));
    changeRows.push(g.length);
    g.push(pad([...label(changeLabel(s)), ...values(r.change)]));
    if (r.kind === 'total' && r.previousPublished) g.push(pad([...label('　上年公布数'), ...values(r.previousPublished)]));
  }
  const rows = g.length - first;
  (out.borders ??= []).push({ row: header, col: 0, rows: g.length - header, cols: width });
  lead.forEach((_, i) => out.formats.push({ row: first, col: i, rows, format: FORMAT_TEXT }));
  s.columns.forEach((c, j) => out.formats.push({ row: first, col: lead.length + j, rows, format: formatFor(c.unit) }));
  // The change rows are percentages or 百分点 whatever the column's unit; later formats win.
  for (const r of changeRows) out.formats.push({ row: r, col: lead.length, cols: s.columns.length, format: FORMAT_RATE });
  return header;
}

/** The templates of a consolidation's edition (absent: 2024), in 表号 order. */
function templatesOf(c: Consolidated) {
  return editionOf(c.edition ?? '2024').templates;
}

function titled(sheet: string, title: string, width: number, note: string): SheetLayout {
  const out = sheetOf(sheet);
  const pad = (c: CellValue[]) => [...c, ...new Array<CellValue>(Math.max(0, width - c.length)).fill(null)];
  out.grid.push(pad([title]), pad([note]), pad([]));
  out.merges.push({ row: 0, col: 0, cols: width }, { row: 1, col: 0, cols: width });
  out.bold.push({ row: 0, col: 0 });
  return out;
}

/** 汇总单位 34/36: how many of the units in scope the figure is made of. */
function coverageText(r: SheetRow): string | null {
  return 'coverage' in r ? `汇总单位 ${r.coverage.reported}/${r.coverage.expected}` : null;
}

function unitLead(r: SheetRow): CellValue[] {
  if (r.kind === 'unit') return [r.label, r.unit, orgLabel(r.org), r.district, null];
  return [r.label, null, null, null, coverageText(r)];
}

function derivedNote(s: Sheet): string {
  const d = s.columns.filter((c) => c.derived);
  const names = (expr: string) => expr.replace(/[a-z_]+/g, (k) => s.columns.find((c) => c.key === k)?.label ?? k);
  return d.length ? `；${d.map((c) => `${c.label} = ${names(c.derived!)} × 100%`).join('；')}（小计、合计由分子分母合计后计算）` : '';
}

/** What each sheet's head needs of a consolidation: when, which version, the scope, the area. */
export type LayoutHead = Pick<Consolidated, 'year' | 'generatedAt' | 'published' | 'scope' | 'area'>;

function versionText(c: LayoutHead): string {
  return c.published ? `　第 ${c.published.version} 版，发布于 ${chinaTime(c.published.publishedAt)}（北京时间），校验码 ${c.published.checksum.slice(0, 16)}` : '　未发布（数据随上报变化）';
}

/** A template's sheet: its table, and its breakdown table (培训类别, 服务对象) under it. `sheets` need hold only the template's. */
export function templateLayout(c: LayoutHead, t: Template, sheets: Consolidated['sheets'], settings?: Settings): SheetLayout {
  const scope = c.scope.newUnits.length || c.scope.goneUnits.length ? `　本年新增单位 ${c.scope.newUnits.length} 个、上年有本年无 ${c.scope.goneUnits.length} 个，上年按同口径比较` : '';
  const s = sheets[t.id]!;
  const width = LEAD.length + s.columns.length;
  const out = titled(s.sheet, s.title, width, `制表：${settings?.issuer ?? ''}　生成时间：${chinaTime(c.generatedAt)}（北京时间）${versionText(c)}${scope}　“—”表示未报送或不适用${derivedNote(s)}`);
  out.headerRow = table(out, s, width, LEAD, unitLead, c.area.level);
  out.freeze = { rows: out.headerRow + 2, cols: 1 };
  // Across the page, every column on it: the header rows and the unit column repeat on every page.
  out.print = { orientation: 'landscape', onePage: false, titleRows: { first: out.headerRow, last: out.headerRow + 1 }, titleCols: 1, footer: `${formNo(t)}（汇总）` };
  out.widths = [26, 12, 8, 10, 14, ...s.columns.map((col) => Math.max(10, Math.min(16, col.label.length * 2)))];
  const bd = t.breakdown;
  if (bd) {
    const byCat = sheets[bd.sheet]!;
    out.grid.push(new Array<CellValue>(width).fill(null));
    const at = out.grid.length;
    out.grid.push([byCat.title, ...new Array<CellValue>(width - 1).fill(null)]);
    out.bold.push({ row: at, col: 0 });
    const lead = t.fields.find((f) => f.key === bd.field)!.label;
    table(out, byCat, width, [lead, '', '', '', '汇总单位数'], (r) => [r.label, null, null, null, coverageText(r)]);
  }
  return out;
}

/**
 * The sheets after the templates': 分区汇总, 报告用数, 图表, 目标考核 (with an
 * assessment), 报送进度. They read only the sheets' subtotal and total rows,
 * so `c` may leave its unit rows out.
 */
export function closingLayouts(c: Consolidated, settings?: Settings, assessment?: Assessment | null): SheetLayout[] {
  const sheets: SheetLayout[] = [];
  if (c.byArea.rows.length > 1) sheets.push(areaTableLayout(c, settings));
  sheets.push(reportFiguresLayout(c, settings?.issuer), chartsLayout(chartsInputOf(c)));
  if (assessment) sheets.push(assessmentLayout(c, assessment, `制表：${settings?.issuer ?? ''}　生成时间：${chinaTime(c.generatedAt)}（北京时间）${versionText(c)}`));
  sheets.push(progressLayout(c, settings));
  return sheets;
}

/**
 * The sheets of the consolidated workbook, in order: 表1–表4, 分区汇总, 报告用数, 图表; with an
 * assessment (the year has targets) 目标考核; ending with 报送进度.
 */
export function consolidatedLayout(c: Consolidated, settings?: Settings, assessment?: Assessment | null): SheetLayout[] {
  return [...templatesOf(c).map((t) => templateLayout(c, t, c.sheets, settings)), ...closingLayouts(c, settings, assessment)];
}

export const AREA_SHEET = '分区汇总';

/** 分区汇总: for each key figure a block, child areas down and org types across, with row and column totals. */
function areaTableLayout(c: Consolidated, settings?: Settings): SheetLayout {
  const t = c.byArea;
  const header = ['区域', ...ORG_TYPES.map((o) => o.label), '合计'];
  const width = header.length;
  const out = titled(AREA_SHEET, `${c.year}年分区汇总（${c.area.level === 0 ? '全市' : c.area.name}）`, width, `${areaBlockTitle(c.area.level)}，各组织类型的主要指标　${settings?.issuer ?? ''}`);
  for (const m of t.measures) {
    const g = out.grid;
    out.bold.push({ row: g.length, col: 0 });
    g.push([`${m.label}（${m.unit}）`, ...new Array<CellValue>(width - 1).fill(null)]);
    const head = g.length;
    g.push(header);
    out.bold.push({ row: head, col: 0, cols: width });
    out.headerRow ||= head;
    const first = g.length;
    for (const r of t.rows) {
      const cells = r.cells[m.key] ?? {};
      g.push([r.label, ...ORG_TYPES.map((o) => cells[o.key] ?? '—'), cells.total ?? '—']);
      if (r.total) out.bold.push({ row: g.length - 1, col: 0, cols: width });
    }
    out.formats.push({ row: first, col: 1, rows: t.rows.length, cols: width - 1, format: formatFor(m.unit) });
    (out.borders ??= []).push({ row: head, col: 0, rows: t.rows.length + 1, cols: width });
    g.push(new Array<CellValue>(width).fill(null));
  }
  out.freeze = { rows: 0, cols: 1 };
  out.widths = [18, ...ORG_TYPES.map(() => 10), 12];
  out.print = { orientation: 'landscape', onePage: false, titleCols: 1, footer: AREA_SHEET };
  return out;
}

export const ASSESSMENT_SHEET = '目标考核';

/**
 * 目标考核: one line per unit and figure — the unit, its target, its actual
 * figure, the rate and whether it is met (an unmet figure says 未完成 in a
 * cell of its own, and it and its rate are bold, so it is never marked by
 * colour alone) — then each org type's units and items met.
 */
function assessmentLayout(c: Consolidated, a: Assessment, stamp: string): SheetLayout {
  const header = ['单位名称', '单位代码', '组织类型', '所属区县', '完成项数', '考核项数', '报表', '指标', '计量单位', '目标值', '实际值', '完成率（%）', '完成情况'];
  const width = header.length;
  const where = c.area.level === 0 ? '全市' : c.area.name;
  const out = titled(
    ASSESSMENT_SHEET,
    `${c.year}年目标管理考核情况（${where}）`,
    width,
    `${stamp}　完成率 = 实际值 ÷ 目标值 × 100%（保留两位小数）；实际值达到目标值为“已完成”，否则为“未完成”（按实际值与目标值直接比较，不按四舍五入后的完成率）；单位有本单位目标的按本单位目标，否则按所属组织类型的目标；未报送的实际值按 0 计`,
  );
  const g = out.grid;
  out.headerRow = g.length;
  g.push(header);
  out.bold.push({ row: out.headerRow, col: 0, cols: width });
  // From 报送进度, which lists every unit of the area (the sheets' unit rows may be left out: closingLayouts).
  const district = new Map(c.progress.units.map((u) => [u.unit, u.district]));
  const first = g.length;
  const RATE = 11;
  for (const r of a.rows) {
    for (const it of r.items) {
      const m = targetMeasure(it.template, it.key);
      const met = itemMet(it);
      const at = g.push([r.name, r.unit, orgLabel(r.org), district.get(r.unit) ?? '', r.met, r.total, templateNamed(it.template).sheet, it.label, m?.unit ?? '', it.target, it.actual, it.rate, met ? '已完成' : '未完成']) - 1;
      out.formats.push({ row: at, col: 9, cols: 2, format: m?.money ? FORMAT_MONEY : FORMAT_INT });
      if (!met) out.bold.push({ row: at, col: RATE, cols: 2 });
    }
  }
  const rows = g.length - first;
  if (rows) {
    out.formats.push({ row: first, col: 0, rows, cols: 4, format: FORMAT_TEXT }, { row: first, col: 4, rows, cols: 2, format: FORMAT_INT });
    out.formats.push({ row: first, col: 6, rows, cols: 3, format: FORMAT_TEXT }, { row: first, col: RATE, rows, format: FORMAT_RATE }, { row: first, col: 12, rows, format: FORMAT_TEXT });
  } else g.push(['本区域没有设定考核目标的单位', ...new Array<CellValue>(width - 1).fill(null)]);
  // Per org type: units assessed, items met of items, and the share met.
  g.push(new Array<CellValue>(width).fill(null));
  out.bold.push({ row: g.length, col: 0 });
  g.push(['按组织类型汇总', ...new Array<CellValue>(width - 1).fill(null)]);
  const head = g.length;
  const pad = (cells: CellValue[]) => [...cells, ...new Array<CellValue>(width - cells.length).fill(null)];
  g.push(pad(['组织类型', '考核单位数', '完成项数', '考核项数', '完成项占比（%）']));
  out.bold.push({ row: head, col: 0, cols: 5 });
  const share = (met: number, total: number) => (total ? Math.round((met / total) * 10000) / 100 : null);
  for (const x of a.summary) g.push(pad([orgLabel(x.org), x.units, x.met, x.total, share(x.met, x.total) ?? '—']));
  const sum = (k: 'units' | 'met' | 'total') => a.summary.reduce((s, x) => s + x[k], 0);
  out.bold.push({ row: g.length, col: 0, cols: 5 });
  g.push(pad([`${where}合计`, sum('units'), sum('met'), sum('total'), share(sum('met'), sum('total')) ?? '—']));
  const n = a.summary.length + 1;
  out.formats.push({ row: head + 1, col: 0, rows: n, format: FORMAT_TEXT }, { row: head + 1, col: 1, rows: n, cols: 3, format: FORMAT_INT }, { row: head + 1, col: 4, rows: n, format: FORMAT_RATE });
  out.freeze = { rows: out.headerRow + 1, cols: 1 };
  out.widths = [26, 12, 8, 10, 8, 8, 14, 18, 8, 12, 12, 10, 10];
  (out.borders ??= []).push({ row: out.headerRow, col: 0, rows: first - out.headerRow + rows, cols: width }, { row: head, col: 0, rows: n + 1, cols: 5 });
  out.print = { orientation: 'landscape', onePage: false, titleRows: { first: out.headerRow, last: out.headerRow }, titleCols: 1, footer: ASSESSMENT_SHEET };
  return out;
}

function progressLayout(c: Consolidated, settings?: Settings): SheetLayout {
  const p = c.progress;
  const ids: TemplateId[] = templatesOf(c).map((t) => t.id);
  const templates = ids.map((t) => c.sheets[t]!.sheet);
  const header = [...LEAD.slice(0, 4), ...templates, '是否逾期', '退回意见'];
  const width = header.length;
  const s = p.summary;
  const out = titled(
    PROGRESS_SHEET,
    `${p.year}年报送进度`,
    width,
    `报送截止日期：${p.deadline ?? '未设定'}　应报 ${s.expected} 张：未报 ${s.missing}，已报 ${s.submitted}，退回 ${s.returned}，已审核 ${s.accepted}　${settings?.issuer ?? ''}`,
  );
  const g: Grid = out.grid;
  out.headerRow = g.length;
  g.push(header);
  out.bold.push({ row: out.headerRow, col: 0, cols: width });
  const order = new Map(ORG_TYPES.map((o, i) => [o.key, i]));
  // Units with something missing or returned first, then in the usual order.
  const pending = (u: (typeof p.units)[number]) => Object.values(u.templates).some((t) => t.status === 'missing' || t.status === 'returned');
  const units = [...p.units].sort((a, b) => Number(pending(b)) - Number(pending(a)) || order.get(a.org)! - order.get(b.org)!);
  for (const u of units) {
    const ts = ids.map((t) => u.templates[t]!);
    const comments = ts.filter((t) => t.comment).map((t) => t.comment!);
    g.push([u.name, u.unit, orgLabel(u.org), u.district, ...ts.map((t) => STATUS_LABELS[t.status]), u.overdue ? '逾期' : '', comments.join('；') || null]);
    if (u.overdue) out.bold.push({ row: g.length - 1, col: 0, cols: width });
  }
  const body: Range = { row: out.headerRow + 1, col: 0, rows: units.length, cols: width };
  out.formats.push({ ...body, format: FORMAT_TEXT });
  out.freeze = { rows: out.headerRow + 1, cols: 1 };
  (out.borders ??= []).push({ row: out.headerRow, col: 0, rows: units.length + 1, cols: width });
  out.print = { orientation: 'landscape', onePage: false, titleRows: { first: out.headerRow, last: out.headerRow }, titleCols: 1, footer: PROGRESS_SHEET };
  out.widths = [26, 12, 8, 10, 14, 12, 14, 14, 10, 40];
  return out;
}
