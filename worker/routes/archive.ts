/**
 * A year as JSON lines, and back: the units, the period, every revision
 * (rows, normalized data, numbers, times, explanation, sign-off), every
 * review, and for a published year every version with its frozen inputs
 * (roster, entries, the 上年 it used, its targets), the corrections and the
 * year's targets (目标管理考核). Import restores
 * exactly — ids, revision numbers, times, statuses, versions — without
 * re-running checks, into a database that has no submissions for the year,
 * in one atomic batch; published bodies are rendered again from the frozen
 * inputs on first use, to the same bytes.
 */
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { archiveLineSchema, importResultSchema, ROOT_AREA, type ArchiveLine, type EditionId, type OrgKey, type RevisionStatus, type ReviewAction, type TemplateId } from '../../shared/index.ts';
import { requireRole } from '../auth.ts';
import { listPublications, toCorrection, type CorrectionRow } from '../db/publications.ts';
import type { RevisionRow } from '../db/submissions.ts';
import { finish } from '../report.ts';
import { now } from '../db/util.ts';
import { ApiError } from '../errors.ts';
import { AUTH_ERRORS, errors, jsonResponse, router } from '../openapi.ts';
import { yearParam } from './periods.ts';

export const NDJSON = 'application/x-ndjson';
/** Archives are bigger than uploads: a whole city's year. */
export const MAX_ARCHIVE = 64 * 1024 * 1024;

const ndjsonResponse = (description: string) => ({ content: { [NDJSON]: { schema: archiveLineSchema.describe('One JSON object per line: the archive header, then units, the period, submissions and reviews') } }, description });
const line = archiveLineSchema;
type Line = ArchiveLine;

/** A stored revision with its content columns. */
type SubmissionRow = RevisionRow & { rows: string; data: string; signoff: string | null };

export const archive = router()
  .openapi(
    createRoute({
      method: 'get',
      path: '/export/{year}',
      summary: 'The year as JSON lines: units, period, every revision and review',
      middleware: [requireRole('admin')] as const,
      request: { params: yearParam },
      responses: { 200: ndjsonResponse('The archive'), ...errors('bad_request', ...AUTH_ERRORS, 'not_found') },
    }),
    async (c) => {
      const { year } = c.req.valid('param');
      const db = c.env.DB;
      // Versions' derived fields (checksum, settings, totals) travel too: compute any not yet computed.
      for (const p of (await listPublications(db, year)).publications) await finish(db, c.env, p);
      const [period, units, subs, reviews, pubs, roster, entries, previous, changes, corrections, areas, pubAreas, targets, pubTargets] = await db.batch<Record<string, unknown>>([
        db.prepare('SELECT year, status, deadline, edition FROM periods WHERE year = ?1').bind(year),
        // A closed year's units as its newest version lists them, so that renames since change nothing in its archive.
        db
          .prepare(
            `SELECT code, name, org, district, district_code, active, area FROM publication_roster
               WHERE year = ?1 AND version = (SELECT MAX(version) FROM publications WHERE year = ?1)
                 AND EXISTS (SELECT 1 FROM periods WHERE year = ?1 AND status = 'closed')
             UNION ALL
             SELECT code, name, org, district, district_code, active, area FROM units
               WHERE NOT EXISTS (SELECT 1 FROM periods WHERE year = ?1 AND status = 'closed' AND EXISTS (SELECT 1 FROM publications WHERE year = ?1))
             ORDER BY code`,
          )
          .bind(year),
        db.prepare('SELECT * FROM submissions WHERE year = ?1 ORDER BY unit, template, revision').bind(year),
        db.prepare('SELECT r.* FROM reviews r JOIN submissions s ON s.id = r.submission WHERE s.year = ?1 ORDER BY r.created_at, r.id').bind(year),
        db.prepare('SELECT * FROM publications WHERE year = ?1 ORDER BY version').bind(year),
        db.prepare('SELECT * FROM publication_roster WHERE year = ?1 ORDER BY version, code').bind(year),
        db.prepare('SELECT * FROM publication_entries WHERE year = ?1 ORDER BY version, unit, template').bind(year),
        db.prepare('SELECT * FROM publication_previous WHERE year = ?1 ORDER BY version, unit, template').bind(year),
        db.prepare('SELECT * FROM publication_changes WHERE year = ?1 ORDER BY version, unit, template').bind(year),
        db.prepare('SELECT * FROM corrections WHERE year = ?1 ORDER BY opened_at, id').bind(year),
        db.prepare('SELECT code, name, parent, level, district_code FROM areas ORDER BY level, code'),
        db.prepare('SELECT * FROM publication_areas WHERE year = ?1 ORDER BY version, level, code').bind(year),
        db.prepare('SELECT * FROM targets WHERE year = ?1 ORDER BY kind, owner, template, key').bind(year),
        db.prepare('SELECT * FROM publication_targets WHERE year = ?1 ORDER BY version, kind, owner, template, key').bind(year),
      ]);
      const p = period!.results[0] as { year: number; status: 'open' | 'closed'; deadline: string | null; edition: EditionId } | undefined;
      if (!p) throw new ApiError('not_found', `没有 ${year} 年度的报告期`);
      const lines: Line[] = [{ type: 'archive', version: 1, year, exportedAt: now() }];
      for (const a of areas!.results as { code: string; name: string; parent: string | null; level: number; district_code: string | null }[]) {
        lines.push({ type: 'area', code: a.code, name: a.name, parent: a.parent, level: a.level, districtCode: a.district_code });
      }
      for (const u of units!.results as { code: string; name: string; org: OrgKey; district: string; district_code: string | null; active: number; area: string | null }[]) {
        lines.push({ type: 'unit', code: u.code, name: u.name, org: u.org, district: u.district, districtCode: u.district_code, active: u.active === 1, area: u.area ?? ROOT_AREA });
      }
      lines.push({ type: 'period', year: p.year, status: p.status, deadline: p.deadline, edition: p.edition });
      for (const s of subs!.results as unknown as SubmissionRow[]) {
        lines.push({
          type: 'submission',
          id: s.id,
          unit: s.unit,
          year: s.year,
          template: s.template as TemplateId,
          revision: s.revision,
          status: s.status as RevisionStatus,
          checksum: s.checksum,
          rows: JSON.parse(s.rows),
          data: JSON.parse(s.data),
          warnings: JSON.parse(s.warnings),
          explanation: s.explanation,
          signoff: s.signoff ? JSON.parse(s.signoff) : null,
          createdAt: s.created_at,
          createdBy: s.created_by,
        });
      }
      for (const r of reviews!.results as { id: string; submission: string; action: ReviewAction; comment: string | null; created_at: string; created_by: string }[]) {
        lines.push({ type: 'review', id: r.id, submission: r.submission, action: r.action, comment: r.comment, createdAt: r.created_at, createdBy: r.created_by });
      }
      type Rows = Record<string, unknown>[];
      const json = (v: unknown) => (typeof v === 'string' && v ? JSON.parse(v) : null);
      for (const r of pubs!.results as Rows) {
        lines.push({
          type: 'publication',
          year: r.year as number,
          version: r.version as number,
          publishedAt: r.published_at as string,
          checksum: r.checksum as string | null,
          reason: r.reason as string | null,
          deadline: r.deadline as string | null,
          settings: json(r.settings),
          previousPublished: json(r.previous_published),
          totals: json(r.totals),
        });
      }
      for (const r of roster!.results as Rows) {
        lines.push({ type: 'rosterUnit', year: r.year as number, version: r.version as number, code: r.code as string, name: r.name as string, org: r.org as OrgKey, district: r.district as string, districtCode: r.district_code as string | null, active: r.active === 1, area: (r.area as string | null) ?? ROOT_AREA });
      }
      for (const r of pubAreas!.results as Rows) {
        lines.push({ type: 'publicationArea', year: r.year as number, version: r.version as number, code: r.code as string, name: r.name as string, parent: r.parent as string | null, level: r.level as number, districtCode: r.district_code as string | null });
      }
      for (const r of entries!.results as Rows) {
        lines.push({ type: 'entry', year: r.year as number, version: r.version as number, unit: r.unit as string, template: r.template as TemplateId, submission: r.submission as string, revision: r.revision as number, status: r.status as RevisionStatus, submittedAt: r.submitted_at as string, comment: r.comment as string | null });
      }
      for (const r of previous!.results as Rows) {
        lines.push({ type: 'previousEntry', year: r.year as number, version: r.version as number, unit: r.unit as string, template: r.template as TemplateId, submission: r.submission as string, revision: r.revision as number, sums: r.sums as string });
      }
      for (const r of changes!.results as Rows) {
        lines.push({ type: 'change', year: r.year as number, version: r.version as number, unit: r.unit as string, template: r.template as TemplateId, from: r.from_revision as number | null, to: r.to_revision as number | null });
      }
      for (const r of corrections!.results as unknown as (CorrectionRow & { opened_by: string })[]) lines.push({ type: 'correction', ...toCorrection(r), openedBy: r.opened_by });
      type TargetRow = { year: number; kind: 'org' | 'unit'; owner: string; template: TemplateId; key: string; value: number };
      for (const r of targets!.results as unknown as TargetRow[]) lines.push({ type: 'target', year: r.year, kind: r.kind, owner: r.owner, template: r.template, key: r.key, value: r.value });
      for (const r of pubTargets!.results as unknown as (TargetRow & { version: number })[]) {
        lines.push({ type: 'publicationTarget', year: r.year, version: r.version, kind: r.kind, owner: r.owner, template: r.template, key: r.key, value: r.value });
      }
      const body = lines.map((l) => JSON.stringify(l)).join('\n') + '\n';
      const headers = { 'content-type': `${NDJSON}; charset=utf-8`, 'content-disposition': `attachment; filename="quntuan-${year}.jsonl"` };
      // Route typing knows JSON responses only; this one is JSON lines.
      return new Response(body, { headers }) as never;
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/import',
      summary: 'Restore an archive exactly into a database without that year’s submissions',
      middleware: [requireRole('admin')] as const,
      request: { body: { required: true, content: { [NDJSON]: { schema: z.string() } }, description: 'The archive from GET /export/{year}' } },
      responses: {
        200: jsonResponse(importResultSchema, 'Restored'),
        ...errors('bad_request', 'payload_too_large', 'unsupported_media_type', 'validation_failed', ...AUTH_ERRORS, 'conflict'),
      },
    }),
    async (c) => {
      const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
      if (type !== NDJSON) throw new ApiError('unsupported_media_type', `请求内容类型应为 ${NDJSON}`);
      const text = await c.req.text();
      const lines: Line[] = [];
      for (const [i, raw] of text.split('\n').entries()) {
        if (!raw.trim()) continue;
        let json: unknown;
        try {
          json = JSON.parse(raw);
        } catch {
          throw new ApiError('bad_request', `第 ${i + 1} 行不是有效的 JSON`);
        }
        const parsed = line.safeParse(json);
        if (!parsed.success) throw new ApiError('validation_failed', `第 ${i + 1} 行不符合备份格式：${parsed.error.issues[0]?.message ?? ''}`);
        lines.push(parsed.data);
      }
      const head = lines[0];
      if (head?.type !== 'archive') throw new ApiError('validation_failed', '备份文件的第一行应为 {"type":"archive",…}');
      const year = head.year;
      const subs = lines.filter((l): l is Extract<Line, { type: 'submission' }> => l.type === 'submission');
      if (subs.some((s) => s.year !== year)) throw new ApiError('validation_failed', '备份中有不属于该年度的报表版本');
      const ids = new Set(subs.map((s) => s.id));
      const reviews = lines.filter((l): l is Extract<Line, { type: 'review' }> => l.type === 'review');
      if (reviews.some((r) => !ids.has(r.submission))) throw new ApiError('validation_failed', '备份中有审核记录对应的报表版本不存在');
      const db = c.env.DB;
      const held = await db.prepare('SELECT COUNT(*) AS n FROM submissions WHERE year = ?1').bind(year).first<{ n: number }>();
      if (held!.n > 0) throw new ApiError('conflict', `数据库中已有 ${year} 年度的报表（${held!.n} 个版本），只能导入到没有该年度报表的数据库`);
      const yearly = new Set<Line['type']>(['publication', 'rosterUnit', 'publicationArea', 'entry', 'previousEntry', 'change', 'correction', 'target', 'publicationTarget']);
      const foreign = lines.find((l) => yearly.has(l.type) && 'year' in l && l.year !== year);
      if (foreign) throw new ApiError('validation_failed', '备份中有不属于该年度的发布版本、更正或考核目标');
      // Versions (and targets) of a year whose submissions are gone are replaced by the archive's.
      const stale = ['publications', 'publication_roster', 'publication_areas', 'publication_entries', 'publication_previous', 'publication_changes', 'publication_targets', 'corrections', 'targets'].map((t) =>
        db.prepare(`DELETE FROM ${t} WHERE year = ?1`).bind(year),
      );
      const at = now();
      const stmts: D1PreparedStatement[] = [];
      // Areas parents first (the lines come by level); ones already there are kept as they are.
      for (const l of lines) {
        if (l.type === 'area' && l.parent !== null) {
          stmts.push(
            db
              .prepare('INSERT INTO areas (code, name, parent, level, district_code, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING')
              .bind(l.code, l.name, l.parent, l.level, l.districtCode, at),
          );
        }
      }
      for (const l of lines) {
        if (l.type === 'unit') {
          stmts.push(
            db
              .prepare('INSERT INTO units (code, name, org, district, district_code, active, area, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT (code) DO NOTHING')
              .bind(l.code, l.name, l.org, l.district, l.districtCode, l.active ? 1 : 0, l.area, at),
          );
        } else if (l.type === 'period') {
          stmts.push(
            db
              // An archive from before editions holds a year reported under the 2024 edition.
              .prepare(
                'INSERT INTO periods (year, status, deadline, updated_at, edition) VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (year) DO UPDATE SET status = excluded.status, deadline = excluded.deadline, updated_at = excluded.updated_at, edition = excluded.edition',
              )
              .bind(l.year, l.status, l.deadline, at, l.edition ?? '2024'),
          );
        } else if (l.type === 'submission') {
          stmts.push(
            db
              .prepare(
                'INSERT INTO submissions (id, unit, year, template, revision, status, checksum, rows, data, warnings, explanation, signoff, created_at, created_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)',
              )
              .bind(l.id, l.unit, l.year, l.template, l.revision, l.status, l.checksum, JSON.stringify(l.rows), JSON.stringify(l.data), JSON.stringify(l.warnings), l.explanation, l.signoff ? JSON.stringify(l.signoff) : null, l.createdAt, l.createdBy),
          );
        } else if (l.type === 'review') {
          stmts.push(
            db
              .prepare('INSERT INTO reviews (id, submission, action, comment, created_at, created_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6)')
              .bind(l.id, l.submission, l.action, l.comment, l.createdAt, l.createdBy),
          );
        } else if (l.type === 'publication') {
          const j = (v: unknown) => (v === null ? null : JSON.stringify(v));
          stmts.push(
            db
              .prepare('INSERT INTO publications (year, version, published_at, checksum, reason, deadline, settings, previous_published, totals) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)')
              .bind(l.year, l.version, l.publishedAt, l.checksum, l.reason, l.deadline, j(l.settings), j(l.previousPublished), j(l.totals)),
          );
        } else if (l.type === 'rosterUnit') {
          stmts.push(
            db
              .prepare('INSERT INTO publication_roster (year, version, code, name, org, district, district_code, active, area) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)')
              .bind(l.year, l.version, l.code, l.name, l.org, l.district, l.districtCode, l.active ? 1 : 0, l.area),
          );
        } else if (l.type === 'publicationArea') {
          stmts.push(
            db
              .prepare('INSERT INTO publication_areas (year, version, code, name, parent, level, district_code) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)')
              .bind(l.year, l.version, l.code, l.name, l.parent, l.level, l.districtCode),
          );
        } else if (l.type === 'entry') {
          stmts.push(
            db
              .prepare('INSERT INTO publication_entries (year, version, unit, template, submission, revision, status, submitted_at, comment) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)')
              .bind(l.year, l.version, l.unit, l.template, l.submission, l.revision, l.status, l.submittedAt, l.comment),
          );
        } else if (l.type === 'previousEntry') {
          stmts.push(
            db
              .prepare('INSERT INTO publication_previous (year, version, unit, template, submission, revision, sums) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)')
              .bind(l.year, l.version, l.unit, l.template, l.submission, l.revision, l.sums),
          );
        } else if (l.type === 'change') {
          stmts.push(
            db
              .prepare('INSERT INTO publication_changes (year, version, unit, template, from_revision, to_revision) VALUES (?1, ?2, ?3, ?4, ?5, ?6)')
              .bind(l.year, l.version, l.unit, l.template, l.from, l.to),
          );
        } else if (l.type === 'target') {
          stmts.push(
            db.prepare('INSERT INTO targets (year, kind, owner, template, key, value) VALUES (?1, ?2, ?3, ?4, ?5, ?6)').bind(l.year, l.kind, l.owner, l.template, l.key, l.value),
          );
        } else if (l.type === 'publicationTarget') {
          stmts.push(
            db
              .prepare('INSERT INTO publication_targets (year, version, kind, owner, template, key, value) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)')
              .bind(l.year, l.version, l.kind, l.owner, l.template, l.key, l.value),
          );
        } else if (l.type === 'correction') {
          stmts.push(
            db
              .prepare('INSERT INTO corrections (id, year, unit, templates, reason, status, opened_at, opened_by, closed_at, version) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)')
              .bind(l.id, l.year, l.unit, JSON.stringify(l.templates), l.reason, l.status, l.openedAt, l.openedBy, l.closedAt, l.version),
          );
        }
      }
      stmts.unshift(...stale);
      try {
        if (stmts.length) await db.batch(stmts);
      } catch (e) {
        throw new ApiError('conflict', `导入失败，未写入任何数据：${e instanceof Error ? e.message.replace(/^D1_ERROR:\s*/, '').slice(0, 200) : ''}`);
      }
      // Stored bodies of the year's versions are dropped: they are rendered again from what was just restored.
      for (let listed = await c.env.PUBLISHED.list({ prefix: `consolidated/${year}/` }); listed.objects.length; listed = await c.env.PUBLISHED.list({ prefix: `consolidated/${year}/` })) {
        await c.env.PUBLISHED.delete(listed.objects.map((o) => o.key));
      }
      return c.json({ year, units: lines.filter((l) => l.type === 'unit').length, submissions: subs.length, reviews: reviews.length }, 200);
    },
  );
