/** Progress, consolidation (live or as published), versions, trace, and the audit log. */
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { areaCodeSchema, auditPageSchema, consolidatedColumnsSchema, consolidatedSchema, progressSchema, ALL_SHEET_KEYS, trace, TraceError, traceSchema, versionsSchema, type SheetKey } from '../../shared/index.ts';
import { requireRole } from '../auth.ts';
import { listAudit } from '../db/audit.ts';
import { decodeCursor, page } from '../db/util.ts';
import { ApiError } from '../errors.ts';
import { AUTH_ERRORS, errors, jsonResponse, router } from '../openapi.ts';
import { versionsOf } from '../publish.ts';
import { unitContacts } from '../db/units.ts';
import { jsonStream, liveStream, periodOrNotFound, progressOf, publicationFor, publishedArea, publishedJsonGz, viewFor, writeStream } from '../report.ts';
import { compression, gzippedBody } from '../compression.ts';
import { scopeUnits } from '../scope.ts';
import { yearParam } from './periods.ts';
import { pageQuery } from './paging.ts';

const statistics = requireRole('statistician', 'admin');
export const versionQuery = z.object({ version: z.coerce.number().int().min(1).max(1_000_000).optional(), area: areaCodeSchema.optional() });
const areaQuery = z.object({ area: areaCodeSchema.optional() });

export const reports = router()
  .openapi(
    createRoute({
      method: 'get',
      path: '/progress/{year}',
      summary: "报送进度: every roster unit × template with its status, in the caller's area or ?area= within it, with its child areas' rates and each unit's 联系人 and 联系电话 where the roster gives them",
      middleware: [statistics] as const,
      request: { params: yearParam, query: areaQuery },
      responses: { 200: jsonResponse(progressSchema, 'Progress'), ...errors('bad_request', ...AUTH_ERRORS, 'not_found') },
    }),
    async (c) => {
      const [p, contacts] = await Promise.all([progressOf(c.env.DB, c.env, c.req.valid('param').year, c.get('caller')!, c.req.valid('query').area), unitContacts(c.env.DB)]);
      // Contacts are today's, whatever year is shown: they are for reaching the unit now, never part of a published figure.
      const units = p.units.map((u) => {
        const k = contacts.get(u.unit);
        return k ? { ...u, ...(k.contact ? { contact: k.contact } : {}), ...(k.phone ? { phone: k.phone } : {}) } : u;
      });
      return c.json({ ...p, units }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/consolidated/{year}',
      summary: '全市汇总 as JSON: live while the year is open; a closed year (or ?version=N) answers its published version, byte for byte',
      middleware: [statistics] as const,
      request: { params: yearParam, query: versionQuery.extend({ shape: z.enum(['rows', 'columns']).optional() }) },
      responses: {
        200: jsonResponse(z.union([consolidatedSchema, consolidatedColumnsSchema]), 'Consolidated sheets; with ?shape=columns each row\'s figures as arrays in the order of its sheet\'s columns'),
        ...errors('bad_request', ...AUTH_ERRORS, 'not_found'),
      },
    }),
    async (c) => {
      const { year } = c.req.valid('param');
      const { version, area, shape } = c.req.valid('query');
      const caller = c.get('caller')!;
      const period = await periodOrNotFound(c.env.DB, year);
      const pub = await publicationFor(c.env.DB, period, version);
      if (pub) {
        const scoped = await publishedArea(c.env.DB, c.env, pub, caller, area);
        return gzippedBody(await publishedJsonGz(c.env.DB, c.env, pub, scoped, shape), c.req.header('accept-encoding'), { 'content-type': 'application/json; charset=utf-8' }) as never;
      }
      // Live: written as it is made, one template at a time, so that a province's figures never sit whole in memory.
      // Everything that can refuse the request (the area, the caller's scope) is settled before the first byte.
      const sv = await liveStream(c.env.DB, c.env, period, caller, area);
      return new Response(
        jsonStream((sink) => writeStream(c.env.DB, c.env, sv, sink, shape)),
        { headers: { 'content-type': 'application/json; charset=utf-8', ...compression(c.req.header('accept-encoding')) } },
      ) as never;
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/consolidated/{year}/versions',
      summary: "The year's published versions, newest first, each with what it changed",
      middleware: [statistics] as const,
      request: { params: yearParam },
      responses: { 200: jsonResponse(versionsSchema, 'Versions'), ...errors('bad_request', ...AUTH_ERRORS, 'not_found') },
    }),
    async (c) => {
      const { year } = c.req.valid('param');
      await periodOrNotFound(c.env.DB, year);
      // A scoped statistician sees each version's changes within its area only.
      const units = await scopeUnits(c.env.DB, c.env, c.get('caller')!, year);
      const versions = await versionsOf(c.env.DB, c.env, year);
      return c.json({ versions: units ? versions.map((v) => ({ ...v, changes: v.changes.filter((x) => units.has(x.unit)) })) : versions }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/consolidated/{year}/trace',
      summary: '数据溯源: the counted revisions a figure is made of, adding up to it exactly',
      middleware: [statistics] as const,
      request: {
        params: yearParam,
        // Unknown templates, keys and rows are 422 (reporting-year.md), so they are checked in the handler.
        query: versionQuery.extend({ template: z.string().max(40), key: z.string().max(60), row: z.string().max(80) }),
      },
      responses: { 200: jsonResponse(traceSchema, 'The figure and its contributions'), ...errors('bad_request', ...AUTH_ERRORS, 'not_found', 'validation_failed') },
    }),
    async (c) => {
      const { year } = c.req.valid('param');
      const q = c.req.valid('query');
      if (!(ALL_SHEET_KEYS as readonly string[]).includes(q.template)) throw new ApiError('validation_failed', `没有汇总表“${q.template}”（应为 ${ALL_SHEET_KEYS.join('、')}）`);
      const view = await viewFor(c.env.DB, c.env, year, { caller: c.get('caller')!, ...(q.version ? { version: q.version } : {}), ...(q.area ? { area: q.area } : {}) });
      try {
        return c.json(trace(view.basis, q.template as SheetKey, q.key, q.row), 200);
      } catch (e) {
        if (e instanceof TraceError) throw new ApiError('validation_failed', e.message);
        throw e;
      }
    },
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
