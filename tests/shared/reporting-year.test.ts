/**
 * The reporting year's arithmetic, without a database: the comparable 上年,
 * 汇总单位数, rates' change in 百分点, yes/no fields counted, scope, and every
 * trace adding up exactly to its figure — for hand-built and random cities.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EDITIONS, columnsOf, consolidate, consolidatedLayout, jcs, progress, rowIdOf, trace, TraceError, type Basis, type Consolidated, type SheetKey, type Unit, type UnitData, AreaTree, ROOT_AREA } from '../../shared/index.ts';
import { unitData } from '../../bench/synthetic.ts';
import { city, type CityUnit } from './arbitraries.ts';
import { members, report } from './fixtures.ts';

/** The 2024 edition: the one these years (up to 2025) use. */
const E2024 = EDITIONS['2024'];

const YEAR = 2025;

/** Two 区县 under the city; units are spread over them and the city itself. */
const TREE = new AreaTree(
  [
    { code: 'XB', name: '兴宾区', parent: ROOT_AREA, level: 1, districtCode: '451302' },
    { code: 'XZ', name: '象州县', parent: ROOT_AREA, level: 1, districtCode: '451322' },
  ],
  '合山市',
);
const AREAS = [ROOT_AREA, 'XB', 'XZ'];

function basisOf(units: CityUnit[], area = ROOT_AREA): Basis {
  const roster: Unit[] = units
    .filter((u) => u.inRoster)
    .map((u, i) => ({ code: u.code, name: `${u.code}单位`, org: u.org, district: '兴宾区', districtCode: null, active: true, area: AREAS[i % 3]! }));
  const data = (pick: (u: CityUnit) => CityUnit['now']) => new Map<string, UnitData>(units.map((u) => [u.code, unitData(u.code, u.org, pick(u))]));
  return { year: YEAR, units: roster, current: data((u) => u.now), previous: data((u) => u.last), previousPublished: null, tree: TREE, area };
}

function consolidated(b: Basis): Consolidated {
  const p = progress({ year: YEAR, deadline: null, units: b.units, latest: [], today: '2026-01-01', tree: b.tree, area: b.area });
  return consolidate({ ...b, generatedAt: '2026-01-01T00:00:00.000Z', progress: p, published: null });
}

const rowId = rowIdOf;

const cents = (v: number | null) => (v === null ? null : Math.round(v * 100));

describe('the comparable basis (同口径)', () => {
  it("compares a partial total with last year's figures of the same units only, and says how many", () => {
    const units: CityUnit[] = ['A', 'B', 'C', 'D'].map((k, i) => ({
      code: `W${k}`,
      org: 'women',
      inRoster: true,
      now: i === 0 ? { members: [members('women')] } : {},
      last: { members: [{ ...members('women'), members_total: 1000 * (i + 1), members_prev: 1000 * (i + 1) + 1200 - 2500 }] },
    }));
    const c = consolidated(basisOf(units));
    const sub = c.sheets.members.rows.find((r) => r.kind === 'subtotal')!;
    if (sub.kind !== 'subtotal') throw new Error('no subtotal');
    // One 妇联 of four reported: its own last year (1000), not all four's (10000).
    expect(sub.previous.members_total).toBe(1000);
    expect(sub.coverage).toEqual({ reported: 1, expected: 4 });
  });

  it('prints 汇总单位数 in a cell of its own, the comparable 上年 with how many units it holds, and how the change is stated', () => {
    const units: CityUnit[] = ['A', 'B'].map((k, i) => ({ code: `W${k}`, org: 'women', inRoster: true, now: i === 0 ? { members: [members('women')] } : {}, last: { members: [members('women')] } }));
    const grid = consolidatedLayout(consolidated(basisOf(units)))[0]!.grid;
    const col = grid.find((r) => r[0] === '单位名称')!.indexOf('汇总单位数');
    const sub = grid.find((r) => r[0] === '妇联小计')!;
    expect([sub[0], sub[col]]).toEqual(['妇联小计', '汇总单位 1/2']);
    expect(grid.map((r) => r[0])).toContain('　上年（同口径，1 个单位）');
    expect(grid.map((r) => r[0])).toContain('　增减（%；比率列为百分点）');
  });

  it('gives 表2 and the 培训类别 table the same 上年 for a city with new and gone units; scope lists them', () => {
    const r = report('women');
    const units: CityUnit[] = [
      { code: 'OLD', org: 'women', inRoster: true, now: { trainings: r.trainings }, last: { trainings: r.trainings.slice(0, 1) } },
      { code: 'NEW', org: 'union', inRoster: true, now: { trainings: r.trainings }, last: {} },
      { code: 'GONE', org: 'youth', inRoster: false, now: {}, last: { trainings: r.trainings } },
    ];
    const c = consolidated(basisOf(units));
    const total = c.sheets.trainings.rows.at(-1)!;
    const byCat = c.sheets.trainingsByCategory.rows.at(-1)!;
    if (total.kind !== 'total' || byCat.kind !== 'total') throw new Error('no total');
    expect(byCat.previous).toEqual(Object.fromEntries(Object.entries(total.previous).filter(([k]) => k in byCat.previous)));
    expect(total.previous.trainees).toBe(r.trainings[0]!.trainees);
    expect(c.scope).toEqual({ newUnits: ['NEW'], goneUnits: ['GONE'] });
  });

  it("states a rate's change in 百分点: 44.24 → 52.76 is 8.52", () => {
    const m = (covered: number) => ({ ...members('union'), units_required: 10000, units_covered: covered });
    const units: CityUnit[] = [{ code: 'U1', org: 'union', inRoster: true, now: { members: [m(5276)] }, last: { members: [m(4424)] } }];
    const c = consolidated(basisOf(units));
    const total = c.sheets.members.rows.at(-1)!;
    if (total.kind !== 'total') throw new Error('no total');
    expect([total.previous.coverage_rate, total.values.coverage_rate, total.change.coverage_rate]).toEqual([44.24, 52.76, 8.52]);
    expect(c.sheets.members.columns.find((x) => x.key === 'coverage_rate')!.changeUnit).toBe('百分点');
    expect(c.sheets.members.columns.find((x) => x.key === 'members_total')!.changeUnit).toBe('%');
  });

  it('counts the units that answered 是 to 本年是否换届 (换届单位数), on unit rows, subtotals and the total', () => {
    const units: CityUnit[] = [true, false, true].map((held, i) => ({ code: `E${i}`, org: 'women', inRoster: true, now: { members: [{ ...members('women'), elections_held: held }] }, last: {} }));
    const c = consolidated(basisOf(units));
    const col = c.sheets.members.columns.find((x) => x.key === 'elections_held')!;
    expect([col.label, col.unit]).toEqual(['换届单位数', '个']);
    expect(c.sheets.members.rows.filter((r) => r.kind === 'unit').map((r) => r.values.elections_held)).toEqual([1, 0, 1]);
    expect(c.sheets.members.rows.at(-1)!.values.elections_held).toBe(2);
  });

  it('refuses to trace a row the sheet does not have, or a key it does not show', () => {
    const b = basisOf([{ code: 'U1', org: 'union', inRoster: true, now: { members: [members('union')] }, last: {} }]);
    expect(() => trace(b, 'members', 'members_total', 'subtotal:women')).toThrow(TraceError);
    expect(() => trace(b, 'members', 'members_total', 'category:domestic')).toThrow(TraceError);
    expect(() => trace(b, 'members', 'no_such_key', 'total')).toThrow(TraceError);
    expect(() => trace(b, 'trainingsByCategory', 'cost', 'unit:U1')).toThrow(TraceError);
    expect(trace(b, 'members', 'members_total', 'unit:U1').value).toBe(members('union').members_total);
  });
});

describe('property: every figure is traced exactly', () => {
  it('for random cities, every trace of every sheet, key and row adds up to the consolidated figure, with the same 上年', () => {
    fc.assert(
      fc.property(city(YEAR), (units) => {
        const b = basisOf(units);
        if (!b.units.length) return;
        const c = consolidated(b);
        for (const key of E2024.sheetKeys as readonly SheetKey[]) {
          const sheet = c.sheets[key]!;
          for (const row of sheet.rows) {
            for (const col of columnsOf(E2024, key)) {
              const t = trace(b, key, col.key, rowId(row));
              expect(t.value, `${key} ${rowId(row)} ${col.key}`).toBe(row.values[col.key]);
              if ('contributions' in t) {
                const sum = t.contributions.reduce((a, x) => a + cents(x.value)!, 0);
                expect(t.contributions.length ? sum : null).toBe(cents(t.value));
                if (row.kind !== 'unit') expect(t.previous.value).toBe(row.previous[col.key]);
                // Contributions are exactly the counted revisions in scope with a value.
                expect(new Set(t.contributions.map((x) => x.unit)).size).toBe(t.contributions.length);
              } else {
                expect(cents(t.numerator.value)).toBe(t.numerator.contributions.length ? t.numerator.contributions.reduce((a, x) => a + cents(x.value)!, 0) : null);
                if (row.kind !== 'unit') expect(t.previous.value).toBe(row.previous[col.key]);
              }
            }
          }
          // Subtotals add up to the total exactly, in every non-derived column.
          const total = sheet.rows.at(-1)!;
          for (const col of sheet.columns.filter((x) => !x.derived)) {
            const subs = sheet.rows.filter((r) => r.kind === 'subtotal' || r.kind === 'category');
            if (!subs.length) continue;
            const s = subs.reduce((a, r) => a + (cents(r.values[col.key] ?? null) ?? 0), 0);
            expect(s, `${key}.${col.key}`).toBe(cents(total.values[col.key] ?? null) ?? 0);
          }
        }
      }),
      { numRuns: 60 },
    );
  });

  it('serializes with JCS: members sorted by UTF-16 code units, numbers as ECMAScript writes them, undefined left out', () => {
    expect(jcs({ b: 1, a: [1.5, null, 'x'], c: undefined, é: -0, '\u00e9a': 1e21 })).toBe('{"a":[1.5,null,"x"],"b":1,"é":0,"éa":1e+21}');
    expect(() => jcs({ x: Number.NaN })).toThrow();
  });
});
