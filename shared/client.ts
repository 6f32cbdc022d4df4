/**
 * What every client of the API does with a workbook it has read — the task
 * pane and the command line alike: fetch the unit's stored context, check
 * the reports as the server will (or, before signing in, every check the
 * workbook alone can answer), name the checks that could not run, map the
 * server's issues back to cells, and build the upload.
 */
import { canonicalRows, figuresText } from './canonical.ts';
import { ALL_TEMPLATE_IDS, TYPE_CHECK, type OrgKey, type Rule, type Signoff, type TemplateId } from './catalog.ts';
import { parseCellRef } from './grid.ts';
import { LABELS } from './layout.ts';
import { EDITIONS, templateNamed, type Edition } from './editions.ts';
import { STATUS_LABELS } from './progress.ts';
import type { ReadResult, WorkbookReport } from './read.ts';
import type { RevisionDetail, RevisionMeta, SubmissionsPage } from './responses.ts';
import type { StatusKey } from './schemas.ts';
import { cellOf, checksNeedingStored, validate, type Issue, type Row, type SkippedCheck } from './validate.ts';

/** What a client needs of an HTTP client: GET a JSON body from /api/v1. */
export interface Getter {
  get<T>(path: string): Promise<T>;
}

/** A template's state for the unit, as the pane's 报送状态 shows it. */
export interface TemplateStatus {
  template: TemplateId;
  status: StatusKey;
  label: string;
  revision?: number;
  at?: string;
  /** The statistician's comment when the current revision was returned. */
  comment?: string;
}

/** The unit's stored context for a year: last year's counted rows, this year's current rows and statuses. */
export interface UnitContext {
  previous: Partial<Record<TemplateId, Row[]>>;
  stored: Partial<Record<TemplateId, Row[]>>;
  statuses: TemplateStatus[];
  /** The unit's current revision of each template it has reported this year (the receipt is rebuilt from them). */
  current: Partial<Record<TemplateId, RevisionMeta>>;
}

/** The templates whose last-year figures the cross-year checks (M6, M7, F7) compare with, in any edition. */
const CROSS_YEAR_TEMPLATES = new Set(Object.values(EDITIONS).flatMap((e) => e.templates.filter((t) => t.checks.some((c) => c.rules.some(isCrossYear))).map((t) => t.id)));

function isCrossYear(r: Rule): boolean {
  return r.kind === 'carry' || r.kind === 'jump';
}

/** The unit's stored context for a year of `edition` (its statuses are one per template of the edition). */
export async function unitContext(api: Getter, unit: string, year: number, edition: Edition): Promise<UnitContext> {
  const u = encodeURIComponent(unit);
  const [last, now] = await Promise.all([
    api.get<SubmissionsPage>(`/submissions?year=${year - 1}&unit=${u}`),
    api.get<SubmissionsPage>(`/submissions?year=${year}&unit=${u}`),
  ]);
  const detail = (id: string) => api.get<RevisionDetail>(`/submissions/${encodeURIComponent(id)}`);
  const counted = last.submissions.filter((s) => s.status !== 'returned' && CROSS_YEAR_TEMPLATES.has(s.template));
  const [prevRows, nowDetails] = await Promise.all([Promise.all(counted.map((s) => detail(s.id))), Promise.all(now.submissions.map((s) => detail(s.id)))]);
  const previous = Object.fromEntries(counted.map((s, i) => [s.template, prevRows[i]!.rows]));
  const stored = Object.fromEntries(now.submissions.map((s, i) => [s.template, nowDetails[i]!.rows]));
  const statuses = edition.templates.map((t): TemplateStatus => {
    const i = now.submissions.findIndex((s) => s.template === t.id);
    if (i < 0) return { template: t.id, status: 'missing', label: STATUS_LABELS.missing };
    const s = now.submissions[i]!;
    const comment = s.status === 'returned' ? (nowDetails[i]!.reviews.filter((r) => r.action === 'return').at(-1)?.comment ?? undefined) : undefined;
    return { template: t.id, status: s.status, label: STATUS_LABELS[s.status], revision: s.revision, at: s.createdAt, ...(comment ? { comment } : {}) };
  });
  const current = Object.fromEntries(now.submissions.map((s) => [s.template, s]));
  return { previous, stored, statuses, current };
}

/**
 * The templates of a workbook whose figures are those of the unit's current
 * revision, compared in the canonical form the worker stores and compares
 * (`figuresText`): uploading them again would change nothing, so a client
 * leaves them out and they keep their revision and status. A returned
 * template is never among them: the statistician asked for a new revision.
 */
export function unchangedTemplates(reports: readonly ReadResult[], ctx: UnitContext | null, org: OrgKey, edition: Edition): TemplateId[] {
  if (!ctx) return [];
  return reports
    .filter((r) => {
      const now = ctx.current[r.template];
      const stored = ctx.stored[r.template];
      if (!now || now.status === 'returned' || !stored) return false;
      const t = edition.template(r.template);
      return figuresText(canonicalRows(t, r.rows, org)) === figuresText(canonicalRows(t, stored, org));
    })
    .map((r) => r.template);
}

export interface Checked extends WorkbookReport {
  issues: Issue[];
  /** Checks that need stored data the client does not have (before signing in). */
  skipped: SkippedCheck[];
}

/**
 * Checks the reports read from a workbook as the server will. `ctx` is the
 * unit's stored context once signed in; without it (null) the checks that
 * need last year's figures or a template that is not in this workbook are
 * skipped and listed, and `org` may be null (not known yet).
 */
export function checkReports(wb: WorkbookReport, year: number, org: OrgKey | null, ctx: UnitContext | null): Checked {
  if (wb.problems.length) return { ...wb, issues: [], skipped: [] };
  // Cross-template checks read this workbook's sheets first, then what is stored.
  const others = { ...(ctx?.stored ?? {}), ...Object.fromEntries(wb.reports.map((r) => [r.template, r.rows])) };
  const edition = wb.edition;
  const issues = wb.reports.flatMap((r) => validate(r.template, r.rows, { year, edition, org, previous: ctx?.previous ?? {}, others, cells: r.cells }));
  const skipped = ctx ? [] : checksNeedingStored(edition, wb.reports.map((r) => r.template), { previous: false });
  return { ...wb, issues, skipped };
}

/** The skipped checks in one sentence, e.g. 「M6、M7、F7（需要本单位上年报送的数据）」. */
export function skippedText(skipped: readonly SkippedCheck[]): string {
  const byReason = new Map<string, string[]>();
  for (const s of skipped) byReason.set(s.reason, [...(byReason.get(s.reason) ?? []), s.code]);
  return [...byReason].map(([reason, codes]) => `${codes.join('、')}（${reason}）`).join('；');
}

/** The name an issue's check goes by in the sheet's 说明: 「M4 会员增减」, 「填写规范」 for code `type`. */
export function checkName(edition: Edition, template: TemplateId, code: string): string {
  if (code === TYPE_CHECK.code) return TYPE_CHECK.name;
  const c = edition.has(template) ? edition.template(template).checks.find((x) => x.code === code) : undefined;
  return c ? `${c.code} ${c.name}` : code;
}

/**
 * Where an issue sits, in the words of the sheet the clerk has open: its
 * table, the sheet's row and the row's label with the column, e.g.
 * 「表1 第23行 其中：女性（本年）」 or 「表2 第9行 培训人次」. Without a cell
 * (a list's record from the server) the record's number; a whole list's total
 * as such; null for an issue about the whole report.
 */
export function issuePlace(edition: Edition, issue: Pick<Issue, 'template' | 'row' | 'field' | 'cell'>): string {
  const t = edition.has(issue.template) ? edition.template(issue.template) : templateNamed(issue.template);
  const f = issue.field === null ? undefined : t.fields.find((x) => x.key === issue.field);
  const table = `表${t.no}`;
  if (!f) return table;
  const what = t.kind === 'record' ? `${f.label}（${LABELS.current}）` : f.label;
  let row: number | null = null;
  try {
    row = issue.cell ? parseCellRef(issue.cell).row + 1 : null;
  } catch {
    row = null;
  }
  if (row !== null) return `${table} 第${row}行 ${what}`;
  if (t.kind === 'list') return issue.row === null ? `${table} ${f.label}合计` : `${table} 第 ${issue.row} 条记录 ${what}`;
  return `${table} ${what}`;
}

/** The server's issues carry no cell: find it with the reader's cell map. */
export function withCells(issues: readonly Issue[], reports: readonly ReadResult[]): Issue[] {
  return issues.map((i) => {
    const r = reports.find((x) => x.template === i.template);
    return r ? { ...i, cell: cellOf(i, r.cells) } : i;
  });
}

/** List templates with no rows: uploaded as "none this year" only once the clerk has confirmed. */
export function emptyLists(reports: readonly ReadResult[]): TemplateId[] {
  return reports.filter((r) => templateNamed(r.template).kind === 'list' && r.rows.length === 0).map((r) => r.template);
}

/** The templates whose checks gave warnings: each needs its own 情况说明. */
export function warnedTemplates(issues: readonly Issue[]): TemplateId[] {
  return ALL_TEMPLATE_IDS.filter((t) => issues.some((i) => i.template === t && i.severity === 'warning'));
}

/** The body of POST /submissions/batch for the reports read, each with the explanation written for it. */
export function batchBody(reports: readonly ReadResult[], unit: string, year: number, explanations: Partial<Record<TemplateId, string>>) {
  const signoff: Signoff | undefined = reports.find((r) => Object.keys(r.signoff).length)?.signoff;
  return {
    year,
    unit,
    submissions: reports.map((r) => {
      const text = explanations[r.template]?.trim();
      return { template: r.template, rows: r.rows, ...(text ? { explanation: text } : {}) };
    }),
    ...(signoff ? { signoff } : {}),
  };
}
