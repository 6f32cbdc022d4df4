/**
 * A province-sized city made on demand, for measuring memory: 20,000 units
 * whose counted revisions are produced a template at a time, as the worker's
 * paged reads produce them, and never held together. Each unit's stored
 * sums are its org's demo sums scaled by a factor of its own, written in the
 * stored (compact) form and read back by `decodeSumsBlock`, as the worker reads D1's rows.
 */
import type { StreamBasis, StreamHead } from '../shared/consolidate-stream.ts';
import { canonicalRows, decodeSumsBlock, editionForYear, encodeSums, progress, ROOT_AREA, sumsOf, type Latest, type Template, type UnitData } from '../shared/index.ts';
import { demoReport, rng } from '../scripts/demo.ts';
import { syntheticTree } from './synthetic.ts';
import { demoUnits } from '../scripts/demo.ts';

const YEAR = 2025;

export interface Province {
  basis: StreamBasis;
  head: StreamHead;
  /** Last year's counted units: every unit. */
  lastYear: ReadonlySet<string>;
}

export function province(n: number): Province {
  const edition = editionForYear(YEAR);
  const { units, tree } = syntheticTree(demoUnits(n));
  // One stored form per org and template, from a demo unit's report.
  const random = rng(7);
  const sample = new Map<string, { r: (number | null)[]; c?: (number | null)[][] }>();
  for (const u of demoUnits(12)) {
    const report = demoReport(u, YEAR, random);
    for (const t of edition.templates) {
      const rows = canonicalRows(t, report[t.id]!, u.org);
      sample.set(`${u.org}/${t.id}`, JSON.parse(encodeSums(edition, t, sumsOf(t, rows, u.org))) as { r: (number | null)[]; c?: (number | null)[][] });
    }
  }
  const scaled = (v: (number | null)[], f: number) => v.map((x) => (x === null ? null : Math.round(x * f)));
  /** A unit's stored sums of a template in a year, as text, as D1 returns them. */
  const stored = (i: number, org: string, t: Template, year: number) => {
    const s = sample.get(`${org}/${t.id}`)!;
    // A factor of the unit's own between 0.5 and 1.5, last year's a little smaller.
    const f = (0.5 + ((i * 2654435761) % 1000) / 1000) * (year === YEAR ? 1 : 0.95);
    return JSON.stringify({ v: 2, e: edition.id, r: scaled(s.r, f), ...(s.c ? { c: s.c.map((row) => scaled(row, f)) } : {}) });
  };
  const latest: Latest[] = [];
  const basis: StreamBasis = {
    year: YEAR,
    units,
    previousPublished: null,
    tree,
    area: ROOT_AREA,
    edition,
    lastYearCounted: () => new Set(units.map((u) => u.code)),
    counted: async (t) => {
      // Decoded as the worker decodes a template's pages: all of a year's together, packed.
      const now = decodeSumsBlock(units.map((u, i) => stored(i, u.org, t, YEAR)), t.id);
      const last = decodeSumsBlock(units.map((u, i) => stored(i, u.org, t, YEAR - 1)), t.id);
      const current = new Map<string, UnitData>();
      const previous = new Map<string, UnitData>();
      units.forEach((u, i) => {
        current.set(u.code, { [t.id]: { submission: `s-${i}-${t.id}`, revision: 1, sums: now[i]! } });
        previous.set(u.code, { [t.id]: { submission: `p-${i}-${t.id}`, revision: 1, sums: last[i]! } });
        latest.push({ unit: u.code, template: t.id, revision: 1, status: 'submitted', createdAt: '2026-02-01T08:00:00.000Z', comment: null });
      });
      return { current, previous };
    },
  };
  const head: StreamHead = {
    generatedAt: '2026-03-01T00:00:00.000Z',
    published: null,
    progress: () => progress({ year: YEAR, deadline: `${YEAR + 1}-03-31`, units, latest, today: '2026-03-01', tree, area: ROOT_AREA, edition }),
  };
  return { basis, head, lastYear: new Set(units.map((u) => u.code)) };
}
