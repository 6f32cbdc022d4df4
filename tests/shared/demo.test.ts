import { describe, expect, it } from 'vitest';
import { EDITIONS, validate } from '../../shared/index.ts';
import { demoReport, demoUnits, rng } from '../../scripts/demo.ts';

/** The 2024 edition: the one these years (up to 2025) use. */
const E2024 = EDITIONS['2024'];

describe('the demo city', () => {
  it('has every org type in every district, a 妇联 in each 社区, with valid codes', () => {
    const units = demoUnits();
    expect(units).toHaveLength(39);
    expect(new Set(units.map((u) => u.code)).size).toBe(39);
    for (const d of new Set(units.map((u) => u.district))) expect(units.filter((u) => u.district === d && !u.area)).toHaveLength(9);
    for (const u of units) expect(u.code).toMatch(/^[A-Za-z0-9_-]{1,32}$/);
  });

  it('reports two consecutive years that pass every check, with no warning', () => {
    const random = rng(7);
    for (const u of [...demoUnits(), ...demoUnits(200)]) {
      const last = demoReport(u, 2024, random);
      const now = demoReport(u, 2025, random, last);
      for (const [year, report, previous] of [[2024, last, undefined], [2025, now, last]] as const) {
        for (const t of E2024.templates) {
          expect(validate(t.id, report[t.id]!, { year, org: u.org, previous, others: report }), `${u.code} ${year} ${t.id}`).toEqual([]);
        }
      }
    }
  });
});
