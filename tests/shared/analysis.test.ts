/**
 * The statistician's desk without a database (analysis.md): the robust
 * outlier scan on hand-built cities where the answer is known, and the
 * report's figures against the consolidation for random cities.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AreaTree,
  consolidate,
  figureText,
  median,
  outliers,
  progress,
  REPORT_PHRASES,
  reportFigures,
  ROOT_AREA,
  trace,
  TraceError,
  type Basis,
  type Consolidated,
  type OrgKey,
  type Row,
  type SheetKey,
  type Unit,
  type UnitData,
} from '../../shared/index.ts';
import { unitData } from '../../bench/synthetic.ts';
import { city, type CityUnit } from './arbitraries.ts';
import { trainings } from './fixtures.ts';

const YEAR = 2025;
const TREE = new AreaTree(
  [
    { code: 'XB', name: '兴宾区', parent: ROOT_AREA, level: 1, districtCode: '451302' },
    { code: 'XZ', name: '象州县', parent: ROOT_AREA, level: 1, districtCode: '451322' },
  ],
  '合山市',
);

interface Spec {
  code: string;
  org: OrgKey;
  area?: string;
  report: Partial<Record<'members' | 'trainings' | 'awards' | 'funding', Row[]>>;
}

function basisOf(specs: Spec[], area = ROOT_AREA): Basis {
  const units: Unit[] = specs.map((s) => ({ code: s.code, name: `${s.code}单位`, org: s.org, district: '兴宾区', districtCode: null, active: true, area: s.area ?? 'XB' }));
  return {
    year: YEAR,
    units,
    current: new Map<string, UnitData>(specs.map((s) => [s.code, unitData(s.code, s.org, s.report)])),
    previous: new Map(),
    previousPublished: null,
    tree: TREE,
    area,
  };
}

/** One training line of `trainees` 人次 costing `cost` 万元. */
const training = (trainees: number, cost: number): Row[] => [{ ...trainings()[1]!, trainees, trainees_female: 0, trainees_rural: 0, certified: 0, placed: 0, cost }];

/** Cost per trainee (万元/人次) of 7 妇联: 0.01 × (1, 1.1, 0.9, 1, 1.2, 0.8) and one 10×. */
const COSTS = [10, 11, 9, 10, 12, 8, 100];
const women = (costs: number[], area = (_i: number) => 'XB'): Spec[] =>
  costs.map((cost, i) => ({ code: `W${i}`, org: 'women', area: area(i), report: { trainings: training(1000, cost) } }));

describe('数据质量: the outlier scan', () => {
  it('takes the mean of the two middle values as the median of an even count', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([5, 1, 3])).toBe(3);
  });

  it('flags the unit with 10× the training cost per trainee of its peers, with its score, value, median and message', () => {
    // ln r: m = ln 0.01, MAD = ln(1/0.9) = 0.10536; (ln 0.1 − ln 0.01) ÷ (1.4826 × 0.10536) = 14.74.
    const found = outliers(basisOf(women(COSTS)));
    expect(found).toEqual([
      { unit: 'W6', name: 'W6单位', org: 'women', ratio: 'cost_per_trainee', value: 0.1, median: 0.01, score: 14.74, message: '人均培训经费 0.1000 万元/人次，为同类单位中位数的 10.0 倍', submissionId: 'W6/trainings/1' },
    ]);
  });

  it('flags on either side: a unit at a tenth of its peers scores negative', () => {
    const found = outliers(basisOf(women([10, 11, 9, 10, 12, 8, 1])));
    expect(found.map((o) => [o.unit, o.ratio, Math.sign(o.score)])).toEqual([['W6', 'cost_per_trainee', -1]]);
  });

  it('flags nothing of an org type with fewer than 5 peers, however wild', () => {
    expect(outliers(basisOf(women([10, 11, 9, 100])))).toEqual([]);
  });

  it('skips units whose numerator or denominator is zero or missing: they are not peers', () => {
    // Four usable peers and a 10× one make five: flagged.
    const five = women([10, 11, 9, 12, 100]);
    expect(outliers(basisOf(five)).map((o) => o.unit)).toEqual(['W4']);
    // A unit with no trainees, one with no cost, one that did not report 表2: still too few peers, nothing flagged, nothing thrown.
    const withGaps: Spec[] = [
      ...women([10, 11, 9, 100]),
      { code: 'Z1', org: 'women', report: { trainings: training(0, 5) } },
      { code: 'Z2', org: 'women', report: { trainings: training(1000, 0) } },
      { code: 'Z3', org: 'women', report: {} },
    ];
    expect(outliers(basisOf(withGaps))).toEqual([]);
  });

  it('flags nothing when most peers are alike (MAD 0)', () => {
    expect(outliers(basisOf(women([10, 10, 10, 10, 10, 100])))).toEqual([]);
  });

  it('compares with peers city-wide, then keeps the units in the area asked for', () => {
    const inXZ = (i: number) => (i === 6 ? 'XZ' : 'XB');
    const city = outliers(basisOf(women(COSTS, inXZ)));
    expect(city.map((o) => [o.unit, o.score])).toEqual([['W6', 14.74]]);
    // 兴宾区 alone has six alike peers: the city's comparison still stands, and its outlier is not 兴宾区's.
    expect(outliers(basisOf(women(COSTS, inXZ), 'XB'))).toEqual([]);
    expect(outliers(basisOf(women(COSTS, inXZ), 'XZ'))).toEqual(city);
  });

  it('keeps org types apart: a 工会 is not a 妇联 peer', () => {
    const mixed: Spec[] = [...women([10, 11, 9, 10, 12]), { code: 'U1', org: 'union', report: { trainings: training(1000, 100) } }];
    expect(outliers(basisOf(mixed))).toEqual([]);
  });
});

function consolidated(b: Basis): Consolidated {
  const p = progress({ year: YEAR, deadline: null, units: b.units, latest: [], today: '2026-01-01', tree: b.tree, area: b.area });
  return consolidate({ ...b, generatedAt: '2026-01-01T00:00:00.000Z', progress: p, published: null });
}

/** A figure as trace explains it; null for a row the area does not have. */
function traced(b: Basis, ref: string): number | null {
  const [, sheet, key, row] = /^([A-Za-z]+)\.([a-z_]+)@(.+)$/.exec(ref)!;
  try {
    return trace(b, sheet as SheetKey, key!, row!).value;
  } catch (e) {
    if (e instanceof TraceError) return null;
    throw e;
  }
}

function randomBasis(units: CityUnit[], area: string): Basis {
  const areas = [ROOT_AREA, 'XB', 'XZ'];
  const roster: Unit[] = units
    .filter((u) => u.inRoster)
    .map((u, i) => ({ code: u.code, name: `${u.code}单位`, org: u.org, district: '兴宾区', districtCode: null, active: true, area: areas[i % 3]! }));
  const data = (pick: (u: CityUnit) => CityUnit['now']) => new Map<string, UnitData>(units.map((u) => [u.code, unitData(u.code, u.org, pick(u))]));
  return { year: YEAR, units: roster, current: data((u) => u.now), previous: data((u) => u.last), previousPublished: null, tree: TREE, area };
}

describe('报告用数', () => {
  it('writes integers as plain digits, money with 2 decimals, a missing figure as —', () => {
    expect(figureText(1234567, '人')).toBe('1234567');
    expect(figureText(0, '个')).toBe('0');
    expect(figureText(120.5, '万元')).toBe('120.50');
    expect(figureText(1234567.05, '万元')).toBe('1234567.05');
    expect(figureText(null, '人')).toBe('—');
  });

  it('fills every phrase of the catalog, names the scope, and marks a row the area does not have', () => {
    const specs: Spec[] = [{ code: 'W1', org: 'women', report: { trainings: trainings() } }];
    const city = reportFigures(consolidated(basisOf(specs)));
    expect(city.phrases.map((p) => p.id)).toEqual(REPORT_PHRASES.map((p) => p.id));
    const women = city.phrases.find((p) => p.id === 'women')!;
    expect(women.text).toBe('妇联系统举办培训20期，培训1180人次，420人实现就业创业，带动增收155.75万元。');
    expect(women.figures).toEqual([
      { ref: 'trainings.sessions@subtotal:women', value: 20, unit: '期', source: '表2 培训 · 妇联小计 · 举办期数' },
      { ref: 'trainings.trainees@subtotal:women', value: 1180, unit: '人次', source: '表2 培训 · 妇联小计 · 培训人次' },
      { ref: 'trainings.placed@subtotal:women', value: 420, unit: '人', source: '表2 培训 · 妇联小计 · 培训后实现就业创业人数' },
      { ref: 'trainings.income_gain@subtotal:women', value: 155.75, unit: '万元', source: '表2 培训 · 妇联小计 · 带动增收' },
    ]);
    // No 工会 reported: its subtotal row is not there, and nothing is made up.
    const union = city.phrases.find((p) => p.id === 'union')!;
    expect(union.text.startsWith('全市工会组织—个')).toBe(true);
    expect(union.figures.every((f) => f.value === null)).toBe(true);
    expect(reportFigures(consolidated(basisOf(specs, 'XB'))).phrases[0]!.text.startsWith('兴宾区共有')).toBe(true);
  });

  it('property: for random cities and areas, every figure is exactly the figure trace explains for its ref, and the text shows it', () => {
    fc.assert(
      fc.property(city(YEAR), fc.constantFrom(ROOT_AREA, 'XB', 'XZ'), (units, area) => {
        const b = randomBasis(units, area);
        if (!b.units.length) return;
        const { phrases } = reportFigures(consolidated(b));
        for (const p of phrases) {
          let at = 0;
          for (const f of p.figures) {
            expect(f.value, `${p.id} ${f.ref}`).toBe(traced(b, f.ref));
            // Each figure appears in the sentence, in order, as the report prints it.
            const text = figureText(f.value, f.unit);
            const i = p.text.indexOf(text, at);
            expect(i, `${p.id} ${f.ref} ${text}`).toBeGreaterThanOrEqual(0);
            at = i + text.length;
          }
          expect(p.text).not.toMatch(/[{}]/);
        }
      }),
      { numRuns: 80 },
    );
  });
});
