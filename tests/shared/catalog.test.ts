/**
 * The catalog, on its own and against the spec. The project's own tests
 * (first block) need nothing beside the project. Where the brief lies beside
 * the project (the report-system spec in the folder `shared` next to it), its
 * tables are also parsed and compared key by key, so a typo in a label or a
 * missed check fails there; on a clone with nothing beside it that block is
 * skipped, and its title names the missing path.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EDITIONS, DERIVED, fieldName, ORG_KEYS, ORG_TYPES, REPORT_PHRASES, templatesResponse, templatesResponseSchema, type Field, type Rule } from '../../shared/index.ts';

/** The 2024 edition: the one these years (up to 2025) use. */
const E2024 = EDITIONS['2024'];

const project = fileURLToPath(new URL('../../', import.meta.url));
const specPath = join(project, '..', 'shared', 'spec', 'report-system.md');
const hasSpec = existsSync(specPath);
const spec = hasSpec ? readFileSync(specPath, 'utf8') : '';

/** The lines of the section whose heading starts with `heading`, up to the next `## `. */
function section(heading: string): string[] {
  const lines = spec.split('\n');
  const start = lines.findIndex((l) => l.startsWith(heading));
  if (start < 0) throw new Error(`spec has no section ${heading}`);
  const end = lines.findIndex((l, i) => i > start && l.startsWith('## '));
  return lines.slice(start + 1, end < 0 ? undefined : end);
}

function tableRows(lines: string[]): string[][] {
  return lines
    .filter((l) => l.startsWith('|') && !/^\|[-| ]+\|$/.test(l))
    .slice(1)
    .map((l) => l.split('|').slice(1, -1).map((c) => c.trim()));
}

/** A field as the spec's type column states it, in the catalog's terms. */
function specField(key: string, label: string, unit: string, type: string): Partial<Field> & { key: string } {
  const [main, ...flags] = type.split(';').map((s) => s.trim());
  const out: Partial<Field> & { key: string } = { key, label, unit: unit === '—' ? '' : unit, required: !flags.includes('optional') };
  const [kind, ...rest] = main!.split(',').map((s) => s.trim());
  if (kind === 'signed money') Object.assign(out, { type: 'money', signed: true });
  else if (kind!.startsWith('text')) Object.assign(out, { type: 'text', maxLength: Number(kind!.replace(/\D/g, '')) });
  else if (kind!.startsWith('enum')) {
    const opts = main!.replace(/^enum:\s*/, '').split(',').map((o) => o.trim().split(' '));
    Object.assign(out, { type: 'enum', options: opts.map(([k, l]) => ({ key: k, label: l })) });
  } else out.type = kind as Field['type'];
  const appliesTo = rest.join(',').match(/applies: (.*)/)?.[1];
  if (appliesTo?.startsWith('all but ')) {
    const not = appliesTo.slice(8).split(',').map((s) => s.trim());
    out.applies = ORG_KEYS.filter((k) => !not.includes(k));
  } else if (appliesTo) out.applies = appliesTo.split(',').map((s) => s.trim()) as Field['applies'];
  return out;
}

/** The fields a rule reads, by key. */
function ruleFields(r: Rule): string[] {
  switch (r.kind) {
    case 'sum':
      return [r.field, ...r.terms.map(([, k]) => k)];
    case 'atMost':
      return [...r.parts, r.limit];
    case 'unique':
      return [...r.fields];
    case 'requiredIf':
      return [r.field, r.when.field];
    case 'carry':
      return [r.field, r.previous];
    case 'cross':
      return [r.field];
    default:
      return [r.field];
  }
}

describe('the catalog on its own', () => {
  it('has the nine org types in display order', () => {
    expect(ORG_TYPES.map((o) => o.label)).toEqual(['工会', '共青团', '妇联', '残联', '侨联', '工商联', '文联', '科协', '计生协会']);
  });

  it('states each check in words generated from its rules: every field a rule reads is named in the text', () => {
    for (const t of E2024.templates) {
      for (const c of t.checks) {
        for (const r of c.rules) {
          for (const key of ruleFields(r)) {
            const f = t.fields.find((x) => x.key === key)!;
            const names = [f.label, fieldName(f), f.label.replace(/^其中：/, '')];
            expect(names.some((n) => c.text.includes(n)), `${c.code} names ${key}`).toBe(true);
          }
          if (r.kind === 'cross') expect(c.text).toContain(`表${E2024.templates.find((x) => x.id === r.other.template)!.no}`);
          if (r.kind === 'jump') expect(c.text).toContain(`${Math.round(r.ratio * 100)}%`);
        }
        expect(c.text.endsWith('，请核实')).toBe(c.severity === 'warning');
      }
    }
  });

  it('keeps every field, label, unit, type and check as they are (a change here is a change of the report system)', async () => {
    // One line per field and per check, so a review of a change reads like the spec's tables.
    const lines = E2024.templates.flatMap((t) => [
      `## ${t.id} ${t.sheet} (${t.kind})`,
      ...t.fields.map((f) => JSON.stringify([f.key, f.label, f.unit, f.type, f.required, f.applies ?? null, f.options?.map((o) => `${o.key}:${o.label}`) ?? null])),
      ...t.checks.map((c) => JSON.stringify([c.code, c.severity, c.text])),
    ]);
    await expect(`${lines.join('\n')}\n`).toMatchFileSnapshot('./catalog.snapshot.txt');
  });
});

describe.skipIf(!hasSpec)(`catalog = spec (${hasSpec ? specPath : `${specPath} is not beside the project: skipped`})`, () => {
  it('has the org types in the display order, with their labels', () => {
    const start = spec.indexOf('**Org types (`org`)**');
    const rows = tableRows(spec.slice(start).split('\n').slice(1, 14));
    expect(ORG_TYPES.map((o) => [o.key, o.label])).toEqual(rows.map(([k, l]) => [k, l]));
  });

  for (const t of E2024.templates) {
    const heading = `## 表${t.no} ${t.title} — \`${t.id}\``;
    it(`${heading}: every field's key, label, unit, type, requirement and options`, () => {
      const rows = tableRows(section(heading));
      const want = rows.map((r) => (r.length === 4 ? specField(r[0]!, r[1]!, r[2]!, r[3]!) : specField(r[0]!, r[1]!, '万元', r[2]!)));
      // `short` is ours (message wording), not the spec's: compare everything else.
      const project = ({ key, label, unit, type, required, applies, options, maxLength, signed }: Partial<Field>) => ({
        key, label, unit, type, required, applies, options, maxLength, signed,
      });
      expect(t.fields.map(project)).toEqual(want.map(project));
    });
    it(`${heading}: every check code and severity`, () => {
      const checks = section(heading)
        .map((l) => /^- ([A-Z]\d) (\(warning)?/.exec(l))
        .filter((m) => m !== null)
        .map((m) => [m[1], m[2] ? 'warning' : 'error']);
      expect(t.checks.map((c) => [c.code, c.severity])).toEqual(checks);
    });
    it(`${t.sheet}: labels are unique, so the reader can find each field by its label`, () => {
      expect(new Set(t.fields.map((f) => f.label)).size).toBe(t.fields.length);
    });
  }

  it('names the sheets as the workbook section does', () => {
    expect(E2024.templates.map((t) => t.sheet)).toEqual(['表1 组织与会员', '表2 培训', '表3 表彰奖励', '表4 经费收支']);
    for (const t of E2024.templates) expect(spec).toContain(`\`${t.sheet}\``);
  });

  it('states every check in plain Chinese', () => {
    for (const t of E2024.templates) for (const c of t.checks) expect(c.text).toMatch(/[\u4e00-\u9fff]/);
    const m1 = E2024.templates[0]!.checks[0]!;
    expect(m1.text).toBe('基层组织数 = 其中：党政机关 + 其中：事业单位 + 其中：国有企业 + 其中：集体企业 + 其中：非公有制企业 + 其中：乡镇（街道）及村（社区） + 其中：社会组织及其他'.replace(/其中：/g, ''));
  });

  it('derives the two rates from fields that exist', () => {
    expect(DERIVED.map((d) => [d.label, d.numerator, d.denominator])).toEqual([
      ['组织覆盖率', 'units_covered', 'units_required'],
      ['女性会员占比', 'members_female', 'members_total'],
    ]);
  });

  it('serves itself in the shape of GET /templates', () => {
    const body = templatesResponse(E2024);
    expect(templatesResponseSchema.parse(body)).toEqual(body);
    expect(body.edition).toBe('2024');
    expect(body.templates.map((t) => [t.id, t.edition])).toEqual(['members', 'trainings', 'awards', 'funding'].map((id) => [id, '2024']));
    expect(JSON.stringify(body)).not.toContain('"rules"');
  });
});

const analysisPath = join(project, '..', 'shared', 'spec', 'analysis.md');
const hasAnalysis = existsSync(analysisPath);

describe.skipIf(!hasAnalysis)(`报告用数 phrases = spec (${hasAnalysis ? analysisPath : `${analysisPath} is not beside the project: skipped`})`, () => {
  it('has the sentences of the table, in order, word for word', () => {
    const text = readFileSync(analysisPath, 'utf8');
    const lines = text.slice(text.indexOf('| id | sentence |')).split('\n');
    const rows = tableRows(lines.slice(0, lines.findIndex((l, i) => i > 0 && !l.startsWith('|'))));
    expect(REPORT_PHRASES.map((p) => [p.id, p.text])).toEqual(rows.map((r) => [r[0], r[1]]));
  });
});
