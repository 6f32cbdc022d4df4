/**
 * Targets and assessment without a database (shared/assessment.ts): which
 * figures take targets, which values fit, a unit's own target over its org
 * type's, exact "met" (never the rounded rate), the order of rows, the
 * summary, what a pasted sheet says line by line, and the 目标考核 sheet.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { measuresOf, LATEST, assess, assessmentSheet, AreaTree, checkTarget, consolidate, consolidatedLayout, itemMet, parseTargetText, progress, ROOT_AREA, TARGET_MEASURES, targetsOut, targetText, type Basis, type OrgKey, type PasteUnit, type StoredTarget, type Unit, type UnitData } from '../../shared/index.ts';
import { unitData } from '../../bench/synthetic.ts';
import { report } from './fixtures.ts';


const TREE = new AreaTree([{ code: 'XB', name: '兴宾区', parent: ROOT_AREA, level: 1, districtCode: '451302' }], '合山市');

const unit = (code: string, org: OrgKey, area = 'XB'): Unit => ({ code, name: `${code}单位`, org, district: area === 'XB' ? '兴宾区' : '市本级', districtCode: null, active: true, area });

/** A unit's counted figures, straight as stored sums (integers; money in hundredths). */
const counted = (raw: Partial<Record<'members' | 'funding' | 'awards', Record<string, number>>>): UnitData =>
  Object.fromEntries(Object.entries(raw).map(([t, r]) => [t, { submission: `s-${t}`, revision: 1, sums: { raw: r } }]));

function basis(units: Unit[], current: Record<string, UnitData>, area = ROOT_AREA): Basis {
  return { year: 2025, units, current: new Map(Object.entries(current)), previous: new Map(), previousPublished: null, tree: TREE, area };
}

const org = (owner: OrgKey, template: StoredTarget['template'], key: string, value: number): StoredTarget => ({ kind: 'org', owner, template, key, value });
const own = (owner: string, template: StoredTarget['template'], key: string, value: number): StoredTarget => ({ kind: 'unit', owner, template, key, value });

describe('the figures a target may be set on', () => {
  it('are the int and money fields of 表1, 表2 and 表4 and every count column of 表3, named as the consolidation names them', () => {
    // Every edition's figures: the newest edition has them all (注册志愿者人数 from 2026); 表5 takes none.
    for (const t of LATEST.templates.filter((x) => x.id !== 'services')) {
      const want = t.id === 'awards' ? measuresOf(LATEST.template('awards')).map((m) => m.column.key) : t.fields.filter((f) => f.type === 'int' || f.type === 'money').map((f) => f.key);
      expect(TARGET_MEASURES.filter((m) => m.template === t.id).map((m) => m.key), t.id).toEqual(want);
    }
    for (const m of TARGET_MEASURES) {
      const measure = measuresOf(LATEST.template(m.template)).find((x) => x.column.key === m.key)!;
      expect([m.unit, m.money], m.key).toEqual([measure.column.unit, measure.money]);
    }
    expect(TARGET_MEASURES.find((m) => m.key === 'members_female')!.label).toBe('女性会员数');
    expect(TARGET_MEASURES.find((m) => m.key === 'female_individual')!.label).toBe('女性个人');
  });

  it('take values > 0 of the figure’s type, on figures the org type is asked', () => {
    const ok = (template: StoredTarget['template'], key: string, value: number, o: OrgKey = 'women') => checkTarget({ template, key, value }, o);
    expect(ok('members', 'members_total', 1000)).toEqual({ ok: true, value: 1000 });
    expect(ok('funding', 'income_total', 129.01)).toEqual({ ok: true, value: 12901 });
    expect(ok('funding', 'income_total', 0.1)).toEqual({ ok: true, value: 10 });
    expect(ok('awards', 'national_collective', 2)).toEqual({ ok: true, value: 2 });
    expect(ok('members', 'members_migrant', 5, 'union')).toEqual({ ok: true, value: 5 });
    for (const [template, key, value, o] of [
      ['members', 'members_total', 0],
      ['members', 'members_total', -3],
      ['members', 'members_total', 1.5],
      ['members', 'members_total', 1_000_000_001],
      ['funding', 'income_total', 1.005],
      ['funding', 'income_total', 0],
      ['funding', 'income_total', 100_000_000.01],
      ['funding', 'opening', Number.NaN],
      ['awards', 'total_family', 0.5],
      ['members', 'elections_held', 1],
      ['trainings', 'category', 1],
      ['awards', 'name', 1],
      ['members', 'trainees', 1],
      ['members', 'members_migrant', 1, 'women'],
      ['members', 'members_youth', 1, 'youth'],
      ['members', 'units_required', 1, 'arts'],
    ] as const) {
      expect(ok(template, key, value, o ?? 'women').ok, `${template}.${key} = ${value}`).toBe(false);
    }
  });
});

describe('assess', () => {
  const units = [unit('W1', 'women'), unit('W2', 'women'), unit('W3', 'women'), unit('U1', 'union', ROOT_AREA), unit('A1', 'arts')];
  const current = {
    W1: counted({ members: { members_total: 1000 }, funding: { income_total: 12900 }, awards: { total_collective: 1 } }),
    W2: counted({ members: { members_total: 99999 }, funding: { income_total: 4999999 } }),
    U1: counted({ members: { members_migrant: 9000 } }),
  };
  const targets = [
    org('women', 'members', 'members_total', 1000),
    org('women', 'funding', 'income_total', 12901),
    org('union', 'members', 'members_migrant', 9000),
    own('W2', 'members', 'members_total', 100000),
    own('W2', 'funding', 'income_total', 5000000),
  ];

  it("uses a unit's own target over its org type's, counts what is not reported as 0, compares exactly and reads the rate to 2 decimals", () => {
    const a = assess(basis(units, current), targets);
    expect(a.rows.map((r) => [r.unit, r.met, r.total])).toEqual([
      ['U1', 1, 1],
      ['W1', 1, 2],
      ['W2', 0, 2],
      ['W3', 0, 2],
    ]);
    const w1 = a.rows[1]!;
    expect(w1.items).toEqual([
      { template: 'members', key: 'members_total', label: '年末个人会员数', target: 1000, actual: 1000, rate: 100 },
      { template: 'funding', key: 'income_total', label: '本年收入合计', target: 129.01, actual: 129, rate: 99.99 },
    ]);
    // 99999 of 100000 and 49999.99 of 50000.00 read 100.00: not met.
    expect(a.rows[2]!.items.map((i) => [i.target, i.actual, i.rate])).toEqual([
      [100000, 99999, 100],
      [50000, 49999.99, 100],
    ]);
    expect(a.rows[3]!.items.map((i) => i.actual)).toEqual([0, 0]);
    expect(a.summary).toEqual([
      { org: 'union', units: 1, met: 1, total: 1 },
      { org: 'women', units: 3, met: 1, total: 6 },
    ]);
    for (const r of a.rows) expect(r.items.filter(itemMet).length).toBe(r.met);
  });

  it('orders rows by met ÷ total (exactly: 1/2 ties 2/4), then org order, then code', () => {
    const us = [unit('W9', 'women'), unit('W1', 'women'), unit('U5', 'union'), unit('Y1', 'youth')];
    const cur = {
      W9: counted({ members: { org_total: 5, org_new: 5 } }),
      W1: counted({ members: { org_total: 5, org_new: 0, members_total: 5, staff_full: 0 } }),
      U5: counted({ members: { org_total: 0, org_new: 5 } }),
      Y1: counted({ members: { org_total: 5, org_new: 5 } }),
    };
    const ts = [
      org('women', 'members', 'org_total', 5),
      org('women', 'members', 'org_new', 5),
      own('W1', 'members', 'members_total', 5),
      own('W1', 'members', 'staff_full', 5),
      org('union', 'members', 'org_total', 5),
      org('union', 'members', 'org_new', 5),
      org('youth', 'members', 'org_total', 5),
    ];
    // Y1 1/1 and W9 2/2 tie: 共青团 before 妇联; U5 1/2 and W1 2/4 tie: 工会 before 妇联.
    expect(assess(basis(us, cur), ts).rows.map((r) => r.unit)).toEqual(['Y1', 'W9', 'U5', 'W1']);
  });

  it("keeps to the basis' area, and leaves out units without a target and figures the org type is not asked", () => {
    const a = assess(basis(units, current, 'XB'), [...targets, org('arts', 'members', 'units_required', 5)]);
    expect(a.rows.map((r) => r.unit)).toEqual(['W1', 'W2', 'W3']);
    expect(assessmentSheet(basis(units, current, 'XB'), [own('U1', 'members', 'members_total', 5)])).toBeNull();
    expect(assessmentSheet(basis(units, current, 'XB'), [org('science', 'members', 'members_total', 5)])).toEqual({ rows: [], summary: [] });
    expect(assessmentSheet(basis(units, current), [])).toBeNull();
  });

  it('takes "actual" from the figures the consolidation shows for the unit', () => {
    const us = [unit('W1', 'women'), unit('U1', 'union')];
    const data = { W1: unitData('W1', 'women', report('women')), U1: unitData('U1', 'union', report('union')) };
    const b = basis(us, data);
    const c = consolidate({ ...b, generatedAt: '2026-01-01T00:00:00.000Z', progress: progress({ year: 2025, deadline: null, units: us, latest: [], today: '2026-01-01', tree: TREE, area: ROOT_AREA }), published: null });
    const all = TARGET_MEASURES.map((m) => org('union', m.template, m.key, 1)).concat(TARGET_MEASURES.filter((m) => m.appliesTo('women')).map((m) => org('women', m.template, m.key, 1)));
    for (const r of assess(b, all).rows) {
      for (const it of r.items) {
        const row = c.sheets[it.template]!.rows.find((x) => x.kind === 'unit' && x.unit === r.unit)!;
        expect(row.values[it.key], `${r.unit} ${it.key}`).toBe(it.actual);
      }
    }
  });

  it('counts met exactly at the boundary, however large the target, and the summary adds the rows up', () => {
    // Actuals a few units (or cents) either side of their target: where a rounded rate would say 100.00.
    const near = fc.tuple(fc.integer({ min: 1, max: 1e9 }), fc.integer({ min: -3, max: 3 }), fc.boolean()).map(([t, d, money]) => [t, Math.max(0, t + d), money] as const);
    fc.assert(
      fc.property(fc.array(near, { minLength: 1, maxLength: 12 }), (pairs) => {
        const us = pairs.map((_, i) => unit(`W${i}`, 'women'));
        const cur = Object.fromEntries(pairs.map(([, actual, money], i) => [`W${i}`, counted(money ? { funding: { exp_total: actual } } : { members: { members_total: actual } })]));
        const ts = pairs.map(([target, , money], i) => (money ? own(`W${i}`, 'funding', 'exp_total', target) : own(`W${i}`, 'members', 'members_total', target)));
        const a = assess(basis(us, cur), ts);
        const met = pairs.filter(([t, v]) => v >= t).length;
        expect(a.rows.reduce((s, r) => s + r.met, 0)).toBe(met);
        expect(a.summary).toEqual([{ org: 'women', units: pairs.length, met, total: pairs.length }]);
        for (const r of a.rows) expect(itemMet(r.items[0]!)).toBe(r.met === 1);
      }),
    );
  });
});

describe('targets pasted from a spreadsheet', () => {
  const units = new Map<string, PasteUnit>([
    ['XB-W', { code: 'XB-W', name: '兴宾区妇联', org: 'women' }],
    ['XB-U', { code: 'XB-U', name: '兴宾区总工会', org: 'union' }],
  ]);
  const parse = (text: string, orgTargets = true) => parseTargetText(text, { units, orgTargets });

  it('reads org types by name or key, units by code, templates and figures by label or key, values as a sheet copies them', () => {
    const lines = parse(
      [
        '组织类型或单位代码\t报表\t指标\t目标值',
        '妇联\t表1 组织与会员\t年末个人会员数\t1,200',
        '',
        'women\t表4\t本年收入合计\t129.01\r',
        'XB-W\t组织与会员情况\t其中：女性\t500',
        'XB-U\tmembers\tmembers_migrant\t9000',
        '工会\t表3 表彰奖励\t集体合计\t2\t\t',
      ].join('\n'),
    );
    expect(lines.map((l) => [l.line, l.error])).toEqual([
      [2, null],
      [4, null],
      [5, null],
      [6, null],
      [7, null],
    ]);
    expect(lines.map((l) => l.target)).toEqual([
      { org: 'women', template: 'members', key: 'members_total', value: 1200 },
      { org: 'women', template: 'funding', key: 'income_total', value: 129.01 },
      { unit: 'XB-W', template: 'members', key: 'members_female', value: 500 },
      { unit: 'XB-U', template: 'members', key: 'members_migrant', value: 9000 },
      { org: 'union', template: 'awards', key: 'total_collective', value: 2 },
    ]);
    expect(lines.map((l) => l.who)).toEqual(['妇联（组织类型）', '妇联（组织类型）', '兴宾区妇联（XB-W）', '兴宾区总工会（XB-U）', '工会（组织类型）']);
  });

  it('says what is wrong with each line, in words', () => {
    const lines = parse(
      [
        '妇联\t表1\t年末个人会员数',
        '某某协会\t表1\t年末个人会员数\t1',
        '妇联\t表9\t年末个人会员数\t1',
        '妇联\t表1\t培训人次\t1',
        '妇联\t表1\t其中：农民工\t1',
        '妇联\t表1\t年末个人会员数\t0',
        '妇联\t表1\t年末个人会员数\t10.5',
        '妇联\t表4\t本年收入合计\t1.234',
        '妇联\t表1\t年末个人会员数\t一千',
        '妇联\t表1\t年末个人会员数\t100',
        '妇联\t表1\tmembers_total\t200',
      ].join('\n'),
    );
    expect(lines.map((l) => l.error)).toEqual([
      '应有 4 列（组织类型或单位代码、报表、指标、目标值），以制表符分隔；本行有 3 列',
      '“某某协会”既不是组织类型（如 妇联），也不是本区域报送名录中的单位代码',
      '没有报表“表9”（可写 表1、表2、表3、表4 或表名）',
      '表1 组织与会员没有可设目标的指标“培训人次”',
      '妇联不填报“农民工会员数”，不能设定该指标的目标',
      '目标值应大于 0',
      '目标值应为大于 0 的整数（人）',
      '目标值应为大于 0 的金额（万元，至多两位小数）',
      '目标值应为大于 0 的整数（人）',
      null,
      '与第 10 行重复（同一对象、同一指标只能有一个目标）',
    ]);
    expect(lines.filter((l) => l.target)).toHaveLength(1);
  });

  it('refuses org-type lines to a statistician bound to an area', () => {
    const [line] = parse('妇联\t表1\t年末个人会员数\t1', false);
    expect(line!.error).toBe('区县统计员只能设定本区域单位的目标；组织类型的目标由市统计员设定');
    expect(parse('XB-W\t表1\t年末个人会员数\t1', false)[0]!.error).toBeNull();
  });

  it('reads back what targetText writes, so saved targets can be edited and saved again', () => {
    const stored = [org('women', 'members', 'members_total', 1200), org('women', 'funding', 'exp_total', 12901), own('XB-U', 'awards', 'female_individual', 3), own('XB-W', 'funding', 'income_total', 10)];
    const targets = targetsOut(stored);
    const text = targetText(targets);
    expect(text.split('\n')[0]).toBe('组织类型或单位代码\t报表\t指标\t目标值');
    expect(text).toContain('妇联\t表4 经费收支\t本年支出合计\t129.01');
    expect(text).toContain('XB-W\t表4 经费收支\t本年收入合计\t0.10');
    expect(parse(text).map((l) => l.target)).toEqual(targets);
  });
});

describe('the 目标考核 sheet', () => {
  const us = [unit('W1', 'women'), unit('W2', 'women')];
  const b = basis(us, { W1: counted({ members: { members_total: 99999 } }), W2: counted({ members: { members_total: 100000 } }) });
  const c = consolidate({ ...b, generatedAt: '2026-01-01T00:00:00.000Z', progress: progress({ year: 2025, deadline: null, units: us, latest: [], today: '2026-01-01', tree: TREE, area: ROOT_AREA }), published: null });

  it('comes before 报送进度 when there is an assessment, and not otherwise', () => {
    const without = consolidatedLayout(c).map((s) => s.sheet);
    const a = assess(b, [org('women', 'members', 'members_total', 100000)]);
    const withIt = consolidatedLayout(c, undefined, a).map((s) => s.sheet);
    expect(without).not.toContain('目标考核');
    expect(withIt).toEqual([...without.slice(0, -1), '目标考核', '报送进度']);
  });

  it('says 未完成 in a cell of its own beside a rate that reads 100.00, and makes both bold', () => {
    const s = consolidatedLayout(c, undefined, assess(b, [org('women', 'members', 'members_total', 100000)])).find((x) => x.sheet === '目标考核')!;
    const at = s.grid.findIndex((r) => r[1] === 'W1');
    expect(s.grid[at]!.slice(9)).toEqual([100000, 99999, 100, '未完成']);
    expect(s.bold).toContainEqual({ row: at, col: 11, cols: 2 });
    const met = s.grid.findIndex((r) => r[1] === 'W2');
    expect(s.grid[met]!.slice(9)).toEqual([100000, 100000, 100, '已完成']);
    expect(s.bold.some((x) => x.row === met)).toBe(false);
    // Rows by completion: W2 (met) first.
    expect(met).toBeLessThan(at);
  });
});
