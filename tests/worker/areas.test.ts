/**
 * Areas through the API (areas.md): the tree and its rules, units placed by
 * area or by district name, a statistician bound to a subtree, figures and
 * progress by area, and a closed year's areas frozen with its roster.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { demoReport, rng } from '../../scripts/demo.ts';
import { ADMIN, call, createToken, openYear, raw, uploadAll } from './helpers.ts';

const YEAR = 2021;
const random = rng(7);
let xb = '';
let cn = '';
let xz = '';
const units: Record<string, string> = {};
let scoped = '';

async function area(code: string, name: string, parent: string, districtCode?: string) {
  const res = await call('/areas', { body: { code, name, parent, ...(districtCode ? { districtCode } : {}) } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

async function unitIn(code: string, name: string, org: 'women' | 'union', where: { area?: string; district?: string; districtCode?: string }) {
  const res = await call('/units', { body: { code, name, org, ...where } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  units[code] = code;
  return res.body;
}

beforeAll(async () => {
  // A deadline still ahead, whatever today is: every upload of this test is on time.
  await openYear(YEAR, '2099-03-31');
  xb = (await area('451302', '兴宾区', 'CITY', '451302')).code;
  cn = (await area('451302001', '城北街道', xb, '451302001')).code;
  xz = (await area('451322', '象州县', 'CITY', '451322')).code;
  await unitIn('XB-W', '兴宾区妇联', 'women', { area: xb });
  await unitIn('CN-W', '城北街道妇联', 'women', { area: cn });
  await unitIn('XZ-U', '象州县总工会', 'union', { area: xz });
  await unitIn('HS-W', '合山市妇联', 'women', { district: '市本级' });
  for (const code of Object.keys(units)) {
    const org = code.endsWith('-U') ? 'union' : 'women';
    expect((await uploadAll(ADMIN, YEAR, code, demoReport({ code, name: code, org, district: '', districtCode: '451302' }, YEAR, random))).status).toBe(201);
  }
  scoped = (await call('/tokens', { body: { role: 'statistician', area: xb } })).body.token;
});

describe('the tree', () => {
  it('keeps every rule: parents exist, codes and sibling names are unique, at most 5 levels, no cycles', async () => {
    expect((await call('/areas', { body: { code: 'NOPE1', name: '无上级', parent: 'NOPE' } })).status).toBe(422);
    expect((await call('/areas', { body: { code: xb, name: '重复代码', parent: 'CITY' } })).status).toBe(409);
    expect((await call('/areas', { body: { code: 'DUP1', name: '兴宾区', parent: 'CITY' } })).status).toBe(409);
    let parent = cn;
    for (const level of [3, 4, 5]) parent = (await area(`L${level}`, `第${level}级`, parent)).code;
    expect((await call('/areas', { body: { code: 'L6', name: '第6级', parent } })).status).toBe(422);
    expect((await call(`/areas/${xb}`, { method: 'PATCH', body: { parent: cn } })).status).toBe(422);
    expect((await call(`/areas/${xz}`, { method: 'PATCH', body: { parent: 'L5' } })).status).toBe(422);
    expect((await call('/areas/CITY', { method: 'PATCH', body: { name: '别的城市' } })).status).toBe(422);
    for (const c of ['L5', 'L4', 'L3']) expect((await call(`/areas/${c}`, { method: 'DELETE' })).status).toBe(204);
    const list = (await call('/areas')).body.areas;
    expect(list.find((a: { code: string }) => a.code === 'CITY')).toMatchObject({ level: 0, parent: null });
    expect(list.find((a: { code: string }) => a.code === cn)).toMatchObject({ level: 2, parent: xb });
  });

  it('deletes only an empty area without tokens', async () => {
    expect((await call(`/areas/${xz}`, { method: 'DELETE' })).status).toBe(409);
    const empty = await area('EMPTY1', '空区域', 'CITY');
    const t = await call('/tokens', { body: { role: 'statistician', area: empty.code } });
    expect((await call(`/areas/${empty.code}`, { method: 'DELETE' })).status).toBe(409);
    await call(`/tokens/${t.body.id}`, { method: 'DELETE' });
    expect((await call(`/areas/${empty.code}`, { method: 'DELETE' })).status).toBe(204);
  });

  it('places units by district name as before areas (the level-1 area of that name, made when missing) and keeps district read-only', async () => {
    const u = await unitIn('XZ-W', '象州县妇联', 'women', { district: '象州县' });
    expect(u).toMatchObject({ area: xz, district: '象州县' });
    const fresh = await unitIn('WX-W', '武宣县妇联', 'women', { district: '武宣县', districtCode: '451323' });
    expect(fresh).toMatchObject({ area: '451323', district: '武宣县' });
    expect((await call('/areas')).body.areas.find((a: { code: string }) => a.code === '451323')).toMatchObject({ name: '武宣县', parent: 'CITY', level: 1 });
    expect((await call('/units', { body: { code: 'BOTH1', name: 'x', org: 'arts', district: '兴宾区', area: xb } })).status).toBe(422);
    expect((await call('/units/XZ-W', { method: 'PATCH', body: { area: cn, district: '兴宾区' } })).status).toBe(422);
    // A unit moved to a 街道 takes its 区's name as district.
    expect((await call('/units/XZ-W', { method: 'PATCH', body: { area: cn } })).body).toMatchObject({ area: cn, district: '兴宾区' });
    // Renaming a 区 renames every district under it.
    expect((await call(`/areas/${xb}`, { method: 'PATCH', body: { name: '兴宾城区' } })).status).toBe(200);
    expect((await call('/units/CN-W', { method: 'PATCH', body: {} })).body.district).toBe('兴宾城区');
    expect((await call(`/areas/${xb}`, { method: 'PATCH', body: { name: '兴宾区' } })).status).toBe(200);
    await call('/units/XZ-W', { method: 'PATCH', body: { area: xz, active: false } });
    await call('/units/WX-W', { method: 'PATCH', body: { active: false } });
  });
});

describe('a statistician bound to an area', () => {
  it('knows its area and sees only its subtree: units, revisions, roster', async () => {
    expect((await call('/me', { token: scoped })).body).toMatchObject({ role: 'statistician', unit: null, area: { code: xb, name: '兴宾区', level: 1 } });
    const mine = (await call('/units', { token: scoped })).body.units.map((u: { code: string }) => u.code).sort();
    expect(mine).toEqual(['CN-W', 'XB-W']);
    const revs = (await call(`/submissions?year=${YEAR}`, { token: scoped })).body.submissions;
    expect(new Set(revs.map((r: { unit: string }) => r.unit))).toEqual(new Set(['CN-W', 'XB-W']));
    const outside = (await call(`/submissions?year=${YEAR}&unit=XZ-U`)).body.submissions[0].id;
    expect((await call(`/submissions/${outside}`, { token: scoped })).status).toBe(403);
    expect((await call(`/submissions/${outside}/review`, { token: scoped, body: { action: 'accept' } })).status).toBe(403);
    const inside = revs[0].id;
    expect((await call(`/submissions/${inside}/review`, { token: scoped, body: { action: 'accept' } })).status).toBe(200);
    expect((await call(`/periods/${YEAR}/roster`, { token: scoped })).body.units.map((u: { code: string }) => u.code).sort()).toEqual(['CN-W', 'XB-W']);
    expect((await call('/areas', { token: scoped })).body.areas.map((a: { code: string }) => a.code).sort()).toEqual([cn, xb].sort());
  });

  it('pulls its own area by default, a child area on request, and nothing outside', async () => {
    const own = (await call(`/consolidated/${YEAR}`, { token: scoped })).body;
    expect(own.area.code).toBe(xb);
    expect(own.sheets.members.title).toBe(`${YEAR}年组织与会员情况（兴宾区汇总）`);
    expect(own.sheets.members.rows.filter((r: { kind: string }) => r.kind === 'unit').map((r: { unit: string }) => r.unit).sort()).toEqual(['CN-W', 'XB-W']);
    expect(own.sheets.members.rows.at(-1).label).toBe('兴宾区合计');
    expect((await call(`/consolidated/${YEAR}?area=${cn}`, { token: scoped })).body.area.code).toBe(cn);
    expect((await call(`/consolidated/${YEAR}?area=${xz}`, { token: scoped })).status).toBe(403);
    expect((await call(`/consolidated/${YEAR}?area=CITY`, { token: scoped })).status).toBe(403);
    expect((await call(`/consolidated/${YEAR}?area=NOWHERE`, { token: scoped })).status).toBe(404);
    expect((await call(`/progress/${YEAR}?area=${xz}`, { token: scoped })).status).toBe(403);
  });
});

describe('figures by area', () => {
  it('adds child-area rows and 本级 to every sheet, summing exactly to the total, and a 分区汇总 sheet', async () => {
    const c = (await call(`/consolidated/${YEAR}`)).body;
    const rows = c.sheets.funding.rows;
    const areaRows = rows.filter((r: { kind: string }) => r.kind === 'area');
    expect(areaRows.map((r: { label: string }) => r.label)).toEqual(expect.arrayContaining(['兴宾区合计', '象州县合计', '合山市本级']));
    const cents = (v: number | null) => Math.round((v ?? 0) * 100);
    for (const key of ['income_total', 'exp_total', 'closing']) {
      expect(areaRows.reduce((a: number, r: { values: Record<string, number> }) => a + cents(r.values[key]!), 0)).toBe(cents(rows.at(-1).values[key]));
    }
    expect(areaRows.find((r: { label: string }) => r.label === '兴宾区合计').coverage).toEqual({ reported: 2, expected: 2 });
    const book = await raw(`/consolidated/${YEAR}/workbook.xlsx`);
    expect(book.status).toBe(200);
    const { readXlsx } = await import('../../shared/xlsx/index.ts');
    const sheets = readXlsx(book.bytes);
    expect(sheets.map((s) => s.name)).toContain('分区汇总');
    expect(sheets[0]!.grid.some((r) => r[0] === '按区县')).toBe(true);
  });

  it('gives progress by child area, with report and on-time rates', async () => {
    const p = (await call(`/progress/${YEAR}`)).body;
    const xbRow = p.areas.find((a: { area: string }) => a.area === xb);
    expect(xbRow).toMatchObject({ name: '兴宾区', expected: 8, missing: 0, reportRate: 100, onTimeRate: 100 });
    const leaf = (await call(`/progress/${YEAR}?area=${cn}`)).body;
    expect(leaf.areas).toEqual([]);
    expect(leaf.units.map((u: { unit: string }) => u.unit)).toEqual(['CN-W']);
  });

  it("keeps a closed year's areas as frozen: moving an area later changes nothing in it", async () => {
    expect((await call(`/periods/${YEAR}`, { method: 'PUT', body: { status: 'closed' } })).status).toBe(200);
    const before = (await raw(`/consolidated/${YEAR}?area=${xb}`)).text;
    const city = (await raw(`/consolidated/${YEAR}`)).text;
    expect((await call(`/areas/${cn}`, { method: 'PATCH', body: { parent: xz, name: '城北新区' } })).status).toBe(200);
    expect((await raw(`/consolidated/${YEAR}?area=${xb}`)).text).toBe(before);
    expect((await raw(`/consolidated/${YEAR}`)).text).toBe(city);
    expect(JSON.parse(before).sheets.members.rows.filter((r: { kind: string }) => r.kind === 'area').map((r: { label: string }) => r.label)).toEqual(['城北街道合计', '兴宾区本级']);
    // The scoped statistician still sees the closed year by its frozen tree.
    expect((await call(`/consolidated/${YEAR}?area=${cn}`, { token: scoped })).status).toBe(200);
    await call(`/areas/${cn}`, { method: 'PATCH', body: { parent: xb, name: '城北街道' } });
  });
});

describe('tokens', () => {
  it('bind only statisticians to an area that exists', async () => {
    expect((await call('/tokens', { body: { role: 'clerk', unit: 'XB-W', area: xb } })).status).toBe(422);
    expect((await call('/tokens', { body: { role: 'statistician', area: 'NOWHERE' } })).status).toBe(404);
    const t = await createToken('statistician');
    expect((await call('/me', { token: t.token })).body.area).toBeNull();
  });
});
