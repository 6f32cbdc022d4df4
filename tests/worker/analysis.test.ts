/**
 * The statistician's desk through the API (analysis.md): trends over years,
 * the workbook's trend, data quality, the report's figures, the review's
 * context and the review list by area.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Row } from '../../shared/index.ts';
import { readXlsx } from '../../shared/xlsx/index.ts';
import { demoReport, rng } from '../../scripts/demo.ts';
import { ADMIN, call, createToken, createUnit, openYear, raw, upload, uploadAll } from './helpers.ts';

const random = rng(21);
const units: string[] = [];

beforeAll(async () => {
  for (const year of [2061, 2062, 2063]) await openYear(year);
  for (const org of ['women', 'union'] as const) units.push(await createUnit(org, { districtCode: '451302' }));
  for (const year of [2061, 2062, 2063]) {
    for (const u of units) {
      const org = u.startsWith('WOM') ? 'women' : 'union';
      expect((await uploadAll(ADMIN, year, u, demoReport({ code: u, name: u, org, district: '兴宾区', districtCode: '451302' }, year, random), '与上年口径不同，已核实')).status).toBe(201);
    }
  }
  expect((await call('/periods/2061', { method: 'PUT', body: { status: 'closed' } })).status).toBe(200);
});

describe('GET /trend', () => {
  it('gives each year its figure, from the published version where there is one, null where there is no year', async () => {
    const res = await call('/trend?template=members&key=members_total&from=2060&to=2063');
    expect(res.status).toBe(200);
    const figures = await Promise.all([2061, 2062, 2063].map(async (y) => (await call(`/consolidated/${y}`)).body.sheets.members.rows.at(-1).values.members_total));
    expect(res.body.points).toEqual([
      { year: 2060, value: null, published: false },
      { year: 2061, value: figures[0], published: true },
      { year: 2062, value: figures[1], published: false },
      { year: 2063, value: figures[2], published: false },
    ]);
    const women = await call('/trend?template=members&key=members_total&from=2062&to=2062&row=subtotal:women');
    expect(women.body.points[0].value).toBe((await call('/consolidated/2062')).body.sheets.members.rows.find((r: { label: string }) => r.label === '妇联小计').values.members_total);
    // A row a year does not have is a gap, not an error.
    expect((await call('/trend?template=members&key=members_total&from=2062&to=2062&row=subtotal:arts')).body.points[0].value).toBeNull();
  });

  it('refuses more than 10 years, a reversed range, and keys, rows or sheets that do not exist', async () => {
    for (const q of ['from=2050&to=2063', 'from=2063&to=2062', 'template=nope', 'key=nope', 'row=bogus:1']) {
      const params = new URLSearchParams({ template: 'members', key: 'members_total', from: '2062', to: '2063', ...Object.fromEntries(new URLSearchParams(q)) });
      const res = await call(`/trend?${params}`);
      expect(res.status, q).toBe(422);
    }
  });
});

describe("the workbook's trend (图表)", () => {
  const membersTotal = async (year: number, q = '') => (await call(`/consolidated/${year}${q}`)).body.sheets.members.rows.at(-1).values.members_total;

  it('carries five years ending with its own: published years as published, an open year live, no year a gap', async () => {
    const c = (await call('/consolidated/2063')).body;
    expect(c.trend.map((p: { year: number }) => p.year)).toEqual([2059, 2060, 2061, 2062, 2063]);
    expect(c.trend.slice(0, 2)).toEqual([
      { year: 2059, members: null, trainees: null },
      { year: 2060, members: null, trainees: null },
    ]);
    expect(c.trend.slice(2).map((p: { members: number }) => p.members)).toEqual([await membersTotal(2061), await membersTotal(2062), c.sheets.members.rows.at(-1).values.members_total]);
    expect(c.trend[4].trainees).toBe(c.sheets.trainings.rows.at(-1).values.trainees);
    // The workbook draws them: the 图表 sheet's trend table holds the same figures.
    const sheets = readXlsx((await raw('/consolidated/2063/workbook.xlsx')).bytes);
    expect(sheets.map((s) => s.name)).toContain('图表');
    const chart = sheets.find((s) => s.name === '图表')!.grid;
    expect(chart.find((r) => r[0] === '2061年')?.slice(1, 3)).toEqual([c.trend[2].members, c.trend[2].trainees]);
  });

  it("keeps a published year's trend as it stood when published, while a live year follows a later correction", async () => {
    expect((await call('/periods/2062', { method: 'PUT', body: { status: 'closed' } })).status).toBe(200);
    const before = await membersTotal(2061);
    // 2061 is corrected after 2062 was published: version 2 of 2061 has other figures.
    const unit = units[0]!;
    const opened = await call('/periods/2061/corrections', { body: { unit, templates: ['members'], reason: '会员数按台账更正' } });
    expect(opened.status).toBe(201);
    const detail = (await call(`/submissions?year=2061&unit=${unit}&template=members`)).body.submissions[0];
    const rows = (await call(`/submissions/${detail.id}`)).body.rows.map((r: { members_new: number; members_total: number }) => ({ ...r, members_new: r.members_new + 7, members_total: r.members_total + 7 }));
    expect((await upload(ADMIN, 2061, unit, 'members', rows, { explanation: '按台账更正' })).status).toBe(201);
    expect((await call(`/periods/2061/corrections/${opened.body.id}/close`, { method: 'POST' })).status).toBe(200);
    expect(await membersTotal(2061)).toBe(before + 7);
    const published = (await call('/consolidated/2062')).body;
    expect(published.published.version).toBe(1);
    expect(published.trend.find((p: { year: number }) => p.year === 2061).members).toBe(before);
    // An area's body is rendered on first use, after the correction: still as 2062 was published.
    const xb = (await call('/areas')).body.areas.find((a: { districtCode: string }) => a.districtCode === '451302').code;
    const area = (await call(`/consolidated/2062?area=${xb}`)).body;
    expect(area.trend.find((p: { year: number }) => p.year === 2061).members).toBe(before);
    expect((await call('/consolidated/2063')).body.trend.find((p: { year: number }) => p.year === 2061).members).toBe(before + 7);
  });
});

/** One training line: `trainees` 人次 in `sessions` 期, costing `cost` 万元. */
const training = (trainees: number, cost: number, sessions = 10): Row[] => [
  { category: 'agri', name: '科技兴农实用技术培训', sessions, sessions_online: 0, trainees, trainees_female: 0, trainees_rural: 0, certified: 0, placed: 0, income_gain: 1, cost },
];

describe('数据质量, 报告用数 and the review context', () => {
  const YEAR = 2066;
  /** Six 妇联 in 兴宾区 spending 0.01 万元 per trainee or near it, one (W5) ten times that, and W6 with fewer trainees than sessions (T2). */
  const COSTS = [10, 11, 9, 10, 12, 100, 10];
  const women: string[] = [];
  const ids: string[] = [];
  let union = '';
  let other = '';
  let xb = '';
  let xz = '';

  beforeAll(async () => {
    await openYear(YEAR - 1);
    await openYear(YEAR);
    xb = (await call('/tokens', { body: { role: 'statistician', area: (await call('/areas')).body.areas.find((a: { districtCode: string }) => a.districtCode === '451302').code } })).body.token;
    other = await createUnit('union', { district: '象州县', districtCode: '451322' });
    xz = (await call('/tokens', { body: { role: 'statistician', area: (await call('/areas')).body.areas.find((a: { districtCode: string }) => a.districtCode === '451322').code } })).body.token;
    for (const [i, cost] of COSTS.entries()) {
      const code = await createUnit('women', { districtCode: '451302' });
      women.push(code);
      const rows = i === 6 ? training(1000, cost, 2000) : training(1000, cost);
      const res = await upload(ADMIN, YEAR, code, 'trainings', rows, i === 6 ? { explanation: '部分为一对一帮扶，期数多于人次' } : {});
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      ids.push(res.body.id);
    }
    union = await createUnit('union', { districtCode: '451302' });
    expect((await upload(ADMIN, YEAR, union, 'trainings', training(1000, 500))).status).toBe(201);
    expect((await upload(ADMIN, YEAR, other, 'trainings', training(1000, 10))).status).toBe(201);
    // W0's last year, for its context.
    expect((await upload(ADMIN, YEAR - 1, women[0]!, 'trainings', training(800, 6, 8))).status).toBe(201);
  });

  it('GET /quality lists the warnings of counted revisions with the explanation, and the outlier with its score', async () => {
    const q = await call(`/quality/${YEAR}`);
    expect(q.status).toBe(200);
    expect(q.body.warnings).toEqual([
      {
        unit: women[6],
        name: `${women[6]}单位`,
        org: 'women',
        template: 'trainings',
        code: 'T2',
        message: expect.stringContaining('培训人次'),
        explanation: '部分为一对一帮扶，期数多于人次',
        submissionId: ids[6],
        revision: 1,
      },
    ]);
    // Peers are the seven 妇联 (the 工会 is not one): m = ln 0.01, MAD = ln 1.1, score (ln 0.1 − ln 0.01) ÷ (1.4826 × ln 1.1) = 16.29.
    expect(q.body.outliers).toEqual([
      { unit: women[5], name: `${women[5]}单位`, org: 'women', ratio: 'cost_per_trainee', value: 0.1, median: 0.01, score: 16.29, message: '人均培训经费 0.1000 万元/人次，为同类单位中位数的 10.0 倍', submissionId: ids[5] },
    ]);
  });

  it("GET /quality honours the caller's area: another district sees none of them; an area outside it is refused", async () => {
    const theirs = await call(`/quality/${YEAR}`, { token: xz });
    expect(theirs.status).toBe(200);
    expect(theirs.body).toEqual({ warnings: [], outliers: [] });
    expect((await call(`/quality/${YEAR}`, { token: xb })).body.outliers.map((o: { unit: string }) => o.unit)).toEqual([women[5]]);
    const xbArea = (await call('/me', { token: xb })).body.area.code;
    expect((await call(`/quality/${YEAR}?area=${xbArea}`, { token: xz })).status).toBe(403);
    expect((await call(`/quality/${YEAR}?area=NOWHERE`)).status).toBe(404);
    expect((await call(`/quality/${YEAR}`, { token: (await createToken('clerk', women[0])).token })).status).toBe(403);
    expect((await call('/quality/2099')).status).toBe(404);
  });

  it('GET /report-figures fills the sentences with the consolidated figures, for the city and for an area', async () => {
    const c = (await call(`/consolidated/${YEAR}`)).body;
    const res = await call(`/report-figures/${YEAR}`);
    expect(res.status).toBe(200);
    const women$ = res.body.phrases.find((p: { id: string }) => p.id === 'women');
    const sub = c.sheets.trainings.rows.find((r: { kind: string; org?: string }) => r.kind === 'subtotal' && r.org === 'women').values;
    expect(women$.text).toBe(`妇联系统举办培训${sub.sessions}期，培训${sub.trainees}人次，${sub.placed}人实现就业创业，带动增收${sub.income_gain.toFixed(2)}万元。`);
    expect(women$.figures[0]).toEqual({ ref: 'trainings.sessions@subtotal:women', value: sub.sessions, unit: '期', source: '表2 培训 · 妇联小计 · 举办期数' });
    const theirs = (await call(`/report-figures/${YEAR}`, { token: xz })).body.phrases[0].text;
    expect(theirs.startsWith('象州县共有')).toBe(true);
    // The workbook's 报告用数 sheet holds the same sentences.
    const sheet = readXlsx((await raw(`/consolidated/${YEAR}/workbook.xlsx`)).bytes).find((s) => s.name === '报告用数')!.grid;
    for (const p of res.body.phrases) expect(sheet.some((r) => r[0] === p.text), p.id).toBe(true);
    expect((await call(`/report-figures/${YEAR}?version=1`)).status).toBe(404);
  });

  it('GET /submissions/{id}/context gives last year and the median of the same org type in scope', async () => {
    const res = await call(`/submissions/${ids[0]}/context`);
    expect(res.status).toBe(200);
    expect(res.body.peers).toBe(7);
    expect(res.body.org).toBe('women');
    expect([res.body.previous.trainees, res.body.previous.sessions, res.body.previous.cost]).toEqual([800, 8, 6]);
    // Seven 妇联 this year: sessions 10 ×6 and 2000 → 10; cost 8 … 100 → 10.
    expect([res.body.median.trainees, res.body.median.sessions, res.body.median.cost]).toEqual([1000, 10, 10]);
    // W1 has no last year.
    expect((await call(`/submissions/${ids[1]}/context`)).body.previous.trainees).toBeNull();
    expect((await call(`/submissions/${ids[0]}/context`, { token: xz })).status).toBe(403);
    expect((await call(`/submissions/${ids[0]}/context`, { token: (await createToken('clerk', women[0])).token })).status).toBe(403);
    expect((await call('/submissions/nope/context')).status).toBe(404);
  });

  it('GET /submissions?area= narrows the review list to a subtree, with keyset paging', async () => {
    const areas = (await call('/areas')).body.areas;
    const xbCode = areas.find((a: { districtCode: string }) => a.districtCode === '451302').code;
    const xzCode = areas.find((a: { districtCode: string }) => a.districtCode === '451322').code;
    const listed = async (q: string, token?: string) => {
      const out: string[] = [];
      let cursor = '';
      for (;;) {
        const res = await call(`/submissions?year=${YEAR}&limit=3${q}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, token ? { token } : {});
        expect(res.status).toBe(200);
        out.push(...res.body.submissions.map((s: { unit: string }) => s.unit));
        if (!res.body.nextCursor) return out;
        cursor = res.body.nextCursor;
      }
    };
    expect((await listed(`&area=${xzCode}`)).sort()).toEqual([other]);
    expect((await listed(`&area=${xbCode}&template=trainings`)).sort()).toEqual([...women, union].sort());
    expect(await listed(`&area=${xbCode}&status=returned`)).toEqual([]);
    expect(await listed(`&area=${xzCode}&unit=${union}`)).toEqual([]);
    expect((await call(`/submissions?year=${YEAR}&area=${xzCode}`, { token: xb })).status).toBe(403);
    expect((await call(`/submissions?year=${YEAR}&area=NOWHERE`)).status).toBe(404);
    expect((await call(`/submissions?year=${YEAR}&area=${xbCode}`, { token: (await createToken('clerk', women[0])).token })).status).toBe(403);
  });
});
