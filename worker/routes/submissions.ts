/** Uploads, revisions and reviews. */
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import {
  areaCodeSchema,
  batchReceiptSchema,
  batchSchema,
  receiptSchema,
  revisionDetailSchema,
  revisionStatusSchema,
  reviewSchema,
  revisionContextSchema,
  editionOfBasis,
  orgSchema,
  measuresOf,
  median,
  present,
  scopedUnits,
  submissionSchema,
  submissionsPageSchema,
  templateIdSchema,
  unitCodeSchema,
  yearSchema,
  type Row,
} from '../../shared/index.ts';
import { assertUnitAccess, requireRole } from '../auth.ts';
import { getRevision, listRevisions, review, reviewsOf, type RevisionKey } from '../db/submissions.ts';
import { decodeCursor, encodeCursor, now } from '../db/util.ts';
import { ApiError } from '../errors.ts';
import { AUTH_ERRORS, BODY_ERRORS, errors, jsonBody, jsonResponse, router } from '../openapi.ts';
import { assertWritable, submit } from '../submit.ts';
import { assertInScope, scopeUnits } from '../scope.ts';
import { viewFor } from '../report.ts';

const uploaders = requireRole('clerk', 'admin');
const readers = requireRole('statistician', 'admin', 'clerk');
const UPLOAD_ERRORS = [...BODY_ERRORS, ...AUTH_ERRORS, 'not_found', 'period_closed', 'explanation_required'] as const;

const listQuery = z.object({
  year: z.coerce.number().pipe(yearSchema).optional(),
  unit: unitCodeSchema.optional(),
  template: templateIdSchema.optional(),
  status: revisionStatusSchema.optional(),
  area: areaCodeSchema.optional(),
  org: orgSchema.optional(),
  history: z.enum(['0', '1']).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  cursor: z.string().max(300).optional(),
});

const keySchema = z.tuple([z.number().int(), z.string(), z.string(), z.number().int()]);

/** The cursor names the last row of the page; a cursor that is not ours is a bad request, not page one. */
function afterOf(cursor: string | undefined): RevisionKey | null {
  if (cursor === undefined) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(decodeCursor(cursor) ?? '');
  } catch {
    parsed = null;
  }
  const k = keySchema.safeParse(parsed);
  if (!k.success) throw new ApiError('bad_request', '分页游标无效，请从第一页重新读取');
  const [year, unit, template, revision] = k.data;
  return { year, unit, template, revision };
}

export const submissions = router()
  .openapi(
    createRoute({
      method: 'post',
      path: '/submissions',
      summary: 'Upload one template',
      description: 'Validated with the same catalog and checks as the add-in. The same content as the current revision answers 200 with it.',
      middleware: [uploaders] as const,
      request: { body: jsonBody(submissionSchema) },
      responses: { 201: jsonResponse(receiptSchema, 'A new revision'), 200: jsonResponse(receiptSchema, 'A retry: the revision with this content'), ...errors(...UPLOAD_ERRORS) },
    }),
    async (c) => {
      const b = c.req.valid('json');
      const { created, receipts } = await submit(c.env.DB, c.get('caller')!, {
        year: b.year,
        unit: b.unit,
        submissions: [{ template: b.template, rows: b.rows as Row[], ...(b.explanation !== undefined ? { explanation: b.explanation } : {}) }],
        ...(b.signoff ? { signoff: b.signoff } : {}),
      });
      return c.json(receipts[0]!, created ? 201 : 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/submissions/batch',
      summary: 'Upload several templates of one unit and year, all or nothing',
      middleware: [uploaders] as const,
      request: { body: jsonBody(batchSchema) },
      responses: {
        201: jsonResponse(batchReceiptSchema, 'At least one new revision'),
        200: jsonResponse(batchReceiptSchema, 'Every template was a retry'),
        ...errors(...UPLOAD_ERRORS),
      },
    }),
    async (c) => {
      const b = c.req.valid('json');
      const { created, receipts } = await submit(c.env.DB, c.get('caller')!, {
        year: b.year,
        unit: b.unit,
        submissions: b.submissions.map((s) => ({ template: s.template, rows: s.rows as Row[], ...(s.explanation !== undefined ? { explanation: s.explanation } : {}) })),
        ...(b.signoff ? { signoff: b.signoff } : {}),
      });
      return c.json({ submissions: receipts }, created ? 201 : 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/submissions',
      summary: 'Current revisions, or every revision with history=1; filtered by year, unit, template, status, area and org type, paged by a keyset cursor',
      middleware: [readers] as const,
      request: { query: listQuery },
      responses: {
        200: jsonResponse(submissionsPageSchema, 'Revisions, newest year first, then by unit and template'),
        ...errors('bad_request', ...AUTH_ERRORS, 'not_found'),
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const caller = c.get('caller')!;
      if (q.unit) assertUnitAccess(caller, q.unit);
      const unit = caller.role === 'clerk' ? caller.unit : (q.unit ?? null);
      // A scoped statistician lists its area's units only (by the year's roster); anyone but a clerk may narrow to a subtree.
      if (q.area && caller.role === 'clerk') throw new ApiError('forbidden', '填报员不能按区域查询');
      const scope = await scopeUnits(c.env.DB, c.env, caller, q.year ?? null, q.area);
      if (scope && unit && !scope.has(unit)) {
        // Outside the caller's own area is refused; outside only the narrower area asked for is simply none.
        const home = q.area === undefined ? scope : await scopeUnits(c.env.DB, c.env, caller, q.year ?? null);
        if (home && !home.has(unit)) throw new ApiError('forbidden', '该单位不在本区域内');
        return c.json({ submissions: [] }, 200);
      }
      const rows = await listRevisions(c.env.DB, {
        year: q.year ?? null,
        unit,
        template: q.template ?? null,
        status: q.status ?? null,
        org: q.org ?? null,
        history: q.history === '1',
        after: afterOf(q.cursor),
        limit: q.limit + 1,
        units: scope ? [...scope] : null,
      });
      const items = rows.slice(0, q.limit);
      const last = items.at(-1);
      const next = rows.length > q.limit && last ? encodeCursor(JSON.stringify([last.year, last.unit, last.template, last.revision])) : null;
      return c.json({ submissions: items, ...(next ? { nextCursor: next } : {}) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/submissions/{id}',
      summary: 'One revision with its rows and reviews',
      middleware: [readers] as const,
      request: { params: z.object({ id: z.string().max(64) }) },
      responses: { 200: jsonResponse(revisionDetailSchema, 'The revision'), ...errors('bad_request', ...AUTH_ERRORS, 'not_found') },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const r = await getRevision(c.env.DB, id);
      const caller = c.get('caller')!;
      // A clerk learns nothing of other units' revisions, not even that they exist.
      if (!r || (caller.role === 'clerk' && caller.unit !== r.unit)) throw new ApiError('not_found', '找不到该报表版本');
      await assertInScope(c.env.DB, c.env, caller, r.unit, r.year);
      const { newest: _newest, ...rest } = r;
      return c.json({ ...rest, reviews: await reviewsOf(c.env.DB, id) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/submissions/{id}/context',
      summary: "A revision's figures in context: the unit's own last year, and the median of its org type's units this year (in the caller's area)",
      middleware: [requireRole('statistician', 'admin')] as const,
      request: { params: z.object({ id: z.string().max(64) }) },
      responses: { 200: jsonResponse(revisionContextSchema, 'Context'), ...errors('bad_request', ...AUTH_ERRORS, 'not_found') },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const caller = c.get('caller')!;
      const r = await getRevision(c.env.DB, id);
      if (!r) throw new ApiError('not_found', '找不到该报表版本');
      await assertInScope(c.env.DB, c.env, caller, r.unit, r.year);
      const { basis } = await viewFor(c.env.DB, c.env, r.year, { caller });
      const unit = basis.units.find((u) => u.code === r.unit);
      const measures = measuresOf(editionOfBasis(basis).template(r.template));
      const keys = measures.map((m) => m.column.key);
      const prev = basis.previous.get(r.unit)?.[r.template]?.sums.raw;
      const previous = prev ? present(measures, prev, []) : Object.fromEntries(keys.map((k) => [k, null]));
      // Peers: the same org type's units in the caller's area with a counted revision of the template this year.
      const peers = scopedUnits(basis).filter((u) => u.org === unit?.org && basis.current.get(u.code)?.[r.template]);
      const values = peers.map((u) => present(measures, basis.current.get(u.code)![r.template]!.sums.raw, []));
      const med = Object.fromEntries(
        keys.map((k) => {
          const xs = values.map((v) => v[k]).filter((x): x is number => x !== null && x !== undefined);
          return [k, xs.length ? Math.round(median(xs) * 100) / 100 : null];
        }),
      );
      return c.json({ org: unit?.org ?? null, previous, median: med, peers: peers.length }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/submissions/{id}/review',
      summary: 'Accept, or return for correction with a comment (current revision, open year)',
      middleware: [requireRole('statistician', 'admin')] as const,
      request: { params: z.object({ id: z.string().max(64) }), body: jsonBody(reviewSchema) },
      responses: { 200: jsonResponse(revisionDetailSchema, 'Reviewed'), ...errors(...BODY_ERRORS, ...AUTH_ERRORS, 'not_found', 'conflict', 'period_closed') },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const b = c.req.valid('json');
      const r = await getRevision(c.env.DB, id);
      if (!r) throw new ApiError('not_found', '找不到该报表版本');
      await assertInScope(c.env.DB, c.env, c.get('caller')!, r.unit, r.year);
      await assertWritable(c.env.DB, r.year, r.unit, [r.template]);
      const stale = () => new ApiError('conflict', `该单位已上报更新的版本（第 ${r.newest} 版），只能审核最新版本`);
      if (r.revision !== r.newest) throw stale();
      const ok = await review(c.env.DB, {
        id: crypto.randomUUID(),
        submission: id,
        action: b.action,
        comment: b.comment?.trim() || null,
        createdAt: now(),
        createdBy: c.get('caller')!.id,
      });
      if (!ok) throw stale();
      const after = (await getRevision(c.env.DB, id))!;
      const { newest: _newest, ...rest } = after;
      return c.json({ ...rest, reviews: await reviewsOf(c.env.DB, id) }, 200);
    },
  );
