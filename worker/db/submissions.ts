/** SQL and row mapping for report revisions and their reviews. */
import { figuresText, type CanonicalRow, type OrgKey, type Issue, type RevisionMeta, type RevisionStatus, type Row, type Signoff, type TemplateId } from '../../shared/index.ts';
import { openCorrectionCovers } from './publications.ts';
import { NEWEST } from './util.ts';

export { NEWEST };

/** A revision's metadata, as lists show it. */
export type Revision = RevisionMeta;

export interface Review {
  id: string;
  action: 'accept' | 'return';
  comment: string | null;
  createdAt: string;
  createdBy: string;
}

export interface RevisionRow {
  id: string;
  unit: string;
  year: number;
  template: string;
  revision: number;
  status: string;
  checksum: string;
  warnings: string;
  explanation: string | null;
  created_at: string;
  created_by: string;
}

const META = 'id, unit, year, template, revision, status, checksum, warnings, explanation, created_at, created_by';

const toRevision = (r: RevisionRow): Revision => ({
  id: r.id,
  unit: r.unit,
  year: r.year,
  template: r.template as TemplateId,
  revision: r.revision,
  status: r.status as RevisionStatus,
  checksum: r.checksum,
  warnings: JSON.parse(r.warnings) as Issue[],
  explanation: r.explanation,
  createdAt: r.created_at,
  createdBy: r.created_by,
});

/**
 * A year takes writes (uploads, reviews) of a unit's template while it is
 * open, or while an open correction covers them. Checked inside the write's
 * own statement, so a year closed a moment earlier is never written to.
 */
const WRITABLE = (year: string, unit: string, template: string) =>
  `(EXISTS (SELECT 1 FROM periods p WHERE p.year = ${year} AND p.status = 'open') OR ${openCorrectionCovers(year, unit, template)})`;


/** A unit's newest revisions of a year, with what was uploaded and its figures in canonical form. */
export function currentOfUnit(db: D1Database, unit: string, year: number) {
  return db.prepare(`SELECT s.template, s.status, s.rows, s.data FROM submissions s WHERE s.unit = ?1 AND s.year = ?2 AND ${NEWEST}`).bind(unit, year);
}

/** A unit's counted revisions of a year (newest, unless returned). */
export function countedOfUnit(db: D1Database, unit: string, year: number) {
  return db
    .prepare(`SELECT s.template, s.rows FROM submissions s WHERE s.unit = ?1 AND s.year = ?2 AND s.status != 'returned' AND ${NEWEST}`)
    .bind(unit, year);
}

export interface NewRevision {
  id: string;
  unit: string;
  year: number;
  template: TemplateId;
  checksum: string;
  rows: unknown[];
  data: CanonicalRow[];
  /** The revision's sums as stored (`encodeSums`). */
  sums: string;
  warnings: Issue[];
  explanation: string | null;
  signoff: Signoff | null;
  createdAt: string;
  createdBy: string;
}

/**
 * Inserts the next revision in one statement, so concurrent uploads get
 * distinct numbers, unless the newest revision already has these figures and
 * was not returned (a retry, or a template uploaded again unchanged beside a
 * changed one): then nothing is inserted, and that revision keeps its number
 * and status. Figures, not the whole content: a new 报出日期 in the sign-off
 * or another 情况说明 alone must not make an accepted template 已报 again.
 */
export function insertRevision(db: D1Database, r: NewRevision) {
  return db
    .prepare(
      `INSERT INTO submissions (id, unit, year, template, revision, status, checksum, rows, data, warnings, explanation, signoff, created_at, created_by, sums)
       SELECT ?1, ?2, ?3, ?4, next, 'submitted', ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13
       FROM (SELECT COALESCE(MAX(revision), 0) + 1 AS next FROM submissions WHERE unit = ?2 AND year = ?3 AND template = ?4)
       WHERE NOT EXISTS (
         SELECT 1 FROM submissions s WHERE s.unit = ?2 AND s.year = ?3 AND s.template = ?4
           AND s.data = ?7 AND s.status != 'returned' AND ${NEWEST})
         AND ${WRITABLE('?3', '?2', '?4')}`,
    )
    .bind(
      r.id,
      r.unit,
      r.year,
      r.template,
      r.checksum,
      JSON.stringify(r.rows),
      figuresText(r.data),
      JSON.stringify(r.warnings),
      r.explanation,
      r.signoff ? JSON.stringify(r.signoff) : null,
      r.createdAt,
      r.createdBy,
      r.sums,
    );
}

/**
 * The revision holding these figures, read in the same batch right after its
 * insert: the one just inserted, or the newest one the insert found the same.
 * Reading it by its figures inside the batch answers a retry with the
 * revision that matched, even if another upload lands right after.
 */
export function revisionWithContent(db: D1Database, r: Pick<NewRevision, 'unit' | 'year' | 'template' | 'data'>) {
  return db
    .prepare(`SELECT ${META} FROM submissions s WHERE s.unit = ?1 AND s.year = ?2 AND s.template = ?3 AND s.data = ?4 AND s.status != 'returned' AND ${NEWEST}`)
    .bind(r.unit, r.year, r.template, figuresText(r.data));
}

export function parseRevision(r: RevisionRow): Revision {
  return toRevision(r);
}

export async function getRevision(db: D1Database, id: string): Promise<(Revision & { rows: Row[]; signoff: Signoff | null; newest: number }) | null> {
  const r = await db
    .prepare(
      `SELECT ${META}, rows, signoff,
         (SELECT MAX(n.revision) FROM submissions n WHERE n.unit = s.unit AND n.year = s.year AND n.template = s.template) AS newest
       FROM submissions s WHERE id = ?1`,
    )
    .bind(id)
    .first<RevisionRow & { rows: string; signoff: string | null; newest: number }>();
  if (!r) return null;
  return { ...toRevision(r), rows: JSON.parse(r.rows) as Row[], signoff: r.signoff ? (JSON.parse(r.signoff) as Signoff) : null, newest: r.newest };
}

export async function reviewsOf(db: D1Database, submission: string): Promise<Review[]> {
  const { results } = await db
    .prepare('SELECT id, action, comment, created_at, created_by FROM reviews WHERE submission = ?1 ORDER BY created_at, id')
    .bind(submission)
    .all<{ id: string; action: 'accept' | 'return'; comment: string | null; created_at: string; created_by: string }>();
  return results.map((r) => ({ id: r.id, action: r.action, comment: r.comment, createdAt: r.created_at, createdBy: r.created_by }));
}

/** Where a page of revisions ends: the list's sort key of its last row. */
export interface RevisionKey {
  year: number;
  unit: string;
  template: string;
  revision: number;
}

export interface ListFilter {
  year: number | null;
  unit: string | null;
  template: TemplateId | null;
  status: RevisionStatus | null;
  /** Only units of this org type. */
  org?: OrgKey | null;
  history: boolean;
  /** Keyset paging: rows after this key in the list's order, so uploads arriving between pages shift nothing. */
  after: RevisionKey | null;
  limit: number;
  /** Only these units' revisions (a scoped statistician's area); null: any unit. */
  units?: readonly string[] | null;
}

/** Revisions newest year first, then by unit and template, newest revision first; filtered on the server. */
export async function listRevisions(db: D1Database, f: ListFilter): Promise<Revision[]> {
  const a = f.after;
  const { results } = await db
    .prepare(
      `SELECT ${META} FROM submissions s
       WHERE (?1 IS NULL OR s.year = ?1) AND (?2 IS NULL OR s.unit = ?2) AND (?3 IS NULL OR s.template = ?3)
         AND (?4 IS NULL OR s.status = ?4)
         AND (?5 = 1 OR ${NEWEST})
         AND (?6 IS NULL OR s.year < ?6 OR (s.year = ?6 AND (s.unit > ?7 OR (s.unit = ?7 AND (s.template > ?8 OR (s.template = ?8 AND s.revision < ?9))))))
         AND (?11 IS NULL OR s.unit IN (SELECT value FROM json_each(?11)))
         AND (?12 IS NULL OR s.unit IN (SELECT code FROM units WHERE org = ?12))
       ORDER BY s.year DESC, s.unit, s.template, s.revision DESC
       LIMIT ?10`,
    )
    .bind(f.year, f.unit, f.template, f.status, f.history ? 1 : 0, a?.year ?? null, a?.unit ?? null, a?.template ?? null, a?.revision ?? null, f.limit, f.units ? JSON.stringify(f.units) : null, f.org ?? null)
    .all<RevisionRow>();
  return results.map(toRevision);
}

/** Records a review and sets the revision's status, only while it is still the newest and its year takes writes. */
export async function review(
  db: D1Database,
  r: { id: string; submission: string; action: 'accept' | 'return'; comment: string | null; createdAt: string; createdBy: string },
): Promise<boolean> {
  const status = r.action === 'accept' ? 'accepted' : 'returned';
  const [updated] = await db.batch([
    db.prepare(`UPDATE submissions AS s SET status = ?2 WHERE id = ?1 AND ${NEWEST} AND ${WRITABLE('s.year', 's.unit', 's.template')}`).bind(r.submission, status),
    db
      .prepare(
        `INSERT INTO reviews (id, submission, action, comment, created_at, created_by)
         SELECT ?1, ?2, ?3, ?4, ?5, ?6 WHERE changes() = 1`,
      )
      .bind(r.id, r.submission, r.action, r.comment, r.createdAt, r.createdBy),
  ]);
  return updated!.meta.changes === 1;
}

/** A year's revisions that carry warnings, with their explanations (the quality view keeps the counted ones). */
export async function warnedRevisions(db: D1Database, year: number): Promise<{ id: string; unit: string; template: TemplateId; revision: number; warnings: Issue[]; explanation: string | null }[]> {
  const { results } = await db
    .prepare("SELECT id, unit, template, revision, warnings, explanation FROM submissions WHERE year = ?1 AND warnings != '[]'")
    .bind(year)
    .all<{ id: string; unit: string; template: TemplateId; revision: number; warnings: string; explanation: string | null }>();
  return results.map((r) => ({ ...r, warnings: JSON.parse(r.warnings) as Issue[] }));
}
