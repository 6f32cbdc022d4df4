/** A synthetic city of n units with two years of valid reports, consolidated. */
import { AreaTree, canonicalRows, CITY_LEVEL, consolidate, editionForYear, progress, ROOT_AREA, sumsOf, type Area, type Edition, type Consolidated, type OrgKey, type Row, type TemplateId, type Unit, type UnitData } from '../shared/index.ts';
import { demoReport, demoUnits, rng, type DemoUnit, type Report } from '../scripts/demo.ts';

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

/** Demo units placed in a tree: each district a level-1 area under the city (市本级 at the city itself), 社区 below their towns. */
export function syntheticTree(units: readonly DemoUnit[]): { units: Unit[]; tree: AreaTree } {
  const areas = new Map<string, Area>();
  const towns = new Map(units.filter((u) => !u.area && u.district !== CITY_LEVEL).map((u) => [u.district, `A${u.districtCode}`]));
  const placed = units.map((u): Unit => {
    if (u.district === CITY_LEVEL) return { ...u, active: true, area: ROOT_AREA };
    const town = towns.get(u.district) ?? `A${u.districtCode}`;
    if (!u.area) areas.set(town, { code: town, name: u.district, parent: ROOT_AREA, level: 1, districtCode: u.districtCode });
    if (!u.area) return { ...u, active: true, area: town };
    // A 社区 below its town.
    areas.set(u.area, { code: u.area, name: u.name.replace(/妇女联合会$/, ''), parent: town, level: 2, districtCode: u.area });
    return { ...u, active: true, area: u.area };
  });
  return { units: placed, tree: new AreaTree([...areas.values()], '合山市') };
}

/**
 * A unit's reports as the counted revisions consolidation reads (revision 1,
 * ids made up from the unit and template), summed with `edition` (the 2024
 * edition's unless given).
 */
export function unitData(code: string, org: OrgKey, reports: Partial<Record<TemplateId, Row[]>>, revision = 1, edition: Edition = editionForYear(2024)): UnitData {
  const out: UnitData = {};
  for (const t of edition.templates) {
    const rows = reports[t.id];
    if (rows) out[t.id] = { submission: `${code}/${t.id}/${revision}`, revision, sums: sumsOf(t, canonicalRows(t, rows, org), org) };
  }
  return out;
}

export function syntheticConsolidation(n: number): Consolidated {
  const city = syntheticCity(n);
  const canon = (reports: Map<string, Report>) => new Map(city.units.map((u) => [u.code, unitData(u.code, u.org, reports.get(u.code)!)]));
  const { units, tree } = syntheticTree(city.units);
  return consolidate({
    year: 2025,
    generatedAt: new Date().toISOString(),
    units,
    current: canon(city.now),
    previous: canon(city.last),
    previousPublished: null,
    published: null,
    tree,
    area: ROOT_AREA,
    progress: progress({ year: 2025, deadline: '2026-03-31', units, latest: [], today: '2026-01-01', tree, area: ROOT_AREA }),
  });
}
