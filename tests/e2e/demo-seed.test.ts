/**
 * The demo city `npm start` seeds, in a `wrangler dev` of its own (the seed
 * closes 2024, which other files of this run still use): last year closed
 * and published, this year partly reported and reviewed, 2026 open under the
 * 2026 edition with a few units reporting all five templates; the printed
 * tokens work for who they say.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, startDev, type Dev } from '../../scripts/dev-server.ts';
import { DEMO_CLERK_UNIT, EDITION_YEAR, LAST_YEAR, seed, THIS_YEAR, type SeedResult } from '../../scripts/seed.ts';

let dev: Dev;
let tokens: SeedResult;

const get = async (path: string, token = ADMIN) => {
  const res = await fetch(`${dev.base}/api/v1${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, body: (await res.json()) as any };
};

beforeAll(async () => {
  dev = await startDev();
  tokens = await seed(dev.base, ADMIN);
}, 240_000);

afterAll(() => dev?.stop());

describe('the demo city', () => {
  it('has last year published, this year under way, and 2026 begun under the 2026 edition', async () => {
    const periods = (await get('/periods')).body.periods as { year: number; status: string; edition: string }[];
    expect(periods.map((p) => [p.year, p.status, p.edition])).toEqual([
      [EDITION_YEAR, 'open', '2026'],
      [THIS_YEAR, 'open', '2024'],
      [LAST_YEAR, 'closed', '2024'],
    ]);
    expect((await get(`/consolidated/${LAST_YEAR}`)).body.published.version).toBe(1);
    const now = (await get(`/progress/${THIS_YEAR}`)).body;
    expect(now.summary.missing).toBeGreaterThan(0);
    expect(now.summary.accepted).toBeGreaterThan(0);
    expect(now.summary.returned).toBe(1);
  });

  it('has a few units with all five templates of 2026, 表5 consolidated', async () => {
    const p = (await get(`/progress/${EDITION_YEAR}`)).body;
    const complete = p.units.filter((u: { templates: Record<string, { status: string }> }) => Object.values(u.templates).every((t) => t.status !== 'missing'));
    expect(complete).toHaveLength(5);
    for (const u of complete) expect(Object.keys(u.templates)).toEqual(['members', 'trainings', 'awards', 'funding', 'services']);
    const c = (await get(`/consolidated/${EDITION_YEAR}`)).body;
    expect(c.edition).toBe('2026');
    expect(c.sheets.services.rows.at(-1).values.people).toBeGreaterThan(0);
  });

  it('prints tokens that are who they say', async () => {
    expect((await get('/me', tokens.statistician)).body).toMatchObject({ role: 'statistician', area: null });
    expect((await get('/me', tokens.district.token)).body.area).toMatchObject({ code: tokens.district.area, name: tokens.district.name });
    expect((await get('/me', tokens.clerk.token)).body.unit.code).toBe(DEMO_CLERK_UNIT);
  });
});
