/** Progress and consolidation of a year, read from D1 in a few whole-year queries. */
import { consolidate, progress, todayInChina, type Consolidated, type Progress, type UnitData } from '../shared/index.ts';
import { getPeriod } from './db/periods.ts';
import { countedOfYear, latestOfYear } from './db/submissions.ts';
import { allUnits } from './db/units.ts';
import { ApiError } from './errors.ts';


async function periodOrNotFound(db: D1Database, year: number) {
  const p = await getPeriod(db, year);
  if (!p) throw new ApiError('not_found', `没有 ${year} 年度的报告期`);
  return p;
}

/** The year's period, its units and their newest revisions: what 报送进度 is made of. */
async function yearState(db: D1Database, year: number) {
  const p = await periodOrNotFound(db, year);
  const [units, latest] = await Promise.all([allUnits(db), latestOfYear(db, year)]);
  return { units, progress: progress(year, p.deadline, units, latest, todayInChina()) };
}

export async function progressOf(db: D1Database, year: number): Promise<Progress> {
  return (await yearState(db, year)).progress;
}

function byUnit(rows: Awaited<ReturnType<typeof countedOfYear>>): Map<string, UnitData> {
  const out = new Map<string, UnitData>();
  for (const r of rows) {
    const d = out.get(r.unit) ?? {};
    d[r.template] = r.sums;
    out.set(r.unit, d);
  }
  return out;
}

export async function consolidatedOf(db: D1Database, year: number): Promise<Consolidated> {
  const [state, current, previous] = await Promise.all([yearState(db, year), countedOfYear(db, year), countedOfYear(db, year - 1)]);
  return consolidate({
    year,
    generatedAt: new Date().toISOString(),
    units: state.units,
    current: byUnit(current),
    previous: byUnit(previous),
    progress: state.progress,
  });
}
