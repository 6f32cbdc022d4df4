/**
 * What the pane does, without a page: read the workbook through the port,
 * check it with the shared rules and the server's stored context, upload it,
 * map the server's issues back to cells, and build what statisticians pull.
 * The UI (`ui.ts`) only shows these results.
 */
import { templateOf, TEMPLATES, type OrgKey, type TemplateId } from '../shared/catalog.ts';
import { type Consolidated } from '../shared/consolidate.ts';
import { consolidatedLayout } from '../shared/consolidated-layout.ts';
import { layoutWorkbook, type LayoutOptions, type Settings } from '../shared/layout.ts';
import { STATUS_LABELS, type StatusKey } from '../shared/progress.ts';
import { readWorkbook, type ReadResult } from '../shared/read.ts';
import { cellOf, validate, type Issue, type Row } from '../shared/validate.ts';
import { ApiFailure, type Api } from './api.ts';
import type { Mark, WorkbookPort } from './port.ts';

export interface Unit {
  code: string;
  name: string;
  org: OrgKey;
  district: string;
}
export interface Me {
  role: 'admin' | 'statistician' | 'clerk';
  unit: Unit | null;
}
interface Revision {
  id: string;
  template: TemplateId;
  revision: number;
  status: 'submitted' | 'accepted' | 'returned';
  createdAt: string;
}
export interface TemplateStatus {
  template: TemplateId;
  status: StatusKey;
  label: string;
  revision?: number;
  at?: string;
  comment?: string;
}
export interface Receipt {
  id: string;
  template: TemplateId;
  revision: number;
  createdAt: string;
}

/** The unit's stored context for a year: last year's counted rows, this year's current rows and statuses. */
export interface UnitContext {
  previous: Partial<Record<TemplateId, Row[]>>;
  stored: Partial<Record<TemplateId, Row[]>>;
  statuses: TemplateStatus[];
}

/** What unitContext needs of an HTTP client: the pane's Api, or the command line's. */
export interface Getter {
  get<T>(path: string): Promise<T>;
}

export async function unitContext(api: Getter, unit: string, year: number): Promise<UnitContext> {
  const [last, now] = await Promise.all([
    api.get<{ submissions: Revision[] }>(`/submissions?year=${year - 1}&unit=${encodeURIComponent(unit)}`),
    api.get<{ submissions: Revision[] }>(`/submissions?year=${year}&unit=${encodeURIComponent(unit)}`),
  ]);
  const detail = (id: string) => api.get<{ rows: Row[]; reviews: { action: string; comment: string | null }[] }>(`/submissions/${id}`);
  // M6, M7 and F7 compare with last year's counted 表1 and 表4.
  const counted = last.submissions.filter((s) => s.status !== 'returned' && (s.template === 'members' || s.template === 'funding'));
  const [prevRows, nowDetails] = await Promise.all([Promise.all(counted.map((s) => detail(s.id))), Promise.all(now.submissions.map((s) => detail(s.id)))]);
  const previous = Object.fromEntries(counted.map((s, i) => [s.template, prevRows[i]!.rows]));
  const stored = Object.fromEntries(now.submissions.map((s, i) => [s.template, nowDetails[i]!.rows]));
  const statuses = TEMPLATES.map((t): TemplateStatus => {
    const i = now.submissions.findIndex((s) => s.template === t.id);
    if (i < 0) return { template: t.id, status: 'missing', label: STATUS_LABELS.missing };
    const s = now.submissions[i]!;
    const comment = s.status === 'returned' ? nowDetails[i]!.reviews.filter((r) => r.action === 'return').at(-1)?.comment ?? undefined : undefined;
    return { template: t.id, status: s.status, label: STATUS_LABELS[s.status], revision: s.revision, at: s.createdAt, ...(comment ? { comment } : {}) };
  });
  return { previous, stored, statuses };
}

export interface Checked {
  reports: ReadResult[];
  absent: TemplateId[];
  /** What prevents reading the workbook at all. */
  problems: string[];
  issues: Issue[];
}

/** Reads the four sheets through the port and checks them as the server will. */
export async function checkWorkbook(port: WorkbookPort, unit: Unit, year: number, ctx: UnitContext): Promise<Checked> {
  const grids = await port.readSheets(TEMPLATES.map((t) => t.sheet));
  const { reports, absent, problems } = readWorkbook((sheet) => grids.get(sheet), { unit: unit.code, year });
  if (problems.length) return { reports, absent, problems, issues: [] };
  // Cross-template checks read this workbook's sheets first, then what is stored.
  const others = { ...ctx.stored, ...Object.fromEntries(reports.map((r) => [r.template, r.rows])) };
  const issues = reports.flatMap((r) => validate(r.template, r.rows, { year, org: unit.org, previous: ctx.previous, others, cells: r.cells }));
  return { reports, absent, problems, issues };
}

export function marksOf(issues: Issue[]): Mark[] {
  return issues.filter((i) => i.cell).map((i) => ({ cell: i.cell!, severity: i.severity, message: i.message }));
}

/** The server's issues carry no cell: find it with the reader's cell map. */
export function withCells(issues: Issue[], reports: ReadResult[]): Issue[] {
  return issues.map((i) => {
    const r = reports.find((x) => x.template === i.template);
    return r ? { ...i, cell: cellOf(i, r.cells) } : i;
  });
}

/** List templates with no rows: uploaded as "none this year" only once the clerk has confirmed. */
export function emptyLists(c: Checked): TemplateId[] {
  return c.reports.filter((r) => templateOf(r.template).kind === 'list' && r.rows.length === 0).map((r) => r.template);
}

/** Uploads the checked workbook in one batch; throws ApiFailure with issues mapped to cells. */
export async function uploadWorkbook(api: Api, c: Checked, unit: Unit, year: number, explanation: string): Promise<{ receipts: Receipt[]; created: boolean }> {
  const signoff = c.reports.find((r) => Object.keys(r.signoff).length)?.signoff;
  const text = explanation.trim();
  try {
    const res = await api.post<{ submissions: Receipt[] }>('/submissions/batch', {
      year,
      unit: unit.code,
      submissions: c.reports.map((r) => ({ template: r.template, rows: r.rows, ...(text ? { explanation: text } : {}) })),
      ...(signoff ? { signoff } : {}),
    });
    return { receipts: res.body.submissions, created: res.status === 201 };
  } catch (e) {
    if (e instanceof ApiFailure && e.issues.length) throw new ApiFailure(e.message, e.code, e.status, withCells(e.issues, c.reports));
    throw e;
  }
}

/** The blank workbook for the unit, with last year's figures in the 上年 column. */
export function blankSheets(unit: Unit | null, year: number, settings: Settings, ctx: UnitContext | null) {
  const opts = (t: TemplateId): LayoutOptions => ({ settings, previous: ctx?.previous[t]?.[0] ?? null });
  return layoutWorkbook(year, unit, { members: opts('members'), trainings: opts('trainings'), awards: opts('awards'), funding: opts('funding') });
}

/** The consolidated sheets for Excel, and a summary chart of members by org type. */
export function consolidatedForExcel(c: Consolidated, settings: Settings) {
  const subtotals = c.sheets.members.rows.filter((r) => r.kind === 'subtotal');
  const table: (string | number)[][] = [['组织类型', '年末个人会员数'], ...subtotals.map((r) => [r.label.replace(/小计$/, ''), r.values.members_total ?? 0])];
  return { sheets: consolidatedLayout(c, settings), chart: { sheet: '汇总图表', title: `${c.year}年各类群团组织年末个人会员数`, table } };
}
