/**
 * Figures by area (areas.md), without a database: for random trees and
 * cities, the area rows (with 本级) and the org-type subtotals each add up to
 * the total exactly, and an area's figure is its children's plus its own
 * units'; progress by area counts cells and rates as specified.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EDITIONS, AreaTree, consolidate, progress, ROOT_AREA, type Area, type Basis, type Consolidated, type Latest, type SheetKey, type Unit, type UnitData } from '../../shared/index.ts';
import { unitData } from '../../bench/synthetic.ts';
import { city } from './arbitraries.ts';
import { members } from './fixtures.ts';

/** The 2024 edition: the one these years (up to 2025) use. */
const E2024 = EDITIONS['2024'];

const YEAR = 2025;
const cents = (v: number | null | undefined) => (v === null || v === undefined ? 0 : Math.round(v * 100));

/** A random tree below the city: up to 3 levels, a few children each. */
const tree = fc.array(fc.nat({ max: 5 }), { minLength: 0, maxLength: 9 }).map((parents) => {
  const areas: Area[] = [];
  parents.forEach((p, i) => {
    const parent = p === 0 || areas.length === 0 ? null : areas[(p - 1) % areas.length]!;
    const level = parent ? parent.level + 1 : 1;
    if (level > 3) return;
    areas.push({ code: `A${i}`, name: `区域${i}`, parent: parent?.code ?? ROOT_AREA, level, districtCode: i % 2 ? `45${i}` : null });
  });
  return new AreaTree(areas, '合山市');
});

const world = fc.tuple(tree, city(YEAR), fc.array(fc.nat(), { minLength: 10, maxLength: 10 })).map(([t, units, picks]) => {
  const codes = t.all().map((a) => a.code);
  const roster: Unit[] = units
    .filter((u) => u.inRoster)
    .map((u, i) => ({ code: u.code, name: `${u.code}单位`, org: u.org, district: '', districtCode: null, active: true, area: codes[picks[i % picks.length]! % codes.length]! }));
  const data = (pick: (u: (typeof units)[number]) => Partial<Record<'members' | 'trainings' | 'awards' | 'funding', unknown[]>>) =>
    new Map<string, UnitData>(units.map((u) => [u.code, unitData(u.code, u.org, pick(u) as never)]));
  return { tree: t, roster, current: data((u) => u.now), previous: data((u) => u.last) };
});

function consolidated(w: { tree: AreaTree; roster: Unit[]; current: Map<string, UnitData>; previous: Map<string, UnitData> }, area: string): Consolidated {
  const basis: Basis = { year: YEAR, units: w.roster, current: w.current, previous: w.previous, previousPublished: null, tree: w.tree, area };
  const p = progress({ year: YEAR, deadline: null, units: w.roster, latest: [], today: '2026-01-01', tree: w.tree, area });
  return consolidate({ ...basis, generatedAt: '2026-01-01T00:00:00.000Z', progress: p, published: null });
}

describe('property: figures by area add up', () => {
  it('area rows with 本级, and org subtotals, each add up to the total; an area equals its children plus its own units', () => {
    fc.assert(
      fc.property(world, fc.nat(), (w, pick) => {
        const areas = w.tree.all();
        const area = areas[pick % areas.length]!.code;
        const c = consolidated(w, area);
        for (const key of E2024.sheetKeys.filter((k) => k !== 'trainingsByCategory') as SheetKey[]) {
          const sheet = c.sheets[key]!;
          const total = sheet.rows.at(-1)!;
          const areaRows = sheet.rows.filter((r) => r.kind === 'area');
          // One row per child area, empty ones included, then 本级 when units sit on the area itself.
          expect(areaRows.filter((r) => r.kind === 'area' && !r.local).map((r) => r.kind === 'area' && r.area)).toEqual(w.tree.children(area).map((a) => a.code));
          for (const col of sheet.columns.filter((x) => !x.derived)) {
            const sum = (rows: typeof sheet.rows) => rows.reduce((a, r) => a + cents(r.values[col.key]), 0);
            expect(sum(areaRows), `${key}.${col.key} areas`).toBe(cents(total.values[col.key]));
            expect(sum(sheet.rows.filter((r) => r.kind === 'subtotal')), `${key}.${col.key} orgs`).toBe(cents(total.values[col.key]));
            // The same figure from each child's own consolidation, plus the 本级 row.
            const children = w.tree.children(area).reduce((a, ch) => a + cents(consolidated(w, ch.code).sheets[key]!.rows.at(-1)!.values[col.key]), 0);
            const local = areaRows.find((r) => r.kind === 'area' && r.local);
            expect(children + cents(local?.values[col.key]), `${key}.${col.key} children`).toBe(cents(total.values[col.key]));
          }
          for (const r of areaRows) if (r.kind === 'area') expect(r.coverage.expected).toBeGreaterThanOrEqual(r.coverage.reported);
        }
        // 分区汇总: each cell of the table and its totals agree with the sheets' area rows.
        const members = c.sheets.members.rows;
        for (const row of c.byArea.rows) {
          const sheetRow = row.total ? members.at(-1)! : members.find((r) => r.kind === 'area' && r.area === row.area && !!r.local === !!row.local)!;
          expect(row.cells.members_total!.total).toBe(sheetRow.values.members_total);
          const byOrg = Object.entries(row.cells.members_total!).filter(([k]) => k !== 'total');
          expect(byOrg.reduce((a, [, v]) => a + cents(v), 0)).toBe(cents(row.cells.members_total!.total));
        }
      }),
      { numRuns: 40 },
    );
  });
});

describe('an area', () => {
  const t = new AreaTree(
    [
      { code: 'XB', name: '兴宾区', parent: ROOT_AREA, level: 1, districtCode: '451302' },
      { code: 'XB-CN', name: '城北街道', parent: 'XB', level: 2, districtCode: null },
      { code: 'XZ', name: '象州县', parent: ROOT_AREA, level: 1, districtCode: '451322' },
    ],
    '合山市',
  );
  const unit = (code: string, area: string): Unit => ({ code, name: `${code}妇联`, org: 'women', district: '', districtCode: null, active: true, area });
  const roster = [unit('CITY-W', ROOT_AREA), unit('XB-W', 'XB'), unit('CN-W', 'XB-CN'), unit('XZ-W', 'XZ')];
  const current = new Map(roster.map((u) => [u.code, unitData(u.code, 'women', { members: [members('women')] })]));

  it('is titled with its name, totals as <name>合计, and lists its children and 本级', () => {
    const c = consolidated({ tree: t, roster, current, previous: new Map() }, 'XB');
    expect(c.sheets.members.title).toBe(`${YEAR}年组织与会员情况（兴宾区汇总）`);
    expect(c.area).toMatchObject({ code: 'XB', name: '兴宾区', level: 1 });
    const rows = c.sheets.members.rows.filter((r) => r.kind !== 'unit');
    expect(rows.map((r) => r.label)).toEqual(['妇联小计', '城北街道合计', '兴宾区本级', '兴宾区合计']);
    expect(c.sheets.members.rows.filter((r) => r.kind === 'unit').map((r) => r.kind === 'unit' && r.unit)).toEqual(['CN-W', 'XB-W']);
    const city = consolidated({ tree: t, roster, current, previous: new Map() }, ROOT_AREA);
    expect(city.sheets.members.rows.filter((r) => r.kind === 'area').map((r) => r.label)).toEqual(['兴宾区合计', '象州县合计', '合山市本级']);
    expect(city.sheets.members.rows.at(-1)!.label).toBe('全市合计');
  });

  it('counts progress by child area: report rate, and the rate reported on time (before the deadline day ends in China)', () => {
    const latest: Latest[] = [
      // 兴宾区: XB-W reported members on the deadline day (China time) and funding a day late; CN-W nothing.
      { unit: 'XB-W', template: 'members', revision: 1, status: 'submitted', createdAt: '2026-03-31T15:59:59.000Z', comment: null },
      { unit: 'XB-W', template: 'funding', revision: 2, status: 'submitted', createdAt: '2026-04-02T00:00:00.000Z', firstAt: '2026-03-31T16:00:00.000Z', comment: null },
      { unit: 'XZ-W', template: 'members', revision: 1, status: 'accepted', createdAt: '2026-01-05T00:00:00.000Z', comment: null },
    ];
    const p = progress({ year: YEAR, deadline: '2026-03-31', units: roster, latest, today: '2026-05-01', tree: t, area: ROOT_AREA });
    expect(p.area.code).toBe(ROOT_AREA);
    expect(p.areas).toEqual([
      { area: 'XB', name: '兴宾区', expected: 8, missing: 6, submitted: 2, returned: 0, accepted: 0, reportRate: 25, onTimeRate: 12.5 },
      { area: 'XZ', name: '象州县', expected: 4, missing: 3, submitted: 0, returned: 0, accepted: 1, reportRate: 25, onTimeRate: 25 },
    ]);
    expect(progress({ year: YEAR, deadline: null, units: roster, latest, today: '2026-05-01', tree: t, area: 'XB' }).areas).toEqual([
      { area: 'XB-CN', name: '城北街道', expected: 4, missing: 4, submitted: 0, returned: 0, accepted: 0, reportRate: 0, onTimeRate: null },
    ]);
    expect(progress({ year: YEAR, deadline: null, units: roster, latest, today: '2026-05-01', tree: t, area: 'XB-CN' }).areas).toEqual([]);
  });
});
