/**
 * Who may call what: every endpoint × every kind of caller, from one table.
 * Each call that is allowed gets a valid body, so the status says "allowed"
 * (2xx) or "refused" (401/403/404) and nothing else.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { call, createToken, makeCity, uniq, type City } from './helpers.ts';

type Caller = 'none' | 'bad' | 'revoked' | 'clerk' | 'otherClerk' | 'statistician' | 'admin' | 'scopedIn' | 'scopedOut';
/**
 * No token, an unknown token, a revoked one, the unit's clerk, another unit's clerk, a statistician,
 * an admin, a statistician bound to the unit's area, and one bound to another area (areas.md).
 */
const CALLERS: Caller[] = ['none', 'bad', 'revoked', 'clerk', 'otherClerk', 'statistician', 'admin', 'scopedIn', 'scopedOut'];

interface Endpoint {
  method: string;
  path: (c: Ctx) => string;
  body?: (c: Ctx) => unknown;
  /** Status per caller, in the order of CALLERS. */
  expect: [number, number, number, number, number, number, number, number, number];
  /** A body sent as is, with its content type (for POST /import). */
  raw?: (c: Ctx) => { body: string; type: string };
}

interface Ctx extends City {
  submission: string;
  /** The area of the city's units, and another one. */
  area: string;
  otherArea: string;
  scopedIn: string;
  scopedOut: string;
}

const award = (c: Ctx) => ({ name: `巾帼文明岗${uniq()}`, level: 'city', recipient_type: 'collective', recipient: `${c.women}单位`, grantor: '来宾市妇联', award_date: `${c.year}-03` });

export const MATRIX: Endpoint[] = [
  { method: 'GET', path: () => '/health', expect: [200, 200, 200, 200, 200, 200, 200, 200, 200] },
  { method: 'GET', path: () => '/openapi.json', expect: [200, 200, 200, 200, 200, 200, 200, 200, 200] },
  { method: 'GET', path: () => '/settings', expect: [200, 200, 200, 200, 200, 200, 200, 200, 200] },
  { method: 'GET', path: () => '/templates', expect: [200, 200, 200, 200, 200, 200, 200, 200, 200] },
  { method: 'GET', path: () => '/me', expect: [401, 401, 401, 200, 200, 200, 200, 200, 200] },
  { method: 'GET', path: () => '/units', expect: [401, 401, 401, 200, 200, 200, 200, 200, 200] },
  { method: 'POST', path: () => '/units', body: () => ({ code: uniq(), name: '新单位', org: 'arts', district: '兴宾区' }), expect: [401, 401, 401, 403, 403, 403, 201, 403, 403] },
  { method: 'PATCH', path: (c) => `/units/${c.women}`, body: () => ({ district: '兴宾区' }), expect: [401, 401, 401, 403, 403, 403, 200, 403, 403] },
  { method: 'POST', path: () => '/tokens', body: () => ({ role: 'statistician' }), expect: [401, 401, 401, 403, 403, 403, 201, 403, 403] },
  { method: 'GET', path: () => '/tokens', expect: [401, 401, 401, 403, 403, 403, 200, 403, 403] },
  { method: 'GET', path: () => '/periods', expect: [401, 401, 401, 200, 200, 200, 200, 200, 200] },
  { method: 'PUT', path: (c) => `/periods/${c.year}`, body: () => ({ status: 'open' }), expect: [401, 401, 401, 403, 403, 403, 200, 403, 403] },
  {
    method: 'POST',
    path: () => '/submissions',
    body: (c) => ({ year: c.year, unit: c.women, template: 'awards', rows: [award(c)] }),
    expect: [401, 401, 401, 201, 403, 403, 201, 403, 403],
  },
  {
    method: 'POST',
    path: () => '/submissions/batch',
    body: (c) => ({ year: c.year, unit: c.women, submissions: [{ template: 'awards', rows: [award(c)] }] }),
    expect: [401, 401, 401, 201, 403, 403, 201, 403, 403],
  },
  { method: 'GET', path: (c) => `/submissions?unit=${c.women}`, expect: [401, 401, 401, 200, 403, 200, 200, 200, 403] },
  { method: 'GET', path: (c) => `/submissions/${c.submission}`, expect: [401, 401, 401, 200, 404, 200, 200, 200, 403] },
  { method: 'GET', path: (c) => `/progress/${c.year}`, expect: [401, 401, 401, 403, 403, 200, 200, 200, 200] },
  { method: 'GET', path: (c) => `/progress/${c.year}?area=${c.area}`, expect: [401, 401, 401, 403, 403, 200, 200, 200, 403] },
  { method: 'GET', path: (c) => `/consolidated/${c.year}?area=${c.area}`, expect: [401, 401, 401, 403, 403, 200, 200, 200, 403] },
  { method: 'GET', path: (c) => `/consolidated/${c.year}/workbook.xlsx?area=${c.area}`, expect: [401, 401, 401, 403, 403, 200, 200, 200, 403] },
  { method: 'GET', path: (c) => `/consolidated/${c.year}/trace?template=members&key=org_total&row=total`, expect: [401, 401, 401, 403, 403, 200, 200, 200, 200] },
  { method: 'GET', path: (c) => `/consolidated/${c.year}/trace?template=members&key=org_total&row=total&area=${c.area}`, expect: [401, 401, 401, 403, 403, 200, 200, 200, 403] },
  { method: 'GET', path: (c) => `/consolidated/${c.year}/versions`, expect: [401, 401, 401, 403, 403, 200, 200, 200, 200] },
  { method: 'GET', path: (c) => `/periods/${c.year}/roster`, expect: [401, 401, 401, 403, 403, 200, 200, 200, 200] },
  { method: 'GET', path: (c) => `/periods/${c.year}/corrections`, expect: [401, 401, 401, 200, 200, 200, 200, 200, 200] },
  { method: 'GET', path: () => '/areas', expect: [401, 401, 401, 200, 200, 200, 200, 200, 200] },
  { method: 'POST', path: (c) => '/areas', body: (c) => ({ code: uniq('AR'), name: `新区${uniq()}`, parent: c.area }), expect: [401, 401, 401, 403, 403, 403, 201, 403, 403] },
  { method: 'PATCH', path: (c) => `/areas/${c.otherArea}`, body: () => ({ districtCode: '451399' }), expect: [401, 401, 401, 403, 403, 403, 200, 403, 403] },
  { method: 'GET', path: (c) => `/consolidated/${c.year}`, expect: [401, 401, 401, 403, 403, 200, 200, 200, 200] },
  { method: 'GET', path: () => '/audit', expect: [401, 401, 401, 403, 403, 403, 200, 403, 403] },
  { method: 'GET', path: (c) => `/templates/${c.year}/workbook.xlsx`, expect: [401, 401, 401, 200, 200, 200, 200, 200, 200] },
  { method: 'GET', path: (c) => `/consolidated/${c.year}/workbook.xlsx`, expect: [401, 401, 401, 403, 403, 200, 200, 200, 200] },
  { method: 'GET', path: (c) => `/export/${c.year}`, expect: [401, 401, 401, 403, 403, 403, 200, 403, 403] },
  {
    method: 'POST',
    path: () => '/import',
    raw: () => ({ body: `${JSON.stringify({ type: 'archive', version: 1, year: 2000 + (importYear++ % 90), exportedAt: '2026-01-01T00:00:00Z' })}\n`, type: 'application/x-ndjson' }),
    expect: [401, 401, 401, 403, 403, 403, 200, 403, 403],
  },
];

let ctx: Ctx;
/** Each admin import gets a year of its own (an import refuses a year that has submissions). */
let importYear = 0;
const tokenOf = (c: Ctx, who: Caller): string | null =>
  ({
    none: null,
    bad: 'qt_not-a-real-token-at-all',
    revoked: c.revoked,
    clerk: c.clerkWomen,
    otherClerk: c.clerkUnion,
    statistician: c.statistician,
    admin: 'test-admin-token-0123456789abcdef',
    scopedIn: c.scopedIn,
    scopedOut: c.scopedOut,
  })[who];

beforeAll(async () => {
  const city = await makeCity(2024);
  const first = await call('/submissions', { token: city.clerkWomen, body: { year: 2024, unit: city.women, template: 'awards', rows: [] } });
  const area = (await call(`/units/${city.women}`, { method: 'PATCH', body: {} })).body.area as string;
  const otherArea = uniq('OT');
  expect((await call('/areas', { body: { code: otherArea, name: `其他区${otherArea}`, parent: 'CITY' } })).status).toBe(201);
  const scoped = async (a: string) => (await call('/tokens', { body: { role: 'statistician', area: a } })).body.token as string;
  ctx = { ...city, submission: first.body.id, area, otherArea, scopedIn: await scoped(area), scopedOut: await scoped(otherArea) };
});

describe('authorization matrix', () => {
  for (const e of MATRIX) {
    it(`${e.method} ${e.path({ women: 'W', year: 2024, submission: 'ID' } as Ctx)}`, async () => {
      const got = [];
      for (const who of CALLERS) {
        const raw = e.raw?.(ctx);
        const res = await call(e.path(ctx), {
          method: e.method,
          token: tokenOf(ctx, who),
          ...(e.body ? { body: e.body(ctx) } : {}),
          ...(raw ? { raw: raw.body, headers: { 'content-type': raw.type } } : {}),
        });
        got.push(res.status);
        if (res.status >= 400) expect(res.body.error.code, `${who}`).toMatch(/^(unauthorized|forbidden|not_found)$/);
      }
      expect(got).toEqual(e.expect);
    });
  }

  it('DELETE /tokens/{id} and POST /submissions/{id}/review', async () => {
    const got = [];
    for (const who of CALLERS) {
      const t = await createToken('statistician');
      got.push((await call(`/tokens/${t.id}`, { method: 'DELETE', token: tokenOf(ctx, who) })).status);
    }
    expect(got).toEqual([401, 401, 401, 403, 403, 403, 204, 403, 403]);
    const reviews = [];
    for (const who of CALLERS) {
      const current = await call('/submissions', { token: ctx.clerkWomen, body: { year: 2024, unit: ctx.women, template: 'awards', rows: [award(ctx)] } });
      reviews.push((await call(`/submissions/${current.body.id}/review`, { token: tokenOf(ctx, who), body: { action: 'accept' } })).status);
    }
    expect(reviews).toEqual([401, 401, 401, 403, 403, 200, 200, 200, 403]);
  });
});
