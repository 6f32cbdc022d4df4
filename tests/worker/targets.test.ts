/**
 * Targets and assessment (目标管理考核, analysis.md) in workerd with D1 and
 * R2: unit targets override their org type's; rates and "met" are exact
 * (money to the cent; 99999 of 100000 reads 100.00 and is not met); the
 * 422s; a scoped statistician's limits; a closed year's targets cannot
 * change and its published 目标考核 never moves (corrections, reopening,
 * export and import included); the workbook's 目标考核 sheet read back.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Row } from '../../shared/index.ts';
import { readXlsx } from '../../shared/xlsx/index.ts';
import { awards, funding, members, trainings } from '../shared/fixtures.ts';
import { ADMIN, call, createToken, openYear, raw, uniq, uploadAll } from './helpers.ts';

const YEAR = 2023;
const sfx = uniq('T').slice(-6);
const XB = `XB${sfx}`;
const XZ = `XZ${sfx}`;
const code = (k: string) => `${k}${sfx}`;
const W1 = code('W1');
const W2 = code('W2');
const W3 = code('W3');
const U1 = code('U1');
const A1 = code('A1');
let statistician = '';
let scoped = '';
let clerk = '';

/** Hundredths back to a JSON number with at most 2 decimals (as a clerk's sheet would carry it). */
const yuan = (h: number) => h / 100;

/** A valid 表1 row with `total` members at the year's end. */
function membersRow(org: 'women' | 'union' | 'arts', total: number): Row {
  const m = members(org);
  const cap = (k: string, v: number) => (k in m ? { [k]: Math.min(m[k] as number, v) } : {});
  return { ...m, members_total: total, members_prev: total, members_new: 0, members_out: 0, ...cap('members_female', Math.floor(total / 2)), ...cap('members_youth', Math.floor(total / 3)), ...cap('members_migrant', total) };
}

/** A valid 表4 row whose income is `income` hundredths (every other figure as in the fixture). */
function fundingRow(income: number): Row {
  const f = funding();
  const rest = 2050 + 525 + 310 + 15;
  return { ...f, income_total: yuan(income), inc_fiscal: yuan(income - rest), closing: yuan(1230 + income - 11260) };
}

const ofYear = (rows: Row[]) => rows.map((r) => ({ ...r, award_date: `${YEAR}-03` }));

const put = (targets: readonly (object | undefined)[], token = statistician) => call(`/targets/${YEAR}`, { method: 'PUT', token, body: { targets } });
const targetsNow = async (token = statistician) => (await call(`/targets/${YEAR}`, { token })).body.targets;

/** The city's targets of the first test, restored before the tests that change them. */
const CITY_TARGETS: { org?: string; unit?: string; template: string; key: string; value: number }[] = [
  { org: 'women', template: 'members', key: 'members_total', value: 1000 },
  { org: 'women', template: 'funding', key: 'income_total', value: 129.01 },
  { org: 'women', template: 'awards', key: 'total_collective', value: 1 },
  { org: 'union', template: 'members', key: 'members_migrant', value: 9000 },
  { unit: W2, template: 'members', key: 'members_total', value: 100000 },
  { unit: W2, template: 'funding', key: 'income_total', value: 50000 },
];

async function area(c: string, name: string) {
  expect((await call('/areas', { body: { code: c, name, parent: 'CITY' } })).status).toBe(201);
}

async function unit(c: string, org: 'women' | 'union' | 'arts', where: string) {
  expect((await call('/units', { body: { code: c, name: `${c}单位`, org, area: where } })).status).toBe(201);
}

beforeAll(async () => {
  await openYear(YEAR, `${YEAR + 1}-03-31`);
  await area(XB, `兴宾区${sfx}`);
  await area(XZ, `象州县${sfx}`);
  await unit(W1, 'women', XB);
  await unit(W2, 'women', XB);
  await unit(W3, 'women', XZ);
  await unit(U1, 'union', XZ);
  await unit(A1, 'arts', XB);
  const up = async (c: string, report: Record<string, Row[]>) => {
    const res = await uploadAll(ADMIN, YEAR, c, report);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  };
  // W1: 1000 members, 129.00 万元 of income, one collective award.
  await up(W1, { members: [membersRow('women', 1000)], trainings: trainings(), awards: ofYear(awards()), funding: [fundingRow(12900)] });
  // W2: one member short of 100000, one cent short of 50000.00 万元, no award.
  await up(W2, { members: [membersRow('women', 99999)], trainings: trainings(), awards: [], funding: [fundingRow(4999999)] });
  // U1: 9000 migrant workers among its members (the fixture's).
  await up(U1, { members: [membersRow('union', 39300)], trainings: trainings(), awards: [], funding: [fundingRow(12900)] });
  await up(A1, { members: [membersRow('arts', 500)] });
  // W3 reports nothing.
  statistician = (await createToken('statistician')).token;
  scoped = (await call('/tokens', { body: { role: 'statistician', area: XB } })).body.token;
  clerk = (await createToken('clerk', W1)).token;
});

describe('PUT and GET /targets/{year}', () => {
  it('replaces the year’s targets and answers them org types first, then units, each by template and column; money in 万元', async () => {
    const res = await put(CITY_TARGETS);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const want = [CITY_TARGETS[3], CITY_TARGETS[0], CITY_TARGETS[2], CITY_TARGETS[1], CITY_TARGETS[4], CITY_TARGETS[5]];
    expect(res.body.targets).toEqual(want);
    expect(await targetsNow()).toEqual(want);
    expect(await targetsNow(ADMIN)).toEqual(want);
    // Stored exactly: money in hundredths.
    const stored = await env.DB.prepare("SELECT value FROM targets WHERE year = ?1 AND owner = 'women' AND key = 'income_total'").bind(YEAR).first<{ value: number }>();
    expect(stored!.value).toBe(12901);
  });

  it('refuses, with 422 and nothing changed, every target that does not fit', async () => {
    const before = await targetsNow();
    const bad: [string, object][] = [
      ['both org and unit', { org: 'women', unit: W1, template: 'members', key: 'members_total', value: 1 }],
      ['neither org nor unit', { template: 'members', key: 'members_total', value: 1 }],
      ['unknown org type', { org: 'nope', template: 'members', key: 'members_total', value: 1 }],
      ['unknown template', { org: 'women', template: 'nope', key: 'members_total', value: 1 }],
      ['unknown key', { org: 'women', template: 'members', key: 'nope', value: 1 }],
      ['a key of another template', { org: 'women', template: 'members', key: 'trainees', value: 1 }],
      ['a yes/no field', { org: 'women', template: 'members', key: 'elections_held', value: 1 }],
      ['a text field', { org: 'women', template: 'trainings', key: 'name', value: 1 }],
      ['a list field of 表3', { org: 'women', template: 'awards', key: 'recipient', value: 1 }],
      ['zero', { org: 'women', template: 'members', key: 'members_total', value: 0 }],
      ['negative money', { org: 'women', template: 'funding', key: 'income_total', value: -1 }],
      ['a fraction of a count', { org: 'women', template: 'members', key: 'members_total', value: 10.5 }],
      ['a fraction of an award count', { org: 'women', template: 'awards', key: 'total_collective', value: 1.5 }],
      ['money with 3 decimals', { org: 'women', template: 'funding', key: 'income_total', value: 1.234 }],
      ['a count over the upper bound', { org: 'women', template: 'members', key: 'members_total', value: 2_000_000_000 }],
      ['a field 妇联 is not asked', { org: 'women', template: 'members', key: 'members_migrant', value: 1 }],
      ['a field the unit’s org type is not asked', { unit: W1, template: 'members', key: 'units_required', value: 1 }],
      ['an unknown unit', { unit: 'NOPE-UNIT', template: 'members', key: 'members_total', value: 1 }],
      ['a value that is text', { org: 'women', template: 'members', key: 'members_total', value: '1' }],
    ];
    for (const [why, t] of bad) {
      const res = await put([t]);
      expect(res.status, why).toBe(422);
      expect(res.body.error.code, why).toBe('validation_failed');
    }
    const dup = await put([CITY_TARGETS[0], { ...CITY_TARGETS[0], value: 5 }]);
    expect(dup.status).toBe(422);
    expect(dup.body.error.message).toContain('重复');
    // A good target beside a bad one: nothing is saved.
    expect((await put([CITY_TARGETS[0], { org: 'women', template: 'members', key: 'members_migrant', value: 1 }])).status).toBe(422);
    expect(await targetsNow()).toEqual(before);
  });

  it('is for statisticians and admins only; a year that does not exist is 404', async () => {
    expect((await call(`/targets/${YEAR}`, { token: clerk })).status).toBe(403);
    expect((await put(CITY_TARGETS, clerk)).status).toBe(403);
    expect((await call(`/assessment/${YEAR}`, { token: clerk })).status).toBe(403);
    expect((await call(`/targets/${YEAR}`, { token: null })).status).toBe(401);
    expect((await call('/targets/2099')).status).toBe(404);
    expect((await call('/targets/2099', { method: 'PUT', body: { targets: [] } })).status).toBe(404);
  });
});

describe('GET /assessment/{year}', () => {
  beforeAll(async () => {
    expect((await put(CITY_TARGETS)).status).toBe(200);
  });

  it('assesses each unit against its own target, else its org type’s; rates to 2 decimals, met exactly, worst last', async () => {
    const res = await call(`/assessment/${YEAR}`, { token: statistician });
    expect(res.status).toBe(200);
    const item = (key: string, label: string, target: number, actual: number, rate: number, template = key === 'income_total' ? 'funding' : key === 'total_collective' ? 'awards' : 'members') => ({ template, key, label, target, actual, rate });
    expect(res.body).toEqual({
      rows: [
        { unit: U1, name: `${U1}单位`, org: 'union', area: XZ, items: [item('members_migrant', '农民工会员数', 9000, 9000, 100)], met: 1, total: 1 },
        {
          unit: W1,
          name: `${W1}单位`,
          org: 'women',
          area: XB,
          // 129.00 of 129.01 万元: one cent short, 99.99 %, not met.
          items: [item('members_total', '年末个人会员数', 1000, 1000, 100), item('total_collective', '集体合计', 1, 1, 100), item('income_total', '本年收入合计', 129.01, 129, 99.99)],
          met: 2,
          total: 3,
        },
        {
          unit: W2,
          name: `${W2}单位`,
          org: 'women',
          area: XB,
          // Its own targets, not 妇联's: 99999 of 100000 and 49999.99 of 50000.00 both read 100.00 and neither is met.
          items: [item('members_total', '年末个人会员数', 100000, 99999, 100), item('total_collective', '集体合计', 1, 0, 0), item('income_total', '本年收入合计', 50000, 49999.99, 100)],
          met: 0,
          total: 3,
        },
        // Nothing reported: every actual is 0.
        { unit: W3, name: `${W3}单位`, org: 'women', area: XZ, items: [item('members_total', '年末个人会员数', 1000, 0, 0), item('total_collective', '集体合计', 1, 0, 0), item('income_total', '本年收入合计', 129.01, 0, 0)], met: 0, total: 3 },
      ],
      summary: [
        { org: 'union', units: 1, met: 1, total: 1 },
        { org: 'women', units: 3, met: 2, total: 9 },
      ],
    });
  });

  it('takes "actual" from the same figures as the consolidated unit rows', async () => {
    const c = (await call(`/consolidated/${YEAR}`, { token: statistician })).body;
    const a = (await call(`/assessment/${YEAR}`, { token: statistician })).body;
    for (const r of a.rows) {
      for (const it of r.items) {
        const row = c.sheets[it.template].rows.find((x: { kind: string; unit?: string }) => x.kind === 'unit' && x.unit === r.unit);
        expect(row.values[it.key] ?? 0, `${r.unit} ${it.key}`).toBe(it.actual);
      }
    }
  });

  it('narrows to an area with ?area=, refused outside the caller’s own', async () => {
    const a = (await call(`/assessment/${YEAR}?area=${XB}`, { token: statistician })).body;
    expect(a.rows.map((r: { unit: string }) => r.unit)).toEqual([W1, W2]);
    expect(a.summary).toEqual([{ org: 'women', units: 2, met: 2, total: 6 }]);
    expect((await call(`/assessment/${YEAR}?area=${XZ}`, { token: scoped })).status).toBe(403);
    expect((await call(`/assessment/${YEAR}`, { token: scoped })).body).toEqual(a);
  });
});

describe('a statistician bound to an area', () => {
  beforeAll(async () => {
    expect((await put([...CITY_TARGETS, { unit: U1, template: 'members', key: 'members_total', value: 40000 }])).status).toBe(200);
  });

  it('sees the city’s org-type targets and its own area’s unit targets only', async () => {
    const mine = await targetsNow(scoped);
    expect(mine.filter((t: { org?: string }) => t.org)).toHaveLength(4);
    expect(mine.filter((t: { unit?: string }) => t.unit).map((t: { unit: string }) => t.unit)).toEqual([W2, W2]);
  });

  it('may not set org-type targets, nor targets of units outside its area (403, nothing changed)', async () => {
    const before = await targetsNow();
    const org = await put([{ org: 'women', template: 'members', key: 'members_total', value: 1 }], scoped);
    expect(org.status).toBe(403);
    expect(org.body.error.code).toBe('forbidden');
    expect((await put([{ unit: U1, template: 'members', key: 'members_total', value: 1 }], scoped)).status).toBe(403);
    expect((await put([{ unit: 'NOPE-UNIT', template: 'members', key: 'members_total', value: 1 }], scoped)).status).toBe(422);
    expect(await targetsNow()).toEqual(before);
  });

  it('replaces only its area’s unit targets', async () => {
    const res = await put([{ unit: W1, template: 'members', key: 'members_total', value: 999 }], scoped);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const all = await targetsNow();
    expect(all).toEqual([
      CITY_TARGETS[3],
      CITY_TARGETS[0],
      CITY_TARGETS[2],
      CITY_TARGETS[1],
      // W2's targets (in its area) are gone; U1's (outside) kept.
      { unit: U1, template: 'members', key: 'members_total', value: 40000 },
      { unit: W1, template: 'members', key: 'members_total', value: 999 },
    ]);
    expect(res.body.targets).toEqual(all.filter((t: { unit?: string }) => t.unit !== U1));
  });
});

describe('the consolidated workbook’s 目标考核 sheet', () => {
  beforeAll(async () => {
    expect((await put(CITY_TARGETS)).status).toBe(200);
  });

  it('lists every unit’s items with target, actual and rate, marks the unmet 未完成, and sums up per org type', async () => {
    const res = await raw(`/consolidated/${YEAR}/workbook.xlsx`, statistician);
    expect(res.status).toBe(200);
    const sheets = readXlsx(res.bytes);
    expect(sheets.map((s) => s.name)).toContain('目标考核');
    expect(sheets.map((s) => s.name).slice(-2)).toEqual(['目标考核', '报送进度']);
    const g = sheets.find((s) => s.name === '目标考核')!.grid;
    expect(g[0]![0]).toBe(`${YEAR}年目标管理考核情况（全市）`);
    const head = g.findIndex((r) => r[0] === '单位名称');
    expect(g[head]).toEqual(['单位名称', '单位代码', '组织类型', '所属区县', '完成项数', '考核项数', '报表', '指标', '计量单位', '目标值', '实际值', '完成率（%）', '完成情况']);
    const lines = g.slice(head + 1, head + 9);
    expect(lines.map((r) => [r[1], r[7], r[9], r[10], r[11], r[12]])).toEqual([
      [U1, '农民工会员数', 9000, 9000, 100, '已完成'],
      [W1, '年末个人会员数', 1000, 1000, 100, '已完成'],
      [W1, '集体合计', 1, 1, 100, '已完成'],
      [W1, '本年收入合计', 129.01, 129, 99.99, '未完成'],
      // Reads 100 and is not met.
      [W2, '年末个人会员数', 100000, 99999, 100, '未完成'],
      [W2, '集体合计', 1, 0, 0, '未完成'],
      [W2, '本年收入合计', 50000, 49999.99, 100, '未完成'],
      [W3, '年末个人会员数', 1000, 0, 0, '未完成'],
    ]);
    expect(lines[1]!.slice(0, 9)).toEqual([`${W1}单位`, W1, '妇联', `兴宾区${sfx}`, 2, 3, '表1 组织与会员', '年末个人会员数', '人']);
    const sum = g.findIndex((r) => r[0] === '按组织类型汇总');
    expect(g.slice(sum + 1, sum + 5).map((r) => r.slice(0, 5))).toEqual([
      ['组织类型', '考核单位数', '完成项数', '考核项数', '完成项占比（%）'],
      ['工会', 1, 1, 1, 100],
      ['妇联', 3, 2, 9, 22.22],
      ['全市合计', 4, 3, 10, 30],
    ]);
  });

  it('is there for an area with no unit to assess (the org-type targets are the city’s), and not in a year without targets', async () => {
    const other = `NT${sfx}`;
    await area(other, `武宣县${sfx}`);
    const sheet = readXlsx((await raw(`/consolidated/${YEAR}/workbook.xlsx?area=${other}`, statistician)).bytes).find((s) => s.name === '目标考核')!;
    expect(sheet.grid.map((r) => r[0])).toContain('本区域没有设定考核目标的单位');
    await openYear(YEAR + 2);
    expect(readXlsx((await raw(`/consolidated/${YEAR + 2}/workbook.xlsx`, statistician)).bytes).map((s) => s.name)).not.toContain('目标考核');
  });
});

describe('a closed year', () => {
  let assessment: unknown;
  let xlsx: Uint8Array;
  let targets: unknown;
  beforeAll(async () => {
    expect((await put(CITY_TARGETS)).status).toBe(200);
    assessment = (await call(`/assessment/${YEAR}`, { token: statistician })).body;
    targets = await targetsNow();
    expect((await call(`/periods/${YEAR}`, { method: 'PUT', body: { status: 'closed' } })).status).toBe(200);
    xlsx = (await raw(`/consolidated/${YEAR}/workbook.xlsx`, statistician)).bytes;
  });

  it('refuses new targets (409 period_closed) and keeps them as they were', async () => {
    for (const token of [statistician, ADMIN, scoped]) {
      const res = await put([{ unit: W1, template: 'members', key: 'members_total', value: 1 }], token);
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('period_closed');
    }
    expect(await targetsNow()).toEqual(targets);
    expect((await call(`/assessment/${YEAR}`, { token: statistician })).body).toEqual(assessment);
  });

  it('is assessed from its published version: live changes since change nothing, the workbook stays byte-identical', async () => {
    const v1 = (await call(`/consolidated/${YEAR}`)).body.published;
    expect(v1.version).toBe(1);
    expect(readXlsx(xlsx).map((s) => s.name)).toContain('目标考核');
    // Behind the API's back: the live targets and a unit's name change; the version's frozen ones do not.
    await env.DB.prepare("UPDATE targets SET value = 1 WHERE year = ?1 AND owner = 'women'").bind(YEAR).run();
    expect((await call(`/units/${W1}`, { method: 'PATCH', body: { name: '改名后的妇联' } })).status).toBe(200);
    expect((await call(`/assessment/${YEAR}`, { token: statistician })).body).toEqual(assessment);
    expect(await targetsNow()).toEqual(targets);
    expect((await raw(`/consolidated/${YEAR}/workbook.xlsx`, statistician)).bytes).toEqual(xlsx);
    // Rendered again from the frozen inputs (the stored body gone): the same bytes.
    await env.PUBLISHED.delete((await env.PUBLISHED.list({ prefix: `consolidated/${YEAR}/` })).objects.map((o) => o.key));
    expect((await raw(`/consolidated/${YEAR}/workbook.xlsx`, statistician)).bytes).toEqual(xlsx);
    await env.DB.prepare("UPDATE targets SET value = 1000 WHERE year = ?1 AND owner = 'women' AND key = 'members_total'").bind(YEAR).run();
    await env.DB.prepare("UPDATE targets SET value = 12901 WHERE year = ?1 AND owner = 'women' AND key = 'income_total'").bind(YEAR).run();
    await env.DB.prepare("UPDATE targets SET value = 1 WHERE year = ?1 AND owner = 'women' AND key = 'total_collective'").bind(YEAR).run();
  });

  it('keeps its targets through a correction, and a reopening that changes only targets publishes them as a new version', async () => {
    // A correction of W2's 表1 publishes version 2 with version 1's targets.
    const opened = await call(`/periods/${YEAR}/corrections`, { body: { unit: W2, templates: ['members'], reason: '会员数按台账更正' } });
    expect(opened.status).toBe(201);
    expect((await uploadAll(ADMIN, YEAR, W2, { members: [membersRow('women', 100000)] })).status).toBe(201);
    const closed = await call(`/periods/${YEAR}/corrections/${opened.body.id}/close`, { method: 'POST' });
    expect(closed.status).toBe(200);
    expect(closed.body.version.version).toBe(2);
    expect(await targetsNow()).toEqual(targets);
    const w2 = (await call(`/assessment/${YEAR}`, { token: statistician })).body.rows.find((r: { unit: string }) => r.unit === W2);
    expect(w2.items[0]).toMatchObject({ key: 'members_total', target: 100000, actual: 100000, rate: 100 });
    expect(w2.met).toBe(1);
    expect((await call(`/assessment/${YEAR}?version=1`, { token: statistician })).body).toEqual(assessment);
    // Reopened, only a target changed, closed again: a new version carries it; version 1's workbook does not move.
    expect((await call(`/periods/${YEAR}`, { method: 'PUT', body: { status: 'open' } })).status).toBe(200);
    expect((await put(CITY_TARGETS.map((t) => (t === CITY_TARGETS[0] ? { ...t, value: 900 } : t)))).status).toBe(200);
    expect((await call(`/periods/${YEAR}`, { method: 'PUT', body: { status: 'closed' } })).status).toBe(200);
    const versions = (await call(`/consolidated/${YEAR}/versions`)).body.versions;
    expect(versions[0]).toMatchObject({ version: 3, reason: '重新开放后关闭', changes: [] });
    expect((await targetsNow()).find((t: { org?: string; key: string }) => t.org === 'women' && t.key === 'members_total').value).toBe(900);
    expect((await raw(`/consolidated/${YEAR}/workbook.xlsx?version=1`, statistician)).bytes).toEqual(xlsx);
    // Reopened and closed again with nothing changed: no new version.
    expect((await call(`/periods/${YEAR}`, { method: 'PUT', body: { status: 'open' } })).status).toBe(200);
    expect((await call(`/periods/${YEAR}`, { method: 'PUT', body: { status: 'closed' } })).status).toBe(200);
    expect((await call(`/consolidated/${YEAR}/versions`)).body.versions).toHaveLength(3);
  });

  it('travels in the year’s archive and is restored exactly: targets, assessment and every version’s workbook', async () => {
    const before = {
      targets: await targetsNow(),
      assessment: (await call(`/assessment/${YEAR}`, { token: statistician })).body,
      v1: (await call(`/assessment/${YEAR}?version=1`, { token: statistician })).body,
      xlsx: (await raw(`/consolidated/${YEAR}/workbook.xlsx`, statistician)).bytes,
      xlsx1: (await raw(`/consolidated/${YEAR}/workbook.xlsx?version=1`, statistician)).bytes,
    };
    const archive = (await raw(`/export/${YEAR}`)).text;
    const lines = archive.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.filter((l) => l.type === 'target')).toHaveLength(CITY_TARGETS.length);
    expect(lines.filter((l) => l.type === 'publicationTarget')).toHaveLength(CITY_TARGETS.length * 3);
    expect(lines.find((l) => l.type === 'target' && l.key === 'income_total' && l.owner === 'women')).toMatchObject({ value: 12901 });
    await env.DB.batch([
      env.DB.prepare('DELETE FROM reviews WHERE submission IN (SELECT id FROM submissions WHERE year = ?1)').bind(YEAR),
      ...['submissions', 'targets', 'publication_targets', 'publications', 'publication_roster', 'publication_areas', 'publication_entries', 'publication_previous', 'publication_changes', 'corrections'].map((t) =>
        env.DB.prepare(`DELETE FROM ${t} WHERE year = ?1`).bind(YEAR),
      ),
    ]);
    expect((await call(`/assessment/${YEAR}`, { token: statistician })).body.rows).toEqual([]);
    const res = await call('/import', { raw: archive, headers: { 'content-type': 'application/x-ndjson' } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(await targetsNow()).toEqual(before.targets);
    expect((await call(`/assessment/${YEAR}`, { token: statistician })).body).toEqual(before.assessment);
    expect((await call(`/assessment/${YEAR}?version=1`, { token: statistician })).body).toEqual(before.v1);
    expect((await raw(`/consolidated/${YEAR}/workbook.xlsx`, statistician)).bytes).toEqual(before.xlsx);
    expect((await raw(`/consolidated/${YEAR}/workbook.xlsx?version=1`, statistician)).bytes).toEqual(before.xlsx1);
  });
});
