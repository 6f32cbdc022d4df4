/**
 * Golden reports: realistic years of four kinds of unit, each issue checked
 * by code, place and wording. The figures are of the kind a 群团工作会议
 * report quotes (家政服务培训班, 青年文明号, 五好文明家庭, 科普下乡 …).
 */
import { describe, expect, it } from 'vitest';
import { EDITIONS, validate, type OrgKey, type Row, type TemplateId } from '../../shared/index.ts';

/** The 2024 edition: the one these years (up to 2025) use. */
const E2024 = EDITIONS['2024'];

type Report = Partial<Record<TemplateId, Row[]>>;
type Expected = [TemplateId, string, 'error' | 'warning', number | null, string | null, string][];

function check(org: OrgKey, report: Report, previous: Report): Expected {
  return E2024.templates.filter((t) => report[t.id]).flatMap((t) =>
    validate(t.id, report[t.id]!, { year: 2024, org, previous, others: report }).map(
      (i) => [i.template, i.code, i.severity, i.row, i.field, i.message] as Expected[number],
    ),
  );
}

describe('golden: 兴宾区总工会, a large district union', () => {
  const members: Row = {
    org_total: 1286,
    org_gov: 214,
    org_inst: 305,
    org_soe: 61,
    org_collective: 27,
    org_private: 512,
    org_township: 148,
    org_other: 19,
    org_new: 96,
    units_required: 1450,
    units_covered: 1286,
    members_prev: 84210,
    members_new: 6135,
    members_out: 3805,
    members_total: 86540,
    members_female: 35420,
    members_youth: 30112,
    members_migrant: 21870,
    members_group: 0,
    staff_full: 18,
    staff_part: 126,
    cadres_promoted: 2,
    elections_held: true,
  };
  const trainings: Row[] = [
    { category: 'vocational', name: '职工职业技能提升培训', sessions: 24, sessions_online: 6, trainees: 3120, trainees_female: 1406, trainees_rural: 1890, certified: 2760, placed: 0, income_gain: 0, cost: 48.6 },
    { category: 'domestic', name: '家政服务培训班', sessions: 14, sessions_online: 0, trainees: 700, trainees_female: 652, trainees_rural: 588, certified: 701, placed: 420, income_gain: 126.35, cost: 21 },
    { category: 'cadre', name: '基层工会干部培训', sessions: 3, sessions_online: 1, trainees: 365, trainees_female: 160, trainees_rural: 0, certified: 0, placed: 0, income_gain: 0, cost: 6.4 },
  ];
  const funding: Row = {
    opening: 136.27,
    income_total: 1520.4,
    inc_fiscal: 860,
    inc_special: 320,
    inc_superior: 95.5,
    inc_dues: 540.3,
    inc_business: 0,
    inc_operating: 0,
    inc_affiliate: 0,
    inc_donation: 18.6,
    inc_other: 6,
    exp_total: 1496.85,
    exp_basic: 702.35,
    exp_project: 725,
    exp_training: 96,
    exp_awards: 38.5,
    exp_activity: 265,
    exp_assist: 312.4,
    exp_remit: 69.5,
    exp_operating: 0,
    closing: 159.82,
  };
  const previous: Report = { members: [{ ...members, members_total: 84210, org_total: 1203 }], funding: [{ ...funding, closing: 136.27 }] };

  it('has a certificate count above its trainees, and training money that does not match its spending', () => {
    expect(check('union', { members: [members], trainings, funding: [funding] }, previous)).toEqual([
      ['trainings', 'T3', 'error', 2, 'certified', '取得证书人数 701 超过了 培训人次 700'],
      ['trainings', 'T5', 'warning', null, 'cost', '培训经费合计 76.00 万元与表4培训支出 96.00 万元相差 20.00 万元，请核实'],
      ['funding', 'F6', 'warning', null, 'exp_training', '培训支出 96.00 万元与表2培训经费合计 76.00 万元相差 20.00 万元，请核实'],
    ]);
  });

  it('passes once corrected', () => {
    const fixed = trainings.map((r) => (r.name === '家政服务培训班' ? { ...r, certified: 700, cost: 41 } : r));
    expect(check('union', { members: [members], trainings: fixed, funding: [funding] }, previous)).toEqual([]);
  });
});

describe('golden: 合山市侨联, a tiny unit', () => {
  const members: Row = {
    org_total: 4,
    org_gov: 1,
    org_inst: 0,
    org_soe: 0,
    org_collective: 0,
    org_private: 1,
    org_township: 2,
    org_other: 0,
    org_new: 1,
    members_prev: 52,
    members_new: 9,
    members_out: 3,
    members_total: 58,
    members_female: 21,
    members_youth: 11,
    members_group: 2,
    staff_full: 2,
    staff_part: 1,
    cadres_promoted: 0,
    elections_held: true,
  };
  const previous: Report = { members: [{ ...members, org_total: 3, org_private: 0, members_total: 52 }] };

  it('does not warn when 3 organizations become 4 (+33%, but fewer than 5)', () => {
    expect(check('overseas', { members: [members], trainings: [], awards: [] }, previous)).toEqual([]);
  });

  it('warns when a small unit doubles by 5 or more', () => {
    const grown = { ...members, org_total: 8, org_other: 4 };
    expect(check('overseas', { members: [grown] }, previous)).toEqual([
      ['members', 'M7', 'warning', null, 'org_total', '基层组织数由上年 3 变为 8，增加 166.7%，增减幅度过大，请核实'],
    ]);
  });
});

describe('golden: 共青团合山市委, where some member fields do not apply', () => {
  const members: Row = {
    org_total: 412,
    org_gov: 58,
    org_inst: 96,
    org_soe: 12,
    org_collective: 3,
    org_private: 87,
    org_township: 131,
    org_other: 25,
    org_new: 22,
    units_required: 460,
    units_covered: 412,
    members_prev: 9630,
    members_new: 2210,
    members_out: 1985,
    members_total: 9855,
    members_female: 5120,
    members_group: 0,
    staff_full: 6,
    staff_part: 40,
    cadres_promoted: 1,
    elections_held: false,
  };
  const awards: Row[] = [
    { name: '青年文明号', level: 'provincial', recipient_type: 'collective', recipient: '合山市供电局营业厅', grantor: '共青团广西区委', doc_no: '桂青发〔2024〕8号', award_date: '2024-05' },
    { name: '优秀共青团员', level: 'city', recipient_type: 'individual', recipient: '蓝海燕', gender: 'female', grantor: '共青团合山市委', award_date: '2024-05' },
    { name: '优秀共青团员', level: 'city', recipient_type: 'individual', recipient: '黄俊', grantor: '共青团合山市委', award_date: '2025-01' },
  ];

  it('refuses 35岁及以下 and 农民工 for the youth league, and checks awards row by row', () => {
    expect(check('youth', { members: [{ ...members, members_youth: 9855, members_migrant: 0 }], awards }, {})).toEqual([
      ['members', 'type', 'error', null, 'members_youth', '其中：35岁及以下不适用于共青团，请留空'],
      ['members', 'type', 'error', null, 'members_migrant', '其中：农民工不适用于共青团，请留空'],
      ['awards', 'A1', 'error', 3, 'gender', '获奖类型为“个人”时须填写性别'],
      ['awards', 'A3', 'error', 3, 'award_date', '表彰时间 2025-01 不在报告期 2024年 内'],
    ]);
  });

  it('passes with the fields left out', () => {
    const fixed = awards.map((a) => (a.recipient === '黄俊' ? { ...a, gender: 'male', award_date: '2024-12' } : a));
    expect(check('youth', { members: [members], awards: fixed }, {})).toEqual([]);
  });
});

describe('golden: 兴宾区工商联, enterprise members and a big jump', () => {
  const members: Row = {
    org_total: 46,
    org_gov: 0,
    org_inst: 0,
    org_soe: 2,
    org_collective: 1,
    org_private: 38,
    org_township: 3,
    org_other: 2,
    org_new: 9,
    members_prev: 820,
    members_new: 402,
    members_out: 72,
    members_total: 1150,
    members_female: 263,
    members_youth: 198,
    members_group: 1036,
    staff_full: 4,
    staff_part: 3,
    cadres_promoted: 0,
    elections_held: true,
  };

  it('warns of the membership jump and of a last year-end that does not match', () => {
    const previous: Report = { members: [{ ...members, members_total: 815, org_total: 44, org_private: 36 }] };
    expect(check('commerce', { members: [members] }, previous)).toEqual([
      ['members', 'M6', 'warning', null, 'members_prev', '上年末个人会员数 820 与上年报告的年末个人会员数 815 不一致，请核实'],
      ['members', 'M7', 'warning', null, 'members_total', '年末个人会员数由上年 815 变为 1150，增加 41.1%，增减幅度过大，请核实'],
    ]);
  });

  it('refuses units_required, which only unions and the youth league report', () => {
    expect(check('commerce', { members: [{ ...members, units_required: 50, units_covered: 46 }] }, {}).map((x) => [x[1], x[4]])).toEqual([
      ['type', 'units_required'],
      ['type', 'units_covered'],
    ]);
  });
});
