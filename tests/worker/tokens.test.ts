import { beforeAll, describe, expect, it } from 'vitest';
import { call, count, makeCity, type City } from './helpers.ts';

let city: City;
beforeAll(async () => {
  city = await makeCity();
});

describe('POST /tokens', () => {
  it('issues a clerk token bound to a unit, shown once', async () => {
    const res = await call('/tokens', { body: { role: 'clerk', unit: city.women, label: '兴宾区妇联 覃丽' } });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ id: expect.stringMatching(/^tok_/), token: expect.stringMatching(/^qt_/), role: 'clerk', unit: city.women, area: null, label: '兴宾区妇联 覃丽' });
    expect((await call('/me', { token: res.body.token })).body.unit.code).toBe(city.women);
  });
  it('refuses a clerk without a unit, a statistician with one, an unknown unit, an unknown role', async () => {
    const before = await count('tokens');
    expect((await call('/tokens', { body: { role: 'clerk' } })).status).toBe(422);
    expect((await call('/tokens', { body: { role: 'statistician', unit: city.women } })).status).toBe(422);
    expect((await call('/tokens', { body: { role: 'root' } })).status).toBe(422);
    const unknown = await call('/tokens', { body: { role: 'clerk', unit: 'NO-SUCH-UNIT' } });
    expect(unknown.status).toBe(404);
    expect(await count('tokens')).toBe(before);
  });
  it('is for admins only', async () => {
    expect((await call('/tokens', { token: city.statistician, body: { role: 'admin' } })).status).toBe(403);
    expect((await call('/tokens', { token: city.clerkWomen, body: { role: 'admin' } })).status).toBe(403);
    expect((await call('/tokens', { token: null, body: { role: 'admin' } })).status).toBe(401);
  });
});

describe('GET /tokens and DELETE /tokens/{id}', () => {
  it('lists tokens without secrets, including revoked ones', async () => {
    const res = await call('/tokens?limit=1000');
    expect(res.status).toBe(200);
    const revoked = res.body.tokens.filter((t: { revokedAt: string | null }) => t.revokedAt !== null);
    expect(revoked.length).toBeGreaterThan(0);
    for (const t of res.body.tokens) expect(Object.keys(t).sort()).toEqual(['area', 'createdAt', 'id', 'label', 'revokedAt', 'role', 'unit']);
    expect((await call('/tokens', { token: city.statistician })).status).toBe(403);
  });
  it('revokes once; the second time is 404', async () => {
    const t = await call('/tokens', { body: { role: 'statistician' } });
    expect((await call(`/tokens/${t.body.id}`, { method: 'DELETE', token: city.clerkWomen })).status).toBe(403);
    expect((await call(`/tokens/${t.body.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await call(`/tokens/${t.body.id}`, { method: 'DELETE' })).status).toBe(404);
  });
});
