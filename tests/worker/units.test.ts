import { beforeAll, describe, expect, it } from 'vitest';
import { call, count, makeCity, uniq, type City } from './helpers.ts';

let city: City;
beforeAll(async () => {
  city = await makeCity();
});

describe('POST /units', () => {
  it('creates a unit (admin) → 201 Unit', async () => {
    const code = uniq('XB');
    const res = await call('/units', { body: { code, name: ' 兴宾区残联 ', org: 'disabled', district: '兴宾区', districtCode: '451302' } });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ code, name: '兴宾区残联', org: 'disabled', district: '兴宾区', districtCode: '451302', active: true, area: expect.any(String), contact: null, phone: null });
  });
  it('keeps the optional 联系人 and 联系电话, trimmed, and refuses a phone that is not one', async () => {
    const code = uniq('XB');
    const res = await call('/units', { body: { code, name: '兴宾区侨联', org: 'overseas', district: '兴宾区', contact: ' 韦丽 ', phone: ' 0772-4221234 转 8 ' } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ contact: '韦丽', phone: '0772-4221234 转 8' });
    const before = await count('units');
    for (const phone of ['打电话给我', '12', `1${'0'.repeat(40)}`]) {
      const bad = await call('/units', { body: { code: uniq('XB'), name: 'a', org: 'women', district: 'b', phone } });
      expect(bad.status, phone).toBe(422);
      expect(bad.body.error.message).toContain('联系电话');
    }
    expect((await call('/units', { body: { code: uniq('XB'), name: 'a', org: 'women', district: 'b', contact: ' ' } })).status).toBe(422);
    expect(await count('units')).toBe(before);
  });
  it('refuses a duplicate code with 409 and changes nothing', async () => {
    const before = await count('units');
    const res = await call('/units', { body: { code: city.women, name: '另一个', org: 'union', district: 'x' } });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('conflict');
    expect(await count('units')).toBe(before);
  });
  it('refuses bad bodies with 422 / 400 / 415 / 413 and stores nothing', async () => {
    const before = await count('units');
    const bad = [
      { code: 'has space', name: 'a', org: 'women', district: 'b' },
      { code: uniq(), name: 'a', org: 'wives', district: 'b' },
      { code: uniq(), name: '', org: 'women', district: 'b' },
      { code: uniq(), name: 'a', org: 'women', district: 'b', districtCode: '12' },
      { code: uniq(), name: 'a', org: 'women' },
      [1, 2],
      'text',
    ];
    for (const body of bad) {
      const res = await call('/units', { body });
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.body.error.code).toBe('validation_failed');
    }
    expect((await call('/units', { raw: '{"code": "A",', headers: { 'content-type': 'application/json' } })).body.error.code).toBe('bad_request');
    expect((await call('/units', { raw: 'code=A', headers: { 'content-type': 'application/x-www-form-urlencoded' } })).status).toBe(415);
    expect((await call('/units', { raw: 'x'.repeat(2 * 1024 * 1024 + 1), headers: { 'content-type': 'application/json' } })).status).toBe(413);
    expect(await count('units')).toBe(before);
  });
  it('is for admins only', async () => {
    for (const token of [city.clerkWomen, city.statistician]) {
      expect((await call('/units', { token, body: { code: uniq(), name: 'a', org: 'women', district: 'b' } })).status).toBe(403);
    }
    expect((await call('/units', { token: null, body: {} })).status).toBe(401);
    expect((await call('/units', { token: city.revoked, body: {} })).status).toBe(401);
  });
});

describe('PATCH /units/{code}', () => {
  it("changes name, district, district code and activity, never the org type", async () => {
    const res = await call(`/units/${city.union}`, { method: 'PATCH', body: { name: '兴宾区总工会', districtCode: '451302001', active: false } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ code: city.union, name: '兴宾区总工会', org: 'union', districtCode: '451302001', active: false });
    const back = await call(`/units/${city.union}`, { method: 'PATCH', body: { active: true, districtCode: null } });
    expect(back.body).toMatchObject({ active: true, districtCode: null, name: '兴宾区总工会' });
    const org = await call(`/units/${city.union}`, { method: 'PATCH', body: { org: 'youth' } });
    expect(org.status).toBe(422);
  });
  it('sets and clears 联系人 and 联系电话, leaving them alone when a patch does not name them', async () => {
    const set = await call(`/units/${city.women}`, { method: 'PATCH', body: { contact: '黄敏', phone: '13907721234' } });
    expect(set.body).toMatchObject({ contact: '黄敏', phone: '13907721234' });
    const renamed = await call(`/units/${city.women}`, { method: 'PATCH', body: { name: '兴宾区妇女联合会' } });
    expect(renamed.body).toMatchObject({ name: '兴宾区妇女联合会', contact: '黄敏', phone: '13907721234' });
    const cleared = await call(`/units/${city.women}`, { method: 'PATCH', body: { phone: null } });
    expect(cleared.body).toMatchObject({ contact: '黄敏', phone: null });
  });
  it('answers 404 for an unknown unit and 403 to others than admins', async () => {
    expect((await call('/units/NOPE-NOPE', { method: 'PATCH', body: { name: 'x' } })).status).toBe(404);
    expect((await call(`/units/${city.women}`, { method: 'PATCH', token: city.statistician, body: { name: 'x' } })).status).toBe(403);
  });
});

describe('GET /units', () => {
  it('lists every unit for statisticians, wrapped and paged', async () => {
    const all = await call('/units?limit=1000', { token: city.statistician });
    expect(all.status).toBe(200);
    const codes = all.body.units.map((u: { code: string }) => u.code);
    expect(codes).toEqual([...codes].sort());
    const first = await call('/units?limit=1', { token: city.statistician });
    expect(first.body.units).toHaveLength(1);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await call(`/units?limit=1&cursor=${first.body.nextCursor}`, { token: city.statistician });
    expect(second.body.units[0].code).toBe(codes[1]);
    expect((await call('/units?limit=0')).status).toBe(400);
    expect((await call('/units?limit=1001')).status).toBe(400);
  });
  it('shows a clerk only its own unit', async () => {
    const res = await call('/units', { token: city.clerkWomen });
    expect(res.body.units.map((u: { code: string }) => u.code)).toEqual([city.women]);
  });
});
