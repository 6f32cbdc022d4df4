/**
 * SQL for the area tree (areas.md). The tree is small (a city has tens to a
 * few hundred areas), so it is read whole and walked in memory (`AreaTree`);
 * writes keep `level` and every unit's `district` (its level-1 area's name)
 * in step, in the same batch as the change.
 */
import { CITY_LEVEL, ROOT_AREA, type Area } from '../../shared/index.ts';
import { now } from './util.ts';

interface AreaRow {
  code: string;
  name: string;
  parent: string | null;
  level: number;
  district_code: string | null;
}

const toArea = (r: AreaRow): Area => ({ code: r.code, name: r.name, parent: r.parent, level: r.level, districtCode: r.district_code });
const COLUMNS = 'code, name, parent, level, district_code';

export async function allAreas(db: D1Database): Promise<Area[]> {
  const { results } = await db.prepare(`SELECT ${COLUMNS} FROM areas`).all<AreaRow>();
  return results.map(toArea);
}

/** A published version's tree as it was frozen. */
export async function versionAreas(db: D1Database, year: number, version: number): Promise<Area[]> {
  const { results } = await db.prepare(`SELECT ${COLUMNS} FROM publication_areas WHERE year = ?1 AND version = ?2`).bind(year, version).all<AreaRow>();
  return results.map(toArea);
}

export function insertAreaStatement(db: D1Database, a: Area) {
  return db.prepare(`INSERT INTO areas (${COLUMNS}, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)`).bind(a.code, a.name, a.parent, a.level, a.districtCode, now());
}

/**
 * Every unit's district is its level-1 area's name (市本级 at the city): one
 * statement for all units, run after any change to the tree or to a unit's area.
 */
export function refreshDistricts(db: D1Database) {
  return db.prepare(
    `WITH RECURSIVE chain(code, cur) AS (
       SELECT code, code FROM areas
       UNION ALL
       SELECT chain.code, a.parent FROM chain JOIN areas a ON a.code = chain.cur WHERE a.level > 1
     ),
     district(code, name) AS (SELECT chain.code, x.name FROM chain JOIN areas x ON x.code = chain.cur WHERE x.level = 1)
     UPDATE units SET district = COALESCE((SELECT d.name FROM district d WHERE d.code = units.area), '${CITY_LEVEL}')
     WHERE district IS NOT COALESCE((SELECT d.name FROM district d WHERE d.code = units.area), '${CITY_LEVEL}')`,
  );
}

/** Levels below a moved area follow their parent's. */
export function refreshLevels(db: D1Database) {
  return db.prepare(
    `WITH RECURSIVE depth(code, level) AS (
       SELECT code, 0 FROM areas WHERE parent IS NULL
       UNION ALL
       SELECT a.code, depth.level + 1 FROM areas a JOIN depth ON a.parent = depth.code
     )
     UPDATE areas SET level = (SELECT d.level FROM depth d WHERE d.code = areas.code)
     WHERE level != (SELECT d.level FROM depth d WHERE d.code = areas.code)`,
  );
}

export function updateAreaStatement(db: D1Database, code: string, patch: { name?: string; parent?: string; districtCode?: string | null; level?: number }) {
  return db
    .prepare(
      `UPDATE areas SET name = COALESCE(?2, name), parent = COALESCE(?3, parent), level = COALESCE(?4, level),
         district_code = CASE WHEN ?5 THEN ?6 ELSE district_code END WHERE code = ?1`,
    )
    .bind(code, patch.name ?? null, patch.parent ?? null, patch.level ?? null, patch.districtCode !== undefined ? 1 : 0, patch.districtCode ?? null);
}

/** What holds an area in place: children, units, tokens bound to it. */
export async function areaUse(db: D1Database, code: string): Promise<{ children: number; units: number; tokens: number }> {
  const r = await db
    .prepare(
      `SELECT (SELECT COUNT(*) FROM areas WHERE parent = ?1) AS children, (SELECT COUNT(*) FROM units WHERE area = ?1) AS units,
         (SELECT COUNT(*) FROM tokens WHERE area = ?1 AND revoked_at IS NULL) AS tokens`,
    )
    .bind(code)
    .first<{ children: number; units: number; tokens: number }>();
  return r!;
}

/** Deletes an unused area; revoked tokens that were bound to it let go of it first (they can never sign in again). */
export function deleteAreaStatements(db: D1Database, code: string) {
  return [
    db.prepare('UPDATE tokens SET area = NULL WHERE area = ?1 AND revoked_at IS NOT NULL').bind(code),
    db.prepare('DELETE FROM areas WHERE code = ?1 AND parent IS NOT NULL').bind(code),
  ];
}

/**
 * The level-1 area of a district name, as units were placed before areas
 * (areas.md): found by name under the city, else made — coded by the unit's
 * 行政区划代码 when given (and free), else D and the next sequence number.
 * 市本级 is the city itself.
 */
export async function districtArea(db: D1Database, name: string, districtCode: string | null): Promise<{ code: string; create: Area | null }> {
  if (name === CITY_LEVEL) return { code: ROOT_AREA, create: null };
  const found = await db.prepare('SELECT code FROM areas WHERE parent = ?1 AND name = ?2').bind(ROOT_AREA, name).first<{ code: string }>();
  if (found) return { code: found.code, create: null };
  const taken = districtCode ? await db.prepare('SELECT 1 AS x FROM areas WHERE code = ?1').bind(districtCode).first() : null;
  let code = districtCode && !taken ? districtCode : '';
  if (!code) {
    const n = await db.prepare("SELECT COUNT(*) AS n FROM areas WHERE code GLOB 'D[0-9][0-9][0-9][0-9]'").first<{ n: number }>();
    for (let i = n!.n + 1; ; i++) {
      code = `D${String(i).padStart(4, '0')}`;
      if (!(await db.prepare('SELECT 1 AS x FROM areas WHERE code = ?1').bind(code).first())) break;
    }
  }
  return { code, create: { code, name, parent: ROOT_AREA, level: 1, districtCode } };
}
