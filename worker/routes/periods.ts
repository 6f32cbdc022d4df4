/** Report years: open for uploads and reviews, or closed; with a deadline. */
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { periodSchema as period, putPeriodSchema, yearSchema } from '../../shared/index.ts';
import { anyRole, requireRole } from '../auth.ts';
import { listPeriods, putPeriod } from '../db/periods.ts';
import { AUTH_ERRORS, BODY_ERRORS, errors, jsonBody, jsonResponse, router } from '../openapi.ts';

export const yearParam = z.object({ year: z.coerce.number().pipe(yearSchema) });

export const periods = router()
  .openapi(
    createRoute({
      method: 'get',
      path: '/periods',
      summary: 'List years',
      middleware: [anyRole] as const,
      responses: { 200: jsonResponse(z.object({ periods: z.array(period) }), 'Years, newest first'), ...errors(...AUTH_ERRORS) },
    }),
    async (c) => c.json({ periods: await listPeriods(c.env.DB) }, 200),
  )
  .openapi(
    createRoute({
      method: 'put',
      path: '/periods/{year}',
      summary: 'Open or close a year',
      middleware: [requireRole('admin')] as const,
      request: { params: yearParam, body: jsonBody(putPeriodSchema) },
      responses: { 200: jsonResponse(period, 'The year'), ...errors(...BODY_ERRORS, ...AUTH_ERRORS) },
    }),
    async (c) => {
      const { year } = c.req.valid('param');
      const b = c.req.valid('json');
      return c.json(await putPeriod(c.env.DB, { year, status: b.status, ...(b.deadline ? { deadline: b.deadline } : {}) }), 200);
    },
  );
