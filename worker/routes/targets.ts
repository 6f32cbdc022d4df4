/**
 * Targets and assessment (目标管理考核, analysis.md): a year's targets — the
 * city's per org type, and per unit — and each unit's completion, computed
 * from the same basis as the consolidation (a published year: its version's
 * counted revisions and its version's frozen targets).
 */
import { createRoute } from '@hono/zod-openapi';
import { assess, assessmentSchema, checkTarget, putTargetsSchema, storedTarget, targetsOut, targetsSchema, type StoredTarget } from '../../shared/index.ts';
import { requireRole } from '../auth.ts';
import { latestPublication, liveRoster } from '../db/publications.ts';
import { liveTargets, replaceTargets, versionTargets } from '../db/targets.ts';
import type { Caller, Env } from '../env.ts';
import { ApiError } from '../errors.ts';
import { AUTH_ERRORS, BODY_ERRORS, errors, jsonBody, jsonResponse, router } from '../openapi.ts';
import { periodOrNotFound, targetsOfView, viewFor } from '../report.ts';
import { editionOfPeriod } from '../db/periods.ts';
import { scopeUnits } from '../scope.ts';
import { yearParam } from './periods.ts';
import { versionQuery } from './reports.ts';

const statistics = requireRole('statistician', 'admin');

/**
 * The year's targets a caller sees: a closed year's as its newest version
 * froze them, an open year's as they stand; a scoped statistician sees the
 * city's org-type targets and its own area's units' targets.
 */
async function visibleTargets(db: D1Database, env: Env, caller: Caller, year: number): Promise<StoredTarget[]> {
  const period = await periodOrNotFound(db, year);
  const pub = period.status === 'closed' ? await latestPublication(db, year) : null;
  const [all, scope] = await Promise.all([pub ? versionTargets(db, year, pub.version) : liveTargets(db, year), scopeUnits(db, env, caller, year)]);
  return scope ? all.filter((t) => t.kind === 'org' || scope.has(t.owner)) : all;
}

export const targets = router()
  .openapi(
    createRoute({
      method: 'get',
      path: '/targets/{year}',
      summary: "The year's targets (目标): the city's per org type and, within the caller's area, per unit",
      middleware: [statistics] as const,
      request: { params: yearParam },
      responses: { 200: jsonResponse(targetsSchema, 'Targets: org types first, then units by code'), ...errors('bad_request', ...AUTH_ERRORS, 'not_found') },
    }),
    async (c) => c.json({ targets: targetsOut(await visibleTargets(c.env.DB, c.env, c.get('caller')!, c.req.valid('param').year)) }, 200),
  )
  .openapi(
    createRoute({
      method: 'put',
      path: '/targets/{year}',
      summary:
        "Replace the year's targets within the caller's area: the city's statistician or an admin replaces all of them; a scoped statistician the unit targets of its area's units (org-type targets are the city's: 403). A closed year's cannot change (409 period_closed)",
      middleware: [statistics] as const,
      request: { params: yearParam, body: jsonBody(putTargetsSchema) },
      responses: { 200: jsonResponse(targetsSchema, 'The targets the caller now sees'), ...errors(...BODY_ERRORS, ...AUTH_ERRORS, 'not_found', 'period_closed') },
    }),
    async (c) => {
      const { year } = c.req.valid('param');
      const body = c.req.valid('json').targets;
      const db = c.env.DB;
      const caller = c.get('caller')!;
      const period = await periodOrNotFound(db, year);
      if (period.status !== 'open') throw new ApiError('period_closed', `${year}年度已关闭，考核目标不能再修改`);
      const [roster, scope] = await Promise.all([liveRoster(db, year), scopeUnits(db, c.env, caller, year)]);
      const orgOf = new Map(roster.map((u) => [u.code, u.org]));
      if (scope) {
        if (body.some((t) => t.org !== undefined)) throw new ApiError('forbidden', '组织类型的目标由市统计员设定；区县统计员只能设定本区域单位的目标');
        const outside = body.find((t) => orgOf.has(t.unit!) && !scope.has(t.unit!));
        if (outside) throw new ApiError('forbidden', `单位“${outside.unit}”不在本区域内，不能设定它的目标`);
      }
      const problems: string[] = [];
      const stored: StoredTarget[] = [];
      const seen = new Map<string, number>();
      for (const [i, t] of body.entries()) {
        const where = `第 ${i + 1} 条（${t.org ?? t.unit} ${t.template}.${t.key}）`;
        const org = t.org ?? orgOf.get(t.unit!);
        if (!org) {
          problems.push(`${where}：单位“${t.unit}”不在 ${year}年度的报送名录中`);
          continue;
        }
        const checked = checkTarget(t, org, editionOfPeriod(period));
        if (!checked.ok) {
          problems.push(`${where}：${checked.message}`);
          continue;
        }
        const id = `${t.org ? 'org' : 'unit'}:${t.org ?? t.unit}/${t.template}.${t.key}`;
        const before = seen.get(id);
        if (before !== undefined) {
          problems.push(`${where}：与第 ${before} 条重复`);
          continue;
        }
        seen.set(id, i + 1);
        stored.push(storedTarget(t, checked.value));
      }
      if (problems.length) throw new ApiError('validation_failed', `目标有误，未保存：${problems.slice(0, 5).join('；')}${problems.length > 5 ? `；共 ${problems.length} 处` : ''}`);
      // Checked against the period inside the write itself: a year closed meanwhile takes nothing.
      if ((await replaceTargets(db, year, scope ? [...scope] : null, stored)) !== 'open') throw new ApiError('period_closed', `${year}年度已关闭，考核目标不能再修改`);
      return c.json({ targets: targetsOut(await visibleTargets(db, c.env, caller, year)) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/assessment/{year}',
      summary:
        "目标考核: each unit with a target, its figures against its targets (its own, else its org type's), met compared exactly; a published year (or ?version=N) from that version's counted revisions and targets",
      middleware: [statistics] as const,
      request: { params: yearParam, query: versionQuery },
      responses: { 200: jsonResponse(assessmentSchema, 'Rows by met ÷ total, then org and code; a summary per org type'), ...errors('bad_request', ...AUTH_ERRORS, 'not_found') },
    }),
    async (c) => {
      const { year } = c.req.valid('param');
      const { version, area } = c.req.valid('query');
      const view = await viewFor(c.env.DB, c.env, year, { caller: c.get('caller')!, ...(version ? { version } : {}), ...(area ? { area } : {}) });
      return c.json(assess(view.basis, await targetsOfView(c.env.DB, view)), 200);
    },
  );
