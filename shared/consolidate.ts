/**
 * 全市汇总: the consolidated sheets of a year, computed from each roster
 * unit's counted revisions. Pure: the worker feeds it what D1 holds (live,
 * or a published version's frozen inputs), tests and the benchmark feed it
 * synthetic cities. Sums are integers (money in hundredths) so that every
 * subtotal and total equals the sum of its unit rows to the cent.
 *
 * The comparable basis (同口径, reporting-year.md): a row's 上年 is the sum of
 * last year's figures of exactly the units that make up this year's figure —
 * the units in the row's scope with a counted revision of the sheet's
 * template this year. `trace.ts` explains every figure from the same basis.
 */
import { ROOT_AREA, type AreaTree } from './areas.ts';
import { applies, DERIVED, fieldName, ORG_TYPES, type Derived, type Field, type OrgKey, type SheetKey, type Template, type TemplateId, type Unit } from './catalog.ts';
import { editionForYear, editionOf, type Edition, type EditionId } from './editions.ts';
import type { CanonicalRow } from './canonical.ts';
import { hundredthsToNumber } from './money.ts';
import type { AreaTable, Column, Consolidated, Coverage, Progress, Published, Sheet, SheetRow, Values } from './responses.ts';

export type { Column, Consolidated, Sheet, SheetRow, Values };

/** The units a consolidation lists: the year's roster. */
export type ConsolidationUnit = Unit;

/** A measure's integer per key (money in hundredths); null where not reported or not asked. */
export type Raw = Record<string, number | null>;

/**
 * Stored sums carry this version; older ones are summed again from the
 * revision's data. The compact form is positional (a template's measures and
 * breakdown options in catalog order, per edition): raise this whenever an
 * edition's measures or options change order or number.
 */
export const SUMS_VERSION = 2;

/**
 * What consolidation needs of one counted revision: its measures summed once
 * (at upload time, so that a year's consolidation reads a few numbers per
 * unit, not every row), and for 表2 the same per 培训类别.
 */
export interface Sums {
  v?: number;
  raw: Raw;
  byCategory?: Record<string, Raw>;
}

/** A unit's counted revision of a template: which revision, and its sums. */
export interface Counted {
  submission: string;
  revision: number;
  sums: Sums;
}

/** A unit's counted revisions per template. Absent: not counted. */
export type UnitData = Partial<Record<TemplateId, Counted>>;

/** Everything a year's figures are computed from (and traced back to). */
export interface Basis {
  year: number;
  /** The year's roster: every unit is listed in every sheet. */
  units: readonly ConsolidationUnit[];
  /** This year's counted revisions per unit. */
  current: ReadonlyMap<string, UnitData>;
  /** Last year's counted revisions per unit (from its newest published version where there is one). */
  previous: ReadonlyMap<string, UnitData>;
  /** Last year's published totals per sheet (of the same area); null when last year was never published. */
  previousPublished: Partial<Record<SheetKey, Values>> | null;
  /** The year's area tree (a closed year's as frozen). */
  tree: AreaTree;
  /** The area the figures are for: its subtree's units only (the root: the whole city). */
  area: string;
  /** Last year's counted units' areas, so that units gone from an area's roster can be named; else only the city's are. */
  previousAreas?: ReadonlyMap<string, string>;
  /** The year's edition as its period records it; without one, the edition valid for the year by the table. */
  edition?: Edition;
}

/** A basis without its revisions: the roster, the tree, the area and the year — what frames the figures. */
export type Frame = Omit<Basis, 'current' | 'previous'>;

/** A basis' edition. */
export function editionOfBasis(basis: Frame): Edition {
  return basis.edition ?? editionForYear(basis.year);
}

export interface ConsolidateInput extends Basis {
  generatedAt: string;
  progress: Progress;
  published: Published | null;
}

export const TOTAL_LABEL = '全市合计';

/** The roster units in the basis' area, in the consolidation's order. */
export function scopedUnits(basis: Frame): ConsolidationUnit[] {
  const within = basis.tree.subtree(basis.area);
  return rosterOrder(basis.units.filter((u) => within.has(u.area)));
}

/** The total row's label: 全市合计 for the city, else 兴宾区合计. */
export function totalLabel(basis: Frame): string {
  return basis.area === ROOT_AREA ? TOTAL_LABEL : `${basis.tree.get(basis.area)!.name}合计`;
}

/**
 * The area rows under the org-type subtotals (areas.md): one per child area
 * of the requested area, its whole subtree, empty ones included; then the
 * units attached to the requested area itself (本级), when there are any.
 */
const grouped = new WeakMap<readonly ConsolidationUnit[], { area: string; tree: AreaTree; groups: AreaGroup[] }>();

type AreaGroup = { area: string; local: boolean; label: string; units: ConsolidationUnit[] };

/** `areaGroups`, made once per list of units (every sheet of a consolidation asks for the same). */
export function areaGroups(basis: Frame, units: readonly ConsolidationUnit[]): AreaGroup[] {
  const hit = grouped.get(units);
  if (hit && hit.area === basis.area && hit.tree === basis.tree) return hit.groups;
  const groups = makeAreaGroups(basis, units);
  grouped.set(units, { area: basis.area, tree: basis.tree, groups });
  return groups;
}

function makeAreaGroups(basis: Frame, units: readonly ConsolidationUnit[]): AreaGroup[] {
  const children = basis.tree.children(basis.area);
  const out: AreaGroup[] = children.map((a) => ({ area: a.code, local: false, label: `${a.name}合计`, units: [] }));
  // Each unit into the child area whose subtree holds it, in one pass.
  const at = new Map<string, number>();
  children.forEach((a, i) => {
    for (const code of basis.tree.subtree(a.code)) at.set(code, i);
  });
  for (const u of units) {
    const i = at.get(u.area);
    if (i !== undefined) out[i]!.units.push(u);
  }
  const local = units.filter((u) => u.area === basis.area);
  if (local.length) out.push({ area: basis.area, local: true, label: `${basis.tree.get(basis.area)!.name}本级`, units: local });
  return out;
}
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
export interface Measure {
  column: Omit<Column, 'changeUnit'>;
  money: boolean;
  /** Whether the measure exists for a unit of this org type (not applicable → —). */
  appliesTo: (org: OrgKey) => boolean;
  of: (rows: CanonicalRow[]) => number;
}

const num = (v: unknown) => (typeof v === 'number' ? v : 0);

function fieldMeasures(t: Template): Measure[] {
  return t.fields
    .filter((f) => f.type === 'int' || f.type === 'money' || f.type === 'bool')
    .map((f: Field): Measure => {
      // A yes/no field counts the units answering 是 (换届单位数).
      if (f.type === 'bool') {
        return {
          column: { key: f.key, label: f.countLabel ?? `${fieldName(f)}单位数`, unit: '个' },
          money: false,
          appliesTo: (org) => applies(f, org),
          of: (rows) => rows.filter((r) => r[f.key] === true).length,
        };
      }
      return {
        column: { key: f.key, label: f.label, unit: f.unit },
        money: f.type === 'money',
        appliesTo: (org) => applies(f, org),
        // An omitted optional value (受益户数) adds 0.
        of: (rows) => rows.reduce((s, r) => s + num(r[f.key]), 0),
      };
    });
}

/** 表3's counts: level × recipient type, then totals per type and women among individuals. */
function awardMeasures(t: Template): Measure[] {
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

const measured = new WeakMap<Template, Measure[]>();

/** How a template's rows become numbers, as its edition states the template (made once per edition's template). */
export function measuresOf(t: Template): Measure[] {
  let m = measured.get(t);
  if (!m) measured.set(t, (m = t.id === 'awards' ? awardMeasures(t) : fieldMeasures(t)));
  return m;
}

/** The template a consolidated sheet sums: its own, or the list whose breakdown it is. */
export function templateOfSheet(key: SheetKey): TemplateId {
  if (key === 'trainingsByCategory') return 'trainings';
  if (key === 'servicesByGroup') return 'services';
  return key;
}

/** Whether a sheet is a list's breakdown table (培训类别, 服务对象): no unit rows, no subtotals, no rates. */
export function isBreakdown(key: SheetKey): boolean {
  return templateOfSheet(key) !== key;
}

/** The options a breakdown table has a row for. */
function breakdownOptions(t: Template) {
  return t.fields.find((f) => f.key === t.breakdown!.field)!.options!;
}

/** The sums of one revision's canonical rows, as stored beside it (the template as the year's edition has it). */
export function sumsOf(t: Template, rows: CanonicalRow[], org: OrgKey): Sums {
  const measures = measuresOf(t);
  const sums: Sums = { v: SUMS_VERSION, raw: unitRaw(measures, org, rows) };
  const bd = t.breakdown;
  if (bd) sums.byCategory = Object.fromEntries(breakdownOptions(t).map((c) => [c.key, unitRaw(measures, org, rows.filter((r) => r[bd.field] === c.key))]));
  return sums;
}

/**
 * Sums as stored beside a revision: its measures as an array in the order
 * of its edition's template (`r`), each breakdown option's likewise (`c`),
 * with the edition named (`e`) — a quarter of the keyed form's size, and as
 * much less to read and parse when a city of 20,000 units is consolidated.
 * `{"v":N,` stays first: the stored version is told by the prefix alone.
 */
export function encodeSums(edition: Edition, t: Template, sums: Sums): string {
  const keys = measuresOf(t).map((m) => m.column.key);
  const row = (raw: Raw) => keys.map((k) => raw[k] ?? null);
  const options = t.breakdown ? breakdownOptions(t).map((o) => o.key) : null;
  const c = options && sums.byCategory ? options.map((o) => row(sums.byCategory![o] ?? {})) : undefined;
  return JSON.stringify({ v: sums.v ?? SUMS_VERSION, e: edition.id, r: row(sums.raw), ...(c ? { c } : {}) });
}

/**
 * A row of figures in the order of a template's measures (`measureKeys`):
 * null (or NaN, in a packed block) where not reported or not asked — read
 * its entries with `figureAt`.
 */
export type Vec = ArrayLike<number | null>;

/** An entry of a `Vec`: null where it holds none (null, undefined, or a packed block's NaN). */
export function figureAt(xs: Vec, i: number): number | null {
  const x = xs[i];
  return x === null || x === undefined || x !== x ? null : x;
}

const keyed = new WeakMap<Template, readonly string[]>();

/** A template's measure keys, the same array each time (compact sums are matched by it). */
export function measureKeys(t: Template): readonly string[] {
  let k = keyed.get(t);
  if (!k) keyed.set(t, (k = measuresOf(t).map((m) => m.column.key)));
  return k;
}

/**
 * Sums read back from their compact form: the stored vectors, packed with
 * the other revisions read with them into one Float64Array (NaN for null) —
 * a province's revisions of a template take a third of the memory they
 * would as arrays (issue 17). The consolidation adds the vectors up as they
 * are; the keyed `raw` is made only when something asks for it (a trace, a
 * check of targets).
 */
class CompactSums implements Sums {
  private keyedRaw: Raw | undefined;
  private keyedBy: Record<string, Raw> | undefined;

  constructor(
    readonly v: number | undefined,
    readonly keys: readonly string[],
    private readonly block: Float64Array,
    private readonly at: number,
    /** The breakdown's options when the revision has figures by option (c), in stored order. */
    private readonly options: readonly string[] | undefined,
  ) {}

  get r(): Vec {
    return this.block.subarray(this.at, this.at + this.keys.length);
  }

  /** Option `i`'s figures; undefined where the revision has none by option. */
  option(i: number): Vec | undefined {
    if (!this.options) return undefined;
    const from = this.at + this.keys.length * (i + 1);
    return this.block.subarray(from, from + this.keys.length);
  }

  get raw(): Raw {
    return (this.keyedRaw ??= toRaw(this.keys, this.r));
  }

  get byCategory(): Record<string, Raw> | undefined {
    if (!this.options) return undefined;
    return (this.keyedBy ??= Object.fromEntries(this.options.map((o, i) => [o, toRaw(this.keys, this.option(i)!)])));
  }
}

function toRaw(keys: readonly string[], xs: Vec): Raw {
  const o: Raw = {};
  for (let i = 0; i < keys.length; i++) o[keys[i]!] = figureAt(xs, i);
  return o;
}

/** Stored sums back as `Sums`: the compact form, or the keyed form stored before it. */
export function decodeSums(json: string, template: TemplateId): Sums {
  return decodeSumsBlock([json], template)[0]!;
}

type Stored = Sums & { e?: EditionId; r?: (number | null)[]; c?: (number | null)[][] };

/** Many revisions' stored sums of one template at once, their vectors packed into one block. */
export function decodeSumsBlock(jsons: readonly string[], template: TemplateId): Sums[] {
  const out: Sums[] = new Array(jsons.length);
  // Where each compact one lies in the block; the objects are made once the block has its final size.
  const laid: { i: number; v: number | undefined; keys: readonly string[]; at: number; options: readonly string[] | undefined }[] = [];
  let block = new Float64Array(0);
  let used = 0;
  const put = (xs: readonly (number | null)[], width: number) => {
    for (let j = 0; j < width; j++) block[used + j] = xs[j] ?? NaN;
    used += width;
  };
  for (let i = 0; i < jsons.length; i++) {
    const x = JSON.parse(jsons[i]!) as Stored;
    if (!x.r) {
      out[i] = x;
      continue;
    }
    const t = editionOf(x.e!).template(template);
    const keys = measureKeys(t);
    const options = x.c && t.breakdown ? breakdownOptions(t).map((o) => o.key) : undefined;
    // Positional: a vector of another length was stored for other measures — never read it against these.
    if (x.r.length !== keys.length || (options && x.c!.length !== options.length) || x.c?.some((row) => row.length !== keys.length)) {
      throw new Error(`${template} 的汇总数（${x.e} 版）与报表制度的指标不一致：请提高 SUMS_VERSION，使其按明细重新汇总`);
    }
    const width = keys.length * (1 + (options ? options.length : 0));
    if (used + width > block.length) {
      // Grown for the rest as the first ones were: one more allocation at most, in practice.
      const grown = new Float64Array(Math.max(used + width, Math.ceil((used + width) * 1.25), width * (jsons.length - i) + used));
      grown.set(block.subarray(0, used));
      block = grown;
    }
    laid.push({ i, v: x.v, keys, at: used, options });
    put(x.r, keys.length);
    if (options) for (let o = 0; o < options.length; o++) put(x.c![o] ?? [], keys.length);
  }
  for (const l of laid) out[l.i] = new CompactSums(l.v, l.keys, block, l.at, l.options);
  return out;
}

/** A revision's figures as a vector in the order of `keys`: the stored one when it is in that order, else read by key. */
export function vecOf(sums: Sums, keys: readonly string[]): Vec {
  if (sums instanceof CompactSums && sums.keys === keys) return sums.r;
  const raw = sums.raw;
  return keys.map((k) => raw[k] ?? null);
}

/** A breakdown option's figures as a vector (undefined where the revision has none). */
function optionVecOf(sums: Sums, keys: readonly string[], i: number, option: string): Vec | undefined {
  if (sums instanceof CompactSums && sums.keys === keys) return sums.option(i);
  const raw = sums.byCategory?.[option];
  return raw ? keys.map((k) => raw[k] ?? null) : undefined;
}

/** Percent with 2 decimals, from integer numerator and denominator; null when the denominator is 0. */
export function rate(n: number | null, d: number | null): number | null {
  if (n === null || d === null || d === 0) return null;
  return Math.round((n / d) * 10000) / 100;
}

/**
 * The change of a figure on last year: for rates, the difference of the two
 * rounded rates in 百分点 (exact, on hundredths); for figures, the relative
 * change in %, 2 decimals, null where last year's figure is 0 or missing.
 */
export function change(cur: number | null, prev: number | null, unit: Column['changeUnit']): number | null {
  if (cur === null || prev === null) return null;
  if (unit === '百分点') return (Math.round(cur * 100) - Math.round(prev * 100)) / 100;
  if (prev === 0) return null;
  return Math.round(((cur - prev) / prev) * 10000) / 100;
}

/** One unit's measures (integers; null where not reported or not asked). */
function unitRaw(measures: Measure[], org: OrgKey, rows: CanonicalRow[] | undefined): Raw {
  const raw: Raw = {};
  for (const m of measures) raw[m.column.key] = rows && m.appliesTo(org) ? m.of(rows) : null;
  return raw;
}

/** Sums units' measures; null where no unit contributed a value. */
export function addUp(measures: readonly Measure[], raws: readonly Raw[]): Raw {
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

/** Integers as the figures people read: money back to 万元, rates from their summed parts. */
export function present(measures: readonly Measure[], raw: Raw, derived: readonly Derived[]): Values {
  const out: Values = {};
  for (const m of measures) {
    const v = raw[m.column.key] ?? null;
    out[m.column.key] = v === null ? null : m.money ? hundredthsToNumber(v) : v;
  }
  for (const d of derived) out[d.key] = rate(raw[d.numerator] ?? null, raw[d.denominator] ?? null);
  return out;
}

/** `present` for a vector in the order of `measures`. */
function presentVec(measures: readonly Measure[], xs: Vec, derived: readonly Derived[], at: ReadonlyMap<string, number>): Values {
  const out: Values = {};
  for (let i = 0; i < measures.length; i++) {
    const m = measures[i]!;
    const v = figureAt(xs, i);
    out[m.column.key] = v === null ? null : m.money ? hundredthsToNumber(v) : v;
  }
  for (const d of derived) out[d.key] = rate(figureAt(xs, at.get(d.numerator)!), figureAt(xs, at.get(d.denominator)!));
  return out;
}

export function derivedText(d: Derived): string {
  return `${d.numerator} ÷ ${d.denominator}`;
}

/** A sheet's columns in an edition: its measures, then its derived rates; each says how its change is stated. */
export function columnsOf(edition: Edition, key: SheetKey): Column[] {
  const template = templateOfSheet(key);
  const measures = measuresOf(edition.template(template)).map((m) => ({ ...m.column, changeUnit: m.column.unit === '%' ? ('百分点' as const) : ('%' as const) }));
  if (isBreakdown(key)) return measures;
  const derived = derivedOf(key).map((d) => ({ key: d.key, label: d.label, unit: d.unit, derived: derivedText(d), changeUnit: '百分点' as const }));
  return [...measures, ...derived];
}

/** A sheet's derived rates (none on a breakdown table). */
export function derivedOf(key: SheetKey): readonly Derived[] {
  return isBreakdown(key) ? [] : DERIVED.filter((d) => d.template === key);
}

function changes(columns: readonly Column[], cur: Values, prev: Values): Values {
  return Object.fromEntries(columns.map((c) => [c.key, change(cur[c.key] ?? null, prev[c.key] ?? null, c.changeUnit)]));
}

/**
 * The units of `units` whose figure a row of `template` is made of: those
 * with a counted revision this year. Their last-year revisions are the row's
 * comparable 上年.
 */
export function reportedOf(basis: Basis, template: TemplateId, units: readonly ConsolidationUnit[]): ConsolidationUnit[] {
  return units.filter((u) => basis.current.get(u.code)?.[template]);
}

/** A group row's figures: this year, the comparable 上年, the change and 汇总单位数. */
function groupFigures(basis: Basis, key: SheetKey, units: readonly ConsolidationUnit[], pick: (c: Counted) => Raw | undefined) {
  const template = templateOfSheet(key);
  const edition = editionOfBasis(basis);
  const measures = measuresOf(edition.template(template));
  const derived = derivedOf(key);
  const columns = columnsOf(edition, key);
  const reported = reportedOf(basis, template, units);
  const raws = (data: ReadonlyMap<string, UnitData>) =>
    reported.map((u) => data.get(u.code)?.[template]).flatMap((c) => {
      const r = c ? pick(c) : undefined;
      return r ? [r] : [];
    });
  const values = present(measures, addUp(measures, raws(basis.current)), derived);
  const previous = present(measures, addUp(measures, raws(basis.previous)), derived);
  const coverage: Coverage = { reported: reported.length, expected: units.length };
  return { values, previous, change: changes(columns, values, previous), coverage };
}

/**
 * A group row's running sums (an org type's subtotal, an area, the total, a
 * category): this year's figures of its units with a counted revision, the
 * same units' last year (the comparable 上年), and how many units it holds.
 * Added to unit by unit, so that a sheet is made in one pass over its units.
 */
class GroupSum {
  private readonly now: (number | null)[];
  private readonly last: (number | null)[];
  private reported = 0;
  private expected = 0;

  constructor(private readonly keys: readonly string[]) {
    this.now = keys.map(() => null);
    this.last = keys.map(() => null);
  }

  /** A unit of the group: `counted` when it has a counted revision this year, its figures (this year's, last year's) as picked. */
  add(counted: boolean, now: Vec | undefined, last: Vec | undefined) {
    this.expected++;
    if (!counted) return;
    this.reported++;
    if (now) for (let i = 0; i < now.length; i++) {
      const v = figureAt(now, i);
      if (v !== null) this.now[i] = (this.now[i] ?? 0) + v;
    }
    if (last) for (let i = 0; i < last.length; i++) {
      const v = figureAt(last, i);
      if (v !== null) this.last[i] = (this.last[i] ?? 0) + v;
    }
  }

  /** The row's figures, exactly as `groupFigures` states them. */
  figures(measures: readonly Measure[], derived: readonly Derived[], columns: readonly Column[]) {
    const raw = (xs: (number | null)[]): Raw => Object.fromEntries(this.keys.map((k, i) => [k, xs[i]!]));
    const values = present(measures, raw(this.now), derived);
    const previous = present(measures, raw(this.last), derived);
    const coverage: Coverage = { reported: this.reported, expected: this.expected };
    return { values, previous, change: changes(columns, values, previous), coverage };
  }
}

/** Which of the area rows (`areaGroups`) each area of the tree falls in. */
function areaIndex(basis: Frame, groups: ReturnType<typeof areaGroups>): Map<string, number> {
  const at = new Map<string, number>();
  groups.forEach((g, i) => {
    if (g.local) at.set(g.area, i);
    else for (const code of basis.tree.subtree(g.area)) at.set(code, i);
  });
  return at;
}

function buildSheet(basis: Basis, t: Template, title: string, units: readonly ConsolidationUnit[]): Sheet {
  // A unit row carries its area, so that readers can place it in the tree.
  const key = t.id;
  const measures = measuresOf(t);
  const keys = measureKeys(t);
  const at = new Map(keys.map((k, i) => [k, i]));
  const derived = derivedOf(key);
  const columns = columnsOf(editionOfBasis(basis), key);
  const none: Vec = keys.map(() => null);
  const groups = areaGroups(basis, units);
  const inGroup = areaIndex(basis, groups);
  const byOrg = new Map<string, { rows: SheetRow[]; sum: GroupSum }>();
  const byArea = groups.map(() => new GroupSum(keys));
  const total = new GroupSum(keys);
  // One pass: each unit's row, and its figures added to its org type, its area and the total.
  for (const u of units) {
    const c = basis.current.get(u.code)?.[key];
    const last = c ? basis.previous.get(u.code)?.[key] : undefined;
    const now = c ? vecOf(c.sums, keys) : undefined;
    const p = last ? vecOf(last.sums, keys) : undefined;
    let org = byOrg.get(u.org);
    if (!org) byOrg.set(u.org, (org = { rows: [], sum: new GroupSum(keys) }));
    org.rows.push({ kind: 'unit', unit: u.code, label: u.name, org: u.org, district: u.district, area: u.area, values: presentVec(measures, now ?? none, derived, at) });
    for (const g of [org.sum, byArea[inGroup.get(u.area) ?? -1], total]) g?.add(!!c, now, p);
  }
  const rows: SheetRow[] = [];
  for (const o of ORG_TYPES) {
    const org = byOrg.get(o.key);
    if (!org) continue;
    rows.push(...org.rows, { kind: 'subtotal', org: o.key, label: `${o.label}小计`, ...org.sum.figures(measures, derived, columns) });
  }
  groups.forEach((g, i) => rows.push({ kind: 'area', area: g.area, ...(g.local ? { local: true } : {}), label: g.label, ...byArea[i]!.figures(measures, derived, columns) }));
  rows.push({ kind: 'total', label: totalLabel(basis), ...total.figures(measures, derived, columns), previousPublished: basis.previousPublished?.[key] ?? null });
  return { sheet: t.sheet, title, columns, rows };
}

/** A list's breakdown table (培训类别, 服务对象): a row per option, then the total. */
function breakdown(basis: Basis, t: Template, units: readonly ConsolidationUnit[], title: string): Sheet {
  const key = t.breakdown!.sheet;
  const measures = measuresOf(t);
  const keys = measureKeys(t);
  const columns = columnsOf(editionOfBasis(basis), key);
  const options = breakdownOptions(t);
  const sums = options.map(() => new GroupSum(keys));
  const total = new GroupSum(keys);
  for (const u of units) {
    const c = basis.current.get(u.code)?.[t.id];
    const p = c ? basis.previous.get(u.code)?.[t.id]?.sums : undefined;
    options.forEach((o, i) => sums[i]!.add(!!c, c ? optionVecOf(c.sums, keys, i, o.key) : undefined, p ? optionVecOf(p, keys, i, o.key) : undefined));
    total.add(!!c, c ? vecOf(c.sums, keys) : undefined, p ? vecOf(p, keys) : undefined);
  }
  const rows: SheetRow[] = options.map((o, i) => {
    const { values, previous, change } = sums[i]!.figures(measures, [], columns);
    return { kind: 'category', category: o.key, label: o.label, values, previous, change };
  });
  rows.push({ kind: 'total', label: totalLabel(basis), ...total.figures(measures, [], columns), previousPublished: basis.previousPublished?.[key] ?? null });
  return { sheet: t.sheet, title, columns, rows };
}

/** The roster units in the consolidation's order. */
export function rosterOrder(units: readonly ConsolidationUnit[]): ConsolidationUnit[] {
  return [...units].sort(compareUnits);
}

/** Units new this year (nothing counted last year) and units counted last year that left the roster, within the area. */
export function scopeOf(basis: Basis): Consolidated['scope'] {
  const counted = [...basis.previous.entries()].filter(([, d]) => !!d && Object.keys(d).length > 0).map(([code]) => code);
  return scopeFrom(basis, new Set(counted));
}

/** The same, from the units counted last year in any template (`lastYear`), for a basis that does not hold them all. */
export function scopeFrom(basis: Frame, lastYear: ReadonlySet<string>): Consolidated['scope'] {
  const roster = new Set(basis.units.map((u) => u.code));
  const inArea = (code: string) => {
    if (basis.area === ROOT_AREA) return true;
    const a = basis.previousAreas?.get(code);
    return a !== undefined && basis.tree.within(a, basis.area);
  };
  return {
    newUnits: scopedUnits(basis).filter((u) => !lastYear.has(u.code)).map((u) => u.code),
    goneUnits: [...lastYear].filter((code) => !roster.has(code) && inArea(code)).sort(),
  };
}

/** Each sheet's total of a basis' area, as last year's published totals are carried into this year (previousPublished). */
export function totalsOf(basis: Basis): Partial<Record<SheetKey, Values>> {
  const units = scopedUnits(basis);
  return Object.fromEntries(editionOfBasis(basis).sheetKeys.map((k) => [k, groupFigures(basis, k, units, (c) => c.sums.raw).values]));
}

/** The totals of one template's sheets (its own and its breakdown), from a basis that need hold only its revisions. */
export function templateTotals(basis: Basis, t: Template): Partial<Record<SheetKey, Values>> {
  const units = scopedUnits(basis);
  return Object.fromEntries([t.id, ...(t.breakdown ? [t.breakdown.sheet] : [])].map((k) => [k, groupFigures(basis, k, units, (c) => c.sums.raw).values]));
}

/** The figures of 分区汇总, one per template: child areas down, org types across. */
export const AREA_TABLE_MEASURES: readonly { template: TemplateId; key: string }[] = [
  { template: 'members', key: 'members_total' },
  { template: 'trainings', key: 'trainees' },
  { template: 'funding', key: 'exp_total' },
];

/** One measure's cells of 分区汇总: per row (each child area, 本级, then the total) the org types' figures and their total. */
type AreaCells = Record<string, number | null>[];

/** A measure of 分区汇总 as its edition states it. */
function areaMeasure(edition: Edition, m: (typeof AREA_TABLE_MEASURES)[number]) {
  const x = measuresOf(edition.template(m.template)).find((y) => y.column.key === m.key)!;
  return { ...m, label: x.column.label, unit: x.column.unit, money: x.money };
}

/**
 * The cells of 分区汇总 for the measures of one template: a basis that holds
 * only that template's revisions suffices (the consolidation can then be
 * made one template at a time).
 */
export function areaCellsOf(basis: Basis, units: readonly ConsolidationUnit[], template: TemplateId): Record<string, AreaCells> {
  const edition = editionOfBasis(basis);
  const groups = areaGroups(basis, units);
  const inGroup = areaIndex(basis, groups);
  const out: Record<string, AreaCells> = {};
  for (const m of AREA_TABLE_MEASURES.filter((x) => x.template === template).map((x) => areaMeasure(edition, x))) {
    const keys = measureKeys(edition.template(m.template));
    const i = keys.indexOf(m.key);
    // One pass: each unit's figure added to its area's and the total's cell of its org type, and to their totals.
    const sums = [...groups, null].map(() => new Map<string, number>());
    const add = (cells: Map<string, number>, k: string, v: number) => cells.set(k, (cells.get(k) ?? 0) + v);
    for (const u of units) {
      const c = basis.current.get(u.code)?.[m.template];
      const v = c ? figureAt(vecOf(c.sums, keys), i) : null;
      if (v === null) continue;
      for (const cells of [sums[inGroup.get(u.area) ?? -1], sums[groups.length]!]) {
        if (!cells) continue;
        add(cells, u.org, v);
        add(cells, 'total', v);
      }
    }
    const show = (x: number | undefined) => (x === undefined ? null : m.money ? hundredthsToNumber(x) : x);
    out[m.key] = sums.map((cells) => ({ ...Object.fromEntries(ORG_TYPES.map((o) => [o.key, show(cells.get(o.key))])), total: show(cells.get('total')) }));
  }
  return out;
}

/** 分区汇总: for each child area (and 本级) and each org type, the measures above, with row and column totals. */
export function areaTableFrom(basis: Frame, units: readonly ConsolidationUnit[], cells: Record<string, AreaCells>): AreaTable {
  const edition = editionOfBasis(basis);
  const measures = AREA_TABLE_MEASURES.map((m) => areaMeasure(edition, m));
  const cellsAt = (i: number) => Object.fromEntries(measures.map((m) => [m.key, cells[m.key]![i]!]));
  const groups = areaGroups(basis, units);
  const rows = groups.map((g, i) => ({ area: g.area, ...(g.local ? { local: true } : {}), label: g.label, cells: cellsAt(i) }));
  rows.push({ area: basis.area, label: totalLabel(basis), cells: cellsAt(groups.length), total: true } as (typeof rows)[number]);
  return { measures: measures.map(({ template, key, label, unit }) => ({ template, key, label, unit })), rows };
}

/** The title of a template's sheet, or of its breakdown table. */
function sheetTitle(basis: Frame, t: Template, breakdownOf = false): string {
  const where = basis.area === ROOT_AREA ? '全市' : basis.tree.get(basis.area)!.name;
  return `${basis.year}年${t.title}${breakdownOf ? `（${t.breakdown!.by}汇总）` : `（${where}汇总）`}`;
}

/**
 * One template's consolidated sheets — its own, then its breakdown table —
 * from a basis that need hold only that template's revisions.
 */
export function templateSheets(basis: Basis, t: Template, units: readonly ConsolidationUnit[]): [SheetKey, Sheet][] {
  const out: [SheetKey, Sheet][] = [[t.id, buildSheet(basis, t, sheetTitle(basis, t), units)]];
  if (t.breakdown) out.push([t.breakdown.sheet, breakdown(basis, t, units, sheetTitle(basis, t, true))]);
  return out;
}

/** The consolidated sheets of a year, in the contract's shape. */
export function consolidate(input: ConsolidateInput): Consolidated {
  const units = scopedUnits(input);
  const edition = editionOfBasis(input);
  // Each template's sheet, its breakdown table right after it.
  const sheets: Partial<Record<SheetKey, Sheet>> = {};
  const cells: Record<string, AreaCells> = {};
  for (const t of edition.templates) {
    for (const [key, sheet] of templateSheets(input, t, units)) sheets[key] = sheet;
    Object.assign(cells, areaCellsOf(input, units, t.id));
  }
  return {
    year: input.year,
    // Absent for the 2024 edition, so that its figures read as they always have.
    ...(edition.id === '2024' ? {} : { edition: edition.id }),
    generatedAt: input.generatedAt,
    published: input.published,
    area: input.tree.get(input.area)!,
    sheets: sheets as Consolidated['sheets'],
    byArea: areaTableFrom(input, units, cells),
    scope: scopeOf(input),
    progress: input.progress,
  };
}
