/**
 * Workbooks out: the blank templates (a clerk's copy carries its unit and last
 * year's figures) and the consolidated workbook, written by our small
 * SpreadsheetML writer (docs/XLSX.md says why that one).
 */
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { blankWorkbook, ROOT_AREA, unitCodeSchema, type Row, type TemplateId } from '../../shared/index.ts';
import { writeXlsx, XLSX_TYPE } from '../../shared/xlsx/index.ts';
import { anyRole, assertUnitAccess, requireRole } from '../auth.ts';
import { countedOfUnit } from '../db/submissions.ts';
import { getUnit } from '../db/units.ts';
import { ApiError } from '../errors.ts';
import { AUTH_ERRORS, errors, router } from '../openapi.ts';
import { byteStream, liveXlsx, periodOrNotFound, publicationFor, publishedArea, publishedXlsx } from '../report.ts';
import { latestPublication, versionRoster } from '../db/publications.ts';
import { versionQuery } from './reports.ts';
import { settingsOf } from './meta.ts';
import { yearParam } from './periods.ts';
import { editionOfPeriod } from '../db/periods.ts';

const xlsxResponse = (description: string) => ({ content: { [XLSX_TYPE]: { schema: z.string().describe('binary .xlsx') } }, description });

function attachment(bytes: Uint8Array | ReadableStream<Uint8Array>, filename: string): Response {
  return new Response(bytes, {
    headers: {
      'content-type': XLSX_TYPE,
      'content-disposition': `attachment; filename="workbook.xlsx"; filename*=UTF-8''${encodeURIComponent(filename)}`,
      'cache-control': 'no-store',
    },
  });
}

export const workbooks = router()
  .openapi(
    createRoute({
      method: 'get',
      path: '/templates/{year}/workbook.xlsx',
      summary: "The blank workbook of the year's edition (its templates); a clerk's copy has its unit and last year's figures",
      middleware: [anyRole] as const,
      request: { params: yearParam, query: z.object({ unit: unitCodeSchema.optional() }) },
      responses: { 200: xlsxResponse('The workbook'), ...errors('bad_request', ...AUTH_ERRORS, 'not_found') },
    }),
    async (c) => {
      const { year } = c.req.valid('param');
      const caller = c.get('caller')!;
      const asked = c.req.valid('query').unit;
      if (asked) assertUnitAccess(caller, asked);
      const code = caller.role === 'clerk' ? caller.unit : (asked ?? null);
      // A closed year's forms carry the unit as its frozen roster lists it, whatever was renamed since.
      const period = await periodOrNotFound(c.env.DB, year);
      const pub = period.status === 'closed' ? await latestPublication(c.env.DB, year) : null;
      const frozen = pub && code ? (await versionRoster(c.env.DB, year, pub.version)).find((u) => u.code === code) : undefined;
      const unit = frozen ?? (code ? await getUnit(c.env.DB, code) : null);
      if (code && !unit) throw new ApiError('not_found', `单位“${code}”不存在`);
      const previous: Partial<Record<TemplateId, Row[]>> = {};
      if (unit) {
        const { results } = await countedOfUnit(c.env.DB, unit.code, year - 1).all<{ template: TemplateId; rows: string }>();
        for (const r of results) previous[r.template] = JSON.parse(r.rows) as Row[];
      }
      const sheets = blankWorkbook(year, unit, settingsOf(c.env), previous, editionOfPeriod(period));
      return attachment(writeXlsx(sheets), `${year}年群团统计报表${unit ? `-${unit.name}` : ''}.xlsx`);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/consolidated/{year}/workbook.xlsx',
      summary: '全市汇总 as a workbook, with 报送进度; a published version is the same bytes on every call',
      middleware: [requireRole('statistician', 'admin')] as const,
      request: { params: yearParam, query: versionQuery },
      responses: { 200: xlsxResponse('The workbook'), ...errors('bad_request', ...AUTH_ERRORS, 'not_found') },
    }),
    async (c) => {
      const { year } = c.req.valid('param');
      const { version, area } = c.req.valid('query');
      const caller = c.get('caller')!;
      const period = await periodOrNotFound(c.env.DB, year);
      const pub = await publicationFor(c.env.DB, period, version);
      if (pub) {
        const scoped = await publishedArea(c.env.DB, c.env, pub, caller, area);
        const bytes = await publishedXlsx(c.env.DB, c.env, pub, scoped);
        return attachment(bytes, `${year}年群团统计汇总-${scoped === ROOT_AREA ? '全市' : scoped}（第${pub.version}版）.xlsx`);
      }
      // Written sheet by sheet as it is made; everything that can refuse the request is settled before the first byte.
      const { body, where } = await liveXlsx(c.env.DB, c.env, period, { caller, ...(area ? { area } : {}) });
      return attachment(byteStream(body), `${year}年群团统计${where}汇总.xlsx`);
    },
  );
