/** Reporting units: everyone signed in may list (a clerk sees its own), admins create and edit. */
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { createUnitSchema, patchUnitSchema, unitCodeSchema, unitSchema } from '../../shared/index.ts';
import { anyRole, requireRole } from '../auth.ts';
import { insertUnit, listUnits, updateUnit } from '../db/units.ts';
import { decodeCursor, page } from '../db/util.ts';
import { ApiError } from '../errors.ts';
import { AUTH_ERRORS, BODY_ERRORS, errors, jsonBody, jsonResponse, router } from '../openapi.ts';
import { pageQuery } from './paging.ts';

const codeParam = z.object({ code: unitCodeSchema });

export const units = router()
  .openapi(
    createRoute({
      method: 'get',
      path: '/units',
      summary: 'List units',
      middleware: [anyRole] as const,
      request: { query: pageQuery },
      responses: {
        200: jsonResponse(z.object({ units: z.array(unitSchema), nextCursor: z.string().optional() }), 'Units in code order'),
        ...errors('bad_request', ...AUTH_ERRORS),
      },
    }),
    async (c) => {
      const { limit, cursor } = c.req.valid('query');
      const caller = c.get('caller')!;
      const only = caller.role === 'clerk' ? caller.unit : null;
      const rows = await listUnits(c.env.DB, { after: decodeCursor(cursor), limit: limit + 1, only });
      return c.json(page('units', rows, limit, (u) => u.code), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/units',
      summary: 'Create a unit',
      middleware: [requireRole('admin')] as const,
      request: { body: jsonBody(createUnitSchema) },
      responses: { 201: jsonResponse(unitSchema, 'Created'), ...errors(...BODY_ERRORS, ...AUTH_ERRORS, 'conflict') },
    }),
    async (c) => {
      const b = c.req.valid('json');
      const unit = { code: b.code, name: b.name, org: b.org, district: b.district, districtCode: b.districtCode ?? null, active: true };
      if (!(await insertUnit(c.env.DB, unit))) throw new ApiError('conflict', `单位代码“${b.code}”已存在`);
      return c.json(unit, 201);
    },
  )
  .openapi(
    createRoute({
      method: 'patch',
      path: '/units/{code}',
      summary: "Change a unit's name, district or activity (never its org type)",
      middleware: [requireRole('admin')] as const,
      request: { params: codeParam, body: jsonBody(patchUnitSchema) },
      responses: { 200: jsonResponse(unitSchema, 'Updated'), ...errors(...BODY_ERRORS, ...AUTH_ERRORS, 'not_found') },
    }),
    async (c) => {
      const { code } = c.req.valid('param');
      const unit = await updateUnit(c.env.DB, code, c.req.valid('json'));
      if (!unit) throw new ApiError('not_found', `单位“${code}”不存在`);
      return c.json(unit, 200);
    },
  );
