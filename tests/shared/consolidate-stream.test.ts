/**
 * The consolidated JSON written one template at a time is, byte for byte,
 * JSON.stringify of the consolidation made whole — for random cities and
 * areas, and for a year of the 2026 edition.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { writeConsolidated, type StreamBasis } from '../../shared/consolidate-stream.ts';
import { AreaTree, consolidate, decodeSums, editionForYear, encodeSums, progress, ROOT_AREA, trace, type Basis, type Template, type Unit, type UnitData } from '../../shared/index.ts';
import { unitData } from '../../bench/synthetic.ts';
import { city, type CityUnit } from './arbitraries.ts';
import { report, report2026 } from './fixtures.ts';

const TREE = new AreaTree(
  [
    { code: 'XB', name: '兴宾区', parent: ROOT_AREA, level: 1, districtCode: '451302' },
    { code: 'CN', name: '城北街道', parent: 'XB', level: 2, districtCode: '451302001' },
    { code: 'XZ', name: '象州县', parent: ROOT_AREA, level: 1, districtCode: '451322' },
  ],
  '合山市',
);
const AREAS = [ROOT_AREA, 'XB', 'CN', 'XZ'];

/** The stream's view of a whole basis: a template's revisions when asked, last year's counted units. */
function streamOf(b: Basis): StreamBasis {
  const only = (m: ReadonlyMap<string, UnitData>, t: Template) => new Map([...m].flatMap(([code, d]) => (d[t.id] ? [[code, { [t.id]: d[t.id]! } as UnitData] as const] : [])));
  const lastYear = new Set([...b.previous].filter(([, d]) => Object.keys(d).length > 0).map(([code]) => code));
  const { current, previous, ...frame } = b;
  return { ...frame, lastYearCounted: () => lastYear, counted: async (t) => ({ current: only(current, t), previous: only(previous, t) }) };
}

async function both(b: Basis) {
  const p = progress({ year: b.year, deadline: null, units: b.units, latest: [], today: '2026-01-01', tree: b.tree, area: b.area });
  const head = { generatedAt: '2026-01-01T00:00:00.000Z', published: null, progress: p };
  const trend = [{ year: b.year, members: 1, trainees: null }];
  const whole = JSON.stringify({ ...consolidate({ ...b, ...head }), trend });
  let written = '';
  await writeConsolidated(streamOf(b), { ...head, progress: () => p }, (t) => void (written += t), async () => ({ trend }));
  return { whole, written };
}

describe('writing the consolidation one template at a time', () => {
  it('property: the same text as the consolidation made whole, for random cities and every area', async () => {
    await fc.assert(
      fc.asyncProperty(city(2025), fc.constantFrom(...AREAS), async (units: CityUnit[], area) => {
        const roster: Unit[] = units
          .filter((u) => u.inRoster)
          .map((u, i) => ({ code: u.code, name: `${u.code}单位`, org: u.org, district: '兴宾区', districtCode: null, active: true, area: AREAS[i % AREAS.length]! }));
        if (!roster.length) return;
        const data = (pick: (u: CityUnit) => CityUnit['now']) => new Map<string, UnitData>(units.map((u) => [u.code, unitData(u.code, u.org, pick(u))]));
        const previousAreas = new Map(units.map((u, i) => [u.code, AREAS[(i + 1) % AREAS.length]!]));
        const b: Basis = { year: 2025, units: roster, current: data((u) => u.now), previous: data((u) => u.last), previousPublished: null, tree: TREE, area, previousAreas };
        const { whole, written } = await both(b);
        expect(written).toBe(whole);
      }),
      { numRuns: 60 },
    );
  });

  it('the same for a year of the 2026 edition, 表5 and its 服务对象 table included', async () => {
    const e = editionForYear(2026);
    const roster: Unit[] = ['W1', 'W2', 'U1'].map((code, i) => ({ code, name: code, org: i < 2 ? 'women' : 'union', district: '兴宾区', districtCode: null, active: true, area: i ? 'XB' : 'CN' }));
    const now = new Map(roster.map((u) => [u.code, unitData(u.code, u.org, report2026(u.org), 1, e)]));
    const last = new Map(roster.slice(1).map((u) => [u.code, unitData(u.code, u.org, report(u.org))]));
    const b: Basis = { year: 2026, units: roster, current: now, previous: last, previousPublished: null, tree: TREE, area: ROOT_AREA };
    const { whole, written } = await both(b);
    expect(JSON.parse(written).edition).toBe('2026');
    expect(Object.keys(JSON.parse(written).sheets)).toContain('servicesByGroup');
    expect(written).toBe(whole);
  });

  it('property: sums stored compactly and read back consolidate and trace exactly as the sums they were made from', () => {
    fc.assert(
      fc.property(city(2025), fc.constantFrom(...AREAS), (units: CityUnit[], area) => {
        const roster: Unit[] = units
          .filter((u) => u.inRoster)
          .map((u, i) => ({ code: u.code, name: `${u.code}单位`, org: u.org, district: '兴宾区', districtCode: null, active: true, area: AREAS[i % AREAS.length]! }));
        if (!roster.length) return;
        const e = editionForYear(2025);
        const data = (pick: (u: CityUnit) => CityUnit['now']) => new Map<string, UnitData>(units.map((u) => [u.code, unitData(u.code, u.org, pick(u))]));
        // Through storage: each revision's sums encoded as the worker stores them and decoded as it reads them.
        const stored = (m: Map<string, UnitData>) =>
          new Map([...m].map(([code, d]) => [code, Object.fromEntries(Object.entries(d).map(([t, c]) => [t, { ...c, sums: decodeSums(encodeSums(e, e.template(t as Template['id']), c.sums), t as Template['id']) }])) as UnitData]));
        const plain: Basis = { year: 2025, units: roster, current: data((u) => u.now), previous: data((u) => u.last), previousPublished: null, tree: TREE, area };
        const compact: Basis = { ...plain, current: stored(plain.current as Map<string, UnitData>), previous: stored(plain.previous as Map<string, UnitData>) };
        const p = progress({ year: 2025, deadline: null, units: roster, latest: [], today: '2026-01-01', tree: TREE, area });
        const head = { generatedAt: '2026-01-01T00:00:00.000Z', published: null, progress: p };
        expect(JSON.stringify(consolidate({ ...compact, ...head }))).toBe(JSON.stringify(consolidate({ ...plain, ...head })));
        expect(trace(compact, 'trainingsByCategory', 'trainees', 'category:domestic')).toEqual(trace(plain, 'trainingsByCategory', 'trainees', 'category:domestic'));
      }),
      { numRuns: 60 },
    );
  });
});
