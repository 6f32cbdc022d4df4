/**
 * Targets and assessment (目标管理考核, analysis.md): which figures a target
 * may be set on, whether a target is valid, and each unit's completion —
 * computed from the same `Basis` the consolidation uses (stored sums, read
 * through `MEASURES`), so that a unit's "actual" is exactly its figure in
 * the consolidated sheet. Pure: the worker feeds it live or frozen inputs,
 * the pane uses the same rules to check what a person pasted.
 *
 * Exactness: targets and actuals are integers in the figure's unit (money in
 * hundredths), so "met" compares them exactly; the rate is for reading only
 * and is never what "met" is decided on (99999 of 100000 reads 100.00 and is
 * not met).
 */
import { fieldName, fieldOf, formNo, ORG_TYPES, orgLabel, type OrgKey, type TemplateId } from './catalog.ts';
import { editionOfBasis, measuresOf, rate, scopedUnits, type Basis, type ConsolidationUnit } from './consolidate.ts';
import { LATEST, templateNamed, type Edition } from './editions.ts';
import { norm } from './grid.ts';
import { decimalToHundredths, formatHundredths, hundredthsToNumber, numberToHundredths } from './money.ts';
import type { Assessment, AssessmentItem, AssessmentRow, Target } from './responses.ts';
import { INT_MAX } from './values.ts';

/** A figure a target may be set on: an int or money field of 表1, 表2 or 表4, or a count column of 表3. */
export interface TargetMeasure {
  template: TemplateId;
  key: string;
  /** How the assessment names it: the field's short name (女性会员数, not 其中：女性). */
  label: string;
  /** Unit of measure as printed (人, 万元, 项). */
  unit: string;
  money: boolean;
  appliesTo: (org: OrgKey) => boolean;
  /** Every name a person may use for it in a pasted sheet, normalized (see `norm`). */
  names: string[];
}

/** The templates whose figures take targets (analysis.md): 表1, 表2, 表4's fields and 表3's count columns. */
const TARGET_TEMPLATES: readonly TemplateId[] = ['members', 'trainings', 'awards', 'funding'];

const numeric = (t: TemplateId, key: string) => t === 'awards' || ['int', 'money'].includes(fieldOf(LATEST.template(t), key).type);

/**
 * The figures targets may be set on, in template order and the consolidated
 * sheet's column order: every edition's (the newest has them all); a year
 * takes those its edition has (`checkTarget`).
 */
export const TARGET_MEASURES: readonly TargetMeasure[] = TARGET_TEMPLATES.flatMap((t) =>
  measuresOf(LATEST.template(t))
    .filter((m) => numeric(t, m.column.key))
    .map((m): TargetMeasure => {
      const key = m.column.key;
      const field = t === 'awards' ? null : fieldOf(LATEST.template(t), key);
      const label = field ? fieldName(field) : m.column.label.replace(/^其中：/, '');
      const names = [key, label, m.column.label, ...(field ? [field.label] : [])];
      return { template: t, key, label, unit: m.column.unit, money: m.money, appliesTo: m.appliesTo, names: [...new Set(names.map((n) => norm(n).toLowerCase()))] };
    }),
);

const BY_KEY = new Map(TARGET_MEASURES.map((m, i) => [`${m.template}.${m.key}`, { m, i }]));

/** The figure `template`.`key` when a target may be set on it. */
export function targetMeasure(template: TemplateId, key: string): TargetMeasure | undefined {
  return BY_KEY.get(`${template}.${key}`)?.m;
}

/** A target as stored: its value an integer in the figure's unit (money in hundredths). */
export interface StoredTarget {
  kind: 'org' | 'unit';
  /** An org type key, or a unit code. */
  owner: string;
  template: TemplateId;
  key: string;
  value: number;
}

/** The largest target: an int field's upper bound; 1 亿万元 for money (as uploads allow). */
const MAX_HUNDREDTHS = 100_000_000 * 100;

/** A value in the figure's stored integer form, or why it cannot be a target (> 0 of the field's type). */
function storedValue(m: TargetMeasure, h: ReturnType<typeof decimalToHundredths>): { ok: true; value: number } | { ok: false; message: string } {
  if (m.money) {
    if (!h.ok) return { ok: false, message: '目标值应为大于 0 的金额（万元，至多两位小数）' };
    if (h.value <= 0) return { ok: false, message: '目标值应大于 0' };
    if (h.value > MAX_HUNDREDTHS) return { ok: false, message: '目标值超出上限（100000000 万元）' };
    return { ok: true, value: h.value };
  }
  if (!h.ok || h.value % 100 !== 0) return { ok: false, message: `目标值应为大于 0 的整数（${m.unit}）` };
  const v = h.value / 100;
  if (v <= 0) return { ok: false, message: '目标值应大于 0' };
  if (v > INT_MAX) return { ok: false, message: `目标值超出上限（${INT_MAX}）` };
  return { ok: true, value: v };
}

/**
 * Why a target (as the API carries it) cannot be set for a unit of org type
 * `org`, or its stored form: the figure must be one targets may be set on,
 * asked of that org type, and the value > 0 of the figure's type.
 */
export function checkTarget(t: Pick<Target, 'template' | 'key' | 'value'>, org: OrgKey, edition?: Edition): { ok: true; value: number } | { ok: false; message: string } {
  const m = targetMeasure(t.template, t.key);
  const tpl = templateNamed(t.template);
  if (!m) return { ok: false, message: `${tpl.sheet}没有可设目标的指标“${t.key}”（可设目标的是表1、表2、表4的数值和金额指标，以及表3的表彰项数列）` };
  // A figure the year's edition does not have (注册志愿者人数 before 2026) takes no target that year.
  if (edition && t.template !== 'awards' && !edition.template(t.template).fields.some((f) => f.key === t.key)) {
    return { ok: false, message: `${edition.id}版报表制度的${tpl.sheet}没有“${m.label}”，不能设定该指标的目标` };
  }
  if (!m.appliesTo(org)) return { ok: false, message: `${orgLabel(org)}不填报“${m.label}”，不能设定该指标的目标` };
  return storedValue(m, numberToHundredths(t.value));
}

/** The stored form of a checked target. */
export function storedTarget(t: Target, value: number): StoredTarget {
  return { kind: t.org !== undefined ? 'org' : 'unit', owner: (t.org ?? t.unit)!, template: t.template, key: t.key, value };
}

/** A stored value as people read it: money back in 万元. */
function present(m: TargetMeasure | undefined, v: number): number {
  return m?.money ? hundredthsToNumber(v) : v;
}

const ORG_ORDER = new Map(ORG_TYPES.map((o, i) => [o.key as string, i]));
const measureIndex = (t: { template: TemplateId; key: string }) => BY_KEY.get(`${t.template}.${t.key}`)?.i ?? Number.MAX_SAFE_INTEGER;

/** Targets as the API answers them: org types' first (in org order), then units' by code; each by figure. */
export function targetsOut(stored: readonly StoredTarget[]): Target[] {
  const order = (t: StoredTarget) => (t.kind === 'org' ? 0 : 1);
  return [...stored]
    .sort((a, b) => order(a) - order(b) || (ORG_ORDER.get(a.owner) ?? 0) - (ORG_ORDER.get(b.owner) ?? 0) || (a.owner < b.owner ? -1 : a.owner > b.owner ? 1 : 0) || measureIndex(a) - measureIndex(b))
    .map((t) => ({ ...(t.kind === 'org' ? { org: t.owner as OrgKey } : { unit: t.owner }), template: t.template, key: t.key, value: present(targetMeasure(t.template, t.key), t.value) }));
}

/**
 * Each unit's targets: its own unit target for a figure where there is one,
 * else its org type's. A figure its org type is not asked is left out.
 */
function unitTargets(units: readonly ConsolidationUnit[], targets: readonly StoredTarget[]): Map<string, StoredTarget[]> {
  const byOrg = new Map<string, StoredTarget[]>();
  const own = new Map<string, Map<string, StoredTarget>>();
  for (const t of targets) {
    if (t.kind === 'org') byOrg.set(t.owner, [...(byOrg.get(t.owner) ?? []), t]);
    else {
      const m = own.get(t.owner) ?? new Map<string, StoredTarget>();
      m.set(`${t.template}.${t.key}`, t);
      own.set(t.owner, m);
    }
  }
  const out = new Map<string, StoredTarget[]>();
  for (const u of units) {
    const mine = new Map(own.get(u.code));
    for (const t of byOrg.get(u.org) ?? []) if (!mine.has(`${t.template}.${t.key}`)) mine.set(`${t.template}.${t.key}`, t);
    const list = [...mine.values()].filter((t) => targetMeasure(t.template, t.key)?.appliesTo(u.org)).sort((a, b) => measureIndex(a) - measureIndex(b));
    if (list.length) out.set(u.code, list);
  }
  return out;
}

/**
 * The assessment of the basis' area: one row per roster unit in the area with
 * at least one target, by met ÷ total descending (compared exactly), then org
 * order, then code; and per org type the units, the items met and the items.
 */
export function assess(basis: Basis, targets: readonly StoredTarget[]): Assessment {
  const units = scopedUnits(basis);
  // A figure the year's edition does not have is assessed nowhere (a target on it cannot be set that year).
  const edition = editionOfBasis(basis);
  const mine = unitTargets(
    units,
    targets.filter((t) => t.template === 'awards' || edition.template(t.template).fields.some((f) => f.key === t.key)),
  );
  const rows: AssessmentRow[] = [];
  for (const u of units) {
    const list = mine.get(u.code);
    if (!list) continue;
    let met = 0;
    const items = list.map((t) => {
      const m = targetMeasure(t.template, t.key)!;
      // The unit's counted figure, as the consolidated sheet's unit row shows it; 0 when not reported.
      const actual = basis.current.get(u.code)?.[t.template]?.sums.raw[t.key] ?? 0;
      if (actual >= t.value) met += 1;
      return { template: t.template, key: t.key, label: m.label, target: present(m, t.value), actual: present(m, actual), rate: rate(actual, t.value)! };
    });
    rows.push({ unit: u.code, name: u.name, org: u.org, area: u.area, items, met, total: items.length });
  }
  rows.sort((a, b) => b.met * a.total - a.met * b.total || ORG_ORDER.get(a.org)! - ORG_ORDER.get(b.org)! || (a.unit < b.unit ? -1 : a.unit > b.unit ? 1 : 0));
  const summary = ORG_TYPES.flatMap((o) => {
    const of = rows.filter((r) => r.org === o.key);
    return of.length ? [{ org: o.key, units: of.length, met: of.reduce((s, r) => s + r.met, 0), total: of.reduce((s, r) => s + r.total, 0) }] : [];
  });
  return { rows, summary };
}

/**
 * Whether an item of an answered assessment is met, from its figures as
 * answered: exact, because money carries at most 2 decimals (compared in
 * hundredths) and counts are integers — never from the rounded rate.
 */
export function itemMet(it: Pick<AssessmentItem, 'template' | 'key' | 'target' | 'actual'>): boolean {
  return targetMeasure(it.template, it.key)?.money ? Math.round(it.actual * 100) >= Math.round(it.target * 100) : it.actual >= it.target;
}

/**
 * The assessment for the 目标考核 sheet, or null when the area has no target
 * to assess: none of the city's org-type targets and none of its units'.
 */
export function assessmentSheet(basis: Basis, targets: readonly StoredTarget[]): Assessment | null {
  const inArea = new Set(scopedUnits(basis).map((u) => u.code));
  return targets.some((t) => t.kind === 'org' || inArea.has(t.owner)) ? assess(basis, targets) : null;
}

// ── targets pasted from a spreadsheet ─────────────────────────────────

/** The columns a pasted sheet has, in order. */
export const PASTE_COLUMNS = ['组织类型或单位代码', '报表', '指标', '目标值'] as const;

/** A unit a pasted line may name: from the year's roster in the caller's area. */
export interface PasteUnit {
  code: string;
  name: string;
  org: OrgKey;
}

/** One pasted line: what it says, and the target it makes or why it cannot. */
export interface PastedLine {
  /** 1-based line number in the pasted text. */
  line: number;
  cells: string[];
  /** Whose target, as shown: 妇联（组织类型） or a unit's name and code. */
  who: string | null;
  measure: TargetMeasure | null;
  target: Target | null;
  error: string | null;
}

const TEMPLATE_NAMES = new Map(
  TARGET_TEMPLATES.flatMap((id) => {
    const t = templateNamed(id);
    return [id, t.sheet, `表${t.no}`, formNo(t), t.title, String(t.no)].map((n) => [norm(n).toLowerCase(), id] as const);
  }),
);
const ORG_NAMES = new Map(ORG_TYPES.flatMap((o) => [[norm(o.label), o.key] as const, [o.key as string, o.key] as const]));

/**
 * Reads targets pasted from a spreadsheet (tab-separated: 组织类型或单位代码,
 * 报表, 指标 by label or key, 目标值), line by line, with each line's error.
 * A header line is skipped; blank lines too. `orgTargets` false (a scoped
 * statistician): org-type targets are the city's and are refused.
 */
export function parseTargetText(text: string, opts: { units: ReadonlyMap<string, PasteUnit>; orgTargets: boolean }): PastedLine[] {
  const out: PastedLine[] = [];
  const seen = new Map<string, number>();
  const lines = text.split(/\r\n|\n|\r/);
  for (const [i, raw] of lines.entries()) {
    if (!raw.trim()) continue;
    const cells = raw.split('\t').map((c) => c.trim());
    const line: PastedLine = { line: i + 1, cells, who: null, measure: null, target: null, error: null };
    if (out.length === 0 && /组织类型|单位代码/.test(cells[0] ?? '') && /目标/.test(cells.join(''))) continue;
    out.push(line);
    const fail = (error: string) => {
      line.error = error;
    };
    const filled = cells.filter((c) => c !== '').length;
    if (filled !== PASTE_COLUMNS.length || cells.slice(0, PASTE_COLUMNS.length).includes('')) {
      fail(`应有 4 列（${PASTE_COLUMNS.join('、')}），以制表符分隔；本行有 ${filled} 列`);
      continue;
    }
    const [whoCell, tplCell, keyCell, valueCell] = cells as [string, string, string, string];
    const org = ORG_NAMES.get(norm(whoCell)) ?? ORG_NAMES.get(whoCell.toLowerCase());
    const unit = org ? undefined : opts.units.get(whoCell);
    if (!org && !unit) {
      fail(`“${whoCell}”既不是组织类型（如 妇联），也不是本区域报送名录中的单位代码`);
      continue;
    }
    line.who = org ? `${orgLabel(org)}（组织类型）` : `${unit!.name}（${unit!.code}）`;
    if (org && !opts.orgTargets) {
      fail('区县统计员只能设定本区域单位的目标；组织类型的目标由市统计员设定');
      continue;
    }
    const template = TEMPLATE_NAMES.get(norm(tplCell).toLowerCase());
    if (!template) {
      fail(`没有报表“${tplCell}”（可写 表1、表2、表3、表4 或表名）`);
      continue;
    }
    const name = norm(keyCell).toLowerCase();
    const measure = TARGET_MEASURES.find((m) => m.template === template && m.names.includes(name));
    if (!measure) {
      fail(`${templateNamed(template).sheet}没有可设目标的指标“${keyCell}”`);
      continue;
    }
    line.measure = measure;
    const ownerOrg = org ?? unit!.org;
    if (!measure.appliesTo(ownerOrg)) {
      fail(`${orgLabel(ownerOrg)}不填报“${measure.label}”，不能设定该指标的目标`);
      continue;
    }
    const value = storedValue(measure, decimalToHundredths(valueCell.replace(/[,，\s]/g, '')));
    if (!value.ok) {
      fail(value.message);
      continue;
    }
    const id = `${org ? `org:${org}` : `unit:${unit!.code}`}/${template}.${measure.key}`;
    const before = seen.get(id);
    if (before !== undefined) {
      fail(`与第 ${before} 行重复（同一对象、同一指标只能有一个目标）`);
      continue;
    }
    seen.set(id, line.line);
    line.target = { ...(org ? { org } : { unit: unit!.code }), template, key: measure.key, value: present(measure, value.value) };
  }
  return out;
}

/** Targets as a pasteable sheet (with its header line), so that saved targets can be edited and saved again. */
export function targetText(targets: readonly Target[]): string {
  const lines = targets.map((t) => {
    const m = targetMeasure(t.template, t.key);
    const h = numberToHundredths(t.value);
    const value = m?.money && h.ok ? formatHundredths(h.value) : String(t.value);
    return [t.org ? orgLabel(t.org) : t.unit!, templateNamed(t.template).sheet, m?.label ?? t.key, value].join('\t');
  });
  return [PASTE_COLUMNS.join('\t'), ...lines].join('\n');
}
