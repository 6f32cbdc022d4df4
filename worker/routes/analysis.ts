/** The statistician's desk (analysis.md): trends over the years, data quality, the report's figures. */
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { areaCodeSchema, outliers, qualitySchema, reportFigures, reportFiguresSchema, scopedUnits, ALL_SHEET_KEYS, trendSchema, type Quality, type SheetKey } from '../../shared/index.ts';
import { requireRole } from '../auth.ts';
import { warnedRevisions } from '../db/submissions.ts';
import { ApiError } from '../errors.ts';
import { AUTH_ERRORS, errors, jsonResponse, router } from '../openapi.ts';
import { consolidatedFor, viewFor } from '../report.ts';
import { trendOf } from '../trend.ts';
import { yearParam } from './periods.ts';

const statistics = requireRole('statistician', 'admin');
/** At most this many years in one trend. */
export const MAX_TREND_YEARS = 10;

const areaQuery = z.object({ area: areaCodeSchema.optional() });

export const analysis = router()
  .openapi(
    createRoute({
      method: 'get',
      path: '/quality/{year}',
      summary: '数据质量: every warning of a counted revision, and the outliers among peers of the same org type',
      middleware: [statistics] as const,
      request: { params: yearParam, query: areaQuery },
      responses: { 200: jsonResponse(qualitySchema, 'Warnings and outliers'), ...errors('bad_request', ...AUTH_ERRORS, 'not_found') },
    }),
    async (c) => {
      const { year } = c.req.valid('param');
      const { area } = c.req.valid('query');
      // A published year's counted revisions are its version's; the view says which.
      const view = await viewFor(c.env.DB, c.env, year, { caller: c.get('caller')!, ...(area ? { area } : {}) });
      const units = new Map(scopedUnits(view.basis).map((u) => [u.code, u]));
      const counted = new Set([...view.basis.current].flatMap(([code, d]) => (units.has(code) ? Object.values(d).map((x) => x!.submission) : [])));
      const warnings: Quality['warnings'] = (await warnedRevisions(c.env.DB, year))
        .filter((r) => counted.has(r.id))
        .flatMap((r) =>
          r.warnings.map((w) => ({ unit: r.unit, name: units.get(r.unit)!.name, org: units.get(r.unit)!.org, template: r.template, code: w.code, message: w.message, explanation: r.explanation, submissionId: r.id, revision: r.revision })),
        )
        .sort((a, b) => (a.unit < b.unit ? -1 : a.unit > b.unit ? 1 : 0) || a.template.localeCompare(b.template));
      return c.json({ warnings, outliers: outliers(view.basis) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/report-figures/{year}',
      summary: "报告用数: the annual work report's sentences with every figure filled in from the consolidation",
      middleware: [statistics] as const,
      request: { params: yearParam, query: areaQuery.extend({ version: z.coerce.number().int().min(1).optional() }) },
      responses: { 200: jsonResponse(reportFiguresSchema, 'Phrases'), ...errors('bad_request', ...AUTH_ERRORS, 'not_found') },
    }),
    async (c) => {
      const { year } = c.req.valid('param');
      const q = c.req.valid('query');
      const consolidated = await consolidatedFor(c.env.DB, c.env, year, { caller: c.get('caller')!, ...(q.area ? { area: q.area } : {}), ...(q.version ? { version: q.version } : {}) });
      return c.json(reportFigures(consolidated), 200);
    },
  )
  .openapi(
  createRoute({
    method: 'get',
    path: '/trend',
    summary: "历年对比: a figure over up to 10 years, from each year's newest published version, else live",
    middleware: [statistics] as const,
    request: {
      // Unknown sheets, keys and rows are 422, as for trace: checked in the handler.
      query: z.object({
        template: z.string().max(40),
        key: z.string().max(60),
        from: z.coerce.number().int().min(2000).max(2100),
        to: z.coerce.number().int().min(2000).max(2100),
        area: areaCodeSchema.optional(),
        row: z.string().max(80).default('total'),
      }),
    },
    responses: { 200: jsonResponse(trendSchema, 'Points, oldest first'), ...errors('bad_request', ...AUTH_ERRORS, 'not_found', 'validation_failed') },
  }),
  async (c) => {
    const q = c.req.valid('query');
    if (!(ALL_SHEET_KEYS as readonly string[]).includes(q.template)) throw new ApiError('validation_failed', `没有汇总表“${q.template}”（应为 ${ALL_SHEET_KEYS.join('、')}）`);
    if (q.to < q.from || q.to - q.from + 1 > MAX_TREND_YEARS) throw new ApiError('validation_failed', `年度范围应为 from ≤ to，至多 ${MAX_TREND_YEARS} 年`);
    const points = await trendOf(c.env.DB, c.env, c.get('caller')!, { sheet: q.template as SheetKey, key: q.key, row: q.row, from: q.from, to: q.to, ...(q.area ? { area: q.area } : {}) });
    return c.json({ points }, 200);
  },
);
