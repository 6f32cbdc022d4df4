/**
 * Workbooks through the real app: the blank template a clerk downloads, the
 * round trip blank → filled → read → validated → uploaded → consolidated, and
 * the consolidated workbook against the consolidated JSON.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { EDITIONS, layout, validate, type Grid, type Row, type TemplateId } from '../../shared/index.ts';
import { readReportWorkbook, readXlsx, writeXlsx, XLSX_TYPE } from '../../shared/xlsx/index.ts';
import { report } from '../shared/fixtures.ts';
import { BASE, call, makeCity, openYear, uploadAll, worker, type City } from './helpers.ts';

/** The 2024 edition: the one these years (up to 2025) use. */
const E2024 = EDITIONS['2024'];

let city: City;
beforeAll(async () => {
  city = await makeCity(2024);
  await openYear(2023);
  expect((await uploadAll('test-admin-token-0123456789abcdef', 2023, city.women, { members: [{ ...report('women').members[0]!, members_total: 38000, members_new: 2300, members_out: 1000, members_prev: 36700 }] })).status).toBe(201);
});

async function download(path: string, token: string): Promise<{ status: number; type: string | null; disposition: string | null; bytes: Uint8Array }> {
  const res = await worker.fetch(new Request(`${BASE}${path}`, { headers: { authorization: `Bearer ${token}` } }));
  return { status: res.status, type: res.headers.get('content-type'), disposition: res.headers.get('content-disposition'), bytes: new Uint8Array(await res.arrayBuffer()) };
}

const cellAfter = (grid: Grid, label: string) => {
  for (const row of grid) {
    const i = row.indexOf(label);
    if (i >= 0) return row[i + 1];
  }
  return undefined;
};

describe('GET /templates/{year}/workbook.xlsx', () => {
  it("gives a clerk its unit's copy with last year's figures in the 上年 column", async () => {
    const res = await download('/templates/2024/workbook.xlsx', city.clerkWomen);
    expect(res.status).toBe(200);
    expect(res.type).toBe(XLSX_TYPE);
    expect(decodeURIComponent(res.disposition!.split("UTF-8''")[1]!)).toBe(`2024年群团统计报表-${city.women}单位.xlsx`);
    const sheets = readXlsx(res.bytes);
    expect(sheets.map((s) => s.name)).toEqual(['表1 组织与会员', '表2 培训', '表3 表彰奖励', '表4 经费收支']);
    const members = sheets[0]!.grid;
    expect(cellAfter(members, '单位代码：')).toBe(city.women);
    expect(cellAfter(members, '制定机关：')).toBe('合山市委群团工作领导小组办公室');
    const total = members.find((r) => r[0] === '年末个人会员数')!;
    expect(total.slice(3, 5)).toEqual([null, 38000]);
    // 妇联 is not asked 应建组织单位数.
    expect(members.find((r) => r[0] === '应建组织单位数')![3]).toBe('—');
  });

  it('gives statisticians a blank copy, or a unit’s with ?unit=; refuses a clerk another unit', async () => {
    const blank = readXlsx((await download('/templates/2024/workbook.xlsx', city.statistician)).bytes);
    expect(cellAfter(blank[0]!.grid, '单位代码：') ?? null).toBeNull();
    const theirs = readXlsx((await download(`/templates/2024/workbook.xlsx?unit=${city.union}`, city.statistician)).bytes);
    expect(cellAfter(theirs[0]!.grid, '单位代码：')).toBe(city.union);
    expect((await download(`/templates/2024/workbook.xlsx?unit=${city.union}`, city.clerkWomen)).status).toBe(403);
    expect((await download('/templates/2024/workbook.xlsx?unit=NOPE', city.statistician)).status).toBe(404);
    expect((await download('/templates/2024/workbook.xlsx', 'qt_bad')).status).toBe(401);
  });
});

describe('round trip: blank → filled → read → validated → uploaded → consolidated', () => {
  it('keeps every figure, and the consolidated totals equal the uploaded sums', async () => {
    const blank = readXlsx((await download('/templates/2024/workbook.xlsx', city.clerkUnion)).bytes);
    const data = report('union');
    // The clerk fills the downloaded sheets: same header, the values typed into the tables.
    const filled = E2024.templates.map((t, i) => {
      const l = layout(t.id, 2024, { code: city.union, name: `${city.union}单位`, org: 'union' }, { rows: data[t.id] });
      const downloaded = blank[i]!.grid;
      expect(l.grid.slice(0, 5).map((r, y) => r.slice(0, 2).map((_, x) => downloaded[y]?.[x] ?? null))).toEqual(l.grid.slice(0, 5).map((r) => r.slice(0, 2)));
      return l;
    });
    const wb = readReportWorkbook(writeXlsx(filled), { unit: city.union, year: 2024 });
    expect(wb.problems).toEqual([]);
    const rows = Object.fromEntries(wb.reports.map((r) => [r.template, r.rows])) as Record<TemplateId, Row[]>;
    for (const r of wb.reports) expect(validate(r.template, r.rows, { year: 2024, org: 'union', others: rows, cells: r.cells })).toEqual([]);
    const up = await uploadAll(city.clerkUnion, 2024, city.union, rows);
    expect(up.status).toBe(201);
    const c = await call('/consolidated/2024', { token: city.statistician });
    const unitRow = c.body.sheets.funding.rows.find((r: { unit?: string }) => r.unit === city.union);
    expect(unitRow.values.closing).toBe(data.funding[0]!.closing);
    const cost = c.body.sheets.trainings.rows.find((r: { unit?: string }) => r.unit === city.union).values.cost;
    expect(Math.round(cost * 100)).toBe(data.trainings.reduce((a, r) => a + Math.round((r.cost as number) * 100), 0));
  });
});

describe('GET /consolidated/{year}/workbook.xlsx', () => {
  it('writes the JSON figures as numbers, subtotals and the total, and a 报送进度 sheet', async () => {
    await call(`/units/${city.women}`, { method: 'PATCH', body: { name: '=HYPERLINK("http://evil.example","妇联")' } });
    const json = (await call('/consolidated/2024', { token: city.statistician })).body;
    const res = await download('/consolidated/2024/workbook.xlsx', city.statistician);
    expect(res.status).toBe(200);
    const sheets = readXlsx(res.bytes);
    expect(sheets.map((s) => s.name)).toEqual(['表1 组织与会员', '表2 培训', '表3 表彰奖励', '表4 经费收支', '分区汇总', '报告用数', '图表', '报送进度']);
    const funding = sheets[3]!.grid;
    const header = funding.find((r) => r[0] === '单位名称')!;
    const col = header.indexOf('年末结转和结余');
    const total = funding.find((r) => r[0] === '全市合计')!;
    expect(total[col]).toBe(json.sheets.funding.rows.at(-1).values.closing);
    expect(funding.some((r) => r[0] === '妇联小计')).toBe(true);
    const progress = sheets[7]!.grid;
    expect(progress.find((r) => r[1] === city.women)![0]).toBe('=HYPERLINK("http://evil.example","妇联")');
    expect((await download('/consolidated/2024/workbook.xlsx', city.clerkWomen)).status).toBe(403);
  });
});
