/**
 * Editions (editions.md) without a database: which edition a year uses, the
 * 2026 edition as the 2024 edition plus its changes, its new checks each
 * caught by a minimal report, cross-year checks across the boundary, its
 * sheets read and written, and its consolidation with 上年 only where last
 * year had the figure. Against the spec where the brief lies beside the
 * project.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  AreaTree,
  checksNeedingStored,
  consolidate,
  editionForYear,
  EDITIONS,
  layoutWorkbook,
  progress,
  read,
  readWorkbook,
  reportFigures,
  ROOT_AREA,
  templatesResponse,
  validate,
  validUntilOf,
  workbookEdition,
  type Basis,
  type Consolidated,
  type Row,
  type TemplateId,
  type Unit,
} from '../../shared/index.ts';
import { unitData } from '../../bench/synthetic.ts';
import { funding, members, report, report2026, services } from './fixtures.ts';

const [E2024, E2026] = [EDITIONS['2024'], EDITIONS['2026']];

describe('which edition a year uses', () => {
  it('is 2024 up to 2025 and 2026 from 2026 on', () => {
    expect([2010, 2024, 2025, 2026, 2031].map((y) => editionForYear(y).id)).toEqual(['2024', '2024', '2024', '2026', '2026']);
    expect([E2024.from, E2024.to, E2026.from, E2026.to]).toEqual([2024, 2025, 2026, null]);
  });

  it('prints 有效期至 as the setting, capped at 2025年12月 for the 2024 edition', () => {
    expect(validUntilOf(E2024, '2027年12月')).toBe('2025年12月');
    expect(validUntilOf(E2024, '2025年6月')).toBe('2025年6月');
    expect(validUntilOf(E2026, '2027年12月')).toBe('2027年12月');
    // A setting that is not 年月 is printed as it is.
    expect(validUntilOf(E2024, '长期有效')).toBe('长期有效');
  });

  it('serves GET /templates per edition, each template saying which', () => {
    const body = templatesResponse(E2026);
    expect(body.edition).toBe('2026');
    expect(body.templates.map((t) => [t.id, t.edition])).toEqual(['members', 'trainings', 'awards', 'funding', 'services'].map((id) => [id, '2026']));
  });
});

describe('the 2026 edition as changes to the 2024 edition', () => {
  it('adds 注册志愿者人数 and 全年志愿服务时长 after 团体（单位）会员数, M8, and 表5; the rest is the 2024 edition', () => {
    const keys = (e: typeof E2024) => e.template('members').fields.map((f) => f.key);
    const at = keys(E2024).indexOf('members_group') + 1;
    expect(keys(E2026)).toEqual([...keys(E2024).slice(0, at), 'volunteers', 'volunteer_hours', ...keys(E2024).slice(at)]);
    expect(E2026.template('members').checks.map((c) => c.code)).toEqual([...E2024.template('members').checks.map((c) => c.code), 'M8']);
    for (const id of ['trainings', 'awards', 'funding'] as const) expect(E2026.template(id)).toEqual(E2024.template(id));
    expect(E2026.ids).toEqual([...E2024.ids, 'services']);
    expect(E2026.sheetKeys).toEqual(['members', 'trainings', 'awards', 'funding', 'services', 'trainingsByCategory', 'servicesByGroup']);
    expect(E2026.phrases.map((p) => p.id)).toEqual([...E2024.phrases.map((p) => p.id), 'services']);
    const s = E2026.template('services');
    expect([s.no, s.sheet, s.title, s.kind]).toEqual([5, '表5 帮扶服务', '帮扶服务情况', 'list']);
    expect(s.checks.map((c) => [c.code, c.severity, c.text])).toEqual([
      ['S1', 'error', '服务对象和项目名称都相同的记录不得重复'],
      ['S2', 'error', '服务人次 ≥ 1'],
      ['S3', 'warning', '帮扶资金合计超过表4“其中：帮扶救助支出”不得多于1.00万元，请核实'],
    ]);
    expect(E2026.template('members').checks.at(-1)!.text).toBe('全年志愿服务时长 ≤ 注册志愿者人数 × 2000，请核实');
  });

  it('leaves the 2024 edition untouched: it has no 表5 and no volunteers', () => {
    expect(E2024.has('services')).toBe(false);
    expect(() => E2024.template('services')).toThrow();
    expect(E2024.template('members').fields.some((f) => f.key === 'volunteers')).toBe(false);
  });
});

const ctx2026 = { year: 2026, org: 'women' as const };

describe('the 2026 checks, each caught by a minimal report', () => {
  const r = report2026('women');
  const codes = (template: TemplateId, rows: Row[], others: Partial<Record<TemplateId, Row[]>> = r) => validate(template, rows, { ...ctx2026, others }).map((i) => [i.code, i.severity, i.row, i.field]);

  it('passes a valid 2026 report of five templates', () => {
    for (const t of E2026.templates) expect(validate(t.id, r[t.id], { ...ctx2026, others: r }), t.id).toEqual([]);
  });

  it('M8: more than 2000 hours per volunteer', () => {
    const m = [{ ...r.members[0]!, volunteers: 3, volunteer_hours: 6001 }];
    expect(codes('members', m)).toEqual([['M8', 'warning', null, 'volunteer_hours']]);
    const [issue] = validate('members', m, ctx2026);
    expect(issue!.message).toBe('人均志愿服务时长超过2000小时（全年志愿服务时长 6001小时，注册志愿者人数 3人），请核实');
    expect(codes('members', [{ ...r.members[0]!, volunteers: 3, volunteer_hours: 6000 }])).toEqual([]);
  });

  it('S1: the same 服务对象 and 项目名称 twice', () => {
    expect(codes('services', [...services(), { ...services()[0]!, people: 5, money: 0 }])).toEqual([['S1', 'error', 3, 'name']]);
  });

  it('S2: a programme served nobody', () => {
    expect(codes('services', [{ ...services()[0]!, people: 0 }, services()[1]!])).toEqual([['S2', 'error', 1, 'people']]);
  });

  it("S3: 帮扶资金 more than 1.00 万元 above 表4's 帮扶救助支出, one-sided and only when 表4 is known", () => {
    // 表4 says 4.00: 5.00 is exactly 1.00 above (no warning), 5.01 is more.
    const money = (a: number, b: number) => [{ ...services()[0]!, money: a }, { ...services()[1]!, money: b }];
    expect(codes('services', money(3, 2))).toEqual([]);
    expect(codes('services', money(3, 2.01))).toEqual([['S3', 'warning', null, 'money']]);
    expect(validate('services', money(3, 2.01), { ...ctx2026, others: r })[0]!.message).toBe('帮扶资金合计 5.01 万元超过表4帮扶救助支出 4.00 万元 1.01 万元，请核实');
    // Less than 表4 is not this check's concern.
    expect(codes('services', money(0.5, 0))).toEqual([]);
    expect(codes('services', money(3, 2.01), {})).toEqual([]);
    expect(checksNeedingStored(E2026, ['services'], { previous: true }).map((k) => k.code)).toEqual(['S3']);
    expect(checksNeedingStored(E2026, ['services', 'funding', 'trainings'], { previous: true })).toEqual([]);
  });

  it('refuses a field a 2024-edition year does not have, and asks it of a 2026 one', () => {
    expect(validate('members', [{ ...members('women'), volunteers: 1, volunteer_hours: 1 }], { year: 2025, org: 'women' }).map((i) => [i.code, i.field])).toEqual([
      ['type', 'volunteers'],
      ['type', 'volunteer_hours'],
    ]);
    expect(validate('members', [members('women')], ctx2026).map((i) => [i.code, i.field])).toEqual([
      ['type', 'volunteers'],
      ['type', 'volunteer_hours'],
    ]);
  });
});

describe('cross-year checks across the edition boundary (2025 → 2026)', () => {
  const last2025 = report('women');
  it('compares only the keys both editions have: M6 and F7 as ever, nothing of the new fields', () => {
    const now = report2026('women');
    const previous = { members: last2025.members, funding: last2025.funding };
    // Continuing: 上年末个人会员数 = last year's 年末个人会员数, 年初结转 = last year's 年末结转.
    const m = [{ ...now.members[0]!, members_prev: members('women').members_total, members_new: 0, members_out: 0 }];
    const f = [{ ...funding(), opening: funding().closing, closing: Math.round((funding().closing as number) * 100 + 12900 - 11260) / 100 }];
    expect(validate('members', m, { ...ctx2026, previous }).map((i) => i.code)).toEqual([]);
    expect(validate('funding', f, { ...ctx2026, previous, others: { trainings: now.trainings } }).map((i) => i.code)).toEqual([]);
    // Not continuing: M6 and F7 say so, exactly as within one edition.
    const broken = [{ ...m[0]!, members_prev: 1, members_new: 0, members_out: 0, members_total: 1, members_female: 0, members_youth: 0 }];
    expect(validate('members', broken, { ...ctx2026, previous }).map((i) => i.code)).toEqual(['M6', 'M7']);
    expect(validate('funding', [funding()], { ...ctx2026, previous, others: { trainings: now.trainings } }).map((i) => i.code)).toEqual(['F7']);
  });
});

const TREE = new AreaTree([{ code: 'XB', name: '兴宾区', parent: ROOT_AREA, level: 1, districtCode: '451302' }], '合山市');
const units: Unit[] = ['W1', 'W2'].map((code) => ({ code, name: `${code}单位`, org: 'women', district: '兴宾区', districtCode: null, active: true, area: 'XB' }));

function consolidated(year: number, now: Record<string, Partial<Record<TemplateId, Row[]>>>, last: Record<string, Partial<Record<TemplateId, Row[]>>>): Consolidated {
  const ed = editionForYear(year);
  const data = (rs: typeof now, e: typeof ed) => new Map(units.map((u) => [u.code, unitData(u.code, u.org, rs[u.code] ?? {}, 1, e)]));
  const basis: Basis = { year, units, current: data(now, ed), previous: data(last, editionForYear(year - 1)), previousPublished: null, tree: TREE, area: ROOT_AREA };
  const p = progress({ year, deadline: null, units, latest: [], today: '2027-01-01', tree: TREE, area: ROOT_AREA });
  return consolidate({ ...basis, generatedAt: '2027-01-01T00:00:00.000Z', progress: p, published: null });
}

describe('consolidating a 2026-edition year', () => {
  const y2025 = { W1: report('women'), W2: report('women') };
  const y2026 = { W1: report2026('women'), W2: report2026('women') };
  const c2026 = consolidated(2026, y2026, y2025);

  it('has 表5 and its 服务对象 table after the 2024 sheets, and says its edition', () => {
    expect(Object.keys(c2026.sheets)).toEqual(['members', 'trainings', 'trainingsByCategory', 'awards', 'funding', 'services', 'servicesByGroup']);
    expect(c2026.edition).toBe('2026');
    expect(consolidated(2025, y2025, {}).edition).toBeUndefined();
    const total = c2026.sheets.services!.rows.at(-1)!;
    // Two units × (320 + 85) 人次, 150 households (an omitted one adds 0), 3.70 万元, 66 volunteers.
    expect([total.values.people, total.values.households, total.values.money, total.values.volunteers]).toEqual([810, 300, 7.4, 132]);
    const byGroup = c2026.sheets.servicesByGroup!;
    expect(byGroup.title).toBe('2026年帮扶服务情况（按服务对象汇总）');
    expect(byGroup.rows.find((r) => r.kind === 'category' && r.category === 'women_children')!.values.money).toBe(5);
    expect(byGroup.rows.at(-1)!.values.money).toBe(7.4);
  });

  it('gives no 上年 and no 增减 where last year (the 2024 edition) had no such figure', () => {
    const total = c2026.sheets.members.rows.at(-1)!;
    if (total.kind !== 'total') throw new Error('no total');
    expect([total.values.volunteers, total.previous.volunteers, total.change.volunteers]).toEqual([240, null, null]);
    expect(total.previous.members_total).toBe(2 * (members('women').members_total as number));
    const services = c2026.sheets.services!.rows.at(-1)!;
    if (services.kind !== 'total') throw new Error('no total');
    expect(Object.values(services.previous).every((v) => v === null)).toBe(true);
  });

  it('compares 表5 with last year from 2027 on', () => {
    const c2027 = consolidated(2027, y2026, y2026);
    const total = c2027.sheets.services!.rows.at(-1)!;
    if (total.kind !== 'total') throw new Error('no total');
    expect([total.previous.people, total.change.people]).toEqual([810, 0]);
    expect(c2027.sheets.servicesByGroup!.rows.at(-1)!.kind).toBe('total');
  });

  it('fills the services sentence of 报告用数 from 2026, and has none before', () => {
    const phrase = reportFigures(c2026).phrases.find((p) => p.id === 'services')!;
    expect(phrase.text).toBe('全年开展帮扶服务810人次，投入帮扶资金7.40万元，240名注册志愿者参与服务7200小时。');
    expect(reportFigures(consolidated(2025, y2025, {})).phrases.some((p) => p.id === 'services')).toBe(false);
  });

  it('expects five templates of each unit in progress', () => {
    expect(c2026.progress.summary.expected).toBe(10);
    expect(Object.keys(c2026.progress.units[0]!.templates)).toEqual(E2026.ids);
    expect(consolidated(2025, y2025, {}).progress.summary.expected).toBe(8);
  });
});

describe('the 2026 workbook', () => {
  const unit = { code: 'XB-WOMEN', name: '兴宾区妇联', org: 'women' as const };
  const data = report2026('women');

  it('has five sheets, 表5 as 群团统5表, and reads back with the edition its year says', () => {
    const sheets = layoutWorkbook(2026, unit, Object.fromEntries(E2026.templates.map((t) => [t.id, { rows: data[t.id] }])));
    expect(sheets.map((s) => s.sheet)).toEqual(['表1 组织与会员', '表2 培训', '表3 表彰奖励', '表4 经费收支', '表5 帮扶服务']);
    expect(sheets[4]!.grid.flat()).toContain('群团统5表');
    const grids = new Map(sheets.map((s) => [s.sheet, s.grid]));
    const wb = readWorkbook((n) => grids.get(n));
    expect(wb.edition.id).toBe('2026');
    expect(wb.absent).toEqual([]);
    for (const r of wb.reports) expect(r.rows, r.template).toEqual(data[r.template]);
    // Read with the year's expected edition, or told which: the same.
    expect(readWorkbook((n) => grids.get(n), { year: 2026 }).reports.map((r) => r.rows)).toEqual(wb.reports.map((r) => r.rows));
    expect(read('members', grids.get('表1 组织与会员')!).rows).toEqual(data.members);
  });

  it('a 2025 workbook reads as the 2024 edition: four sheets, no 表5 missing', () => {
    const sheets = layoutWorkbook(2025, unit, Object.fromEntries(E2024.templates.map((t) => [t.id, { rows: report('women')[t.id] }])));
    expect(sheets).toHaveLength(4);
    const grids = new Map(sheets.map((s) => [s.sheet, s.grid]));
    const wb = readWorkbook((n) => grids.get(n));
    expect([wb.edition.id, wb.absent]).toEqual(['2024', []]);
  });

  it('finds the edition of a workbook without a year by the sheets it holds', () => {
    const sheets = layoutWorkbook(2026, null);
    const blank = new Map(sheets.map((s) => [s.sheet, s.grid.map((row) => row.map((v) => (typeof v === 'string' && v.startsWith('2026年') ? null : v)))]));
    expect(workbookEdition((n) => blank.get(n), {}).id).toBe('2026');
    blank.delete('表5 帮扶服务');
    expect(workbookEdition((n) => blank.get(n), {}).id).toBe('2024');
  });
});

// ── against the spec, when the brief lies beside the project ─────────

const project = fileURLToPath(new URL('../../', import.meta.url));
const specPath = join(project, '..', 'shared', 'spec', 'editions.md');
const hasSpec = existsSync(specPath);

/** The rows of the markdown table that starts at the first line after `marker`. */
function tableAfter(text: string, marker: string): string[][] {
  const lines = text.slice(text.indexOf(marker)).split('\n');
  const start = lines.findIndex((l) => l.startsWith('|'));
  const end = lines.findIndex((l, i) => i > start && !l.startsWith('|'));
  return lines
    .slice(start, end)
    .filter((l) => !/^\|[-| ]+\|$/.test(l))
    .slice(1)
    .map((l) => l.split('|').slice(1, -1).map((c) => c.trim()));
}

describe.skipIf(!hasSpec)(`the 2026 edition = spec (${hasSpec ? specPath : `${specPath} is not beside the project: skipped`})`, () => {
  const spec = hasSpec ? readFileSync(specPath, 'utf8') : '';
  const field = (t: TemplateId, key: string) => E2026.template(t).fields.find((f) => f.key === key)!;

  it('adds to 表1 the fields of the spec', () => {
    const rows = tableAfter(spec, 'In 表1 `members`');
    for (const [key, label, unit, type] of rows) expect([field('members', key!).label, field('members', key!).unit, field('members', key!).type], key).toEqual([label, unit, type]);
    expect(rows.map((r) => r[0])).toEqual(['volunteers', 'volunteer_hours']);
  });

  it('has 表5 with the fields of the spec, their units, types and options', () => {
    const rows = tableAfter(spec, 'A fifth template');
    expect(rows.map((r) => r[0])).toEqual(E2026.template('services').fields.map((f) => f.key));
    for (const [key, label, unit, type] of rows) {
      const f = field('services', key!);
      expect([f.label, f.unit || '—'], key).toEqual([label, unit]);
      expect(type!.startsWith(f.type === 'enum' ? 'enum' : f.type), key).toBe(true);
      expect(f.required, key).toBe(!type!.includes('optional'));
      if (f.type === 'enum') expect(f.options!.map((o) => `${o.key} ${o.label}`).join(', ')).toBe(type!.replace(/^enum: /, ''));
      if (f.type === 'text') expect(type).toBe(`text ≤ ${f.maxLength}`);
    }
  });

  it('has the services sentence of the spec', () => {
    const [row] = tableAfter(spec, '报告用数 gains');
    expect(E2026.phrases.find((p) => p.id === row![0])!.text).toBe(row![1]);
  });
});
