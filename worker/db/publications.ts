/**
 * SQL for the reporting year: published versions and their frozen inputs,
 * the live roster, the entries (each unit × template's newest revision, with
 * its sums) a consolidation is made of, and corrections.
 */
import { decodeSums, decodeSumsBlock, ROOT_AREA, type OrgKey, type RevisionStatus, type Settings, type SheetKey, type Sums, type TemplateId, type Unit, type Values } from '../../shared/index.ts';
import { copyTargetsStatement, freezeTargetsStatement } from './targets.ts';
import { NEWEST } from './util.ts';

/** A published version's row. Derived fields are null until the version is first rendered. */
export interface Publication {
  year: number;
  version: number;
  publishedAt: string;
  checksum: string | null;
  reason: string | null;
  deadline: string | null;
  settings: Settings | null;
  previousPublished: Partial<Record<SheetKey, Values>> | null;
  totals: Partial<Record<SheetKey, Values>> | null;
}

interface PublicationRow {
  year: number;
  version: number;
  published_at: string;
  checksum: string | null;
  reason: string | null;
  deadline: string | null;
  settings: string | null;
  previous_published: string | null;
  totals: string | null;
}

const PUB = 'year, version, published_at, checksum, reason, deadline, settings, previous_published, totals';
const json = <T>(s: string | null): T | null => (s ? (JSON.parse(s) as T) : null);

function toPublication(r: PublicationRow): Publication {
  return {
    year: r.year,
    version: r.version,
    publishedAt: r.published_at,
    checksum: r.checksum,
    reason: r.reason,
    deadline: r.deadline,
    settings: json(r.settings),
    previousPublished: json(r.previous_published),
    totals: json(r.totals),
  };
}

export async function getPublication(db: D1Database, year: number, version: number): Promise<Publication | null> {
  const r = await db.prepare(`SELECT ${PUB} FROM publications WHERE year = ?1 AND version = ?2`).bind(year, version).first<PublicationRow>();
  return r ? toPublication(r) : null;
}

/** A year's newest version; with `asOf`, the newest published by then. */
export async function latestPublication(db: D1Database, year: number, asOf: string | null = null): Promise<Publication | null> {
  const r = await db
    .prepare(`SELECT ${PUB} FROM publications WHERE year = ?1 AND (?2 IS NULL OR published_at <= ?2) ORDER BY version DESC LIMIT 1`)
    .bind(year, asOf)
    .first<PublicationRow>();
  return r ? toPublication(r) : null;
}

export async function listPublications(db: D1Database, year: number): Promise<{ publications: Publication[]; changes: { version: number; unit: string; template: TemplateId; from: number | null; to: number | null }[] }> {
  const [pubs, changes] = await db.batch<Record<string, unknown>>([
    db.prepare(`SELECT ${PUB} FROM publications WHERE year = ?1 ORDER BY version DESC`).bind(year),
    db.prepare('SELECT version, unit, template, from_revision, to_revision FROM publication_changes WHERE year = ?1 ORDER BY version, unit, template').bind(year),
  ]);
  return {
    publications: (pubs!.results as unknown as PublicationRow[]).map(toPublication),
    changes: (changes!.results as { version: number; unit: string; template: TemplateId; from_revision: number | null; to_revision: number | null }[]).map((c) => ({
      version: c.version,
      unit: c.unit,
      template: c.template,
      from: c.from_revision,
      to: c.to_revision,
    })),
  };
}

/** Fills a version's derived fields once they are computed from its frozen inputs. */
export function finishPublication(db: D1Database, p: Pick<Publication, 'year' | 'version' | 'checksum' | 'settings' | 'previousPublished' | 'totals'>) {
  return db
    .prepare('UPDATE publications SET checksum = ?3, settings = ?4, previous_published = ?5, totals = ?6 WHERE year = ?1 AND version = ?2')
    .bind(p.year, p.version, p.checksum, JSON.stringify(p.settings), p.previousPublished ? JSON.stringify(p.previousPublished) : null, JSON.stringify(p.totals));
}

export function deletePublication(db: D1Database, year: number, version: number): D1PreparedStatement[] {
  return ['publications', 'publication_roster', 'publication_areas', 'publication_entries', 'publication_previous', 'publication_changes', 'publication_targets'].map((t) =>
    db.prepare(`DELETE FROM ${t} WHERE year = ?1 AND version = ?2`).bind(year, version),
  );
}

// ── entries: what a consolidation is made of ──────────────────────────

/** A unit × template's newest revision as it stood: counted unless returned; sums, or the data to sum them again. */
export interface Entry {
  unit: string;
  template: TemplateId;
  submission: string;
  revision: number;
  status: RevisionStatus;
  submittedAt: string;
  comment: string | null;
  sums: Sums | null;
  data: string | null;
  org: OrgKey;
}

interface EntryRow {
  unit: string;
  template: TemplateId;
  submission: string;
  revision: number;
  status: RevisionStatus;
  submitted_at: string;
  comment: string | null;
  sums: string | null;
  data: string | null;
  org: OrgKey;
}

/**
 * Stored sums of this version are used as they are; older ones (and none)
 * are summed again from the revision's data, which is then selected.
 */
// Sums are stored as JSON.stringify writes them, their version first: a prefix says it without parsing them.
const staleData = (sums: string, data: string, version: number) => `CASE WHEN ${sums} LIKE '{"v":${version},%' THEN NULL ELSE ${data} END`;

const toEntry = (r: EntryRow): Entry => ({
  unit: r.unit,
  template: r.template,
  submission: r.submission,
  revision: r.revision,
  status: r.status,
  submittedAt: r.submitted_at,
  comment: r.comment,
  sums: r.sums && r.data === null ? decodeSums(r.sums, r.template) : null,
  data: r.data,
  org: r.org,
});

/** The comment of the review that returned a revision (its latest return). */
const RETURN_COMMENT = "(SELECT r.comment FROM reviews r WHERE r.submission = s.id AND r.action = 'return' ORDER BY r.created_at DESC LIMIT 1)";

/** Every unit × template's newest revision of an open year, live. */
export async function liveEntries(db: D1Database, year: number, sumsVersion: number): Promise<Entry[]> {
  const { results } = await db
    .prepare(
      `SELECT s.unit, s.template, s.id AS submission, s.revision, s.status, s.created_at AS submitted_at, ${RETURN_COMMENT} AS comment,
         s.sums, ${staleData('s.sums', 's.data', sumsVersion)} AS data, u.org
       FROM submissions s JOIN units u ON u.code = s.unit
       WHERE s.year = ?1 AND ${NEWEST}`,
    )
    .bind(year)
    .all<EntryRow>();
  return results.map(toEntry);
}

/** A published version's entries. */
export async function versionEntries(db: D1Database, year: number, version: number, sumsVersion: number): Promise<Entry[]> {
  const { results } = await db
    .prepare(
      `SELECT e.unit, e.template, e.submission, e.revision, e.status, e.submitted_at, e.comment,
         s.sums, ${staleData('s.sums', 's.data', sumsVersion)} AS data, u.org
       FROM publication_entries e JOIN submissions s ON s.id = e.submission JOIN units u ON u.code = e.unit
       WHERE e.year = ?1 AND e.version = ?2`,
    )
    .bind(year, version)
    .all<EntryRow>();
  return results.map(toEntry);
}

/** The last-year revisions a published version compared with, with their frozen sums. */
export async function versionPrevious(db: D1Database, year: number, version: number, sumsVersion: number): Promise<Entry[]> {
  const { results } = await db
    .prepare(
      `SELECT p.unit, p.template, p.submission, p.revision, 'submitted' AS status, '' AS submitted_at, NULL AS comment,
         p.sums, ${staleData('p.sums', 's.data', sumsVersion)} AS data, u.org
       FROM publication_previous p LEFT JOIN submissions s ON s.id = p.submission LEFT JOIN units u ON u.code = p.unit
       WHERE p.year = ?1 AND p.version = ?2`,
    )
    .bind(year, version)
    .all<EntryRow>();
  return results.map(toEntry);
}

// ── one template at a time, a page of units at a time ───────────────

/** Where a year's counted revisions are read: live, a published version's entries, or what it compared with. */
export type CountedSource = { kind: 'live'; year: number } | { kind: 'entries' | 'previous'; year: number; version: number };

/** Units per read: a page of the largest template's sums stays far below D1's 50 MB per result. */
export const UNIT_PAGE = 2000;

/**
 * Each unit's newest revision of `template` in `src` — returned ones too,
 * with their comment, for 报送进度; the others are the counted ones — with
 * their sums (data where stale).
 */
export async function countedOf(db: D1Database, src: CountedSource, template: TemplateId, sumsVersion: number, opts: { lean?: boolean } = {}): Promise<Entry[]> {
  // Columns by position (raw rows are cheaper to read than objects, a city has ~160,000 of them), every one of
  // them in an index (migration 0009), so SQLite never walks a row's report to reach its sums. Revisions whose
  // sums are stale are rare: their data and unit's org are read by id afterwards.
  // `lean`: last year's revisions, read for their sums only — no ids, times or comments to carry.
  const lean = (column: string, none = "''") => (opts.lean ? none : column);
  const sql =
    src.kind === 'live'
      ? // The newest revision per unit by SQLite's max(): the row's other columns come from the row with the maximum.
        `SELECT s.unit, s.id, MAX(s.revision), s.status, ${lean('s.created_at')}, ${lean(`CASE WHEN s.status = 'returned' THEN ${RETURN_COMMENT} END`, 'NULL')}, s.sums
         FROM submissions s
         WHERE s.year = ?1 AND s.template = ?2 AND s.unit > ?3
         GROUP BY s.unit
         ORDER BY s.unit LIMIT ?4`
      : src.kind === 'entries'
        ? `SELECT e.unit, e.submission, e.revision, e.status, ${lean('e.submitted_at')}, ${lean('e.comment', 'NULL')}, s.sums
           FROM publication_entries e JOIN submissions s ON s.id = e.submission
           WHERE e.year = ?1 AND e.template = ?2 AND e.unit > ?3 AND e.version = ?5
           ORDER BY e.unit LIMIT ?4`
        : `SELECT p.unit, p.submission, p.revision, 'submitted', '', NULL, p.sums
           FROM publication_previous p
           WHERE p.year = ?1 AND p.template = ?2 AND p.unit > ?3 AND p.version = ?5
           ORDER BY p.unit LIMIT ?4`;
  type Raw = [string, string, number, RevisionStatus, string, string | null, string | null];
  const out: Entry[] = [];
  // The stored sums of every page, decoded together at the end into one packed block (decodeSumsBlock).
  const stored: string[] = [];
  const storedAt: number[] = [];
  const stale: number[] = [];
  const current = `{"v":${sumsVersion},`;
  for (let after = ''; ; ) {
    const stmt = db.prepare(sql);
    const rows = await (src.kind === 'live' ? stmt.bind(src.year, template, after, UNIT_PAGE) : stmt.bind(src.year, template, after, UNIT_PAGE, src.version)).raw<Raw>();
    for (const [unit, submission, revision, status, submittedAt, comment, sums] of rows) {
      const counted = status !== 'returned';
      if (counted && sums?.startsWith(current)) {
        stored.push(sums);
        storedAt.push(out.length);
      } else if (counted) stale.push(out.length);
      out.push({ unit, template, submission, revision, status, submittedAt, comment, sums: null, data: null, org: '' as OrgKey });
    }
    if (rows.length < UNIT_PAGE) break;
    after = rows[rows.length - 1]![0];
  }
  decodeSumsBlock(stored, template).forEach((sums, i) => (out[storedAt[i]!]!.sums = sums));
  await readStaleData(db, stale.map((i) => out[i]!));
  return out;
}

/** Bound parameters per statement: D1 allows 100. */
const IDS_PER_READ = 90;

/**
 * The data (and unit's org) of revisions whose stored sums are stale, by
 * submission id, to be summed again; for a published version's 上年, the
 * revision's own data where it still exists.
 */
async function readStaleData(db: D1Database, entries: Entry[]): Promise<void> {
  for (let i = 0; i < entries.length; i += IDS_PER_READ) {
    const part = entries.slice(i, i + IDS_PER_READ);
    const marks = part.map((_, k) => `?${k + 1}`).join(', ');
    const { results } = await db
      .prepare(`SELECT s.id, s.data, u.org FROM submissions s JOIN units u ON u.code = s.unit WHERE s.id IN (${marks})`)
      .bind(...part.map((e) => e.submission))
      .all<{ id: string; data: string; org: OrgKey }>();
    const byId = new Map(results.map((r) => [r.id, r]));
    for (const e of part) {
      const r = byId.get(e.submission);
      if (r) {
        e.data = r.data;
        e.org = r.org;
      }
    }
  }
}

/**
 * The units with a counted revision (any template's newest, not returned)
 * in `src`: last year's tell 新增单位 and 上年有本年无, which the workbook's
 * first sheet already prints. One short column, a few hundred kB at 20,000 units.
 */
export async function countedUnitsOf(db: D1Database, src: CountedSource): Promise<Set<string>> {
  const sql =
    src.kind === 'live'
      ? `SELECT unit FROM (SELECT unit, status, MAX(revision) FROM submissions WHERE year = ?1 GROUP BY unit, template) WHERE status != 'returned' GROUP BY unit`
      : src.kind === 'entries'
        ? `SELECT DISTINCT unit FROM publication_entries WHERE year = ?1 AND version = ?2 AND status != 'returned'`
        : 'SELECT DISTINCT unit FROM publication_previous WHERE year = ?1 AND version = ?2';
  const stmt = db.prepare(sql);
  const rows = await (src.kind === 'live' ? stmt.bind(src.year) : stmt.bind(src.year, src.version)).raw<[string]>();
  return new Set(rows.map((r) => r[0]));
}

// ── rosters ──────────────────────────────────────────────────────────

interface RosterRow {
  code: string;
  name: string;
  org: OrgKey;
  district: string;
  district_code: string | null;
  active: number;
  area: string | null;
}
const toUnit = (r: RosterRow): Unit => ({
  code: r.code,
  name: r.name,
  org: r.org,
  district: r.district,
  districtCode: r.district_code,
  active: r.active === 1,
  area: r.area ?? ROOT_AREA,
});

/** The live roster of a year: every active unit and every unit with a revision that year. */
const LIVE_ROSTER = `SELECT code, name, org, district, district_code, active, area FROM units u
  WHERE u.active = 1 OR EXISTS (SELECT 1 FROM submissions s WHERE s.unit = u.code AND s.year = ?1)`;

export async function liveRoster(db: D1Database, year: number, page?: { after: string | null; limit: number }): Promise<Unit[]> {
  const paged = page ? ' AND (?2 IS NULL OR u.code > ?2) ORDER BY u.code LIMIT ?3' : '';
  const stmt = db.prepare(`${LIVE_ROSTER}${paged}`);
  const { results } = await (page ? stmt.bind(year, page.after, page.limit) : stmt.bind(year)).all<RosterRow>();
  return results.map(toUnit);
}

export async function versionRoster(db: D1Database, year: number, version: number, page?: { after: string | null; limit: number }): Promise<Unit[]> {
  const paged = page ? ' AND (?3 IS NULL OR code > ?3) ORDER BY code LIMIT ?4' : '';
  const stmt = db.prepare(`SELECT code, name, org, district, district_code, active, area FROM publication_roster WHERE year = ?1 AND version = ?2${paged}`);
  const { results } = await (page ? stmt.bind(year, version, page.after, page.limit) : stmt.bind(year, version)).all<RosterRow>();
  return results.map(toUnit);
}

/** Whether a unit is in a version's roster. */
export async function inVersionRoster(db: D1Database, year: number, version: number, unit: string): Promise<boolean> {
  return !!(await db.prepare('SELECT 1 AS x FROM publication_roster WHERE year = ?1 AND version = ?2 AND code = ?3').bind(year, version, unit).first());
}

// ── publishing ───────────────────────────────────────────────────────

/** A version's row; its previousPublished is last year's newest version's totals as they stand now. */
function insertPublication(db: D1Database, year: number, version: number, at: string, reason: string | null, deadline: string | null) {
  return db
    .prepare(
      `INSERT INTO publications (${PUB})
       VALUES (?1, ?2, ?3, NULL, ?4, ?5, NULL, (SELECT totals FROM publications WHERE year = ?1 - 1 ORDER BY version DESC LIMIT 1), NULL)`,
    )
    .bind(year, version, at, reason, deadline);
}

/** The counted revisions of version `version` that differ from version `version - 1`'s (both directions). */
function changesStatement(db: D1Database, year: number, version: number) {
  const counted = (v: string) => `SELECT unit, template, revision FROM publication_entries WHERE year = ?1 AND version = ${v} AND status != 'returned'`;
  return db
    .prepare(
      `INSERT INTO publication_changes (year, version, unit, template, from_revision, to_revision)
       SELECT ?1, ?2, n.unit, n.template, o.revision, n.revision FROM (${counted('?2')}) n
         LEFT JOIN (${counted('?2 - 1')}) o ON o.unit = n.unit AND o.template = n.template
         WHERE o.revision IS NULL OR o.revision != n.revision
       UNION ALL
       SELECT ?1, ?2, o.unit, o.template, o.revision, NULL FROM (${counted('?2 - 1')}) o
         WHERE NOT EXISTS (SELECT 1 FROM (${counted('?2')}) n WHERE n.unit = o.unit AND n.template = o.template)`,
    )
    .bind(year, version);
}

/**
 * Statements that publish `version` of `year` from what stands now, to run
 * in one batch with the period's close: the roster, every unit × template's
 * newest revision, and last year's counted revisions with their sums (from
 * last year's newest published version where there is one).
 */
export function freezeStatements(db: D1Database, year: number, version: number, at: string, reason: string | null, deadline: string | null): D1PreparedStatement[] {
  return [
    insertPublication(db, year, version, at, reason, deadline),
    db
      .prepare(`INSERT INTO publication_roster (year, version, code, name, org, district, district_code, active, area) SELECT ?1, ?2, code, name, org, district, district_code, active, area FROM (${LIVE_ROSTER})`)
      .bind(year, version),
    // The area tree as it stands: a closed year's areas are its frozen roster's (areas.md).
    db.prepare('INSERT INTO publication_areas (year, version, code, name, parent, level, district_code) SELECT ?1, ?2, code, name, parent, level, district_code FROM areas').bind(year, version),
    db
      .prepare(
        `INSERT INTO publication_entries (year, version, unit, template, submission, revision, status, submitted_at, comment)
         SELECT ?1, ?2, s.unit, s.template, s.id, s.revision, s.status, s.created_at, ${RETURN_COMMENT} FROM submissions s WHERE s.year = ?1 AND ${NEWEST}`,
      )
      .bind(year, version),
    db
      .prepare(
        `INSERT INTO publication_previous (year, version, unit, template, submission, revision, sums)
         SELECT ?1, ?2, e.unit, e.template, e.submission, e.revision, COALESCE(s.sums, '')
           FROM publication_entries e JOIN submissions s ON s.id = e.submission
           WHERE e.year = ?1 - 1 AND e.status != 'returned' AND e.version = (SELECT MAX(version) FROM publications WHERE year = ?1 - 1)
         UNION ALL
         SELECT ?1, ?2, s.unit, s.template, s.id, s.revision, COALESCE(s.sums, '') FROM submissions s
           WHERE s.year = ?1 - 1 AND s.status != 'returned' AND ${NEWEST} AND NOT EXISTS (SELECT 1 FROM publications WHERE year = ?1 - 1)`,
      )
      .bind(year, version),
    // The targets its 目标考核 assesses against (analysis.md).
    freezeTargetsStatement(db, year, version),
    ...(version > 1 ? [changesStatement(db, year, version)] : []),
  ];
}

/**
 * Statements that publish `version` as the version before it with only one
 * unit's templates replaced by their newest revisions (a correction's close).
 */
export function correctionStatements(db: D1Database, year: number, version: number, at: string, reason: string, unit: string, templates: TemplateId[]): D1PreparedStatement[] {
  const list = JSON.stringify(templates);
  return [
    db.prepare(`INSERT INTO publications (${PUB}) SELECT ?1, ?2, ?3, NULL, ?4, deadline, NULL, previous_published, NULL FROM publications WHERE year = ?1 AND version = ?2 - 1`).bind(year, version, at, reason),
    db
      .prepare(
        'INSERT INTO publication_roster (year, version, code, name, org, district, district_code, active, area) SELECT year, ?2, code, name, org, district, district_code, active, area FROM publication_roster WHERE year = ?1 AND version = ?2 - 1',
      )
      .bind(year, version),
    db
      .prepare('INSERT INTO publication_areas (year, version, code, name, parent, level, district_code) SELECT year, ?2, code, name, parent, level, district_code FROM publication_areas WHERE year = ?1 AND version = ?2 - 1')
      .bind(year, version),
    db
      .prepare(
        `INSERT INTO publication_entries (year, version, unit, template, submission, revision, status, submitted_at, comment)
         SELECT year, ?2, unit, template, submission, revision, status, submitted_at, comment FROM publication_entries
           WHERE year = ?1 AND version = ?2 - 1 AND NOT (unit = ?3 AND template IN (SELECT value FROM json_each(?4)))
         UNION ALL
         SELECT ?1, ?2, s.unit, s.template, s.id, s.revision, s.status, s.created_at, ${RETURN_COMMENT} FROM submissions s
           WHERE s.year = ?1 AND s.unit = ?3 AND s.template IN (SELECT value FROM json_each(?4)) AND ${NEWEST}`,
      )
      .bind(year, version, unit, list),
    db
      .prepare('INSERT INTO publication_previous SELECT year, ?2, unit, template, submission, revision, sums FROM publication_previous WHERE year = ?1 AND version = ?2 - 1')
      .bind(year, version),
    copyTargetsStatement(db, year, version),
    changesStatement(db, year, version),
  ];
}

/** The counted revision number per template of a unit: in a version, and now. */
export async function countedRevisions(db: D1Database, year: number, version: number, unit: string, templates: TemplateId[]): Promise<{ template: TemplateId; published: number | null; now: number | null }[]> {
  const list = JSON.stringify(templates);
  const [pub, live] = await db.batch<{ template: TemplateId; revision: number }>([
    db.prepare(`SELECT template, revision FROM publication_entries WHERE year = ?1 AND version = ?2 AND unit = ?3 AND status != 'returned' AND template IN (SELECT value FROM json_each(?4))`).bind(year, version, unit, list),
    db.prepare(`SELECT s.template, s.revision FROM submissions s WHERE s.year = ?1 AND s.unit = ?2 AND s.status != 'returned' AND s.template IN (SELECT value FROM json_each(?3)) AND ${NEWEST}`).bind(year, unit, list),
  ]);
  return templates.map((t) => ({
    template: t,
    published: pub!.results.find((r) => r.template === t)?.revision ?? null,
    now: live!.results.find((r) => r.template === t)?.revision ?? null,
  }));
}

// ── corrections ──────────────────────────────────────────────────────

export interface CorrectionRow {
  id: string;
  year: number;
  unit: string;
  templates: string;
  reason: string;
  status: 'open' | 'closing' | 'closed';
  opened_at: string;
  closed_at: string | null;
  version: number | null;
}

export function toCorrection(r: CorrectionRow) {
  return {
    id: r.id,
    year: r.year,
    unit: r.unit,
    templates: JSON.parse(r.templates) as TemplateId[],
    reason: r.reason,
    status: r.status,
    openedAt: r.opened_at,
    closedAt: r.closed_at,
    version: r.version,
  };
}

const CORR = 'id, year, unit, templates, reason, status, opened_at, closed_at, version';

export async function listCorrections(db: D1Database, year: number, unit: string | null): Promise<CorrectionRow[]> {
  const { results } = await db
    .prepare(`SELECT ${CORR} FROM corrections WHERE year = ?1 AND (?2 IS NULL OR unit = ?2) ORDER BY opened_at DESC, id`)
    .bind(year, unit)
    .all<CorrectionRow>();
  return results;
}

export async function getCorrection(db: D1Database, year: number, id: string): Promise<CorrectionRow | null> {
  return db.prepare(`SELECT ${CORR} FROM corrections WHERE year = ?1 AND id = ?2`).bind(year, id).first<CorrectionRow>();
}

/** Inserts an open correction; false when the unit already has one not yet closed. */
export async function insertCorrection(db: D1Database, c: { id: string; year: number; unit: string; templates: TemplateId[]; reason: string; at: string; by: string }): Promise<boolean> {
  const r = await db
    .prepare(
      `INSERT INTO corrections (id, year, unit, templates, reason, status, opened_at, opened_by) VALUES (?1, ?2, ?3, ?4, ?5, 'open', ?6, ?7)
       ON CONFLICT DO NOTHING`,
    )
    .bind(c.id, c.year, c.unit, JSON.stringify(c.templates), c.reason, c.at, c.by)
    .run();
  return r.meta.changes === 1;
}

/** Marks a correction as being closed: from now on its templates take no uploads. */
export async function markClosing(db: D1Database, year: number, id: string): Promise<boolean> {
  const r = await db.prepare("UPDATE corrections SET status = 'closing' WHERE year = ?1 AND id = ?2 AND status IN ('open', 'closing')").bind(year, id).run();
  return r.meta.changes === 1;
}

export function closeCorrection(db: D1Database, year: number, id: string, at: string, version: number | null) {
  return db.prepare("UPDATE corrections SET status = 'closed', closed_at = ?3, version = ?4 WHERE year = ?1 AND id = ?2").bind(year, id, at, version);
}

/** SQL condition: an open correction of `unitParam`'s `templateParam` in `yearParam` exists. */
export function openCorrectionCovers(yearParam: string, unitParam: string, templateParam: string): string {
  return `EXISTS (SELECT 1 FROM corrections c, json_each(c.templates) t WHERE c.year = ${yearParam} AND c.unit = ${unitParam} AND c.status = 'open' AND t.value = ${templateParam})`;
}

export async function openCorrectionOf(db: D1Database, year: number, unit: string): Promise<CorrectionRow | null> {
  return db.prepare(`SELECT ${CORR} FROM corrections WHERE year = ?1 AND unit = ?2 AND status = 'open'`).bind(year, unit).first<CorrectionRow>();
}

export async function hasOpenCorrection(db: D1Database, year: number): Promise<boolean> {
  return !!(await db.prepare("SELECT 1 AS x FROM corrections WHERE year = ?1 AND status != 'closed' LIMIT 1").bind(year).first());
}
