/**
 * Reviews, progress and consolidation, over a small city with two years of
 * data (each test file has a database of its own). The consolidated figures are checked against sums the test computes
 * itself from what it uploaded.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ORG_TYPES, progressSchema, RETURN_NEEDS_COMMENT, type OrgKey, type Row, type TemplateId } from '../../shared/index.ts';
import { demoReport, rng, type Report } from '../../scripts/demo.ts';
import { ADMIN, call, createToken, createUnit, openYear, uploadAll } from './helpers.ts';

const YEAR = 2025;
interface Unit {
  code: string;
  name: string;
  org: OrgKey;
  districtCode: string;
}
const units: Unit[] = [];
const uploaded = new Map<string, Report>();
const lastYear = new Map<string, Report>();
const receipts = new Map<string, Record<TemplateId, string>>();
let statistician = '';
let clerk = '';

beforeAll(async () => {
  await openYear(YEAR - 1);
  await openYear(YEAR, '2000-01-01');
  statistician = (await createToken('statistician')).token;
  const random = rng(99);
  for (const [i, org] of (['women', 'union', 'women', 'youth', 'overseas'] as OrgKey[]).entries()) {
    const districtCode = `45130${i % 2}`;
    const code = await createUnit(org, { districtCode, district: i % 2 ? '象州县' : '兴宾区' });
    units.push({ code, name: `${code}单位`, org, districtCode });
  }
  clerk = (await createToken('clerk', units[4]!.code)).token;
  // Everyone reported last year; this year all but the 侨联 (the last unit).
  for (const u of units) {
    const demo = { ...u, district: '', code: u.code };
    const last = demoReport(demo, YEAR - 1, random);
    lastYear.set(u.code, last);
    expect((await uploadAll(ADMIN, YEAR - 1, u.code, last)).status).toBe(201);
    if (u.org === 'overseas') continue;
    const now = demoReport(demo, YEAR, random, last);
    uploaded.set(u.code, now);
    const res = await uploadAll(ADMIN, YEAR, u.code, now);
    expect(res.status).toBe(201);
    receipts.set(u.code, Object.fromEntries(res.body.submissions.map((s: { template: TemplateId; id: string }) => [s.template, s.id])) as Record<TemplateId, string>);
  }
});

/** Sum of a field over the given units' reports, in hundredths for money (test's own arithmetic). */
function sum(reports: Report[], template: TemplateId, field: string, money = false): number {
  let s = 0;
  for (const r of reports) for (const row of r[template] ?? []) s += money ? Math.round((row[field] as number) * 100) : ((row[field] as number) ?? 0);
  return s;
}

describe('POST /submissions/{id}/review', () => {
  it('accepts the current revision (statistician)', async () => {
    const id = receipts.get(units[0]!.code)!.members;
    const res = await call(`/submissions/${id}/review`, { token: statistician, body: { action: 'accept' } });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('accepted');
    expect(res.body.reviews).toEqual([{ id: expect.any(String), action: 'accept', comment: null, createdAt: expect.any(String), createdBy: expect.any(String) }]);
  });
  it('returns with a comment; without one it is 422, said in plain words', async () => {
    const id = receipts.get(units[1]!.code)!.funding;
    for (const body of [{ action: 'return' }, { action: 'return', comment: '  ' }]) {
      const refused = await call(`/submissions/${id}/review`, { token: statistician, body });
      expect(refused.status).toBe(422);
      expect(refused.body.error).toEqual({ code: 'validation_failed', message: RETURN_NEEDS_COMMENT });
    }
    const res = await call(`/submissions/${id}/review`, { token: statistician, body: { action: 'return', comment: '会费收入与上年差异较大，请核实' } });
    expect(res.body.status).toBe('returned');
  });
  it('refuses clerks, an older revision, an unknown id and a closed year', async () => {
    const u = units[2]!;
    const id = receipts.get(u.code)!.awards;
    expect((await call(`/submissions/${id}/review`, { token: clerk, body: { action: 'accept' } })).status).toBe(403);
    // A newer revision makes this one stale.
    const r = uploaded.get(u.code)!;
    const newer = await call('/submissions', { body: { year: YEAR, unit: u.code, template: 'awards', rows: r.awards!.slice(0, Math.max(0, r.awards!.length - 1)) } });
    expect(newer.status).toBe(201);
    const stale = await call(`/submissions/${id}/review`, { token: statistician, body: { action: 'accept' } });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('conflict');
    uploaded.set(u.code, { ...r, awards: r.awards!.slice(0, Math.max(0, r.awards!.length - 1)) });
    expect((await call('/submissions/nope/review', { token: statistician, body: { action: 'accept' } })).status).toBe(404);
    const old = (await call(`/submissions?year=${YEAR - 1}&unit=${u.code}&template=members`)).body.submissions[0].id;
    await call(`/periods/${YEAR - 1}`, { method: 'PUT', body: { status: 'closed' } });
    const closed = await call(`/submissions/${old}/review`, { token: statistician, body: { action: 'accept' } });
    expect(closed.status).toBe(409);
    expect(closed.body.error.code).toBe('period_closed');
  });
});

describe('GET /progress/{year}', () => {
  it('shows every expected unit × template with status, deadline, overdue units and counts', async () => {
    const res = await call(`/progress/${YEAR}`, { token: statistician });
    expect(res.status).toBe(200);
    const mine = res.body.units.filter((u: { unit: string }) => units.some((x) => x.code === u.unit));
    expect(mine.map((u: { unit: string }) => u.unit).sort()).toEqual(units.map((u) => u.code).sort());
    const overseas = mine.find((u: { org: string }) => u.org === 'overseas');
    expect(overseas.templates).toEqual({ members: { status: 'missing' }, trainings: { status: 'missing' }, awards: { status: 'missing' }, funding: { status: 'missing' } });
    expect(overseas.overdue).toBe(true);
    const union = mine.find((u: { unit: string }) => u.unit === units[1]!.code);
    expect(union.templates.funding).toEqual({ status: 'returned', revision: 1, submittedAt: expect.any(String), comment: '会费收入与上年差异较大，请核实' });
    expect(union.overdue).toBe(true);
    const first = mine.find((u: { unit: string }) => u.unit === units[0]!.code);
    expect(first.templates.members.status).toBe('accepted');
    expect(first.overdue).toBe(false);
    const s = res.body.summary;
    expect(s.expected).toBe(s.missing + s.submitted + s.returned + s.accepted);
    expect(res.body.deadline).toBe('2000-01-01');
    // Org types in display order.
    const orders = res.body.units.map((u: { org: OrgKey }) => ORG_TYPES.findIndex((o) => o.key === u.org));
    expect(orders).toEqual([...orders].sort((a: number, b: number) => a - b));
  });
  it('names whom to call about each unit, where the roster says', async () => {
    const [a, b] = [units[3]!.code, units[4]!.code];
    expect((await call(`/units/${a}`, { method: 'PATCH', body: { contact: '蒙红', phone: '0772-4226688' } })).status).toBe(200);
    const res = await call(`/progress/${YEAR}`, { token: statistician });
    const of = (code: string) => res.body.units.find((u: { unit: string }) => u.unit === code);
    expect(of(a)).toMatchObject({ contact: '蒙红', phone: '0772-4226688' });
    expect(of(b)).not.toHaveProperty('contact');
    expect(of(b)).not.toHaveProperty('phone');
    expect(progressSchema.safeParse(res.body).success).toBe(true);
  });
  it('is for statisticians and admins; an unknown year is 404', async () => {
    expect((await call(`/progress/${YEAR}`, { token: clerk })).status).toBe(403);
    expect((await call('/progress/2099')).status).toBe(404);
  });
});

describe('GET /consolidated/{year}', () => {
  let body: any;
  beforeAll(async () => {
    const res = await call(`/consolidated/${YEAR}`, { token: statistician });
    expect(res.status).toBe(200);
    body = res.body;
  });
  const rowsOf = (sheet: string) => body.sheets[sheet].rows as { kind: string; unit?: string; org?: string; label: string; values: Record<string, number | null>; previous?: Record<string, number | null>; change?: Record<string, number | null> }[];
  /** The reports counted this year: returned ones are not (the 工会's 表4). */
  const counted = (template: TemplateId, org?: OrgKey) =>
    units.filter((u) => (!org || u.org === org) && uploaded.has(u.code) && !(template === 'funding' && u.code === units[1]!.code)).map((u) => uploaded.get(u.code)!);

  it('has the contract shape: every sheet, columns from the catalog, unit rows, subtotals, total', () => {
    expect(Object.keys(body.sheets).sort()).toEqual(['awards', 'funding', 'members', 'trainings', 'trainingsByCategory']);
    expect(body.sheets.members.sheet).toBe('表1 组织与会员');
    expect(body.sheets.members.title).toBe(`${YEAR}年组织与会员情况（全市汇总）`);
    expect(body.sheets.members.columns[0]).toEqual({ key: 'org_total', label: '基层组织数', unit: '个', changeUnit: '%' });
    expect(body.sheets.members.columns.at(-2)).toEqual({ key: 'coverage_rate', label: '组织覆盖率', unit: '%', derived: 'units_covered ÷ units_required', changeUnit: '百分点' });
    expect(body.published).toBeNull();
    const labels = rowsOf('members').filter((r) => r.kind !== 'unit').map((r) => r.label);
    expect(labels.slice(-1)).toEqual(['全市合计']);
    for (const l of ['工会小计', '共青团小计', '妇联小计', '侨联小计']) expect(labels).toContain(l);
    expect(body.progress.year).toBe(YEAR);
  });

  it('sums 表1 and 表4 exactly, per org type and citywide, leaving out a returned revision', () => {
    const total = rowsOf('members').at(-1)!;
    expect(total.values.members_total).toBe(sum(counted('members'), 'members', 'members_total'));
    const women = rowsOf('funding').find((r) => r.label === '妇联小计')!;
    expect(Math.round(women.values.closing! * 100)).toBe(sum(counted('funding', 'women'), 'funding', 'closing', true));
    const union = rowsOf('funding').find((r) => r.kind === 'unit' && r.unit === units[1]!.code)!;
    expect(union.values.closing).toBeNull();
    // The 侨联 reported nothing this year: a row of nulls.
    const overseas = rowsOf('members').find((r) => r.kind === 'unit' && r.unit === units[4]!.code)!;
    expect(Object.values(overseas.values).every((v) => v === null)).toBe(true);
  });

  it('makes every total row equal the sum of its unit rows to the cent', () => {
    for (const sheet of ['members', 'trainings', 'awards', 'funding']) {
      const rows = rowsOf(sheet);
      const total = rows.at(-1)!;
      for (const col of body.sheets[sheet].columns.filter((c: { derived?: string }) => !c.derived)) {
        const unitSum = rows.filter((r) => r.kind === 'unit').reduce((a, r) => a + Math.round((r.values[col.key] ?? 0) * 100), 0);
        const subSum = rows.filter((r) => r.kind === 'subtotal').reduce((a, r) => a + Math.round((r.values[col.key] ?? 0) * 100), 0);
        expect(Math.round((total.values[col.key] ?? 0) * 100), `${sheet}.${col.key}`).toBe(unitSum);
        expect(subSum, `${sheet}.${col.key} subtotals`).toBe(unitSum);
      }
    }
  });

  it('computes rates from summed numerators and denominators, never averaged', () => {
    const sub = rowsOf('members').find((r) => r.label === '妇联小计')!;
    const female = sum(counted('members', 'women'), 'members', 'members_female');
    const all = sum(counted('members', 'women'), 'members', 'members_total');
    expect(sub.values.female_share).toBe(Math.round((female / all) * 10000) / 100);
    // 组织覆盖率 does not apply to 妇联: — (null).
    expect(sub.values.coverage_rate).toBeNull();
  });

  it("shows last year's figures of the same units (同口径) and the change on subtotal and total rows", () => {
    const total = rowsOf('funding').at(-1)!;
    // This year's 表4 total is made of the units counted this year: not the 侨联 (nothing reported) nor the 工会 (returned).
    const same = units.filter((u) => uploaded.has(u.code) && u.code !== units[1]!.code).map((u) => lastYear.get(u.code)!);
    expect(Math.round(total.previous!.income_total! * 100)).toBe(sum(same, 'funding', 'income_total', true));
    expect((total as unknown as { coverage: unknown }).coverage).toEqual({ reported: same.length, expected: units.length });
    const cur = total.values.income_total!;
    const before = total.previous!.income_total!;
    expect(total.change!.income_total).toBe(Math.round(((cur - before) / before) * 10000) / 100);
  });

  it('counts awards by level × recipient type, and totals 培训 by category', () => {
    const reports = counted('awards');
    const total = rowsOf('awards').at(-1)!;
    const want = reports.flatMap((r) => r.awards ?? []).filter((a: Row) => a.level === 'city' && a.recipient_type === 'individual').length;
    expect(total.values.city_individual).toBe(want);
    const cats = rowsOf('trainingsByCategory');
    expect(cats.at(-1)!.label).toBe('全市合计');
    expect(cats.filter((r) => r.kind === 'category')).toHaveLength(8);
    const catSum = cats.filter((r) => r.kind === 'category').reduce((a, r) => a + Math.round(r.values.cost! * 100), 0);
    expect(catSum).toBe(Math.round(cats.at(-1)!.values.cost! * 100));
  });

  it('is for statisticians and admins', async () => {
    expect((await call(`/consolidated/${YEAR}`, { token: clerk })).status).toBe(403);
    expect((await call(`/consolidated/${YEAR}`, { token: null })).status).toBe(401);
    expect((await call('/consolidated/1999')).status).toBe(400);
  });
});
