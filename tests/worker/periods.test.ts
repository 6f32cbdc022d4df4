import { beforeAll, describe, expect, it } from 'vitest';
import { report } from '../shared/fixtures.ts';
import { call, count, makeCity, upload, type City } from './helpers.ts';

let city: City;
beforeAll(async () => {
  city = await makeCity(2031);
});

describe('PUT /periods/{year} and GET /periods', () => {
  it('opens a year with a deadline, closes it keeping the deadline, lists newest first', async () => {
    expect((await call('/periods/2032', { method: 'PUT', body: { status: 'open', deadline: '2033-03-31' } })).body).toEqual({ year: 2032, status: 'open', deadline: '2033-03-31', edition: '2026' });
    expect((await call('/periods/2032', { method: 'PUT', body: { status: 'closed' } })).body).toEqual({ year: 2032, status: 'closed', deadline: '2033-03-31', edition: '2026' });
    const list = await call('/periods', { token: city.clerkWomen });
    expect(list.status).toBe(200);
    const years = list.body.periods.map((p: { year: number }) => p.year);
    expect(years).toEqual([...years].sort((a: number, b: number) => b - a));
    expect(list.body.periods).toContainEqual({ year: 2032, status: 'closed', deadline: '2033-03-31', edition: '2026' });
  });
  it('refuses bad years and bodies, and non-admins', async () => {
    expect((await call('/periods/24', { method: 'PUT', body: { status: 'open' } })).status).toBe(400);
    expect((await call('/periods/abcd', { method: 'PUT', body: { status: 'open' } })).status).toBe(400);
    expect((await call('/periods/2033', { method: 'PUT', body: { status: 'paused' } })).status).toBe(422);
    expect((await call('/periods/2033', { method: 'PUT', body: { status: 'open', deadline: '2033-02-30' } })).status).toBe(422);
    expect((await call('/periods/2033', { method: 'PUT', token: city.statistician, body: { status: 'open' } })).status).toBe(403);
    expect(await count('periods', 'year = 2033')).toBe(0);
  });
  it('a closed year refuses uploads with 409 period_closed; reopened, it takes them', async () => {
    await call('/periods/2031', { method: 'PUT', body: { status: 'closed' } });
    const before = await count('submissions');
    const res = await upload(city.clerkWomen, 2031, city.women, 'funding', report('women').funding);
    expect(res.status).toBe(409);
    expect(res.body.error).toEqual({ code: 'period_closed', message: '2031年度已关闭，不能上报或审核' });
    const never = await upload(city.clerkWomen, 2039, city.women, 'funding', report('women').funding);
    expect(never.status).toBe(409);
    expect(await count('submissions')).toBe(before);
    await call('/periods/2031', { method: 'PUT', body: { status: 'open' } });
    expect((await upload(city.clerkWomen, 2031, city.women, 'funding', report('women').funding)).status).toBe(201);
  });
});
