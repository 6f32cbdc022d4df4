/**
 * Uploading: the same checks as the add-in, against last year's counted
 * revision and the unit's other templates; then one atomic D1 batch that
 * adds a revision per changed template. A template whose figures are those
 * of its current revision (a retry, or sent again beside a changed one)
 * keeps that revision, its number and its status.
 */
import {
  canonicalRows,
  canonicalSignoff,
  checksum,
  encodeSums,
  figuresText,
  hasErrors,
  sumsOf,
  templateNamed,
  validate,
  type Issue,
  type Row,
  type Signoff,
  type TemplateId,
} from '../shared/index.ts';
import { assertUnitAccess } from './auth.ts';
import { editionOfPeriod, getPeriod, periodStatement, type Period } from './db/periods.ts';
import { openCorrectionOf } from './db/publications.ts';
import { countedOfUnit, currentOfUnit, insertRevision, parseRevision, revisionWithContent, type Revision, type RevisionRow } from './db/submissions.ts';
import { toUnit, unitStatement, type UnitRow } from './db/units.ts';
import type { Caller } from './env.ts';
import { ApiError } from './errors.ts';

export interface Upload {
  year: number;
  unit: string;
  submissions: { template: TemplateId; rows: Row[]; explanation?: string }[];
  signoff?: Signoff;
}

export interface Receipt {
  id: string;
  unit: string;
  year: number;
  template: TemplateId;
  revision: number;
  status: Revision['status'];
  checksum: string;
  warnings: Issue[];
  createdAt: string;
}

const receipt = (r: Revision): Receipt => ({
  id: r.id,
  unit: r.unit,
  year: r.year,
  template: r.template,
  revision: r.revision,
  status: r.status,
  checksum: r.checksum,
  warnings: r.warnings,
  createdAt: r.createdAt,
});

/**
 * Refuses a write (upload or review) of these templates of a unit unless
 * the year is open, or it is closed and an open correction (更正) of that
 * unit covers every one of them.
 */
export async function assertWritable(db: D1Database, year: number, unit: string, templates: readonly TemplateId[], period?: Period | null): Promise<void> {
  const p = period === undefined ? await getPeriod(db, year) : period;
  if (p?.status === 'open') return;
  if (!p) throw new ApiError('period_closed', `${year}年度尚未开放，不能上报或审核`);
  const c = await openCorrectionOf(db, year, unit);
  const allowed = c ? (JSON.parse(c.templates) as TemplateId[]) : [];
  if (c && templates.every((t) => allowed.includes(t))) return;
  if (c) {
    const names = allowed.map((t) => templateNamed(t).sheet).join('、');
    throw new ApiError('period_closed', `${year}年度已关闭，本单位的更正只开放了${names}，其他报表不能上报或审核`);
  }
  throw new ApiError('period_closed', `${year}年度已关闭，不能上报或审核`);
}

/** Validates and stores an upload of one or more templates; all or nothing. */
export async function submit(db: D1Database, caller: Caller, up: Upload): Promise<{ created: boolean; receipts: Receipt[] }> {
  assertUnitAccess(caller, up.unit);
  // Everything the checks need, in one round trip: the unit, the period, this year's and last year's revisions.
  const [unitRes, periodRes, current, lastYear] = await db.batch<Record<string, unknown>>([
    unitStatement(db, up.unit),
    periodStatement(db, up.year),
    currentOfUnit(db, up.unit, up.year),
    countedOfUnit(db, up.unit, up.year - 1),
  ]);
  const unitRow = unitRes!.results[0] as UnitRow | undefined;
  if (!unitRow) throw new ApiError('not_found', `单位“${up.unit}”不存在`);
  const unit = toUnit(unitRow);
  const period = (periodRes!.results[0] as Period | undefined) ?? null;
  await assertWritable(db, up.year, up.unit, up.submissions.map((s) => s.template), period);
  // The year's edition says which templates there are and what each holds (editions.md).
  const edition = editionOfPeriod(period!);
  const foreign = up.submissions.filter((s) => !edition.has(s.template));
  if (foreign.length) {
    const names = foreign.map((s) => `“${templateNamed(s.template).sheet}”`).join('');
    throw new ApiError('validation_failed', `${up.year}年度的报表制度（${edition.id}版）没有${names}，请使用本年度的空白报表`);
  }

  const currentRows = (current?.results ?? []) as { template: TemplateId; status: string; rows: string; data: string }[];
  const rowsOf = (rs: { template: TemplateId; rows: string }[]) => Object.fromEntries(rs.map((r) => [r.template, JSON.parse(r.rows) as Row[]]));
  const stored = rowsOf(currentRows);
  const previous = rowsOf((lastYear?.results ?? []) as { template: TemplateId; rows: string }[]);
  // Cross-template checks read this upload's templates first, then what is stored.
  const others: Partial<Record<TemplateId, Row[]>> = { ...stored, ...Object.fromEntries(up.submissions.map((s) => [s.template, s.rows])) };

  const checked = up.submissions.map((s) => ({ ...s, issues: validate(s.template, s.rows, { year: up.year, edition, org: unit.org, previous, others }) }));
  const all = checked.flatMap((s) => s.issues);
  if (hasErrors(all)) {
    const errors = all.filter((i) => i.severity === 'error').length;
    throw new ApiError('validation_failed', `报表有 ${errors} 处错误，请修改后重新上传`, all);
  }
  const figured = checked.map((s) => {
    const data = canonicalRows(edition.template(s.template), s.rows, unit.org);
    const now = currentRows.find((r) => r.template === s.template);
    // The same figures as a current revision that was not returned: it stays as it is (insertRevision stores nothing).
    return { ...s, data, unchanged: !!now && now.status !== 'returned' && now.data === figuresText(data) };
  });
  // A template kept as it is keeps its 情况说明 too: only what will be stored needs one.
  const unexplained = figured.filter((s) => !s.unchanged && s.issues.length > 0 && !s.explanation?.trim());
  if (unexplained.length) {
    const warnings = unexplained.flatMap((s) => s.issues);
    throw new ApiError('explanation_required', `报表有 ${warnings.length} 处需要核实的提示，请核实后填写情况说明再上传`, warnings);
  }

  const createdAt = new Date().toISOString();
  const signoff = canonicalSignoff(up.signoff) as Signoff | null;
  const revisions = await Promise.all(
    figured.map(async (s) => {
      const t = edition.template(s.template);
      const explanation = s.explanation?.trim() || null;
      return {
        id: crypto.randomUUID(),
        unit: up.unit,
        year: up.year,
        template: s.template,
        checksum: await checksum({ rows: s.data, explanation, signoff }),
        rows: s.rows,
        data: s.data,
        sums: encodeSums(edition, t, sumsOf(t, s.data, unit.org)),
        warnings: s.issues,
        explanation,
        signoff,
        createdAt,
        createdBy: caller.id,
      };
    }),
  );
  const saved = await insertWithRetry(db, revisions);
  // Every insert is guarded by the year's state inside the batch: none stored means the year closed meanwhile.
  if (!saved) throw new ApiError('period_closed', `${up.year}年度已关闭，不能上报或审核`);
  // A template whose stored revision is not the one generated here was a retry or unchanged: it answers with the revision that matched.
  const created = saved.some((r, i) => r.id === revisions[i]!.id);
  return { created, receipts: saved.map(receipt) };
}

/**
 * Runs the inserts as one atomic batch, each followed by the read of the
 * revision that now holds its content. Each statement numbers its revision
 * itself; should two writers still meet on the unique (unit, year, template,
 * revision) key, the batch rolled back whole and is simply run again.
 */
async function insertWithRetry(db: D1Database, revisions: Parameters<typeof insertRevision>[1][]): Promise<Revision[] | null> {
  const statements = revisions.flatMap((r) => [insertRevision(db, r), revisionWithContent(db, r)]);
  for (let attempt = 1; ; attempt++) {
    try {
      const results = await db.batch<RevisionRow>(statements);
      const found = revisions.map((_, i) => results[2 * i + 1]!.results[0]);
      return found.every((r) => r !== undefined) ? found.map((r) => parseRevision(r!)) : null;
    } catch (e) {
      const conflict = e instanceof Error && /UNIQUE constraint failed/i.test(e.message);
      if (!conflict || attempt >= 5) throw e;
    }
  }
}
