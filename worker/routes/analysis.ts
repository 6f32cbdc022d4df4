/** The statistician's desk (analysis.md): trends over the years. */
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { areaCodeSchema, SHEET_KEYS, trendSchema, type SheetKey } from '../../shared/index.ts';
import { requireRole } from '../auth.ts';
import { ApiError } from '../errors.ts';
import { AUTH_ERRORS, errors, jsonResponse, router } from '../openapi.ts';
import { trendOf } from '../trend.ts';

const statistics = requireRole('statistician', 'admin');
/** At most this many years in one trend. */
export const MAX_TREND_YEARS = 10;

export const analysis = router().openapi(
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
    if (!(SHEET_KEYS as readonly string[]).includes(q.template)) throw new ApiError('validation_failed', `没有汇总表“${q.template}”（应为 ${SHEET_KEYS.join('、')}）`);
    if (q.to < q.from || q.to - q.from + 1 > MAX_TREND_YEARS) throw new ApiError('validation_failed', `年度范围应为 from ≤ to，至多 ${MAX_TREND_YEARS} 年`);
    const points = await trendOf(c.env.DB, c.env, c.get('caller')!, { sheet: q.template as SheetKey, key: q.key, row: q.row, from: q.from, to: q.to, ...(q.area ? { area: q.area } : {}) });
    return c.json({ points }, 200);
  },
);
