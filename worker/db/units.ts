/** SQL and row mapping for reporting units. */
import { ROOT_AREA, type OrgKey, type Unit } from '../../shared/index.ts';
import { now } from './util.ts';

export type { Unit };

export interface UnitRow {
  code: string;
  name: string;
  org: string;
  district: string;
  district_code: string | null;
  active: number;
  area: string | null;
  contact: string | null;
  phone: string | null;
}

const COLUMNS = 'code, name, org, district, district_code, active, area, contact, phone';

export function toUnit(r: UnitRow): Unit {
  return {
    code: r.code,
    name: r.name,
    org: r.org as OrgKey,
    district: r.district,
    districtCode: r.district_code,
    active: r.active === 1,
    area: r.area ?? ROOT_AREA,
    contact: r.contact,
    phone: r.phone,
  };
}

/** Every unit's contact person and phone, where the roster gives either (报送进度 shows them). */
export async function unitContacts(db: D1Database): Promise<Map<string, { contact: string | null; phone: string | null }>> {
  const { results } = await db.prepare('SELECT code, contact, phone FROM units WHERE contact IS NOT NULL OR phone IS NOT NULL').all<{ code: string; contact: string | null; phone: string | null }>();
  return new Map(results.map((r) => [r.code, { contact: r.contact, phone: r.phone }]));
}

/** The unit's row, as a statement to run alone or inside a batch. */
export function unitStatement(db: D1Database, code: string) {
  return db.prepare(`SELECT ${COLUMNS} FROM units WHERE code = ?1`).bind(code);
}

export async function getUnit(db: D1Database, code: string): Promise<Unit | null> {
  const r = await unitStatement(db, code).first<UnitRow>();
  return r ? toUnit(r) : null;
}

/** Units in code order after `after`, at most `limit` (+1 to know whether more remain); only those of `areas` when given. */
export async function listUnits(db: D1Database, opts: { after: string | null; limit: number; only?: string | null; areas?: readonly string[] | null }): Promise<Unit[]> {
  const { results } = await db
    .prepare(
      `SELECT ${COLUMNS} FROM units WHERE (?1 IS NULL OR code > ?1) AND (?2 IS NULL OR code = ?2)
         AND (?4 IS NULL OR area IN (SELECT value FROM json_each(?4))) ORDER BY code LIMIT ?3`,
    )
    .bind(opts.after, opts.only ?? null, opts.limit, opts.areas ? JSON.stringify(opts.areas) : null)
    .all<UnitRow>();
  return results.map(toUnit);
}

/** Inserts a unit (its district follows from its area: refreshDistricts in the same batch); no row when the code is taken. */
export function insertUnitStatement(db: D1Database, u: Omit<Unit, 'district'>) {
  return db
    .prepare(`INSERT INTO units (${COLUMNS}, created_at) VALUES (?1, ?2, ?3, '', ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT (code) DO NOTHING`)
    .bind(u.code, u.name, u.org, u.districtCode, u.active ? 1 : 0, u.area, u.contact ?? null, u.phone ?? null, now());
}

/** A patch's nullable fields: absent leaves the column, null clears it. */
export function updateUnitStatement(db: D1Database, code: string, patch: Partial<Pick<Unit, 'name' | 'districtCode' | 'active' | 'area' | 'contact' | 'phone'>>) {
  return db
    .prepare(
      `UPDATE units SET
         name = COALESCE(?2, name),
         area = COALESCE(?3, area),
         district_code = CASE WHEN ?4 THEN ?5 ELSE district_code END,
         active = COALESCE(?6, active),
         contact = CASE WHEN ?7 THEN ?8 ELSE contact END,
         phone = CASE WHEN ?9 THEN ?10 ELSE phone END
       WHERE code = ?1`,
    )
    .bind(
      code,
      patch.name ?? null,
      patch.area ?? null,
      patch.districtCode !== undefined ? 1 : 0,
      patch.districtCode ?? null,
      patch.active === undefined ? null : patch.active ? 1 : 0,
      patch.contact !== undefined ? 1 : 0,
      patch.contact ?? null,
      patch.phone !== undefined ? 1 : 0,
      patch.phone ?? null,
    );
}
