/**
 * 报送进度 by unit, and the list of units to chase (催报名单): which units
 * have reported every template, some, or none; and those with anything
 * missing or returned, with their contact person and phone, as a sheet the
 * statistician prints or passes on. The pane shows and exports the same
 * selection, so what is on screen is what is in the file.
 */
import { orgLabel, type OrgKey } from './catalog.ts';
import type { Edition } from './editions.ts';
import { FORMAT_TEXT, sheetOf, type SheetLayout } from './layout.ts';
import type { ProgressUnit } from './responses.ts';
import { chinaTime } from './time.ts';

/** How far a unit has got with the year's templates: every one reported (returned ones count as not yet), some, none. */
export type UnitState = 'complete' | 'partial' | 'none';

export const UNIT_STATE_LABELS: Record<UnitState, string> = { complete: '已报齐', partial: '部分报送', none: '未报送' };

/** A template counts as reported once it has a revision that was not returned. */
export function unitState(u: ProgressUnit): UnitState {
  const all = Object.values(u.templates);
  const reported = all.filter((t) => t!.status === 'submitted' || t!.status === 'accepted').length;
  const any = all.some((t) => t!.status !== 'missing');
  if (reported === all.length) return 'complete';
  return any ? 'partial' : 'none';
}

/** What a list of units of 报送进度 may be narrowed to. */
export interface UnitFilter {
  district: string | null;
  org: OrgKey | null;
  state?: UnitState | null;
}

export function filterUnits(units: readonly ProgressUnit[], f: UnitFilter): ProgressUnit[] {
  return units.filter((u) => (!f.district || u.district === f.district) && (!f.org || u.org === f.org) && (!f.state || unitState(u) === f.state));
}

/** The units to chase among those the filter keeps (whatever its state): anything missing or returned. */
export function chaseUnits(units: readonly ProgressUnit[], f: UnitFilter): ProgressUnit[] {
  return filterUnits(units, { ...f, state: null }).filter((u) => unitState(u) !== 'complete');
}

/** Counts of units by state, for the sentence above 报送进度. */
export function unitCounts(units: readonly ProgressUnit[]): Record<UnitState, number> & { total: number } {
  const out = { complete: 0, partial: 0, none: 0, total: units.length };
  for (const u of units) out[unitState(u)]++;
  return out;
}

export const CHASE_COLUMNS = ['序号', '单位代码', '单位名称', '组织类型', '所属区县', '联系人', '联系电话', '未报报表', '退回报表', '是否逾期'] as const;

/** The 催报名单 sheet: a title, the deadline and when it was made (China time), then a line per unit. */
export function chaseLayout(o: { year: number; deadline: string | null; where: string; units: readonly ProgressUnit[]; edition: Edition; at: string }): SheetLayout {
  const names = (u: ProgressUnit, statuses: readonly string[]) =>
    o.edition.templates
      .filter((t) => statuses.includes(u.templates[t.id]?.status ?? 'missing'))
      .map((t) => t.sheet)
      .join('、');
  const out = sheetOf('催报名单');
  const width = CHASE_COLUMNS.length;
  out.grid.push([`${o.year}年群团统计报表催报名单（${o.where}）`, ...new Array(width - 1).fill(null)]);
  out.merges.push({ row: 0, col: 0, cols: width });
  out.bold.push({ row: 0, col: 0 });
  out.grid.push([`报送截止：${o.deadline ?? '未定'}；共 ${o.units.length} 个单位尚未报齐；导出时间：${chinaTime(o.at)}（北京时间）`, ...new Array(width - 1).fill(null)]);
  out.merges.push({ row: 1, col: 0, cols: width });
  out.headerRow = out.grid.length;
  out.grid.push([...CHASE_COLUMNS]);
  out.bold.push({ row: out.headerRow, col: 0, cols: width });
  o.units.forEach((u, i) => {
    out.grid.push([i + 1, u.unit, u.name, orgLabel(u.org), u.district, u.contact ?? '', u.phone ?? '', names(u, ['missing']), names(u, ['returned']), u.overdue ? '逾期' : '']);
  });
  // Codes and phone numbers stay text: 0772… must keep its leading zero.
  if (o.units.length) out.formats.push({ row: out.headerRow + 1, col: 1, rows: o.units.length, format: FORMAT_TEXT }, { row: out.headerRow + 1, col: 6, rows: o.units.length, format: FORMAT_TEXT });
  out.widths = [6, 14, 24, 10, 12, 10, 16, 30, 20, 8];
  out.freeze = { rows: out.headerRow + 1, cols: 0 };
  return out;
}
