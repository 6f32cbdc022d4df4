/**
 * SQL for targets (目标管理考核): a year's live targets, each published
 * version's frozen copy, and the replacement of a caller's targets — one
 * batch guarded by the period's state, so a year closed a moment before
 * never takes a change.
 */
import type { StoredTarget, TemplateId } from '../../shared/index.ts';

interface TargetRow {
  kind: 'org' | 'unit';
  owner: string;
  template: TemplateId;
  key: string;
  value: number;
}

const COLS = 'kind, owner, template, key, value';
const toTarget = (r: TargetRow): StoredTarget => ({ kind: r.kind, owner: r.owner, template: r.template, key: r.key, value: r.value });

export async function liveTargets(db: D1Database, year: number): Promise<StoredTarget[]> {
  const { results } = await db.prepare(`SELECT ${COLS} FROM targets WHERE year = ?1`).bind(year).all<TargetRow>();
  return results.map(toTarget);
}

export async function versionTargets(db: D1Database, year: number, version: number): Promise<StoredTarget[]> {
  const { results } = await db.prepare(`SELECT ${COLS} FROM publication_targets WHERE year = ?1 AND version = ?2`).bind(year, version).all<TargetRow>();
  return results.map(toTarget);
}

/** SQL condition: the year is open. */
const OPEN = "EXISTS (SELECT 1 FROM periods WHERE year = ?1 AND status = 'open')";

/**
 * Replaces targets of an open year in one batch: all of the year's (`units`
 * null: the city), or only the unit targets of `units` (a scoped
 * statistician's area). The last statement reads the period's state: when it
 * is not open, the guarded statements changed nothing.
 */
export async function replaceTargets(db: D1Database, year: number, units: readonly string[] | null, targets: readonly StoredTarget[]): Promise<'open' | 'closed' | null> {
  const remove = units
    ? db.prepare(`DELETE FROM targets WHERE year = ?1 AND kind = 'unit' AND owner IN (SELECT value FROM json_each(?2)) AND ${OPEN}`).bind(year, JSON.stringify(units))
    : db.prepare(`DELETE FROM targets WHERE year = ?1 AND ${OPEN}`).bind(year);
  const insert = db
    .prepare(
      `INSERT INTO targets (year, ${COLS})
       SELECT ?1, json_extract(value, '$.kind'), json_extract(value, '$.owner'), json_extract(value, '$.template'), json_extract(value, '$.key'), json_extract(value, '$.value')
       FROM json_each(?2) WHERE ${OPEN}`,
    )
    .bind(year, JSON.stringify(targets));
  const [, , state] = await db.batch<{ status: 'open' | 'closed' }>([remove, insert, db.prepare('SELECT status FROM periods WHERE year = ?1').bind(year)]);
  return state!.results[0]?.status ?? null;
}

/** Freezes the year's targets as version `version`'s (in the batch that publishes it). */
export function freezeTargetsStatement(db: D1Database, year: number, version: number): D1PreparedStatement {
  return db.prepare(`INSERT INTO publication_targets (year, version, ${COLS}) SELECT ?1, ?2, ${COLS} FROM targets WHERE year = ?1`).bind(year, version);
}

/** Version `version` keeps the targets of the version before it (a correction changes revisions only). */
export function copyTargetsStatement(db: D1Database, year: number, version: number): D1PreparedStatement {
  return db.prepare(`INSERT INTO publication_targets (year, version, ${COLS}) SELECT year, ?2, ${COLS} FROM publication_targets WHERE year = ?1 AND version = ?2 - 1`).bind(year, version);
}

/** Whether two versions of a year were published with the same targets. */
export async function sameTargets(db: D1Database, year: number, a: number, b: number): Promise<boolean> {
  const diff = (x: string, y: string) => `SELECT ${COLS} FROM publication_targets WHERE year = ?1 AND version = ${x} EXCEPT SELECT ${COLS} FROM publication_targets WHERE year = ?1 AND version = ${y}`;
  const r = await db.prepare(`SELECT EXISTS (${diff('?2', '?3')}) OR EXISTS (${diff('?3', '?2')}) AS differ`).bind(year, a, b).first<{ differ: number }>();
  return r!.differ === 0;
}
