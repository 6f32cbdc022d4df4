/**
 * The pane's state, in one place. Views read it and never keep their own:
 * what a person types (a 情况说明, a return comment) lives here, so a
 * re-render can never lose it. Only actions (`actions.ts`) change it.
 */
import type { OrgKey, Template, TemplateId } from '../shared/catalog.ts';
import type { Checked, UnitContext } from '../shared/client.ts';
import type { Settings } from '../shared/layout.ts';
import type { PasteUnit } from '../shared/assessment.ts';
import type { Assessment, Consolidated, Correction, Me, Period, Progress, Quality, Receipt, ReportFigures, RevisionContext, RevisionDetail, RevisionMeta, SheetKey, Target, Trace } from '../shared/responses.ts';
import type { RevisionStatus } from '../shared/schemas.ts';
import { editionForYear, editionOf, type Edition } from '../shared/editions.ts';
import type { UnitState } from '../shared/chase.ts';
import type { TrendPoint } from '../shared/responses.ts';

export type Tone = 'info' | 'ok' | 'warn' | 'error';

/** A question asked inside the page (Office blocks window.confirm in its iframes). */
export interface Question {
  title: string;
  text: string;
  confirm: string;
  cancel: string;
}

/** The statistician's desk, one tab at a time. */
export const DESK_TABS = [
  { key: 'progress', label: '报送进度' },
  { key: 'review', label: '审核' },
  { key: 'quality', label: '数据质量' },
  { key: 'figures', label: '汇总与溯源' },
  { key: 'report', label: '报告用数' },
  { key: 'charts', label: '图表' },
  { key: 'targets', label: '目标考核' },
] as const;
export type DeskTab = (typeof DESK_TABS)[number]['key'];

/** A revision opened for review: what was uploaded, its figures in context, and the unit's revision before it. */
export interface Reviewing {
  detail: RevisionDetail;
  /** The template as the year's edition states it. */
  template: Template;
  /** The unit's name as the roster lists it. */
  name: string;
  context: RevisionContext;
  /** The previous revision of the same unit and template (null: this is the first). */
  before: RevisionDetail | null;
}

/** How the last upload ended, for the receipt's wording. */
export type Outcome = 'created' | 'unchanged' | 'recovered';

export type { UnitState };

export interface State {
  settings: Settings;
  me: Me | null;
  periods: Period[];
  year: number;
  /** The running action's label while it runs; every control is disabled meanwhile. */
  busy: string | null;
  status: { text: string; tone: Tone };
  /** Bumped after each action so that focus can move to its result. */
  done: number;
  /**
   * The element (by id) that holds the result of the last action, focused once it is done; null:
   * focus stays where it was (or, if the control pressed was disabled meanwhile, goes back to it).
   */
  focus: string | null;
  // ── the clerk's work ──
  ctx: UnitContext | null;
  checked: Checked | null;
  /** The checked workbook's templates whose figures are those on record: they are not uploaded again. */
  unchanged: TemplateId[];
  /** The 情况说明 typed per template whose checks gave warnings. */
  explanations: Partial<Record<TemplateId, string>>;
  /**
   * The last upload's answer: a revision per template sent, the current revisions of those left
   * out as unchanged, and which templates carried a 情况说明.
   */
  receipts: { items: Receipt[]; kept: Receipt[]; outcome: Outcome; explained: TemplateId[] } | null;
  /** A body whose upload was cut off by the network: its retry may find it already stored. */
  unconfirmed: string | null;
  /** The unit's open correction (更正) of a closed year: its templates may be uploaded. */
  correction: Correction | null;
  // ── the statistician's work ──
  progress: Progress | null;
  tab: DeskTab;
  /**
   * The review list: filtered and paged on the server (area: a district or other child area;
   * org: an org type). A revision reviewed stays where it was, showing its new status, until
   * the list is read again.
   */
  reviewFilter: { status: RevisionStatus; template: TemplateId | null; area: string | null; org: OrgKey | null };
  pending: RevisionMeta[];
  pendingCursor: string | null;
  reviewing: Reviewing | null;
  comments: Record<string, string>;
  /** 报送进度's filters: a district (level-1 area name as the roster has it), an org type, and how far a unit has got. */
  progressFilter: { district: string | null; org: OrgKey | null; state: UnitState | null };
  /** A closed year's open corrections: the templates of their units that may still be reviewed. */
  corrections: Correction[];
  /** 数据质量 of the year (and area), and what its lists show. */
  quality: Quality | null;
  qualityFilter: { org: OrgKey | null; template: TemplateId | null; code: string | null };
  /** 报告用数 of the year (and area). */
  report: ReportFigures | null;
  /** The area the statistician has drilled into (null: its own, the city for an unbound one), and the way down to it. */
  area: { code: string; name: string } | null;
  areaPath: { code: string; name: string }[];
  /** The consolidated figures shown, the sheet chosen, and the figure being traced with its revision opened. */
  consolidated: Consolidated | null;
  sheet: SheetKey;
  trace: { label: string; data: Trace } | null;
  revision: RevisionDetail | null;
  /**
   * The trend chart's figure (`sheet.key`) over the five years to `year`, for `area` (null: the caller's own);
   * `points` is null while it is read, `error` says why it could not be.
   */
  trend: { key: string; year: number; area: string | null; points: TrendPoint[] | null; error: string | null } | null;
  // ── targets and assessment (目标管理考核) ──
  /** Targets as pasted from a spreadsheet (tab-separated lines), kept as typed; its preview is read from it. */
  targetsText: string;
  /** The year's saved targets the caller sees, and the units of its area (to read pasted unit codes); null until opened. */
  targets: { saved: Target[]; units: PasteUnit[] } | null;
  /** GET /assessment: each unit's completion of its targets. */
  assessment: Assessment | null;
  // ── shared ──
  question: Question | null;
  /** Bumped when the opened file or its marks change, so the preview redraws. */
  fileVersion: number;
}

export const EMPTY_SETTINGS: Settings = { city: '', issuer: '', docNo: '', validUntil: '' };

export function initialState(): State {
  return {
    settings: EMPTY_SETTINGS,
    me: null,
    periods: [],
    year: 0,
    busy: null,
    status: { text: '', tone: 'info' },
    done: 0,
    focus: null,
    ctx: null,
    checked: null,
    unchanged: [],
    explanations: {},
    receipts: null,
    unconfirmed: null,
    correction: null,
    progress: null,
    tab: 'progress',
    reviewFilter: { status: 'submitted', template: null, area: null, org: null },
    pending: [],
    pendingCursor: null,
    reviewing: null,
    comments: {},
    progressFilter: { district: null, org: null, state: null },
    corrections: [],
    quality: null,
    qualityFilter: { org: null, template: null, code: null },
    report: null,
    area: null,
    areaPath: [],
    consolidated: null,
    sheet: 'members',
    trace: null,
    revision: null,
    trend: null,
    targetsText: '',
    targets: null,
    assessment: null,
    question: null,
    fileVersion: 0,
  };
}

/** The one holder of the state: set a patch, and every subscriber (the renderer) hears of it. */
export class Store {
  private state: State;
  private readonly listeners = new Set<(s: State) => void>();

  constructor(initial: State = initialState()) {
    this.state = initial;
  }

  get(): State {
    return this.state;
  }

  set(patch: Partial<State> | ((s: State) => Partial<State>)) {
    const p = typeof patch === 'function' ? patch(this.state) : patch;
    this.state = { ...this.state, ...p };
    for (const l of this.listeners) l(this.state);
  }

  subscribe(l: (s: State) => void): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }
}

/** The selected year's period, if any. */
export function periodOf(s: State): Period | undefined {
  return s.periods.find((p) => p.year === s.year);
}

/** The selected year's edition: as its period records it, or — no period yet — the one valid for the year. */
export function editionOfState(s: State): Edition {
  const p = periodOf(s);
  return p ? editionOf(p.edition) : editionForYear(s.year);
}

/** `?area=` for the area drilled into, or '' for the caller's own. */
export function areaQuery(s: State, sep: '?' | '&' = '?'): string {
  return s.area ? `${sep}area=${encodeURIComponent(s.area.code)}` : '';
}

/** Uploads and reviews need the year open. */
export function yearOpen(s: State): boolean {
  return periodOf(s)?.status === 'open';
}

/**
 * Whether a revision of the unit's template may be reviewed now: the year is open, or closed with
 * an open correction of that unit covering the template (the same rule the worker applies).
 */
export function reviewable(s: State, unit: string, template: TemplateId): boolean {
  return yearOpen(s) || s.corrections.some((c) => c.status === 'open' && c.unit === unit && c.templates.includes(template));
}

/** The templates the signed-in unit may upload now: all while the year is open, a correction's in a closed year. */
export function writableTemplates(s: State): readonly TemplateId[] | 'all' | null {
  if (yearOpen(s)) return 'all';
  return s.correction?.status === 'open' ? s.correction.templates : null;
}
