/** Report years: open or closed, with a deadline; closing publishes; the year's roster and its corrections. */
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import {
  correctionSchema,
  correctionsSchema,
  periodSchema as period,
  printable,
  putPeriodSchema,
  rosterSchema,
  templateIdSchema,
  unitCodeSchema,
  versionSchema,
  yearSchema,
} from '../../shared/index.ts';
import { anyRole, assertUnitAccess, requireRole } from '../auth.ts';
import { listPeriods } from '../db/periods.ts';
import { latestPublication, listCorrections, liveRoster, toCorrection, versionRoster } from '../db/publications.ts';
import { decodeCursor, page } from '../db/util.ts';
import { AUTH_ERRORS, BODY_ERRORS, errors, jsonBody, jsonResponse, router } from '../openapi.ts';
import { closeCorrectionOf, closeYear, openCorrection, openYear } from '../publish.ts';
import { periodOrNotFound } from '../report.ts';
import { scopeUnits } from '../scope.ts';
import { pageQuery } from './paging.ts';

export const yearParam = z.object({ year: z.coerce.number().pipe(yearSchema) });

const openCorrectionSchema = z.strictObject({
  unit: unitCodeSchema,
  templates: z.array(templateIdSchema).min(1),
  reason: printable(1000).refine((s) => s.trim() !== '', '更正须说明原因'),
});

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
      summary: 'Open or close a year; closing publishes it (a new version after a reopening, only when the figures changed)',
      middleware: [requireRole('admin')] as const,
      request: { params: yearParam, body: jsonBody(putPeriodSchema) },
      responses: { 200: jsonResponse(period, 'The year'), ...errors(...BODY_ERRORS, ...AUTH_ERRORS, 'conflict') },
    }),
    async (c) => {
      const { year } = c.req.valid('param');
      const b = c.req.valid('json');
      const p = b.status === 'closed' ? await closeYear(c.env.DB, c.env, year, b.deadline) : await openYear(c.env.DB, year, b.deadline);
      return c.json(p, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/periods/{year}/roster',
      summary: "The year's roster (报送名录): frozen at close, live while open",
      middleware: [requireRole('statistician', 'admin')] as const,
      request: { params: yearParam, query: pageQuery },
      responses: { 200: jsonResponse(rosterSchema, 'Units in code order'), ...errors('bad_request', ...AUTH_ERRORS, 'not_found') },
    }),
    async (c) => {
      const { year } = c.req.valid('param');
      const { limit, cursor } = c.req.valid('query');
      const p = await periodOrNotFound(c.env.DB, year);
      const pub = p.status === 'closed' ? await latestPublication(c.env.DB, year) : null;
      const scope = await scopeUnits(c.env.DB, c.env, c.get('caller')!, year);
      // A scoped statistician's page is cut from its area's units, so that a page is never short while more remain.
      const at = { after: decodeCursor(cursor), limit: scope ? 1_000_000 : limit + 1 };
      const all = pub ? await versionRoster(c.env.DB, year, pub.version, at) : await liveRoster(c.env.DB, year, at);
      const units = scope ? all.filter((u) => scope.has(u.code)).slice(0, limit + 1) : all;
      return c.json(page('units', units, limit, (u) => u.code), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/periods/{year}/corrections',
      summary: "A closed year's corrections (更正), newest first; a clerk sees its own unit's",
      middleware: [anyRole] as const,
      request: { params: yearParam },
      responses: { 200: jsonResponse(correctionsSchema, 'Corrections'), ...errors('bad_request', ...AUTH_ERRORS) },
    }),
    async (c) => {
      const { year } = c.req.valid('param');
      const caller = c.get('caller')!;
      const rows = await listCorrections(c.env.DB, year, caller.role === 'clerk' ? caller.unit : null);
      return c.json({ corrections: rows.map(toCorrection) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/periods/{year}/corrections',
      summary: "Open a correction of one unit's templates in a closed year",
      middleware: [requireRole('admin')] as const,
      request: { params: yearParam, body: jsonBody(openCorrectionSchema) },
      responses: { 201: jsonResponse(correctionSchema, 'The correction, open'), ...errors(...BODY_ERRORS, ...AUTH_ERRORS, 'not_found', 'conflict') },
    }),
    async (c) => {
      const { year } = c.req.valid('param');
      const b = c.req.valid('json');
      assertUnitAccess(c.get('caller')!, b.unit);
      return c.json(await openCorrection(c.env.DB, year, c.get('caller')!.id, b), 201);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/periods/{year}/corrections/{id}/close',
      summary: 'Close a correction: the next version carries its unit’s counted revisions (none when nothing changed)',
      middleware: [requireRole('admin')] as const,
      request: { params: yearParam.extend({ id: z.string().max(64) }) },
      responses: {
        200: jsonResponse(z.object({ correction: correctionSchema, version: versionSchema.nullable() }), 'Closed'),
        ...errors('bad_request', ...AUTH_ERRORS, 'not_found', 'conflict'),
      },
    }),
    async (c) => {
      const { year, id } = c.req.valid('param');
      return c.json(await closeCorrectionOf(c.env.DB, c.env, year, id), 200);
    },
  );
