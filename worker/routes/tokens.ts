/** Access tokens: admins issue (the secret is shown once), list (without secrets) and revoke. */
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { areaCodeSchema, createTokenSchema, roleSchema, ROOT_AREA, unitCodeSchema } from '../../shared/index.ts';
import { liveTree } from '../scope.ts';
import { hashToken, newToken, requireRole } from '../auth.ts';
import { insertToken, listTokens, revokeToken } from '../db/tokens.ts';
import { getUnit } from '../db/units.ts';
import { decodeCursor, page } from '../db/util.ts';
import { ApiError } from '../errors.ts';
import { AUTH_ERRORS, BODY_ERRORS, errors, jsonBody, jsonResponse, router } from '../openapi.ts';
import { pageQuery } from './paging.ts';

const tokenInfo = z.object({
  id: z.string(),
  role: roleSchema,
  unit: unitCodeSchema.nullable(),
  area: areaCodeSchema.nullable(),
  label: z.string().nullable(),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
});

export const tokens = router()
  .openapi(
    createRoute({
      method: 'post',
      path: '/tokens',
      summary: 'Issue a token; the secret is in this response only',
      middleware: [requireRole('admin')] as const,
      request: { body: jsonBody(createTokenSchema) },
      responses: {
        201: jsonResponse(
          z.object({ id: z.string(), token: z.string(), role: roleSchema, unit: unitCodeSchema.nullable(), area: areaCodeSchema.nullable(), label: z.string().nullable() }),
          'Issued',
        ),
        ...errors(...BODY_ERRORS, ...AUTH_ERRORS, 'not_found'),
      },
    }),
    async (c) => {
      const b = c.req.valid('json');
      if (b.unit && !(await getUnit(c.env.DB, b.unit))) throw new ApiError('not_found', `单位“${b.unit}”不存在`);
      // A statistician bound to the city itself is the same as one not bound at all.
      const area = b.area && b.area !== ROOT_AREA ? b.area : null;
      if (area && !(await liveTree(c.env.DB, c.env)).get(area)) throw new ApiError('not_found', `区域“${area}”不存在`);
      const { id, token } = newToken();
      const t = await insertToken(c.env.DB, { id, hash: await hashToken(token), role: b.role, unit: b.unit ?? null, area, label: b.label?.trim() || null });
      return c.json({ id: t.id, token, role: t.role, unit: t.unit, area: t.area, label: t.label }, 201);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/tokens',
      summary: 'List tokens, without their secrets',
      middleware: [requireRole('admin')] as const,
      request: { query: pageQuery },
      responses: {
        200: jsonResponse(z.object({ tokens: z.array(tokenInfo), nextCursor: z.string().optional() }), 'Tokens'),
        ...errors('bad_request', ...AUTH_ERRORS),
      },
    }),
    async (c) => {
      const { limit, cursor } = c.req.valid('query');
      const rows = await listTokens(c.env.DB, { after: decodeCursor(cursor), limit: limit + 1 });
      return c.json(page('tokens', rows, limit, (t) => t.id), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'delete',
      path: '/tokens/{id}',
      summary: 'Revoke a token',
      middleware: [requireRole('admin')] as const,
      request: { params: z.object({ id: z.string().max(64) }) },
      responses: { 204: { description: 'Revoked' }, ...errors('bad_request', ...AUTH_ERRORS, 'not_found') },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      if (!(await revokeToken(c.env.DB, id))) throw new ApiError('not_found', `令牌“${id}”不存在或已被收回`);
      return c.body(null, 204);
    },
  );
