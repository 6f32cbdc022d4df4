/**
 * 报送进度: who has reported what for a year. The status of a unit's template
 * is that of its newest revision (missing when there is none).
 */
import type { TemplateId } from './catalog.ts';
import { editionForYear, type Edition } from './editions.ts';
import type { AreaTree } from './areas.ts';
import { compareUnits, type ConsolidationUnit } from './consolidate.ts';
import type { Progress, ProgressUnit, Status } from './responses.ts';
import type { RevisionStatus } from './catalog.ts';
import type { StatusKey } from './schemas.ts';

export type { Progress, ProgressUnit, Status, StatusKey };

/** A unit's newest revision of a template, with the comment of the review that returned it. */
export interface Latest {
  unit: string;
  template: TemplateId;
  revision: number;
  status: RevisionStatus;
  createdAt: string;
  /** When the unit × template's first revision came in (on-time rate); the newest one's time when not given. */
  firstAt?: string;
  comment: string | null;
}

export const STATUS_LABELS: Record<StatusKey, string> = { missing: '未报', submitted: '已报', returned: '退回', accepted: '已审核' };

/** What a year's progress is computed from: the roster, each unit × template's newest revision, the area tree. */
export interface ProgressInput {
  year: number;
  deadline: string | null;
  /** The year's roster (all of it; `area` picks the subtree shown). */
  units: readonly ConsolidationUnit[];
  latest: readonly Latest[];
  /** `YYYY-MM-DD` in China: overdue once the deadline has passed. */
  today: string;
  tree: AreaTree;
  /** The area shown (the root: the whole city). */
  area: string;
  /** The year's edition as its period records it (its templates are expected); without one, the table's for the year. */
  edition?: Edition;
}

/** Percent with 2 decimals; null when nothing is expected. */
const percent = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 10000) / 100);

/** The first instant after the deadline's day in China (UTC+8): a revision is on time before it. */
function cutoff(deadline: string): number {
  return Date.parse(`${deadline}T00:00:00+08:00`) + 86_400_000;
}

/**
 * Every unit of the year's roster (active units, and any unit with a
 * revision that year: reporting-year.md) in the area's subtree is expected to
 * report every template. A unit is overdue once the deadline has passed while
 * something is missing or returned. `areas` counts each child area's cells,
 * with the report rate and the rate reported on time (areas.md).
 */
export function progress(p: ProgressInput): Progress {
  const byUnit = new Map<string, Latest[]>();
  for (const l of p.latest) {
    const mine = byUnit.get(l.unit);
    if (mine) mine.push(l);
    else byUnit.set(l.unit, [l]);
  }
  const empty = () => ({ expected: 0, missing: 0, submitted: 0, returned: 0, accepted: 0 });
  const summary = empty();
  const late = p.deadline !== null && p.today > p.deadline;
  const inScope = p.tree.subtree(p.area);
  const listed = p.units.filter((u) => inScope.has(u.area)).sort(compareUnits);
  const children = p.tree.children(p.area).map((a) => ({ a, within: p.tree.subtree(a.code), counts: empty(), onTime: 0 }));
  // Each area's child of the shown area, found once per area rather than once per unit (a province has 20,000 units).
  const childOf = new Map<string, (typeof children)[number] | undefined>();
  const childFor = (area: string) => {
    if (!childOf.has(area)) childOf.set(area, children.find((c) => c.within.has(area)));
    return childOf.get(area);
  };
  const due = p.deadline === null ? null : cutoff(p.deadline);
  const ids = (p.edition ?? editionForYear(p.year)).ids;
  const rows = listed.map((u): ProgressUnit => {
    const mine = byUnit.get(u.code) ?? [];
    const child = childFor(u.area);
    const templates = Object.fromEntries(
      ids.map((t): [TemplateId, Status] => {
        const l = mine.find((x) => x.template === t);
        if (child && l && due !== null && Date.parse(l.firstAt ?? l.createdAt) < due) child.onTime++;
        if (!l) return [t, { status: 'missing' }];
        return [t, { status: l.status, revision: l.revision, submittedAt: l.createdAt, ...(l.status === 'returned' && l.comment ? { comment: l.comment } : {}) }];
      }),
    ) as Partial<Record<TemplateId, Status>>;
    const statuses = Object.values(templates).map((s) => s!.status);
    for (const counts of child ? [summary, child.counts] : [summary]) {
      counts.expected += ids.length;
      for (const s of statuses) counts[s]++;
    }
    const overdue = late && statuses.some((s) => s === 'missing' || s === 'returned');
    return { unit: u.code, name: u.name, org: u.org, district: u.district, active: u.active, overdue, templates };
  });
  const areas = children.map(({ a, counts, onTime }) => ({
    area: a.code,
    name: a.name,
    ...counts,
    reportRate: percent(counts.expected - counts.missing, counts.expected),
    onTimeRate: due === null ? null : percent(onTime, counts.expected),
  }));
  return { year: p.year, deadline: p.deadline, area: p.tree.get(p.area)!, units: rows, areas, summary };
}
