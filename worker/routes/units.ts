/** Reporting units: everyone signed in may list (a clerk its own, a scoped statistician its area's), admins create and edit. */
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { createUnitSchema, patchUnitSchema, ROOT_AREA, unitCodeSchema, unitSchema } from '../../shared/index.ts';
import { anyRole, requireRole } from '../auth.ts';
import { districtArea, insertAreaStatement, refreshDistricts } from '../db/areas.ts';
import { getUnit, insertUnitStatement, listUnits, updateUnitStatement } from '../db/units.ts';
import { decodeCursor, page } from '../db/util.ts';
import { ApiError } from '../errors.ts';
import { AUTH_ERRORS, BODY_ERRORS, errors, jsonBody, jsonResponse, router } from '../openapi.ts';
import { homeArea, liveTree } from '../scope.ts';
import { pageQuery } from './paging.ts';

const codeParam = z.object({ code: unitCodeSchema });

/** Where a unit goes: an area by code (it must exist), or a district by name (its level-1 area, made when missing). */
async function placement(db: D1Database, env: Parameters<typeof liveTree>[1], b: { area?: string; district?: string; districtCode?: string | null }) {
  if (b.area !== undefined) {
    if (!(await liveTree(db, env)).get(b.area)) throw new ApiError('validation_failed', `没有区域“${b.area}”，请先建立区域`);
    return { area: b.area, create: [] as D1PreparedStatement[] };
  }
  const d = await districtArea(db, b.district!, b.districtCode ?? null);
  return { area: d.code, create: d.create ? [insertAreaStatement(db, d.create)] : [] };
}

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
      const home = homeArea(caller);
      const areas = home === ROOT_AREA ? null : [...(await liveTree(c.env.DB, c.env)).subtree(home)];
      const rows = await listUnits(c.env.DB, { after: decodeCursor(cursor), limit: limit + 1, only, areas });
      return c.json(page('units', rows, limit, (u) => u.code), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/units',
      summary: 'Create a unit in an area (or, as before areas, in a district by name)',
      middleware: [requireRole('admin')] as const,
      request: { body: jsonBody(createUnitSchema) },
      responses: { 201: jsonResponse(unitSchema, 'Created'), ...errors(...BODY_ERRORS, ...AUTH_ERRORS, 'conflict') },
    }),
    async (c) => {
      const b = c.req.valid('json');
      const db = c.env.DB;
      if (await getUnit(db, b.code)) throw new ApiError('conflict', `单位代码“${b.code}”已存在`);
      const { area, create } = await placement(db, c.env, b);
      const results = await db.batch([...create, insertUnitStatement(db, { code: b.code, name: b.name, org: b.org, districtCode: b.districtCode ?? null, active: true, area, contact: b.contact ?? null, phone: b.phone ?? null }), refreshDistricts(db)]);
      // Another request took the code in between: its insert did nothing.
      if (results[create.length]!.meta.changes !== 1) throw new ApiError('conflict', `单位代码“${b.code}”已存在`);
      return c.json((await getUnit(db, b.code))!, 201);
    },
  )
  .openapi(
    createRoute({
      method: 'patch',
      path: '/units/{code}',
      summary: "Change a unit's name, area (or district by name), 行政区划代码, activity, 联系人 or 联系电话 (never its org type); null clears 联系人 and 联系电话",
      middleware: [requireRole('admin')] as const,
      request: { params: codeParam, body: jsonBody(patchUnitSchema) },
      responses: { 200: jsonResponse(unitSchema, 'Updated'), ...errors(...BODY_ERRORS, ...AUTH_ERRORS, 'not_found') },
    }),
    async (c) => {
      const { code } = c.req.valid('param');
      const b = c.req.valid('json');
      const db = c.env.DB;
      if (!(await getUnit(db, code))) throw new ApiError('not_found', `单位“${code}”不存在`);
      const moved = b.area !== undefined || b.district !== undefined ? await placement(db, c.env, b) : null;
      await db.batch([
        ...(moved?.create ?? []),
        updateUnitStatement(db, code, { name: b.name, districtCode: b.districtCode, active: b.active, contact: b.contact, phone: b.phone, ...(moved ? { area: moved.area } : {}) }),
        refreshDistricts(db),
      ]);
      return c.json((await getUnit(db, code))!, 200);
    },
  );
