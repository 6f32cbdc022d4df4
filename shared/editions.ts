/**
 * Editions of the report system (报表制度版本, editions.md). An edition is
 * the catalog of some years: its templates with their fields and checks, its
 * consolidated sheets and its report sentences. The 2024 edition is
 * `catalog.ts`; each later one is written as changes to the one before it
 * (added fields and templates, added checks, changed labels) and put
 * together here. Data reported under an edition is read, checked, laid out
 * and consolidated with that edition forever: a year's edition is recorded
 * with its period when the period is first created.
 */
import {
  fieldName,
  fieldOf,
  REPORT_PHRASES,
  TEMPLATES_2024,
  type CheckRule,
  type Field,
  type Phrase,
  type Rule,
  type SheetKey,
  type Template,
  type TemplateDef,
  type TemplateId,
} from './catalog.ts';
import { CHANGES_2026 } from './edition-2026.ts';

export const EDITION_IDS = ['2024', '2026'] as const;
export type EditionId = (typeof EDITION_IDS)[number];

/** An edition as data: the changes it makes to the one before it. */
export interface EditionChanges {
  id: EditionId;
  /** The first year it is valid for. */
  from: number;
  /** Fields added to a template, after the field `after`. */
  fields?: readonly { template: TemplateId; after: string; add: readonly Field[] }[];
  /** Labels changed: template → field key → new label. */
  labels?: Partial<Record<TemplateId, Record<string, string>>>;
  /** Checks added to a template. */
  checks?: readonly { template: TemplateId; add: readonly CheckRule[] }[];
  /** Templates added, in 表号 order after the existing ones. */
  templates?: readonly TemplateDef[];
  /** Report sentences added after the existing ones. */
  phrases?: readonly Phrase[];
}

export interface Edition {
  id: EditionId;
  /** The years it is valid for: `from` up to `to` (null: no end yet). */
  from: number;
  to: number | null;
  /** Its templates in 表号 order, their check texts made from their rules. */
  templates: readonly Template[];
  ids: readonly TemplateId[];
  /** Its consolidated sheets: one per template, then each list's breakdown table. */
  sheetKeys: readonly SheetKey[];
  phrases: readonly Phrase[];
  /** The template, which this edition must have. */
  template(id: TemplateId): Template;
  has(id: TemplateId): boolean;
}

// ── check texts ─────────────────────────────────────────────────────

/** A field's name in a check's text: full labels read best, but a 其中 item needs its short name to be understood alone. */
function textLabel(f: Field): string {
  return f.label.startsWith('其中：') ? fieldName(f) : f.label;
}

const percent = (ratio: number) => `${Math.round(ratio * 100)}%`;

/**
 * The plain Chinese statement of one rule. Every check's text is made here from
 * its rules, so the 说明 a clerk reads cannot say something the engine does not do.
 */
function ruleText(t: TemplateDef, r: Rule, all: readonly TemplateDef[]): string {
  const f = (k: string) => fieldOf(t, k);
  const label = (k: string) => textLabel(f(k));
  const total = (other: TemplateDef, key: string) => (other.kind === 'list' ? `表${other.no}${fieldName(fieldOf(other, key))}合计` : `表${other.no}“${fieldOf(other, key).label}”`);
  switch (r.kind) {
    case 'sum':
      return `${label(r.field)} = ${r.terms.map(([s, k], i) => `${i === 0 ? (s < 0 ? '−' : '') : s < 0 ? ' − ' : ' + '}${label(k)}`).join('')}`;
    case 'atMost':
      return `${r.parts.map(label).join(' + ')} ≤ ${label(r.limit)}`;
    case 'atLeast':
      return `${label(r.field)} ≥ ${r.min}`;
    case 'unique': {
      const names = r.fields.map((k) => fieldName(f(k)));
      return `${names.slice(0, -1).join('、')}和${names.at(-1)}都相同的记录不得重复`;
    }
    case 'requiredIf': {
      const when = f(r.when.field);
      const opts = r.when.in.map((k) => `“${when.options?.find((o) => o.key === k)?.label ?? k}”`).join('或');
      return `${when.label}为${opts}时须填写${label(r.field)}${r.onlyThen ? `，其他情况${label(r.field)}应留空` : ''}`;
    }
    case 'inYear':
      return `${label(r.field)}应在报告期内`;
    case 'carry':
      return `${label(r.field)}应等于上年报告的${label(r.previous)}`;
    case 'jump':
      return `${label(r.field)}较上年增减超过${percent(r.ratio)}且不少于${r.min}${f(r.field).unit}`;
    case 'cross': {
      const other = all.find((x) => x.id === r.other.template)!;
      const mine = `${fieldName(f(r.field))}${t.kind === 'list' ? '合计' : ''}`;
      return `${mine}与${total(other, r.other.field)}相差超过较大者的${percent(r.ratio)}且超过${r.min.toFixed(2)}${f(r.field).unit}`;
    }
    case 'timesAtMost':
      return `${label(r.field)} ≤ ${label(r.per)} × ${r.times}`;
    case 'crossExceeds': {
      const other = all.find((x) => x.id === r.other.template)!;
      const mine = `${fieldName(f(r.field))}${t.kind === 'list' ? '合计' : ''}`;
      return `${mine}超过${total(other, r.other.field)}不得多于${r.slack.toFixed(2)}${f(r.field).unit}`;
    }
  }
}

/** A check's text: its rules' statements; a warning adds what the clerk is asked to do. */
function checkText(t: TemplateDef, c: CheckRule, all: readonly TemplateDef[]): string {
  const rules = c.rules.map((r) => ruleText(t, r, all));
  // A unique rule on a warning means "suspected", not "forbidden".
  const said = c.severity === 'warning' ? rules.map((x) => x.replace(/不得重复$/, '疑似重复')) : rules;
  return `${[...new Set(said)].join('；')}${c.severity === 'warning' ? '，请核实' : ''}`;
}

// ── putting an edition together ────────────────────────────────────

/** The templates of `base` with `changes` made: nothing of `base` is touched, nothing repeated. */
function revise(base: readonly TemplateDef[], changes: EditionChanges): TemplateDef[] {
  const out = base.map((t): TemplateDef => {
    let fields = [...t.fields];
    for (const add of changes.fields?.filter((x) => x.template === t.id) ?? []) {
      const at = fields.findIndex((f) => f.key === add.after);
      if (at < 0) throw new Error(`edition ${changes.id}: ${t.id} has no field ${add.after}`);
      fields = [...fields.slice(0, at + 1), ...add.add, ...fields.slice(at + 1)];
    }
    const labels = changes.labels?.[t.id] ?? {};
    fields = fields.map((f) => (labels[f.key] ? { ...f, label: labels[f.key]! } : f));
    const checks = [...t.checks, ...(changes.checks?.filter((x) => x.template === t.id).flatMap((x) => x.add) ?? [])];
    return { ...t, fields, checks };
  });
  return [...out, ...(changes.templates ?? [])];
}

function make(id: EditionId, from: number, to: number | null, defs: readonly TemplateDef[], phrases: readonly Phrase[]): Edition {
  const templates = defs.map((t): Template => ({ ...t, checks: t.checks.map((c) => ({ ...c, text: checkText(t, c, defs) })) }));
  const ids = templates.map((t) => t.id);
  const byId = new Map(templates.map((t) => [t.id, t]));
  return {
    id,
    from,
    to,
    templates,
    ids,
    sheetKeys: [...ids, ...templates.flatMap((t) => (t.breakdown ? [t.breakdown.sheet] : []))],
    phrases,
    template(tid) {
      const t = byId.get(tid);
      if (!t) throw new Error(`edition ${id} has no template ${tid}`);
      return t;
    },
    has: (tid) => byId.has(tid),
  };
}

const DEFS_2026 = revise(TEMPLATES_2024, CHANGES_2026);

export const EDITIONS: Readonly<Record<EditionId, Edition>> = {
  '2024': make('2024', 2024, CHANGES_2026.from - 1, TEMPLATES_2024, REPORT_PHRASES),
  '2026': make('2026', CHANGES_2026.from, null, DEFS_2026, [...REPORT_PHRASES, ...(CHANGES_2026.phrases ?? [])]),
};

/** The edition valid for a year by the table: the newest whose first year it has reached (2024 before any). */
export function editionForYear(year: number): Edition {
  let found = EDITIONS['2024'];
  for (const id of EDITION_IDS) if (EDITIONS[id].from <= year) found = EDITIONS[id];
  return found;
}

export function editionOf(id: EditionId): Edition {
  return EDITIONS[id];
}

/** The newest edition: where a template is named apart from any year (a sheet's name in a message). */
export const LATEST = EDITIONS[EDITION_IDS[EDITION_IDS.length - 1]!];

/** A template by its id, as the newest edition that has it states it: for its name, number and kind, which editions share. */
export function templateNamed(id: TemplateId): Template {
  for (const e of [...EDITION_IDS].reverse()) if (EDITIONS[e].has(id)) return EDITIONS[e].template(id);
  throw new Error(`unknown template ${id}`);
}

/**
 * 有效期至 as an edition prints it: the deployment's `VALID_UNTIL`, capped at
 * the end of the edition's last year (the 2024 edition: 2025年12月). A
 * setting that is not `YYYY年M月` is printed as it is.
 */
export function validUntilOf(e: Edition, setting: string): string {
  const m = /^(\d{4})年(\d{1,2})月$/.exec(setting.trim());
  if (!m || e.to === null) return setting;
  return Number(m[1]) > e.to ? `${e.to}年12月` : setting;
}
