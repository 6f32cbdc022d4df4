/**
 * Valid reports for tests: each passes every check on its own and against
 * each other (T5/F6: training costs match the training expenditure).
 */
import type { ChartsInput } from '../../shared/charts-layout.ts';
import { EDITIONS, applies, type OrgKey, type Row, type TemplateId } from '../../shared/index.ts';

/** The 2024 edition: the one these years (up to 2025) use. */
const E2024 = EDITIONS['2024'];

/** Drops the fields a unit of this org type is not asked. */
export function forOrg(template: TemplateId, org: OrgKey, row: Row): Row {
  const t = E2024.template(template);
  return Object.fromEntries(Object.entries(row).filter(([k]) => applies(t.fields.find((f) => f.key === k)!, org)));
}

export function members(org: OrgKey = 'union'): Row {
  return forOrg('members', org, {
    org_total: 245,
    org_gov: 12,
    org_inst: 20,
    org_soe: 8,
    org_collective: 5,
    org_private: 150,
    org_township: 40,
    org_other: 10,
    org_new: 15,
    units_required: 300,
    units_covered: 245,
    members_prev: 38000,
    members_new: 2500,
    members_out: 1200,
    members_total: 39300,
    members_female: 16000,
    members_youth: 12000,
    members_migrant: 9000,
    members_group: 0,
    staff_full: 12,
    staff_part: 40,
    cadres_promoted: 1,
    elections_held: false,
  });
}

export function trainings(): Row[] {
  return [
    {
      category: 'domestic',
      name: '家政服务培训班',
      sessions: 14,
      sessions_online: 2,
      trainees: 700,
      trainees_female: 650,
      trainees_rural: 500,
      certified: 600,
      placed: 420,
      income_gain: 120.5,
      cost: 20.1,
    },
    {
      category: 'agri',
      name: '科技兴农实用技术培训',
      sessions: 6,
      sessions_online: 0,
      trainees: 480,
      trainees_female: 210,
      trainees_rural: 480,
      certified: 0,
      placed: 0,
      income_gain: 35.25,
      cost: 15.1,
    },
  ];
}

export function awards(): Row[] {
  return [
    {
      name: '五好文明家庭',
      level: 'city',
      recipient_type: 'family',
      recipient: '韦明光家庭',
      grantor: '合山市妇联',
      award_date: '2024-03',
    },
    {
      name: '三八红旗手',
      level: 'provincial',
      recipient_type: 'individual',
      recipient: '李秀梅',
      gender: 'female',
      grantor: '广西壮族自治区妇女联合会',
      doc_no: '桂妇发〔2024〕5号',
      award_date: '2024-03',
    },
    {
      name: '青年文明号',
      level: 'national',
      recipient_type: 'collective',
      recipient: '合山市人民医院急诊科',
      grantor: '共青团中央',
      doc_no: '中青发〔2024〕12号',
      award_date: '2024-11',
    },
  ];
}

/** Income 129.00 and spending 112.60 万元; 35.20 of it on training, as in `trainings()`. */
export function funding(): Row {
  return {
    opening: 12.3,
    income_total: 129,
    inc_fiscal: 100,
    inc_special: 40,
    inc_superior: 20.5,
    inc_dues: 5.25,
    inc_business: 0,
    inc_operating: 0,
    inc_affiliate: 0,
    inc_donation: 3.1,
    inc_other: 0.15,
    exp_total: 112.6,
    exp_basic: 60.4,
    exp_project: 50.2,
    exp_training: 35.2,
    exp_awards: 5,
    exp_activity: 6,
    exp_assist: 4,
    exp_remit: 2,
    exp_operating: 0,
    closing: 28.7,
  };
}

/** A unit's four 2024-edition templates (表5 comes with the 2026 edition: `report2026`). */
export function report(org: OrgKey = 'union'): Record<Exclude<TemplateId, 'services'>, Row[]> & Partial<Record<TemplateId, Row[]>> {
  return { members: [members(org)], trainings: trainings(), awards: awards(), funding: [funding()] };
}

/** 表5's two programmes: 3.70 万元 in all, within 表4's 帮扶救助支出 (4.00) as S3 asks. */
export function services(): Row[] {
  return [
    { group: 'women_children', name: '春蕾计划', people: 320, households: 150, money: 2.5, volunteers: 40 },
    { group: 'elderly', name: '敬老爱老志愿服务', people: 85, money: 1.2, volunteers: 26 },
  ];
}

/** A unit's five 2026-edition templates for 2026: 表1 with its volunteers (3600 hours of 120: M8 holds), and 表5. */
export function report2026(org: OrgKey = 'union'): Record<TemplateId, Row[]> {
  const r = report(org);
  // Awarded in the report year (A3).
  const awarded = r.awards.map((a) => ({ ...a, award_date: `2026${String(a.award_date).slice(4)}` }));
  return { ...r, members: [{ ...members(org), volunteers: 120, volunteer_hours: 3600 }], awards: awarded, services: services() };
}

/** The 图表 sheet's figures: two org types for 2025, and three years of the trend (one without 培训人次). */
export const chartsInput = (): ChartsInput => ({
  year: 2025,
  byOrg: [
    { label: '工会', members: 52000 },
    { label: '妇联', members: 31000 },
  ],
  trend: [2021, 2023, 2025].map((year, i) => ({ year, members: 80000 + i, trainees: i ? 4000 + i : null })),
});
