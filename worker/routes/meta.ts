/** Health, settings, the catalog and who am I: the routes a client calls first. */
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { EDITIONS, meSchema, settingsSchema, templatesResponse, templatesResponseSchema, yearSchema } from '../../shared/index.ts';
import { anyRole } from '../auth.ts';
import { getUnit } from '../db/units.ts';
import { liveTree } from '../scope.ts';
import { VERSION, type Env } from '../env.ts';
import { AUTH_ERRORS, errors, jsonResponse, router } from '../openapi.ts';
import { editionOfYear } from '../db/periods.ts';

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
      summary: "A year's edition of the catalog (its templates: fields and checks); without a year, the 2024 edition",
      request: { query: z.object({ year: z.coerce.number().pipe(yearSchema).optional() }) },
      responses: { 200: jsonResponse(templatesResponseSchema, 'The catalog'), ...errors('bad_request') },
    }),
    async (c) => {
      const { year } = c.req.valid('query');
      // A year's edition as its period records it; a year not opened yet, the one valid for it.
      const edition = year === undefined ? EDITIONS['2024'] : await editionOfYear(c.env.DB, year);
      return c.json(templatesResponse(edition), 200);
    },
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
