/**
 * 数据溯源: where one consolidated figure comes from — the counted revisions
 * in the row's scope and each one's part, adding up exactly (money to the
 * cent) to the figure the consolidation shows. Computed from the same basis
 * as `consolidate.ts`, with the same rule for the comparable 上年.
 */
import { ORG_KEYS, type OrgKey } from './catalog.ts';
import { areaGroups, derivedOf, editionOfBasis, isBreakdown, measuresOf, rate, reportedOf, scopedUnits, templateOfSheet, type Basis, type ConsolidationUnit, type Counted, type Raw, type UnitData } from './consolidate.ts';
import { hundredthsToNumber } from './money.ts';
import type { Contribution, SheetKey, Trace, TracePart } from './responses.ts';

/** A trace that cannot be given: an unknown key or a row the sheet does not have (422). */
export class TraceError extends Error {}

interface RowScope {
  units: ConsolidationUnit[];
  pick: (c: Counted) => Raw | undefined;
}

/** The units a row is made of, and which of their sums it reads. */
function scopeOfRow(basis: Basis, sheet: SheetKey, row: string): RowScope {
  const units = scopedUnits(basis);
  const whole = (c: Counted) => c.sums.raw;
  const [kind, arg] = row.includes(':') ? [row.slice(0, row.indexOf(':')), row.slice(row.indexOf(':') + 1)] : [row, ''];
  const byCategory = isBreakdown(sheet);
  const t = editionOfBasis(basis).template(templateOfSheet(sheet));
  const options = byCategory ? t.fields.find((f) => f.key === t.breakdown!.field)!.options! : [];
  if (kind === 'total' && !arg) return { units, pick: whole };
  if (kind === 'subtotal' && !byCategory && (ORG_KEYS as readonly string[]).includes(arg)) {
    const group = units.filter((u) => u.org === (arg as OrgKey));
    if (group.length) return { units: group, pick: whole };
  }
  if (kind === 'category' && byCategory && options.some((c) => c.key === arg)) return { units, pick: (c) => c.sums.byCategory?.[arg] };
  if (kind === 'unit' && !byCategory) {
    const u = units.find((x) => x.code === arg);
    if (u) return { units: [u], pick: whole };
  }
  // A child area's row, or the requested area's own units (本级), as the sheet lists them.
  if ((kind === 'area' || (kind === 'local' && !arg)) && !byCategory) {
    const g = areaGroups(basis, units).find((x) => (kind === 'local' ? x.local : !x.local && x.area === arg));
    if (g) return { units: g.units, pick: whole };
  }
  throw new TraceError(`“${sheet}”表中没有行“${row}”（应为 total、subtotal:<组织类型>、${byCategory ? `category:<${t.breakdown!.by.replace(/^按/, '')}>` : 'area:<下级区域代码>、local、unit:<单位代码>'}）`);
}

/** A measure's contributions from `data` over `units`, and their exact sum. */
function part(basis: Basis, data: ReadonlyMap<string, UnitData>, sheet: SheetKey, key: string, units: readonly ConsolidationUnit[], pick: RowScope['pick']): TracePart {
  const template = templateOfSheet(sheet);
  const money = measuresOf(editionOfBasis(basis).template(template)).find((m) => m.column.key === key)!.money;
  const show = (v: number) => (money ? hundredthsToNumber(v) : v);
  const contributions: Contribution[] = [];
  let sum: number | null = null;
  for (const u of units) {
    const c = data.get(u.code)?.[template];
    const v = c ? pick(c)?.[key] : undefined;
    if (!c || v === null || v === undefined) continue;
    sum = (sum ?? 0) + v;
    contributions.push({ unit: u.code, name: u.name, submissionId: c.submission, revision: c.revision, value: show(v) });
  }
  return { value: sum === null ? null : show(sum), contributions };
}

function measureTrace(basis: Basis, sheet: SheetKey, key: string, scope: RowScope) {
  // This year's figure and its comparable 上年 are made of the same units: those counted this year.
  const reported = reportedOf(basis, templateOfSheet(sheet), scope.units);
  return { ...part(basis, basis.current, sheet, key, reported, scope.pick), previous: part(basis, basis.previous, sheet, key, reported, scope.pick) };
}

/** Explains one figure: `sheet` a consolidated sheet, `key` a column of it, `row` total, subtotal:<org>, category:<c> or unit:<code>. */
export function trace(basis: Basis, sheet: SheetKey, key: string, row: string): Trace {
  const template = templateOfSheet(sheet);
  const edition = editionOfBasis(basis);
  if (!edition.has(template)) throw new TraceError(`${basis.year}年度的报表制度（${edition.id}版）没有“${sheet}”表`);
  const scope = scopeOfRow(basis, sheet, row);
  const measure = measuresOf(edition.template(template)).find((m) => m.column.key === key);
  if (measure) return { year: basis.year, template: sheet, key, row, unit: measure.column.unit, ...measureTrace(basis, sheet, key, scope) };
  const d = derivedOf(sheet).find((x) => x.key === key);
  if (!d) throw new TraceError(`“${sheet}”表中没有指标“${key}”`);
  const numerator = { key: d.numerator, ...measureTrace(basis, sheet, d.numerator, scope) };
  const denominator = { key: d.denominator, ...measureTrace(basis, sheet, d.denominator, scope) };
  return {
    year: basis.year,
    template: sheet,
    key,
    row,
    unit: '%',
    value: rate(numerator.value, denominator.value),
    previous: { value: rate(numerator.previous.value, denominator.previous.value) },
    numerator,
    denominator,
  };
}
