/**
 * Seeds the demo city through the HTTP API, as an administrator would: units,
 * last year complete and closed, this year partly reported and reviewed, and
 * the next year — the 2026 edition, five templates — begun by a few units.
 * Every report is validated locally first, with the same checks.
 */
import { editionForYear, validate, type TemplateId } from '../shared/index.ts';
import { api, type Reply, type Server } from './cli.ts';
import { DEMO_COMMUNITIES, demoReport, demoUnits, rng, type Report } from './demo.ts';

export interface SeedResult {
  statistician: string;
  /** A statistician bound to one town (areas.md). */
  district: { token: string; area: string; name: string };
  clerk: { token: string; unit: string; name: string };
}

/** The town whose statistician token is printed. */
export const DEMO_DISTRICT = { code: '451381100', name: '岭南镇' };

export const LAST_YEAR = 2024;
export const THIS_YEAR = 2025;
/** The first year of the 2026 edition: a few units have reported all five templates. */
export const EDITION_YEAR = 2026;
const EDITION_UNITS = 5;
/** The unit whose clerk token is printed: left unreported this year so the clerk can try. */
export const DEMO_CLERK_UNIT = 'HS-WOMEN';

/** The answer, or an error naming what failed. */
function must<T>(r: Reply<unknown>, what: string, ok = [200, 201]): T {
  if (!ok.includes(r.status)) throw new Error(`${what}: HTTP ${r.status} ${JSON.stringify(r.body).slice(0, 400)}`);
  return r.body as T;
}

export async function seed(base: string, adminToken: string): Promise<SeedResult> {
  const admin: Server = { base, token: adminToken };
  const units = demoUnits();
  // Towns come from the units' districts; the 社区 below them are made next, then their units.
  const place = ({ area, ...u }: (typeof units)[number]) => (area ? { code: u.code, name: u.name, org: u.org, area, districtCode: u.districtCode } : u);
  for (const u of units.filter((x) => !x.area)) must(await api(admin, 'POST', '/units', place(u)), `单位 ${u.code}`, [201, 409]);
  for (const c of DEMO_COMMUNITIES) must(await api(admin, 'POST', '/areas', { code: c.code, name: c.name, parent: c.parent, districtCode: c.code }), `区域 ${c.name}`, [201, 409]);
  for (const u of units.filter((x) => x.area)) must(await api(admin, 'POST', '/units', place(u)), `单位 ${u.code}`, [201, 409]);
  must(await api(admin, 'PUT', `/periods/${LAST_YEAR}`, { status: 'open', deadline: `${LAST_YEAR + 1}-03-31` }), '年度');
  must(await api(admin, 'PUT', `/periods/${THIS_YEAR}`, { status: 'open', deadline: `${THIS_YEAR + 1}-12-31` }), '年度');
  must(await api(admin, 'PUT', `/periods/${EDITION_YEAR}`, { status: 'open', deadline: `${EDITION_YEAR + 1}-03-31` }), '年度');

  const random = rng(20241231);
  const nextRandom = rng(20261231);
  const upload = async (unit: (typeof units)[number], year: number, report: Report, previous?: Report) => {
    for (const t of editionForYear(year).templates) {
      const issues = validate(t.id, report[t.id] ?? [], { year, org: unit.org, previous, others: report });
      if (issues.some((i) => i.severity === 'error')) throw new Error(`演示数据未通过校验：${unit.code} ${JSON.stringify(issues[0])}`);
    }
    const submissions = (Object.keys(report) as TemplateId[]).map((template) => ({ template, rows: report[template], explanation: '演示数据' }));
    return must<{ submissions: { id: string; template: TemplateId }[] }>(
      await api(admin, 'POST', '/submissions/batch', { year, unit: unit.code, submissions }),
      `上报 ${unit.code} ${year}`,
    );
  };

  const statistician = must<{ token: string }>(await api(admin, 'POST', '/tokens', { role: 'statistician', label: '市统计员（演示）' }), '统计员令牌').token;
  const district = must<{ token: string }>(
    await api(admin, 'POST', '/tokens', { role: 'statistician', area: DEMO_DISTRICT.code, label: `${DEMO_DISTRICT.name}统计员（演示）` }),
    '区镇统计员令牌',
  ).token;
  const receipts: { id: string; template: TemplateId }[] = [];
  let begun = 0;
  for (const [i, u] of units.entries()) {
    const last = demoReport(u, LAST_YEAR, random);
    await upload(u, LAST_YEAR, last);
    // This year about two thirds have reported; the demo clerk's unit has not.
    if (u.code === DEMO_CLERK_UNIT || i % 3 === 2) continue;
    const now = demoReport(u, THIS_YEAR, random, last);
    receipts.push(...(await upload(u, THIS_YEAR, now, last)).submissions);
    if (begun < EDITION_UNITS) {
      begun++;
      // Its own random sequence, so that 2024 and 2025 stay the city they were before 2026.
      await upload(u, EDITION_YEAR, demoReport(u, EDITION_YEAR, nextRandom, now), now);
    }
  }
  must(await api(admin, 'PUT', `/periods/${LAST_YEAR}`, { status: 'closed' }), '关闭年度');

  // The statistician has accepted some reports and returned one for correction.
  for (const [i, r] of receipts.entries()) {
    if (i % 5 === 0) must(await api({ base, token: statistician }, 'POST', `/submissions/${r.id}/review`, { action: 'accept' }), '审核');
  }
  const toReturn = receipts.find((r, i) => r.template === 'funding' && i % 5 !== 0);
  if (toReturn) {
    must(await api({ base, token: statistician }, 'POST', `/submissions/${toReturn.id}/review`, { action: 'return', comment: '会费收入与上年差异较大，请核实后重新上报' }), '退回');
  }

  const clerkUnit = units.find((u) => u.code === DEMO_CLERK_UNIT)!;
  const clerk = must<{ token: string }>(await api(admin, 'POST', '/tokens', { role: 'clerk', unit: clerkUnit.code, label: '填报员（演示）' }), '填报员令牌');
  return { statistician, district: { token: district, area: DEMO_DISTRICT.code, name: DEMO_DISTRICT.name }, clerk: { token: clerk.token, unit: clerkUnit.code, name: clerkUnit.name } };
}
