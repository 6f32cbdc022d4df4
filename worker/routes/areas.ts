/** The area tree (areas.md): everyone signed in reads (within what they may see), admins shape it. */
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { areaCodeSchema, areaSchema, createAreaSchema, MAX_LEVEL, patchAreaSchema, ROOT_AREA, type Area } from '../../shared/index.ts';
import { anyRole, requireRole } from '../auth.ts';
import { areaUse, deleteAreaStatements, insertAreaStatement, refreshDistricts, refreshLevels, updateAreaStatement } from '../db/areas.ts';
import { getUnit } from '../db/units.ts';
import { ApiError } from '../errors.ts';
import { AUTH_ERRORS, BODY_ERRORS, errors, jsonBody, jsonResponse, router } from '../openapi.ts';
import { homeArea, liveTree } from '../scope.ts';

const codeParam = z.object({ code: areaCodeSchema });
const areasSchema = z.object({ areas: z.array(areaSchema) });

/** How many levels an area's subtree spans below it (0 for a leaf). */
function depthBelow(tree: Awaited<ReturnType<typeof liveTree>>, code: string): number {
  let deepest = 0;
  const walk = (c: string, d: number) => {
    deepest = Math.max(deepest, d);
    for (const k of tree.children(c)) walk(k.code, d + 1);
  };
  walk(code, 0);
  return deepest;
}

/** A sibling of this name under `parent` other than `code`. */
const nameTaken = (tree: Awaited<ReturnType<typeof liveTree>>, parent: string, name: string, code: string) => tree.children(parent).some((a) => a.name === name && a.code !== code);

export const areas = router()
  .openapi(
    createRoute({
      method: 'get',
      path: '/areas',
      summary: 'The area tree; a scoped statistician sees its subtree, a clerk its unit’s area and those above it',
      middleware: [anyRole] as const,
      responses: { 200: jsonResponse(areasSchema, 'Areas, parents before children'), ...errors(...AUTH_ERRORS) },
    }),
    async (c) => {
      const caller = c.get('caller')!;
      const tree = await liveTree(c.env.DB, c.env);
      let list: Area[];
      if (caller.role === 'clerk') {
        const unit = caller.unit ? await getUnit(c.env.DB, caller.unit) : null;
        list = tree.all().filter((a) => unit && tree.within(unit.area, a.code));
      } else {
        const within = tree.subtree(homeArea(caller));
        list = tree.all().filter((a) => within.has(a.code));
      }
      return c.json({ areas: list.sort((a, b) => a.level - b.level || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0)) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/areas',
      summary: 'Create an area under a parent (at most 5 levels below the city)',
      middleware: [requireRole('admin')] as const,
      request: { body: jsonBody(createAreaSchema) },
      responses: { 201: jsonResponse(areaSchema, 'Created'), ...errors(...BODY_ERRORS, ...AUTH_ERRORS, 'conflict') },
    }),
    async (c) => {
      const b = c.req.valid('json');
      const tree = await liveTree(c.env.DB, c.env);
      const parent = tree.get(b.parent);
      if (!parent) throw new ApiError('validation_failed', `上级区域“${b.parent}”不存在`);
      if (parent.level + 1 > MAX_LEVEL) throw new ApiError('validation_failed', `区域最多分 ${MAX_LEVEL} 级`);
      if (tree.get(b.code)) throw new ApiError('conflict', `区域代码“${b.code}”已存在`);
      if (nameTaken(tree, b.parent, b.name, b.code)) throw new ApiError('conflict', `“${parent.name}”下已有名为“${b.name}”的区域`);
      const area: Area = { code: b.code, name: b.name, parent: b.parent, level: parent.level + 1, districtCode: b.districtCode ?? null };
      await insertAreaStatement(c.env.DB, area).run();
      return c.json(area, 201);
    },
  )
  .openapi(
    createRoute({
      method: 'patch',
      path: '/areas/{code}',
      summary: 'Rename or move an area (a move that makes a cycle or passes 5 levels is refused)',
      middleware: [requireRole('admin')] as const,
      request: { params: codeParam, body: jsonBody(patchAreaSchema) },
      responses: { 200: jsonResponse(areaSchema, 'Updated'), ...errors(...BODY_ERRORS, ...AUTH_ERRORS, 'not_found', 'conflict') },
    }),
    async (c) => {
      const { code } = c.req.valid('param');
      const b = c.req.valid('json');
      const db = c.env.DB;
      const tree = await liveTree(db, c.env);
      const area = tree.get(code);
      if (!area) throw new ApiError('not_found', `区域“${code}”不存在`);
      if (code === ROOT_AREA) throw new ApiError('validation_failed', '全市（根区域）的名称由部署设置 CITY 决定，不能修改或移动');
      const parent = b.parent ?? area.parent!;
      const target = tree.get(parent);
      if (!target) throw new ApiError('validation_failed', `上级区域“${parent}”不存在`);
      if (tree.within(parent, code)) throw new ApiError('validation_failed', '不能把区域移到它自己或它的下级区域之下');
      if (target.level + 1 + depthBelow(tree, code) > MAX_LEVEL) throw new ApiError('validation_failed', `移动后超过 ${MAX_LEVEL} 级`);
      const name = b.name ?? area.name;
      if (nameTaken(tree, parent, name, code)) throw new ApiError('conflict', `“${target.name}”下已有名为“${name}”的区域`);
      await db.batch([
        updateAreaStatement(db, code, { ...(b.name ? { name: b.name } : {}), ...(b.parent ? { parent: b.parent, level: target.level + 1 } : {}), ...(b.districtCode !== undefined ? { districtCode: b.districtCode } : {}) }),
        refreshLevels(db),
        refreshDistricts(db),
      ]);
      return c.json((await liveTree(db, c.env)).get(code)!, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'delete',
      path: '/areas/{code}',
      summary: 'Delete an area with no children, no units and no token bound to it',
      middleware: [requireRole('admin')] as const,
      request: { params: codeParam },
      responses: { 204: { description: 'Deleted' }, ...errors('bad_request', ...AUTH_ERRORS, 'not_found', 'conflict') },
    }),
    async (c) => {
      const { code } = c.req.valid('param');
      const tree = await liveTree(c.env.DB, c.env);
      if (!tree.get(code)) throw new ApiError('not_found', `区域“${code}”不存在`);
      if (code === ROOT_AREA) throw new ApiError('conflict', '不能删除全市（根区域）');
      const use = await areaUse(c.env.DB, code);
      if (use.children || use.units || use.tokens) {
        throw new ApiError('conflict', `区域“${code}”下还有${[use.children && `${use.children} 个下级区域`, use.units && `${use.units} 个单位`, use.tokens && `${use.tokens} 个令牌`].filter(Boolean).join('、')}，不能删除`);
      }
      await c.env.DB.batch(deleteAreaStatements(c.env.DB, code));
      return c.body(null, 204);
    },
  );
