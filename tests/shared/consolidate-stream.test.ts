/**
 * The consolidated JSON written one template at a time is, byte for byte,
 * JSON.stringify of the consolidation made whole — for random cities and
 * areas, and for a year of the 2026 edition.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { unzipSync } from 'fflate';
import { sheetsDigest, workbookSheets, writeConsolidated, type StreamBasis } from '../../shared/consolidate-stream.ts';
import { Sha256 } from '../../shared/sha256.ts';
import { readXlsx, streamXlsx, writeXlsx } from '../../shared/xlsx/index.ts';
import { AreaTree, assessmentSheet, consolidate, consolidatedLayout, sha256Hex, sheetsChecksum, totalsOf, type StoredTarget, decodeSums, editionForYear, encodeSums, progress, ROOT_AREA, trace, type Basis, type Template, type Unit, type UnitData } from '../../shared/index.ts';
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

/** A random city's basis in `area` (null when no unit is in the roster); `moved`: last year's units in other areas. */
function cityBasis(units: CityUnit[], area: string, moved = false): (Basis & { units: Unit[] }) | null {
  const roster: Unit[] = units
    .filter((u) => u.inRoster)
    .map((u, i) => ({ code: u.code, name: `${u.code}单位`, org: u.org, district: '兴宾区', districtCode: null, active: true, area: AREAS[i % AREAS.length]! }));
  if (!roster.length) return null;
  const data = (pick: (u: CityUnit) => CityUnit['now']) => new Map<string, UnitData>(units.map((u) => [u.code, unitData(u.code, u.org, pick(u))]));
  const previousAreas = moved ? { previousAreas: new Map(units.map((u, i) => [u.code, AREAS[(i + 1) % AREAS.length]!])) } : {};
  return { year: 2025, units: roster, current: data((u) => u.now), previous: data((u) => u.last), previousPublished: null, tree: TREE, area, ...previousAreas };
}

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
        const b = cityBasis(units, area, true);
        if (!b) return;
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
        const plainBasis = cityBasis(units, area);
        if (!plainBasis) return;
        const roster = plainBasis.units;
        const e = editionForYear(2025);
        // Through storage: each revision's sums encoded as the worker stores them and decoded as it reads them.
        const stored = (m: Map<string, UnitData>) =>
          new Map([...m].map(([code, d]) => [code, Object.fromEntries(Object.entries(d).map(([t, c]) => [t, { ...c, sums: decodeSums(encodeSums(e, e.template(t as Template['id']), c.sums), t as Template['id']) }])) as UnitData]));
        const plain = plainBasis;
        const compact: Basis = { ...plain, current: stored(plain.current as Map<string, UnitData>), previous: stored(plain.previous as Map<string, UnitData>) };
        const p = progress({ year: 2025, deadline: null, units: roster, latest: [], today: '2026-01-01', tree: TREE, area });
        const head = { generatedAt: '2026-01-01T00:00:00.000Z', published: null, progress: p };
        expect(JSON.stringify(consolidate({ ...compact, ...head }))).toBe(JSON.stringify(consolidate({ ...plain, ...head })));
        expect(trace(compact, 'trainingsByCategory', 'trainees', 'category:domestic')).toEqual(trace(plain, 'trainingsByCategory', 'trainees', 'category:domestic'));
      }),
      { numRuns: 60 },
    );
  });

  it('property: the workbook written sheet by sheet has the parts of the workbook made whole, 目标考核 included', async () => {
    const settings = { city: '合山市', issuer: '合山市委群团工作领导小组办公室', docNo: '合群统备〔2024〕1号', validUntil: '2027年12月' };
    const targets: StoredTarget[] = [
      { kind: 'org', owner: 'union', template: 'members', key: 'members_total', value: 500 },
      { kind: 'org', owner: 'women', template: 'funding', key: 'exp_total', value: 12_000_000 },
    ];
    await fc.assert(
      fc.asyncProperty(city(2025), fc.constantFrom(...AREAS), fc.boolean(), async (units: CityUnit[], area, withTargets) => {
        const b = cityBasis(units, area);
        if (!b) return;
        const roster = b.units;
        const p = progress({ year: 2025, deadline: null, units: roster, latest: [], today: '2026-01-01', tree: TREE, area });
        const head = { generatedAt: '2026-01-01T00:00:00.000Z', published: null, progress: p };
        const trend = [{ year: 2025, members: 1, trainees: null }];
        const mtime = '2026-01-01T00:00:00.000Z';
        const mine = withTargets ? targets : [];
        const whole = writeXlsx(consolidatedLayout({ ...consolidate({ ...b, ...head }), trend }, settings, mine.length ? assessmentSheet(b, mine) : null), { mtime });
        const s = streamOf(b);
        const pieces: Uint8Array[] = [];
        const sheets = workbookSheets(s, { ...head, progress: () => p }, await s.lastYearCounted(), {
          settings,
          trend: async () => trend,
          ...(mine.length ? { assessment: { templates: mine.map((t) => t.template), of: (current) => assessmentSheet({ ...b, current }, mine) } } : {}),
        });
        await streamXlsx(sheets, (x) => void pieces.push(x), { mtime });
        const streamed = new Uint8Array(Buffer.concat(pieces));
        const a = unzipSync(whole);
        const z = unzipSync(streamed);
        expect(Object.keys(z)).toEqual(Object.keys(a));
        for (const k of Object.keys(a)) expect(new TextDecoder().decode(z[k]), k).toBe(new TextDecoder().decode(a[k]));
        // Every entry stamped with the given time (a published workbook is the same bytes on every call).
        const times = (zip: Uint8Array) => [...Buffer.from(zip).toString('latin1').matchAll(/PK\x03\x04[\s\S]{6}([\s\S]{4})/g)].map((m) => m[1]);
        expect(new Set(times(streamed))).toEqual(new Set(times(whole)));
        // Our own reader takes the streamed zip (its sizes in data descriptors) as it takes the other.
        expect(readXlsx(streamed)).toEqual(readXlsx(whole));
      }),
      { numRuns: 25 },
    );
  });

  it('property: SHA-256 fed in pieces is the digest of the whole text (Web Crypto), at every split', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.string({ unit: 'grapheme', maxLength: 150 }), { maxLength: 12 }), async (pieces) => {
        const h = new Sha256();
        for (const p of pieces) h.update(p);
        expect(h.hex()).toBe(await sha256Hex(pieces.join('')));
      }),
      { numRuns: 200 },
    );
    // FIPS 180-4's own example, and the padding's edge: 55, 56 and 64 bytes.
    expect(new Sha256().update('abc').hex()).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    for (const n of [55, 56, 63, 64, 65, 119, 120]) expect(new Sha256().update('a'.repeat(n)).hex()).toBe(await sha256Hex('a'.repeat(n)));
  });

  it('property: a version’s checksum and totals made one template at a time are those of the sheets made whole', async () => {
    await fc.assert(
      fc.asyncProperty(city(2025), fc.constantFrom(...AREAS), async (units: CityUnit[], area) => {
        const b = cityBasis(units, area);
        if (!b) return;
        const roster = b.units;
        const p = progress({ year: 2025, deadline: null, units: roster, latest: [], today: '2026-01-01', tree: TREE, area });
        const whole = consolidate({ ...b, generatedAt: '2026-01-01T00:00:00.000Z', published: null, progress: p });
        const { checksum, totals } = await sheetsDigest(streamOf(b));
        expect(checksum).toBe(await sheetsChecksum(whole.sheets));
        expect(totals).toEqual(totalsOf(b));
      }),
      { numRuns: 40 },
    );
    // The 2026 edition: 表5 and 服务对象 sort between 表1 and 表2.
    const e = editionForYear(2026);
    const roster: Unit[] = ['W1', 'U1'].map((code, i) => ({ code, name: code, org: i ? 'union' : 'women', district: '兴宾区', districtCode: null, active: true, area: 'XB' }));
    const b: Basis = { year: 2026, units: roster, current: new Map(roster.map((u) => [u.code, unitData(u.code, u.org, report2026(u.org), 1, e)])), previous: new Map(), previousPublished: null, tree: TREE, area: ROOT_AREA };
    const p = progress({ year: 2026, deadline: null, units: roster, latest: [], today: '2026-01-01', tree: TREE, area: ROOT_AREA });
    const whole = consolidate({ ...b, generatedAt: '2026-01-01T00:00:00.000Z', published: null, progress: p });
    expect((await sheetsDigest(streamOf(b))).checksum).toBe(await sheetsChecksum(whole.sheets));
  });
});
