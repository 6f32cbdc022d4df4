/**
 * Scope (areas.md): a statistician bound to an area sees, reviews and pulls
 * only its subtree — for a given year, by that year's roster and tree. Every
 * route asks here which area a request is for and which units it may touch;
 * nothing decides it anywhere else.
 */
import { AreaTree, ROOT_AREA } from '../shared/index.ts';
import { allAreas, versionAreas } from './db/areas.ts';
import { latestPublication, liveRoster, versionRoster } from './db/publications.ts';
import { getPeriod } from './db/periods.ts';
import { listUnits } from './db/units.ts';
import type { Caller, Env } from './env.ts';
import { ApiError } from './errors.ts';

/** The city's name, which is the root area's (the deployment setting CITY). */
export const cityName = (env: Env) => env.CITY ?? '';

export async function liveTree(db: D1Database, env: Env): Promise<AreaTree> {
  return new AreaTree(await allAreas(db), cityName(env));
}

export async function versionTree(db: D1Database, year: number, version: number, city: string): Promise<AreaTree> {
  return new AreaTree(await versionAreas(db, year, version), city);
}

/** The area a caller works in: a scoped statistician's, else the whole city. */
export function homeArea(caller: Caller): string {
  return caller.role === 'statistician' && caller.area ? caller.area : ROOT_AREA;
}

/**
 * The area a request is for: `requested` when given, else the caller's own.
 * An unknown area is 404; one outside the caller's subtree is 403.
 */
export function requestArea(caller: Caller, tree: AreaTree, requested?: string): string {
  const home = homeArea(caller);
  const area = requested ?? home;
  if (!tree.get(area)) throw new ApiError('not_found', `没有区域“${area}”`);
  if (!tree.within(area, home)) throw new ApiError('forbidden', '只能查看本区域及下级区域的数据');
  return area;
}

/**
 * The units a request may touch in a year (by that year's roster and tree):
 * those of `requested` (checked as requestArea checks it) or else of the
 * caller's own area; null when that is the whole city. Without a year,
 * today's units and tree.
 */
export async function scopeUnits(db: D1Database, env: Env, caller: Caller, year: number | null, requested?: string): Promise<Set<string> | null> {
  if (homeArea(caller) === ROOT_AREA && (requested ?? ROOT_AREA) === ROOT_AREA) return null;
  const period = year === null ? null : await getPeriod(db, year);
  const pub = period?.status === 'closed' ? await latestPublication(db, period.year) : null;
  const tree = pub ? await versionTree(db, pub.year, pub.version, cityName(env)) : await liveTree(db, env);
  const area = requestArea(caller, tree, requested);
  if (area === ROOT_AREA) return null;
  const within = tree.subtree(area);
  const units = pub ? await versionRoster(db, pub.year, pub.version) : year !== null ? await liveRoster(db, year) : await listUnits(db, { after: null, limit: 1_000_000 });
  return new Set(units.filter((u) => within.has(u.area)).map((u) => u.code));
}

/** Refuses a scoped statistician a unit outside its subtree (for the year's roster). */
export async function assertInScope(db: D1Database, env: Env, caller: Caller, unit: string, year: number | null): Promise<void> {
  const units = await scopeUnits(db, env, caller, year);
  if (units && !units.has(unit)) throw new ApiError('forbidden', '该单位不在本区域内，不能查看或审核');
}
