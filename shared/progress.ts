/**
 * 报送进度: who has reported what for a year. The status of a unit's template
 * is that of its newest revision (missing when there is none).
 */
import { TEMPLATE_IDS, type OrgKey, type TemplateId } from './catalog.ts';
import { compareUnits, type ConsolidationUnit } from './consolidate.ts';
import type { Progress, ProgressUnit, Status } from './responses.ts';
import type { RevisionStatus, StatusKey } from './schemas.ts';

export type { Progress, ProgressUnit, Status, StatusKey };

/** A unit's newest revision of a template, with the comment of the review that returned it. */
export interface Latest {
  unit: string;
  template: TemplateId;
  revision: number;
  status: RevisionStatus;
  createdAt: string;
  comment: string | null;
}

export const STATUS_LABELS: Record<StatusKey, string> = { missing: '未报', submitted: '已报', returned: '退回', accepted: '已审核' };

/**
 * Every unit of the year's roster (active units, and any unit with a
 * revision that year: reporting-year.md) is expected to report every
 * template. `today` is `YYYY-MM-DD`: a unit is overdue once the deadline has
 * passed while something is missing or returned.
 */
export function progress(year: number, deadline: string | null, units: readonly ConsolidationUnit[], latest: readonly Latest[], today: string): Progress {
  const byUnit = new Map<string, Latest[]>();
  for (const l of latest) byUnit.set(l.unit, [...(byUnit.get(l.unit) ?? []), l]);
  const summary = { expected: 0, missing: 0, submitted: 0, returned: 0, accepted: 0 };
  const late = deadline !== null && today > deadline;
  const listed = [...units].sort(compareUnits);
  const rows = listed.map((u): ProgressUnit => {
    const mine = byUnit.get(u.code) ?? [];
    const templates = Object.fromEntries(
      TEMPLATE_IDS.map((t): [TemplateId, Status] => {
        const l = mine.find((x) => x.template === t);
        if (!l) return [t, { status: 'missing' }];
        return [t, { status: l.status, revision: l.revision, submittedAt: l.createdAt, ...(l.status === 'returned' && l.comment ? { comment: l.comment } : {}) }];
      }),
    ) as Record<TemplateId, Status>;
    const statuses = Object.values(templates).map((s) => s.status);
    summary.expected += TEMPLATE_IDS.length;
    for (const s of statuses) summary[s]++;
    const overdue = late && statuses.some((s) => s === 'missing' || s === 'returned');
    return { unit: u.code, name: u.name, org: u.org, district: u.district, active: u.active, overdue, templates };
  });
  return { year, deadline, units: rows, summary };
}
