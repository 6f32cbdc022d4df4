/**
 * The statistician's desk through the API (analysis.md): trends over years.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { demoReport, rng } from '../../scripts/demo.ts';
import { ADMIN, call, createUnit, openYear, uploadAll } from './helpers.ts';

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
