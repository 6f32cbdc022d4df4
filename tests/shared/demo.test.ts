import { describe, expect, it } from 'vitest';
import { editionForYear, validate } from '../../shared/index.ts';
import { demoReport, demoUnits, rng } from '../../scripts/demo.ts';


describe('the demo city', () => {
  it('has every org type in every district, a 妇联 in each 社区, with valid codes', () => {
    const units = demoUnits();
    expect(units).toHaveLength(39);
    expect(new Set(units.map((u) => u.code)).size).toBe(39);
    for (const d of new Set(units.map((u) => u.district))) expect(units.filter((u) => u.district === d && !u.area)).toHaveLength(9);
    for (const u of units) expect(u.code).toMatch(/^[A-Za-z0-9_-]{1,32}$/);
  });

  it('reports consecutive years that pass every check, with no warning — across the 2026 edition, 表5 included', () => {
    const random = rng(7);
    for (const u of [...demoUnits(), ...demoUnits(200)]) {
      const y2024 = demoReport(u, 2024, random);
      const y2025 = demoReport(u, 2025, random, y2024);
      const y2026 = demoReport(u, 2026, random, y2025);
      for (const [year, report, previous] of [[2024, y2024, undefined], [2025, y2025, y2024], [2026, y2026, y2025]] as const) {
        const edition = editionForYear(year);
        expect(Object.keys(report).sort(), `${u.code} ${year}`).toEqual([...edition.ids].sort());
        for (const t of edition.templates) {
          expect(validate(t.id, report[t.id]!, { year, org: u.org, previous, others: report }), `${u.code} ${year} ${t.id}`).toEqual([]);
        }
      }
    }
  });
});
