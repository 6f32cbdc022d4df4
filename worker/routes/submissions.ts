/** Uploads, revisions and reviews. */
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import {
  batchSchema,
  issueSchema,
  reviewSchema,
  signoffSchema,
  submissionSchema,
  templateIdSchema,
  unitCodeSchema,
  yearSchema,
  type Row,
} from '../../shared/index.ts';
import { assertUnitAccess, requireRole } from '../auth.ts';
import { getRevision, listRevisions, review, reviewsOf } from '../db/submissions.ts';
import { decodeCursor, encodeCursor, now } from '../db/util.ts';
import { ApiError } from '../errors.ts';
import { AUTH_ERRORS, BODY_ERRORS, errors, jsonBody, jsonResponse, router } from '../openapi.ts';
import { assertOpen, submit } from '../submit.ts';

const status = z.enum(['submitted', 'accepted', 'returned']);
const receiptSchema = z.object({
  id: z.string(),
  unit: unitCodeSchema,
  year: z.number().int(),
  template: templateIdSchema,
  revision: z.number().int(),
  status,
  checksum: z.string(),
  warnings: z.array(issueSchema),
  createdAt: z.string(),
});
const revisionSchema = receiptSchema.extend({ explanation: z.string().nullable(), createdBy: z.string() });
const reviewEntry = z.object({ id: z.string(), action: z.enum(['accept', 'return']), comment: z.string().nullable(), createdAt: z.string(), createdBy: z.string() });
const detailSchema = revisionSchema.extend({ rows: z.array(z.record(z.string(), z.unknown())), signoff: signoffSchema.nullable(), reviews: z.array(reviewEntry) });
const uploaders = requireRole('clerk', 'admin');
const readers = requireRole('statistician', 'admin', 'clerk');
const UPLOAD_ERRORS = [...BODY_ERRORS, ...AUTH_ERRORS, 'not_found', 'period_closed', 'explanation_required'] as const;

const listQuery = z.object({
  year: z.coerce.number().pipe(yearSchema).optional(),
  unit: unitCodeSchema.optional(),
  template: templateIdSchema.optional(),
  history: z.enum(['0', '1']).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  cursor: z.string().max(40).optional(),
});

export const submissions = router()
  .openapi(
    createRoute({
      method: 'post',
      path: '/submissions',
      summary: 'Upload one template',
      description: 'Validated with the same catalog and checks as the add-in. The same content as the current revision answers 200 with it.',
      middleware: [uploaders] as const,
      request: { body: jsonBody(submissionSchema) },
      responses: { 201: jsonResponse(receiptSchema, 'A new revision'), 200: jsonResponse(receiptSchema, 'A retry: the current revision'), ...errors(...UPLOAD_ERRORS) },
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
        201: jsonResponse(z.object({ submissions: z.array(receiptSchema) }), 'At least one new revision'),
        200: jsonResponse(z.object({ submissions: z.array(receiptSchema) }), 'Every template was a retry'),
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
      summary: 'Current revisions, or every revision with history=1',
      middleware: [readers] as const,
      request: { query: listQuery },
      responses: {
        200: jsonResponse(z.object({ submissions: z.array(revisionSchema), nextCursor: z.string().optional() }), 'Revisions'),
        ...errors('bad_request', ...AUTH_ERRORS),
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const caller = c.get('caller')!;
      if (q.unit) assertUnitAccess(caller, q.unit);
      const unit = caller.role === 'clerk' ? caller.unit : (q.unit ?? null);
      const offset = Number(decodeCursor(q.cursor) ?? 0) || 0;
      const rows = await listRevisions(c.env.DB, {
        year: q.year ?? null,
        unit,
        template: q.template ?? null,
        history: q.history === '1',
        offset,
        limit: q.limit + 1,
      });
      const more = rows.length > q.limit;
      return c.json({ submissions: rows.slice(0, q.limit), ...(more ? { nextCursor: encodeCursor(offset + q.limit) } : {}) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/submissions/{id}',
      summary: 'One revision with its rows and reviews',
      middleware: [readers] as const,
      request: { params: z.object({ id: z.string().max(64) }) },
      responses: { 200: jsonResponse(detailSchema, 'The revision'), ...errors('bad_request', ...AUTH_ERRORS, 'not_found') },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const r = await getRevision(c.env.DB, id);
      const caller = c.get('caller')!;
      // A clerk learns nothing of other units' revisions, not even that they exist.
      if (!r || (caller.role === 'clerk' && caller.unit !== r.unit)) throw new ApiError('not_found', '找不到该报表版本');
      const { newest: _newest, ...rest } = r;
      return c.json({ ...rest, reviews: await reviewsOf(c.env.DB, id) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/submissions/{id}/review',
      summary: 'Accept, or return for correction with a comment (current revision, open year)',
      middleware: [requireRole('statistician', 'admin')] as const,
      request: { params: z.object({ id: z.string().max(64) }), body: jsonBody(reviewSchema) },
      responses: { 200: jsonResponse(detailSchema, 'Reviewed'), ...errors(...BODY_ERRORS, ...AUTH_ERRORS, 'not_found', 'conflict', 'period_closed') },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const b = c.req.valid('json');
      const r = await getRevision(c.env.DB, id);
      if (!r) throw new ApiError('not_found', '找不到该报表版本');
      await assertOpen(c.env.DB, r.year);
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
