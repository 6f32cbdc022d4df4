import { beforeAll, describe, expect, it, vi } from 'vitest';
import { report } from '../shared/fixtures.ts';
import { call, makeCity, upload, type City } from './helpers.ts';

let city: City;
beforeAll(async () => {
  city = await makeCity(2024);
});

describe('GET /audit', () => {
  it('logs every mutating request, refused ones included, newest first, with who and the result', async () => {
    await upload(city.clerkWomen, 2024, city.women, 'members', report('women').members);
    await upload(city.clerkUnion, 2024, city.women, 'members', report('women').members);
    await call('/units', { token: null, body: {} });
    await call('/submissions', { token: city.clerkWomen, raw: '{', headers: { 'content-type': 'application/json' } });
    // Audit lines are written after the response (waitUntil): wait for them.
    const res = await vi.waitFor(async () => {
      const r = await call('/audit?limit=4');
      expect(r.body.events.map((e: { method: string; path: string; status: number; code: string | null }) => [e.method, e.path, e.status, e.code])).toEqual([
        ['POST', '/api/v1/submissions', 400, 'bad_request'],
        ['POST', '/api/v1/units', 401, 'unauthorized'],
        ['POST', '/api/v1/submissions', 403, 'forbidden'],
        ['POST', '/api/v1/submissions', 201, null],
      ]);
      return r;
    });
    expect(res.body.events[3]).toMatchObject({ role: 'clerk', actor: expect.stringMatching(/^tok_/), at: expect.any(String) });
    expect(res.body.nextCursor).toEqual(expect.any(String));
    const older = await call(`/audit?limit=2&cursor=${res.body.nextCursor}`);
    expect(older.body.events[0].id).toBeLessThan(res.body.events[3].id);
  });

  it('does not log reads', async () => {
    await new Promise((r) => setTimeout(r, 50));
    const before = (await call('/audit?limit=1')).body.events[0].id;
    await call('/units');
    await call('/periods');
    expect((await call('/audit?limit=1')).body.events[0].id).toBe(before);
  });
});
