/** Progress, consolidation and the audit log: what statisticians and admins read. */
import { createRoute } from '@hono/zod-openapi';
import { auditPageSchema, consolidatedSchema, progressSchema } from '../../shared/index.ts';
import { requireRole } from '../auth.ts';
import { listAudit } from '../db/audit.ts';
import { decodeCursor, page } from '../db/util.ts';
import { AUTH_ERRORS, errors, jsonResponse, router } from '../openapi.ts';
import { consolidatedOf, progressOf } from '../report.ts';
import { yearParam } from './periods.ts';
import { pageQuery } from './paging.ts';

const statistics = requireRole('statistician', 'admin');

export const reports = router()
  .openapi(
    createRoute({
      method: 'get',
      path: '/progress/{year}',
      summary: '报送进度: every expected unit × template with its status',
      middleware: [statistics] as const,
      request: { params: yearParam },
      responses: { 200: jsonResponse(progressSchema, 'Progress'), ...errors('bad_request', ...AUTH_ERRORS, 'not_found') },
    }),
    async (c) => c.json(await progressOf(c.env.DB, c.req.valid('param').year), 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/consolidated/{year}',
      summary: '全市汇总 as JSON',
      middleware: [statistics] as const,
      request: { params: yearParam },
      responses: { 200: jsonResponse(consolidatedSchema, 'Consolidated sheets'), ...errors('bad_request', ...AUTH_ERRORS, 'not_found') },
    }),
    async (c) => c.json(await consolidatedOf(c.env.DB, c.req.valid('param').year), 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/audit',
      summary: 'Audit log, newest first',
      middleware: [requireRole('admin')] as const,
      request: { query: pageQuery },
      responses: { 200: jsonResponse(auditPageSchema, 'Events'), ...errors('bad_request', ...AUTH_ERRORS) },
    }),
    async (c) => {
      const { limit, cursor } = c.req.valid('query');
      const before = Number(decodeCursor(cursor)) || null;
      const rows = await listAudit(c.env.DB, { before, limit: limit + 1 });
      return c.json(page('events', rows, limit, (e) => e.id), 200);
    },
  );
