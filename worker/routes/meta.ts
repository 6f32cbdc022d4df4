/** Health, settings, the catalog and who am I: the routes a client calls first. */
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { meSchema, settingsSchema, templatesResponse, templatesResponseSchema } from '../../shared/index.ts';
import { anyRole } from '../auth.ts';
import { getUnit } from '../db/units.ts';
import { liveTree } from '../scope.ts';
import { VERSION, type Env } from '../env.ts';
import { AUTH_ERRORS, errors, jsonResponse, router } from '../openapi.ts';

export function settingsOf(env: Env) {
  return { city: env.CITY ?? '', issuer: env.ISSUER ?? '', docNo: env.DOC_NO ?? '', validUntil: env.VALID_UNTIL ?? '' };
}

export const meta = router()
  .openapi(
    createRoute({
      method: 'get',
      path: '/health',
      summary: 'Liveness',
      responses: { 200: jsonResponse(z.object({ ok: z.literal(true), version: z.string() }), 'Up') },
    }),
    (c) => c.json({ ok: true as const, version: VERSION }, 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/settings',
      summary: 'The names printed on the forms',
      responses: { 200: jsonResponse(settingsSchema, 'Settings') },
    }),
    (c) => c.json(settingsOf(c.env), 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/templates',
      summary: 'The four templates: fields and checks',
      responses: { 200: jsonResponse(templatesResponseSchema, 'The catalog') },
    }),
    (c) => c.json(templatesResponse(), 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/me',
      summary: "The caller's role and unit",
      middleware: [anyRole] as const,
      responses: { 200: jsonResponse(meSchema, 'Caller'), ...errors(...AUTH_ERRORS) },
    }),
    async (c) => {
      const caller = c.get('caller')!;
      const unit = caller.unit ? await getUnit(c.env.DB, caller.unit) : null;
      const area = caller.area ? ((await liveTree(c.env.DB, c.env)).get(caller.area) ?? null) : null;
      return c.json({ role: caller.role, unit, area }, 200);
    },
  );
