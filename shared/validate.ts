/**
 * The check engine: the same code judges a report in Excel, in the browser,
 * on the command line and in the worker. It returns every issue at once —
 * a clerk fixes a sheet in one pass, not one error per upload.
 */
import {
  fieldName,
  type Field,
  type OrgKey,
  type Rule,
  type Severity,
  type Template,
  type TemplateId,
} from './catalog.ts';
import { editionForYear, templateNamed, type Edition } from './editions.ts';
import { formatHundredths } from './money.ts';
import { formatValue, parseValue, type Value } from './values.ts';

export interface Issue {
  template: TemplateId;
  /** 1-based data row for list templates; null for record templates and whole-report issues. */
  row: number | null;
  field: string | null;
  /** Excel notation, e.g. `'表2 培训'!F9`, when the report came from a workbook. */
  cell: string | null;
  severity: Severity;
  /** The spec's check code (M4, T2, …) or `type`. */
  code: string;
  message: string;
}

/** A report row as JSON: field key → value. */
export type Row = Record<string, unknown>;

/** Where each value sat in the workbook: per data row (0-based), field key → cell. */
export type CellMap = readonly Readonly<Record<string, string>>[];

export interface CheckContext {
  year: number;
  /** The year's edition, as its period records it; without one, the edition valid for `year` by the table. */
  edition?: Edition;
  /** The unit's org type; null when not known yet (before signing in): org-specific fields may then be blank. */
  org: OrgKey | null;
  /** Last year's counted revision of this unit, per template (M6, M7, F7). */
  previous?: Partial<Record<TemplateId, readonly Row[]>>;
  /** This unit's other templates of the year (T5, F6): the same upload first, else the stored revision. */
  others?: Partial<Record<TemplateId, readonly Row[]>>;
  /** From the workbook reader, so that issues name their cells. */
  cells?: CellMap;
}

/** One row read into typed values. `bad` fields failed their type; `missing` are null (omitted or not asked). */
export interface ParsedRow {
  values: Record<string, Value | null>;
  bad: Set<string>;
}

/** A report's rows as typed values plus the type issues met on the way. */
export interface ParsedReport {
  rows: ParsedRow[];
  issues: Issue[];
}

/**
 * Reads every row into typed values (money in hundredths, text trimmed,
 * omitted optional values as null). Shape problems and type failures become
 * `type` issues; a field that fails is marked bad so no check reads it.
 */
export function parseReport(t: Template, rows: readonly unknown[], org: OrgKey | null): ParsedReport {
  const issues: Issue[] = [];
  const known = new Set(t.fields.map((f) => f.key));
  const typeIssue = (row: number | null, field: string | null, message: string): Issue => ({
    template: t.id,
    row,
    field,
    cell: null,
    severity: 'error',
    code: 'type',
    message,
  });
  if (t.kind === 'record' && rows.length !== 1) {
    issues.push(typeIssue(null, null, `${t.sheet}应恰好有一条记录，收到 ${rows.length} 条`));
    return { rows: [], issues };
  }
  const parsed = rows.map((raw, i): ParsedRow => {
    const rowNo = t.kind === 'list' ? i + 1 : null;
    const values: Record<string, Value | null> = {};
    const bad = new Set<string>();
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
      issues.push(typeIssue(rowNo, null, `${rowNo ? `第 ${rowNo} 行` : '记录'}应为对象，现为${Array.isArray(raw) ? '数组' : typeof raw}`));
      for (const f of t.fields) bad.add(f.key);
      return { values, bad };
    }
    const obj = raw as Row;
    for (const key of Object.keys(obj)) {
      if (!known.has(key)) issues.push(typeIssue(rowNo, key, `${t.sheet}没有字段“${key.slice(0, 40)}”`));
    }
    for (const f of t.fields) {
      const p = parseValue(f, Object.hasOwn(obj, f.key) ? obj[f.key] : undefined, org);
      if (p.ok) values[f.key] = p.value;
      else {
        bad.add(f.key);
        values[f.key] = null;
        issues.push(typeIssue(rowNo, f.key, p.message));
      }
    }
    return { values, bad };
  });
  return { rows: parsed, issues };
}

/** Parses stored or sibling rows for comparison; null when they are not usable. */
function lenient(t: Template, rows: readonly unknown[] | undefined, org: OrgKey | null): ParsedRow[] | null {
  if (!rows) return null;
  const p = parseReport(t, rows, org);
  return p.rows.length === rows.length ? p.rows : null;
}

const pct = (part: number, whole: number) => ((part / whole) * 100).toFixed(1);

/**
 * Validates one template's rows: types first, then every check of the
 * template, including last year's (M6, M7, F7) and the sibling template's
 * (T5, F6) when the context carries them.
 */
export function validate(templateId: TemplateId, rows: readonly unknown[], ctx: CheckContext): Issue[] {
  const edition = ctx.edition ?? editionForYear(ctx.year);
  const t = edition.template(templateId);
  const report = parseReport(t, rows, ctx.org);
  const issues = [...report.issues];
  const f = (key: string): Field => t.fields.find((x) => x.key === key)!;
  const show = (key: string, v: Value | null) => formatValue(f(key), v);
  const rowNo = (i: number) => (t.kind === 'list' ? i + 1 : null);

  for (const check of t.checks) {
    const push = (i: number | null, field: string, message: string) =>
      issues.push({
        template: t.id,
        row: i === null ? null : rowNo(i),
        field,
        cell: null,
        severity: check.severity,
        code: check.code,
        message: check.severity === 'warning' ? `${message}，请核实` : message,
      });
    for (const rule of check.rules) {
      evaluate(rule, push);
    }
  }

  function evaluate(rule: Rule, push: (i: number | null, field: string, message: string) => void) {
    const rows = report.rows;
    /** Numbers of the row for these fields, or null when any is bad, omitted or not asked. */
    const nums = (r: ParsedRow, keys: readonly string[]): number[] | null => {
      const out: number[] = [];
      for (const k of keys) {
        const v = r.values[k];
        if (r.bad.has(k) || typeof v !== 'number') return null;
        out.push(v);
      }
      return out;
    };
    switch (rule.kind) {
      case 'sum':
        rows.forEach((r, i) => {
          const keys = rule.terms.map(([, k]) => k);
          const v = nums(r, [rule.field, ...keys]);
          if (!v) return;
          const [actual, ...parts] = v as [number, ...number[]];
          const expected = parts.reduce((acc, p, j) => acc + rule.terms[j]![0] * p, 0);
          if (actual === expected) return;
          const expr = rule.terms
            .map(([s, k], j) => `${j === 0 ? (s < 0 ? '−' : '') : s < 0 ? ' − ' : ' + '}${fieldName(f(k))} ${show(k, parts[j]!)}`)
            .join('');
          push(i, rule.field, `${f(rule.field).label} ${show(rule.field, actual)} ≠ ${expr}（应为 ${show(rule.field, expected)}）`);
        });
        return;
      case 'atMost':
        rows.forEach((r, i) => {
          const v = nums(r, [...rule.parts, rule.limit]);
          if (!v) return;
          const limit = v.pop()!;
          const sum = v.reduce((a, b) => a + b, 0);
          if (sum <= limit) return;
          const lhs =
            rule.parts.length === 1
              ? `${fieldName(f(rule.parts[0]!))} ${show(rule.parts[0]!, sum)}`
              : `${rule.parts.map((k, j) => `${fieldName(f(k))} ${show(k, v[j]!)}`).join(' + ')} = ${show(rule.parts[0]!, sum)}，`;
          push(i, rule.field, `${lhs} 超过了 ${fieldName(f(rule.limit))} ${show(rule.limit, limit)}`);
        });
        return;
      case 'atLeast':
        rows.forEach((r, i) => {
          const v = nums(r, [rule.field]);
          if (v && v[0]! < rule.min) push(i, rule.field, `${f(rule.field).label}应不少于 ${rule.min}，现为 ${v[0]}`);
        });
        return;
      case 'unique': {
        const seen = new Map<string, number>();
        const last = rule.fields[rule.fields.length - 1]!;
        rows.forEach((r, i) => {
          if (rule.fields.some((k) => r.bad.has(k) || r.values[k] === null)) return;
          const key = JSON.stringify(rule.fields.map((k) => r.values[k]));
          const first = seen.get(key);
          if (first === undefined) {
            seen.set(key, i);
            return;
          }
          const what = rule.fields.map((k) => `${f(k).label}“${show(k, r.values[k]!)}”`).join('、');
          push(i, last, `与第 ${first + 1} 行重复：${what}相同`);
        });
        return;
      }
      case 'requiredIf':
        rows.forEach((r, i) => {
          const cond = r.values[rule.when.field];
          if (r.bad.has(rule.when.field) || r.bad.has(rule.field) || typeof cond !== 'string') return;
          const has = r.values[rule.field] !== null;
          const on = rule.when.in.includes(cond);
          const whenText = `${f(rule.when.field).label}为“${show(rule.when.field, cond)}”`;
          if (on && !has) push(i, rule.field, `${whenText}时须填写${f(rule.field).label}`);
          else if (!on && has && rule.onlyThen) push(i, rule.field, `${whenText}时${f(rule.field).label}应留空`);
        });
        return;
      case 'inYear':
        rows.forEach((r, i) => {
          const v = r.values[rule.field];
          if (r.bad.has(rule.field) || typeof v !== 'string') return;
          if (Number(v.slice(0, 4)) !== ctx.year) push(i, rule.field, `${f(rule.field).label} ${v} 不在报告期 ${ctx.year}年 内`);
        });
        return;
      case 'carry': {
        const prev = lenient(t, ctx.previous?.[t.id], ctx.org)?.[0];
        const cur = rows[0];
        if (!prev || !cur) return;
        const a = nums(cur, [rule.field]);
        const b = nums(prev, [rule.previous]);
        if (!a || !b || a[0] === b[0]) return;
        push(
          0,
          rule.field,
          `${f(rule.field).label} ${show(rule.field, a[0]!)} 与上年报告的${f(rule.previous).label} ${show(rule.previous, b[0]!)} 不一致`,
        );
        return;
      }
      case 'jump': {
        const prev = lenient(t, ctx.previous?.[t.id], ctx.org)?.[0];
        const cur = rows[0];
        if (!prev || !cur) return;
        const a = nums(cur, [rule.field]);
        const b = nums(prev, [rule.field]);
        if (!a || !b) return;
        const [now, before] = [a[0]!, b[0]!];
        const diff = Math.abs(now - before);
        const scale = f(rule.field).type === 'money' ? 100 : 1;
        // Integer comparison: diff > ratio × before, with the ratio in whole percent.
        if (diff * 100 <= Math.round(rule.ratio * 100) * before || diff < rule.min * scale) return;
        const change = before === 0 ? '' : `${now > before ? '增加' : '减少'} ${pct(diff, before)}%，`;
        push(
          0,
          rule.field,
          `${f(rule.field).label}由上年 ${show(rule.field, before)} 变为 ${show(rule.field, now)}，${change}增减幅度过大`,
        );
        return;
      }
      case 'cross':
      case 'crossExceeds': {
        const ot = edition.template(rule.other.template);
        const other = lenient(ot, ctx.others?.[ot.id], ctx.org);
        if (!other || (other.length === 0 && ot.kind === 'record')) return;
        const sum = (rs: ParsedRow[], key: string): number | null => {
          let s = 0;
          for (const r of rs) {
            const v = r.values[key];
            if (r.bad.has(key) || typeof v !== 'number') return null;
            s += v;
          }
          return s;
        };
        const mine = sum(rows, rule.field);
        const theirs = sum(other, rule.other.field);
        if (mine === null || theirs === null || report.issues.some((x) => x.field === null)) return;
        const total = (tt: Template, key: string) => `${fieldName(tt.fields.find((x) => x.key === key)!)}${tt.kind === 'list' ? '合计' : ''}`;
        const named = `表${ot.no}${total(ot, rule.other.field)} ${formatHundredths(theirs)} 万元`;
        if (rule.kind === 'crossExceeds') {
          // One-sided (S3): only more than the other side, by more than the slack, in hundredths.
          if (mine - theirs <= rule.slack * 100) return;
          push(null, rule.field, `${total(t, rule.field)} ${formatHundredths(mine)} 万元超过${named} ${formatHundredths(mine - theirs)} 万元`);
          return;
        }
        const diff = Math.abs(mine - theirs);
        const larger = Math.max(mine, theirs);
        if (diff * 100 <= Math.round(rule.ratio * 100) * larger || diff <= rule.min * 100) return;
        push(null, rule.field, `${total(t, rule.field)} ${formatHundredths(mine)} 万元与${named}相差 ${formatHundredths(diff)} 万元`);
        return;
      }
      case 'timesAtMost':
        rows.forEach((r, i) => {
          const v = nums(r, [rule.field, rule.per]);
          if (!v || v[0]! <= v[1]! * rule.times) return;
          push(i, rule.field, `${rule.say}（${f(rule.field).label} ${show(rule.field, v[0]!)}${f(rule.field).unit}，${f(rule.per).label} ${show(rule.per, v[1]!)}${f(rule.per).unit}）`);
        });
        return;
    }
  }

  if (ctx.cells) for (const issue of issues) issue.cell = cellOf(issue, ctx.cells);
  // Row by row, as the clerk reads the sheet; whole-report issues (row null) last. The sort is stable.
  const order = (i: Issue) => i.row ?? Number.MAX_SAFE_INTEGER;
  return issues.sort((a, b) => order(a) - order(b));
}

/**
 * The cell an issue is about, from the reader's cell map. Record templates
 * have one row: their issues carry no row number but sit in row 0 of the map.
 * An issue about a whole list (T5) or a whole report has no cell.
 */
export function cellOf(issue: Issue, cells: CellMap): string | null {
  if (issue.cell) return issue.cell;
  if (issue.field === null || (issue.row === null && templateNamed(issue.template).kind === 'list')) return null;
  return cells[issue.row === null ? 0 : issue.row - 1]?.[issue.field] ?? null;
}

/** Whether any issue blocks the upload. */
export function hasErrors(issues: readonly Issue[]): boolean {
  return issues.some((i) => i.severity === 'error');
}

export interface SkippedCheck {
  template: TemplateId;
  code: string;
  /** Why it could not run, in plain Chinese. */
  reason: string;
}

/**
 * The checks of these templates that need stored data the caller does not
 * have: last year's figures (M6, M7, F7) without `previous`, and a
 * cross-template check (T5, F6) whose other template is neither among them
 * nor in `others`. A check run without the server reports them as skipped.
 */
export function checksNeedingStored(edition: Edition, present: readonly TemplateId[], have: { previous: boolean; others?: readonly TemplateId[] }): SkippedCheck[] {
  const out: SkippedCheck[] = [];
  for (const id of present) {
    for (const check of edition.template(id).checks) {
      if (!have.previous && check.rules.some((r) => r.kind === 'carry' || r.kind === 'jump')) {
        out.push({ template: id, code: check.code, reason: '需要本单位上年报送的数据' });
        continue;
      }
      const cross = check.rules.find((r) => r.kind === 'cross' || r.kind === 'crossExceeds');
      if (cross && (cross.kind === 'cross' || cross.kind === 'crossExceeds') && !present.includes(cross.other.template) && !have.others?.includes(cross.other.template)) {
        out.push({ template: id, code: check.code, reason: `需要“${edition.template(cross.other.template).sheet}”，而文件中没有这张表` });
      }
    }
  }
  return out;
}
