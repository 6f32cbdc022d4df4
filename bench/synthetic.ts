/** A synthetic city of n units with two years of valid reports, consolidated. */
import { canonicalRows, consolidate, progress, sumsOf, TEMPLATES, type Consolidated, type OrgKey, type Row, type TemplateId, type UnitData } from '../shared/index.ts';
import { demoReport, demoUnits, rng, type Report } from '../scripts/demo.ts';

export interface SyntheticCity {
  units: ReturnType<typeof demoUnits>;
  last: Map<string, Report>;
  now: Map<string, Report>;
}

export function syntheticCity(n: number, seed = 1): SyntheticCity {
  const random = rng(seed);
  const units = demoUnits(n);
  const last = new Map<string, Report>();
  const now = new Map<string, Report>();
  for (const u of units) {
    const l = demoReport(u, 2024, random);
    last.set(u.code, l);
    now.set(u.code, demoReport(u, 2025, random, l));
  }
  return { units, last, now };
}

/** A unit's reports as the counted revisions consolidation reads (revision 1, ids made up from the unit and template). */
export function unitData(code: string, org: OrgKey, reports: Partial<Record<TemplateId, Row[]>>, revision = 1): UnitData {
  const out: UnitData = {};
  for (const t of TEMPLATES) {
    const rows = reports[t.id];
    if (rows) out[t.id] = { submission: `${code}/${t.id}/${revision}`, revision, sums: sumsOf(t.id, canonicalRows(t.id, rows, org), org) };
  }
  return out;
}

export function syntheticConsolidation(n: number): Consolidated {
  const city = syntheticCity(n);
  const canon = (reports: Map<string, Report>) => new Map(city.units.map((u) => [u.code, unitData(u.code, u.org, reports.get(u.code)!)]));
  const units = city.units.map((u) => ({ ...u, active: true }));
  return consolidate({
    year: 2025,
    generatedAt: new Date().toISOString(),
    units,
    current: canon(city.now),
    previous: canon(city.last),
    previousPublished: null,
    published: null,
    progress: progress(2025, '2026-03-31', units, [], '2026-01-01'),
  });
}
