/** SQL and row mapping for report periods (years). */
import { now } from './util.ts';

export interface Period {
  year: number;
  status: 'open' | 'closed';
  deadline: string | null;
}

/** The period's row, as a statement to run alone or inside a batch. */
export function periodStatement(db: D1Database, year: number) {
  return db.prepare('SELECT year, status, deadline FROM periods WHERE year = ?1').bind(year);
}

export async function getPeriod(db: D1Database, year: number): Promise<Period | null> {
  return periodStatement(db, year).first<Period>();
}

export async function listPeriods(db: D1Database): Promise<Period[]> {
  const { results } = await db.prepare('SELECT year, status, deadline FROM periods ORDER BY year DESC').all<Period>();
  return results;
}

/** Opens or closes a year (as a statement, so a close can run in one batch with its publication); a deadline left out keeps the one set before. */
export function putPeriodStatement(db: D1Database, p: { year: number; status: 'open' | 'closed'; deadline?: string | null }, at = now()) {
  return db
    .prepare(
      `INSERT INTO periods (year, status, deadline, updated_at) VALUES (?1, ?2, ?3, ?4)
       ON CONFLICT (year) DO UPDATE SET status = excluded.status, deadline = COALESCE(excluded.deadline, periods.deadline), updated_at = excluded.updated_at
       RETURNING year, status, deadline`,
    )
    .bind(p.year, p.status, p.deadline ?? null, at);
}

export async function putPeriod(db: D1Database, p: { year: number; status: 'open' | 'closed'; deadline?: string }): Promise<Period> {
  return (await putPeriodStatement(db, p).first<Period>())!;
}
