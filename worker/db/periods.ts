/** SQL and row mapping for report periods (years), each with the edition recorded when it was first created. */
import { editionForYear, editionOf, type Edition, type EditionId } from '../../shared/index.ts';
import { now } from './util.ts';

export interface Period {
  year: number;
  status: 'open' | 'closed';
  deadline: string | null;
  edition: EditionId;
}

/** A period's edition, as recorded. */
export function editionOfPeriod(p: Pick<Period, 'edition'>): Edition {
  return editionOf(p.edition);
}

const COLUMNS = 'year, status, deadline, edition';

/** A year's edition: its period's, as recorded, or — a year never opened — the one valid for it. */
export async function editionOfYear(db: D1Database, year: number): Promise<Edition> {
  const p = await getPeriod(db, year);
  return p ? editionOfPeriod(p) : editionForYear(year);
}

/** The period's row, as a statement to run alone or inside a batch. */
export function periodStatement(db: D1Database, year: number) {
  return db.prepare(`SELECT ${COLUMNS} FROM periods WHERE year = ?1`).bind(year);
}

export async function getPeriod(db: D1Database, year: number): Promise<Period | null> {
  return periodStatement(db, year).first<Period>();
}

export async function listPeriods(db: D1Database): Promise<Period[]> {
  const { results } = await db.prepare(`SELECT ${COLUMNS} FROM periods ORDER BY year DESC`).all<Period>();
  return results;
}

/**
 * Opens or closes a year (as a statement, so a close can run in one batch
 * with its publication); a deadline left out keeps the one set before. A
 * year first created gets the edition valid for it (or `edition`, restoring
 * an archive); an existing year keeps its own.
 */
export function putPeriodStatement(db: D1Database, p: { year: number; status: 'open' | 'closed'; deadline?: string | null; edition?: EditionId }, at = now()) {
  return db
    .prepare(
      `INSERT INTO periods (year, status, deadline, updated_at, edition) VALUES (?1, ?2, ?3, ?4, ?5)
       ON CONFLICT (year) DO UPDATE SET status = excluded.status, deadline = COALESCE(excluded.deadline, periods.deadline), updated_at = excluded.updated_at
       RETURNING ${COLUMNS}`,
    )
    .bind(p.year, p.status, p.deadline ?? null, at, p.edition ?? editionForYear(p.year).id);
}

export async function putPeriod(db: D1Database, p: { year: number; status: 'open' | 'closed'; deadline?: string }): Promise<Period> {
  return (await putPeriodStatement(db, p).first<Period>())!;
}
