import { describe, expect, it } from 'vitest';
import { EDITIONS, checksNeedingStored, validate, type CheckContext, type Issue, type Row, type TemplateId } from '../../shared/index.ts';
import { awards, funding, members, report, trainings } from './fixtures.ts';

/** The 2024 edition: the one these years (up to 2025) use. */
const E2024 = EDITIONS['2024'];

const base: CheckContext = { year: 2024, org: 'union' };

interface Case {
  name: string;
  template: TemplateId;
  rows: Row[];
  ctx?: Partial<CheckContext>;
  /** The one issue expected: code, severity, row, field. */
  want: Pick<Issue, 'code' | 'severity' | 'row' | 'field'>;
  /** Values the message must quote. */
  quotes?: string[];
}

const m = (patch: Row): Row[] => [{ ...members(), ...patch }];
const f = (patch: Row): Row[] => [{ ...funding(), ...patch }];
const tr = (i: number, patch: Row): Row[] => trainings().map((r, j) => (j === i ? { ...r, ...patch } : r));
const aw = (i: number, patch: Row): Row[] => awards().map((r, j) => (j === i ? { ...r, ...patch } : r));
const err = (code: string, row: number | null, field: string) => ({ code, severity: 'error' as const, row, field });
const warn = (code: string, row: number | null, field: string) => ({ code, severity: 'warning' as const, row, field });

const cases: Case[] = [
  { name: 'M1 parts do not add up', template: 'members', rows: m({ org_total: 246 }), want: err('M1', null, 'org_total'), quotes: ['246', '245'] },
  { name: 'M2 more new than all', template: 'members', rows: m({ org_new: 246 }), want: err('M2', null, 'org_new'), quotes: ['246', '245'] },
  { name: 'M3 covered above required', template: 'members', rows: m({ units_covered: 301 }), want: err('M3', null, 'units_covered') },
  {
    name: 'M4 members do not balance',
    template: 'members',
    rows: m({ members_prev: 1000, members_new: 300, members_out: 80, members_total: 1200, members_female: 500, members_youth: 300, members_migrant: 100 }),
    want: err('M4', null, 'members_total'),
    quotes: ['年末个人会员数 1200 ≠ 上年末 1000 + 本年新增 300 − 本年减少 80（应为 1220）'],
  },
  { name: 'M5 women above total', template: 'members', rows: m({ members_female: 39301 }), want: err('M5', null, 'members_female') },
  { name: 'M5 youth above total', template: 'members', rows: m({ members_youth: 39301 }), want: err('M5', null, 'members_youth') },
  { name: 'M5 migrants above total', template: 'members', rows: m({ members_migrant: 39301 }), want: err('M5', null, 'members_migrant') },
  {
    name: 'M6 last year-end differs',
    template: 'members',
    rows: m({}),
    ctx: { previous: { members: m({ members_total: 37990 }) } },
    want: warn('M6', null, 'members_prev'),
    quotes: ['38000', '37990'],
  },
  {
    name: 'M7 members jump',
    template: 'members',
    rows: m({ members_new: 20000, members_out: 0, members_total: 58000 }),
    ctx: { previous: { members: m({ members_total: 38000 }) } },
    want: warn('M7', null, 'members_total'),
    quotes: ['38000', '58000'],
  },
  {
    name: 'M7 organizations jump',
    template: 'members',
    rows: m({}),
    ctx: { previous: { members: m({ members_total: 38000, org_total: 180 }) } },
    want: warn('M7', null, 'org_total'),
  },
  { name: 'T1 no session', template: 'trainings', rows: tr(1, { sessions: 0 }), want: err('T1', 2, 'sessions') },
  { name: 'T1 more online than all', template: 'trainings', rows: tr(0, { sessions_online: 15 }), want: err('T1', 1, 'sessions_online') },
  {
    name: 'T2 fewer trainees than sessions',
    template: 'trainings',
    rows: tr(0, { trainees: 10, trainees_female: 5, trainees_rural: 5, certified: 5, placed: 5 }),
    want: warn('T2', 1, 'trainees'),
  },
  { name: 'T3 women above trainees', template: 'trainings', rows: tr(0, { trainees_female: 701 }), want: err('T3', 1, 'trainees_female') },
  { name: 'T3 rural above trainees', template: 'trainings', rows: tr(0, { trainees_rural: 701 }), want: err('T3', 1, 'trainees_rural') },
  { name: 'T3 certified above trainees', template: 'trainings', rows: tr(1, { certified: 481 }), want: err('T3', 2, 'certified') },
  { name: 'T3 placed above trainees', template: 'trainings', rows: tr(1, { placed: 481 }), want: err('T3', 2, 'placed') },
  {
    name: 'T4 same category and name twice',
    template: 'trainings',
    rows: tr(1, { category: 'domestic', name: ' 家政服务培训班 ' }),
    want: err('T4', 2, 'name'),
  },
  {
    name: 'T5 costs far from funding',
    template: 'trainings',
    rows: trainings(),
    ctx: { others: { funding: f({ exp_training: 50, exp_awards: 0.2, exp_activity: 0, exp_assist: 0 }) } },
    want: warn('T5', null, 'cost'),
    quotes: ['35.20', '50.00', '14.80'],
  },
  { name: 'A1 individual without gender', template: 'awards', rows: aw(1, { gender: null }), want: err('A1', 2, 'gender') },
  { name: 'A1 family with gender', template: 'awards', rows: aw(0, { gender: 'male' }), want: err('A1', 1, 'gender') },
  { name: 'A2 national without document', template: 'awards', rows: aw(2, { doc_no: '  ' }), want: err('A2', 3, 'doc_no') },
  { name: 'A3 outside the year', template: 'awards', rows: aw(2, { award_date: '2023-12' }), want: err('A3', 3, 'award_date') },
  {
    name: 'A4 same award twice',
    template: 'awards',
    rows: [...awards(), { ...awards()[0]!, grantor: '合山市人民政府', award_date: '2024-05' }],
    want: warn('A4', 4, 'recipient'),
  },
  { name: 'F1 income does not add up', template: 'funding', rows: f({ income_total: 129.01, closing: 28.71 }), want: err('F1', null, 'income_total') },
  { name: 'F2 special above fiscal', template: 'funding', rows: f({ inc_special: 100.01 }), want: err('F2', null, 'inc_special') },
  { name: 'F3 spending does not add up', template: 'funding', rows: f({ exp_total: 112.5, closing: 28.8 }), want: err('F3', null, 'exp_total') },
  { name: 'F4 items above project spending', template: 'funding', rows: f({ exp_assist: 4.01 }), want: err('F4', null, 'exp_project') },
  { name: 'F5 closing does not balance', template: 'funding', rows: f({ closing: 28.69 }), want: err('F5', null, 'closing'), quotes: ['28.69', '28.70'] },
  {
    name: 'F6 training spending far from costs',
    template: 'funding',
    rows: f({}),
    ctx: { others: { trainings: tr(0, { cost: 5 }) } },
    want: warn('F6', null, 'exp_training'),
  },
  {
    name: 'F7 opening differs from last closing',
    template: 'funding',
    rows: f({}),
    ctx: { previous: { funding: f({ closing: 12.29 }) } },
    want: warn('F7', null, 'opening'),
    quotes: ['12.30', '12.29'],
  },
];

describe('validate: every check of the report system', () => {
  it('has a case for every check code in the catalog', () => {
    const codes = E2024.templates.flatMap((t) => t.checks.map((c) => c.code));
    expect(codes).toHaveLength(23);
    for (const code of codes) expect(cases.map((c) => c.want.code)).toContain(code);
  });

  it('passes the valid report with no issue at all, with every context present', () => {
    const r = report();
    for (const t of E2024.templates) {
      const issues = validate(t.id, r[t.id]!, { ...base, previous: { members: m({ members_total: 38000 }), funding: f({ closing: 12.3 }) }, others: r });
      expect(issues, t.id).toEqual([]);
    }
  });

  for (const c of cases) {
    it(`${c.name}: exactly ${c.want.code}`, () => {
      const issues = validate(c.template, c.rows, { ...base, ...c.ctx });
      expect(issues.map(({ code, severity, row, field }) => ({ code, severity, row, field }))).toEqual([c.want]);
      expect(issues[0]!.template).toBe(c.template);
      expect(issues[0]!.cell).toBeNull();
      for (const q of c.quotes ?? []) expect(issues[0]!.message).toContain(q);
      if (c.want.severity === 'warning') expect(issues[0]!.message).toMatch(/请核实$/);
    });
  }
});

describe('validate: thresholds sit exactly where the spec puts them', () => {
  const prev = (patch: Row) => ({ previous: { members: m({ members_total: 38000, ...patch }) } });
  it('M7 needs both more than 30% and at least 50 members', () => {
    // 100 → 150: +50%, +50 → warn; 100 → 149: +49 → no warning
    const at = (total: number) =>
      validate('members', m({ members_prev: 100, members_new: total - 100, members_out: 0, members_total: total, members_female: 10, members_youth: 10, members_migrant: 10 }), {
        ...base,
        ...prev({ members_total: 100 }),
      }).map((i) => i.code);
    expect(at(150)).toEqual(['M7']);
    expect(at(149)).toEqual([]);
  });
  it('M7 at exactly 30% does not warn', () => {
    const issues = validate('members', m({}), { ...base, previous: { members: m({ members_total: 38000, org_total: 245 }) } });
    expect(issues).toEqual([]);
    const jump = validate('members', m({ org_total: 260, org_other: 25 }), { ...base, previous: { members: m({ members_total: 38000, org_total: 200 }) } });
    expect(jump).toEqual([]); // +30% exactly
    const over = validate('members', m({ org_total: 261, org_other: 26 }), { ...base, previous: { members: m({ members_total: 38000, org_total: 200 }) } });
    expect(over.map((i) => [i.code, i.field])).toEqual([['M7', 'org_total']]);
  });
  it('T5 stays silent within 1.00 万元 even above 10%', () => {
    const rows = tr(0, { cost: 1 }).slice(0, 1);
    expect(validate('trainings', rows, { ...base, others: { funding: f({ exp_training: 2 }) } })).toEqual([]);
    expect(validate('trainings', rows, { ...base, others: { funding: f({ exp_training: 2.01 }) } }).map((i) => i.code)).toEqual(['T5']);
  });
  it('T5 compares with zero training rows ("none this year") too', () => {
    expect(validate('trainings', [], { ...base, others: { funding: f({}) } }).map((i) => i.code)).toEqual(['T5']);
    expect(validate('trainings', [], base)).toEqual([]);
  });
  it('cross-template checks are skipped while the other template is unusable', () => {
    expect(validate('trainings', trainings(), { ...base, others: { funding: f({ exp_training: 'x' }) } })).toEqual([]);
    expect(validate('funding', f({}), { ...base, others: { trainings: tr(0, { cost: -1 }) } })).toEqual([]);
  });
});

describe('validate: a field with a type error skips every check that reads it', () => {
  it('reports one type issue and no follow-on M1 or M2', () => {
    const issues = validate('members', m({ org_total: 'abc' }), base);
    expect(issues.map((i) => [i.code, i.field])).toEqual([['type', 'org_total']]);
  });
  it('a missing list value skips T3 for that row only', () => {
    const issues = validate('trainings', tr(0, { trainees: null, trainees_female: 9999 }), base);
    expect(issues.map((i) => [i.code, i.row, i.field])).toEqual([['type', 1, 'trainees']]);
  });
  it('a bad enum skips A1 and A2 for its row', () => {
    const issues = validate('awards', aw(1, { recipient_type: '个人', gender: null }), base);
    expect(issues.map((i) => [i.code, i.row, i.field])).toEqual([['type', 2, 'recipient_type']]);
  });
});

describe('validate: issues name their cells when the rows came from a workbook', () => {
  it('maps record and list issues through the cell map', () => {
    const cells = [{ org_total: "'表1 组织与会员'!D8" }];
    const [issue] = validate('members', m({ org_total: 246 }), { ...base, cells });
    expect(issue!.cell).toBe("'表1 组织与会员'!D8");
    const listCells = [{ sessions: "'表2 培训'!D9" }, { sessions: "'表2 培训'!D10" }];
    const [second] = validate('trainings', tr(1, { sessions: 0, sessions_online: 0 }), { ...base, cells: listCells });
    expect(second!.cell).toBe("'表2 培训'!D10");
  });
  it('a whole-list issue has no cell', () => {
    const [t5] = validate('trainings', trainings(), { ...base, others: { funding: f({ exp_training: 99, exp_project: 99, exp_total: 161.4, closing: -20.1 }) }, cells: [{ cost: 'x' }, { cost: 'y' }] });
    expect(t5!.code).toBe('T5');
    expect(t5!.cell).toBeNull();
  });
});

describe('validate: a file checked without the server, whose org type is unknown', () => {
  const ctx = { year: 2024, org: null };
  it('lets the fields asked of some org types only stay blank, and reads them when filled', () => {
    expect(validate('members', [members('women')], ctx)).toEqual([]);
    expect(validate('members', [members('union')], ctx)).toEqual([]);
    expect(validate('members', [members('youth')], ctx)).toEqual([]);
  });

  it('still checks what is filled in them, and still requires every other field', () => {
    const bad = validate('members', [{ ...members('union'), units_covered: 301 }], ctx);
    expect(bad.map((i) => i.code)).toEqual(['M3']);
    const { org_total: _, ...missing } = members('women');
    expect(validate('members', [missing], ctx).map((i) => [i.code, i.field])).toEqual([['type', 'org_total']]);
  });

  it('lists the checks that need stored data as skipped', () => {
    expect(checksNeedingStored(E2024, ['members', 'trainings'], { previous: false }).map((k) => k.code)).toEqual(['M6', 'M7', 'T5']);
    expect(checksNeedingStored(E2024, ['trainings', 'funding'], { previous: true })).toEqual([]);
    expect(checksNeedingStored(E2024, ['funding'], { previous: true, others: ['trainings'] })).toEqual([]);
    expect(checksNeedingStored(E2024, ['funding'], { previous: true })[0]).toEqual({ template: 'funding', code: 'F6', reason: '需要“表2 培训”，而文件中没有这张表' });
  });
});
