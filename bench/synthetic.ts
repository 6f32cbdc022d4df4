/** A synthetic city of n units with two years of valid reports, consolidated. */
import { canonicalRows, consolidate, progress, sumsOf, TEMPLATES, type Consolidated, type UnitData } from '../shared/index.ts';
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

export function syntheticConsolidation(n: number): Consolidated {
  const city = syntheticCity(n);
  const canon = (reports: Map<string, Report>) => {
    const out = new Map<string, UnitData>();
    for (const u of city.units) {
      const r = reports.get(u.code)!;
      out.set(u.code, Object.fromEntries(TEMPLATES.map((t) => [t.id, sumsOf(t.id, canonicalRows(t.id, r[t.id], u.org), u.org)])) as UnitData);
    }
    return out;
  };
  const units = city.units.map((u) => ({ ...u, active: true }));
  return consolidate({
    year: 2025,
    generatedAt: new Date().toISOString(),
    units,
    current: canon(city.now),
    previous: canon(city.last),
    progress: progress(2025, '2026-03-31', units, [], '2026-01-01'),
  });
}
