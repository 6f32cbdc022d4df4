/**
 * 全市汇总: the consolidated sheets of a year, computed from each unit's
 * counted revisions. Pure: the worker feeds it rows from D1, the benchmark
 * feeds it synthetic ones. Sums are integers (money in hundredths) so that
 * every subtotal and the citywide total equal the sum of their unit rows to
 * the cent. Columns, labels and units come from the catalog.
 */
import { applies, DERIVED, ORG_TYPES, templateOf, type Field, type OrgKey, type TemplateId, type Unit } from './catalog.ts';
import type { CanonicalRow } from './canonical.ts';
import { hundredthsToNumber } from './money.ts';
import type { Column, Consolidated, Progress, Sheet, SheetRow, Values } from './responses.ts';

export type { Column, Consolidated, Sheet, SheetRow, Values };

/** The units a consolidation lists (the catalog's Unit). */
export type ConsolidationUnit = Unit;

/** A measure's integer per key (money in hundredths); null where not reported or not asked. */
export type Raw = Record<string, number | null>;

/**
 * What consolidation needs of one counted revision: its measures summed once
 * (at upload time, so that a year's consolidation reads a few numbers per
 * unit, not every row), and for 表2 the same per 培训类别.
 */
export interface Sums {
  raw: Raw;
  byCategory?: Record<string, Raw>;
}

/** A unit's counted revisions' sums per template. Absent: not counted. */
export type UnitData = Partial<Record<TemplateId, Sums>>;

export interface ConsolidateInput {
  year: number;
  generatedAt: string;
  units: readonly ConsolidationUnit[];
  current: ReadonlyMap<string, UnitData>;
  previous: ReadonlyMap<string, UnitData>;
  progress: Progress;
}

export const TOTAL_LABEL = '全市合计';
const ORG_ORDER = new Map(ORG_TYPES.map((o, i) => [o.key, i]));

/** One collator for every comparison: `localeCompare` with a locale builds a new one per call. */
const ZH = new Intl.Collator('zh-CN');

/** Org type in display order, then districtCode (none last), district, code. */
export function compareUnits(a: ConsolidationUnit, b: ConsolidationUnit): number {
  return (
    ORG_ORDER.get(a.org)! - ORG_ORDER.get(b.org)! ||
    (a.districtCode === null ? 1 : 0) - (b.districtCode === null ? 1 : 0) ||
    (a.districtCode ?? '').localeCompare(b.districtCode ?? '') ||
    ZH.compare(a.district, b.district) ||
    (a.code < b.code ? -1 : a.code > b.code ? 1 : 0)
  );
}

/** A measure: how one unit's rows of a template become a number (integer; money in hundredths). */
interface Measure {
  column: Column;
  money: boolean;
  /** Whether the measure exists for a unit of this org type (not applicable → —). */
  appliesTo: (org: OrgKey) => boolean;
  of: (rows: CanonicalRow[]) => number;
}

const num = (v: unknown) => (typeof v === 'number' ? v : 0);
const columnOf = (f: Field): Column => ({ key: f.key, label: f.label, unit: f.unit });

function fieldMeasures(id: TemplateId): Measure[] {
  return templateOf(id)
    .fields.filter((f) => f.type === 'int' || f.type === 'money')
    .map((f) => ({
      column: columnOf(f),
      money: f.type === 'money',
      appliesTo: (org: OrgKey) => applies(f, org),
      of: (rows: CanonicalRow[]) => rows.reduce((s, r) => s + num(r[f.key]), 0),
    }));
}

/** 表3's counts: level × recipient type, then totals per type and women among individuals. */
function awardMeasures(): Measure[] {
  const t = templateOf('awards');
  const levels = t.fields.find((f) => f.key === 'level')!.options!;
  const types = t.fields.find((f) => f.key === 'recipient_type')!.options!;
  const count = (key: string, label: string, match: (r: CanonicalRow) => boolean): Measure => ({
    column: { key, label, unit: '项' },
    money: false,
    appliesTo: () => true,
    of: (rows) => rows.filter(match).length,
  });
  return [
    ...levels.flatMap((l) => types.map((ty) => count(`${l.key}_${ty.key}`, `${l.label}${ty.label}`, (r) => r.level === l.key && r.recipient_type === ty.key))),
    ...types.map((ty) => count(`total_${ty.key}`, `${ty.label}合计`, (r) => r.recipient_type === ty.key)),
    count('female_individual', '其中：女性个人', (r) => r.recipient_type === 'individual' && r.gender === 'female'),
  ];
}

const MEASURES: Record<TemplateId, Measure[]> = {
  members: fieldMeasures('members'),
  trainings: fieldMeasures('trainings'),
  awards: awardMeasures(),
  funding: fieldMeasures('funding'),
};

/** The sums of one revision's canonical rows, as stored beside it. */
export function sumsOf(template: TemplateId, rows: CanonicalRow[], org: OrgKey): Sums {
  const measures = MEASURES[template];
  const sums: Sums = { raw: unitRaw(measures, org, rows) };
  if (template === 'trainings') {
    const cats = templateOf('trainings').fields.find((f) => f.key === 'category')!.options!;
    sums.byCategory = Object.fromEntries(cats.map((c) => [c.key, unitRaw(measures, org, rows.filter((r) => r.category === c.key))]));
  }
  return sums;
}

/** Percent with 2 decimals, from integer numerator and denominator; null when the denominator is 0. */
export function rate(n: number | null, d: number | null): number | null {
  if (n === null || d === null || d === 0) return null;
  return Math.round((n / d) * 10000) / 100;
}

function change(cur: number | null, prev: number | null): number | null {
  if (cur === null || prev === null || prev === 0) return null;
  return Math.round(((cur - prev) / prev) * 10000) / 100;
}

/** One unit's measures (integers; null where not reported or not asked), computed once per unit and year. */
function unitRaw(measures: Measure[], org: OrgKey, rows: CanonicalRow[] | undefined): Raw {
  const raw: Raw = {};
  for (const m of measures) raw[m.column.key] = rows && m.appliesTo(org) ? m.of(rows) : null;
  return raw;
}

/** Sums units' measures; null where no unit contributed a value. */
function addUp(measures: Measure[], raws: Raw[]): Raw {
  const out: Raw = {};
  for (const m of measures) {
    let s: number | null = null;
    for (const r of raws) {
      const v = r[m.column.key];
      if (v !== null && v !== undefined) s = (s ?? 0) + v;
    }
    out[m.column.key] = s;
  }
  return out;
}

function present(measures: Measure[], raw: Record<string, number | null>, derived: typeof DERIVED): Values {
  const out: Values = {};
  for (const m of measures) {
    const v = raw[m.column.key] ?? null;
    out[m.column.key] = v === null ? null : m.money ? hundredthsToNumber(v) : v;
  }
  for (const d of derived) out[d.key] = rate(raw[d.numerator] ?? null, raw[d.denominator] ?? null);
  return out;
}

function changes(cur: Values, prev: Values): Values {
  return Object.fromEntries(Object.keys(cur).map((k) => [k, change(cur[k] ?? null, prev[k] ?? null)]));
}

function buildSheet(
  input: ConsolidateInput,
  template: TemplateId,
  title: string,
  measures: Measure[],
  units: ConsolidationUnit[],
): Sheet {
  const t = templateOf(template);
  const derived = DERIVED.filter((d) => d.template === template);
  const columns = [...measures.map((m) => m.column), ...derived.map((d) => ({ key: d.key, label: d.label, unit: d.unit, derived: derivedText(d) }))];
  const listed = units.filter((u) => u.active || input.current.get(u.code)?.[template]);
  // One pass over the data: each unit's sums, this year and last; subtotals and the total add those up.
  const none = unitRaw(measures, 'union', undefined);
  const cur = new Map(listed.map((u) => [u.code, input.current.get(u.code)?.[template]?.raw ?? none]));
  const prev = new Map(listed.map((u) => [u.code, input.previous.get(u.code)?.[template]?.raw ?? none]));
  const rows: SheetRow[] = [];
  const summarize = (group: ConsolidationUnit[]) => {
    const values = present(measures, addUp(measures, group.map((u) => cur.get(u.code)!)), derived);
    const previous = present(measures, addUp(measures, group.map((u) => prev.get(u.code)!)), derived);
    return { values, previous, change: changes(values, previous) };
  };
  for (const o of ORG_TYPES) {
    const group = listed.filter((u) => u.org === o.key);
    if (group.length === 0) continue;
    for (const u of group) rows.push({ kind: 'unit', unit: u.code, label: u.name, org: u.org, district: u.district, values: present(measures, cur.get(u.code)!, derived) });
    rows.push({ kind: 'subtotal', org: o.key, label: `${o.label}小计`, ...summarize(group) });
  }
  rows.push({ kind: 'total', label: TOTAL_LABEL, ...summarize(listed) });
  return { sheet: t.sheet, title, columns, rows };
}

export function derivedText(d: (typeof DERIVED)[number]): string {
  return `${d.numerator} ÷ ${d.denominator}`;
}

function byCategory(input: ConsolidateInput, units: ConsolidationUnit[], title: string): Sheet {
  const t = templateOf('trainings');
  const measures = MEASURES.trainings;
  const categories = t.fields.find((f) => f.key === 'category')!.options!;
  const of = (data: ReadonlyMap<string, UnitData>, category?: string) =>
    present(measures, addUp(measures, units.map((u) => data.get(u.code)?.trainings).filter((x): x is Sums => !!x).map((x) => (category ? x.byCategory?.[category] ?? {} : x.raw))), []);
  const rows: SheetRow[] = categories.map((c) => {
    const values = of(input.current, c.key);
    const previous = of(input.previous, c.key);
    return { kind: 'category', category: c.key, label: c.label, values, previous, change: changes(values, previous) };
  });
  const values = of(input.current);
  const previous = of(input.previous);
  rows.push({ kind: 'total', label: TOTAL_LABEL, values, previous, change: changes(values, previous) });
  return { sheet: t.sheet, title, columns: measures.map((m) => m.column), rows };
}

/** The consolidated sheets of a year, in the contract's shape. */
export function consolidate(input: ConsolidateInput): Consolidated {
  const units = [...input.units].sort(compareUnits);
  const measures = MEASURES;
  const title = (id: TemplateId, suffix = '（全市汇总）') => `${input.year}年${templateOf(id).title}${suffix}`;
  return {
    year: input.year,
    generatedAt: input.generatedAt,
    sheets: {
      members: buildSheet(input, 'members', title('members'), measures.members, units),
      trainings: buildSheet(input, 'trainings', title('trainings'), measures.trainings, units),
      trainingsByCategory: byCategory(input, units, title('trainings', '（按培训类别汇总）')),
      awards: buildSheet(input, 'awards', title('awards'), measures.awards, units),
      funding: buildSheet(input, 'funding', title('funding'), measures.funding, units),
    },
    progress: input.progress,
  };
}
