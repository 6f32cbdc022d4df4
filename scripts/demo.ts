/**
 * A demo city: units of every org type in a few districts, and reports that
 * pass every check, year after year (last year's closing is this year's
 * opening, training costs match the training spending). Deterministic for a
 * seed, so screenshots and benchmarks see the same city each time.
 */
import { ORG_TYPES, applies, editionForYear, type OrgKey, type Row, type TemplateId } from '../shared/index.ts';

export interface DemoUnit {
  code: string;
  name: string;
  org: OrgKey;
  district: string;
  districtCode: string;
  /** A 社区 below a town (level 2), for units placed deeper than their district. */
  area?: string;
}

/** One unit's year: a list of rows per template of the year's edition (表5 from 2026). */
export type Report = Partial<Record<TemplateId, Row[]>>;

/** mulberry32: a small fast PRNG, good enough for demo figures. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DISTRICTS = [
  { name: '市本级', code: '451381', prefix: 'HS', place: '合山市' },
  { name: '岭南镇', code: '451381100', prefix: 'LN', place: '岭南镇' },
  { name: '北泗镇', code: '451381101', prefix: 'BS', place: '北泗镇' },
  { name: '河里镇', code: '451381102', prefix: 'HL', place: '河里镇' },
];

const NAMES: Record<OrgKey, (place: string) => string> = {
  union: (p) => `${p}总工会`,
  youth: (p) => `共青团${p}委员会`,
  women: (p) => `${p}妇女联合会`,
  disabled: (p) => `${p}残疾人联合会`,
  overseas: (p) => `${p}归国华侨联合会`,
  commerce: (p) => `${p}工商业联合会`,
  arts: (p) => `${p}文学艺术界联合会`,
  science: (p) => `${p}科学技术协会`,
  family: (p) => `${p}计划生育协会`,
};

/** The demo city's 社区 (level 2, under a town; the towns are made from the units' districts). */
export const DEMO_COMMUNITIES = [
  { code: '451381100001', name: '岭南社区', parent: '451381100', prefix: 'LNSQ' },
  { code: '451381101001', name: '北泗社区', parent: '451381101', prefix: 'BSSQ' },
  { code: '451381102001', name: '河里社区', parent: '451381102', prefix: 'HLSQ' },
];

/** The demo units: every org type in each district, and a 妇联 in each 社区; or `n` units for a synthetic city. */
export function demoUnits(n?: number): DemoUnit[] {
  if (n === undefined) {
    const towns = DISTRICTS.flatMap((d) =>
      ORG_TYPES.map((o) => ({ code: `${d.prefix}-${o.key.toUpperCase()}`, name: NAMES[o.key](d.place), org: o.key, district: d.name, districtCode: d.code })),
    );
    const communities = DEMO_COMMUNITIES.map((c) => {
      const d = DISTRICTS.find((x) => x.code === c.parent)!;
      return { code: `${c.prefix}-WOMEN`, name: NAMES.women(`${d.place}${c.name}`), org: 'women' as const, district: d.name, districtCode: c.code, area: c.code };
    });
    return [...towns, ...communities];
  }
  return Array.from({ length: n }, (_, i) => {
    const o = ORG_TYPES[i % ORG_TYPES.length]!;
    const d = Math.floor(i / ORG_TYPES.length);
    const place = `第${d + 1}区`;
    return { code: `SYN-${String(i).padStart(5, '0')}`, name: NAMES[o.key](place), org: o.key, district: place, districtCode: String(451000000 + d) };
  });
}

const SCALE: Record<OrgKey, number> = { union: 40, youth: 12, women: 20, disabled: 6, overseas: 1, commerce: 3, arts: 2, science: 4, family: 8 };

const TRAINING_NAMES: Record<string, string[]> = {
  cadre: ['基层干部骨干培训班', '换届后新任干部培训'],
  vocational: ['职工职业技能提升培训', '电工焊工技能培训'],
  agri: ['科技兴农实用技术培训', '甘蔗种植技术培训'],
  startup: ['青年创业就业培训', '妇女创业培训'],
  domestic: ['家政服务培训班', '月嫂育婴员培训'],
  science: ['科普下乡培训', '科普大篷车进校园'],
  rehab: ['残疾人康复知识培训'],
  other: ['普法宣传培训'],
};
/** 表5's programmes by 服务对象, and which an org type runs. */
const SERVICE_NAMES: Record<string, string[]> = {
  workers: ['困难职工帮扶', '金秋助学'],
  unemployed: ['就业援助月', '失业人员再就业服务'],
  youth: ['希望工程圆梦行动', '困难青少年结对帮扶'],
  women_children: ['春蕾计划', '妇女儿童关爱服务'],
  disabled: ['残疾人辅具适配', '残疾人就业帮扶'],
  overseas: ['归侨侨眷走访慰问'],
  elderly: ['敬老爱老志愿服务'],
  other: ['社区志愿服务'],
};
const SERVICE_GROUPS: Partial<Record<OrgKey, string[]>> = {
  union: ['workers', 'unemployed'],
  youth: ['youth'],
  women: ['women_children', 'elderly'],
  disabled: ['disabled'],
  overseas: ['overseas'],
};

const AWARDS = [
  { name: '五好文明家庭', type: 'family' },
  { name: '三八红旗手', type: 'individual' },
  { name: '青年文明号', type: 'collective' },
  { name: '优秀共青团员', type: 'individual' },
  { name: '先进工会组织', type: 'collective' },
  { name: '最美家庭', type: 'family' },
  { name: '科普示范基地', type: 'collective' },
  { name: '助残先进个人', type: 'individual' },
];
const SURNAMES = ['韦', '覃', '蓝', '黄', '李', '莫', '陆', '梁', '潘', '蒙'];
const GIVEN = ['秀梅', '志强', '海燕', '明光', '丽华', '建国', '春兰', '永福', '小燕', '国庆'];
const LEVELS = ['national', 'provincial', 'city', 'county'] as const;

const money = (hundredths: number) => hundredths / 100;

/**
 * One unit's report for a year, continuing `last` (its previous year's report) when given.
 * Every check passes, M7 included: year-on-year changes stay within 20%.
 * `sizes` sets the most training and award rows (the benchmark's 10 and 30).
 */
export function demoReport(unit: DemoUnit, year: number, random: () => number, last?: Report, sizes?: { trainings: number; awards: number }): Report {
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const s = SCALE[unit.org];
  const prevMembers = last?.members?.[0];
  const edition = editionForYear(year);

  // 表1: organization counts by kind, members carried over from last year.
  const parts = Array.from({ length: 7 }, () => int(0, 6 * s));
  const lastParts = prevMembers ? ['org_gov', 'org_inst', 'org_soe', 'org_collective', 'org_private', 'org_township', 'org_other'].map((k) => prevMembers[k] as number) : null;
  const orgParts = lastParts ? lastParts.map((p) => Math.max(0, p + int(-Math.ceil(p * 0.05), Math.ceil(p * 0.08)))) : parts;
  const orgTotal = orgParts.reduce((a, b) => a + b, 0);
  const membersPrev = (prevMembers?.members_total as number | undefined) ?? int(200 * s, 400 * s);
  const membersNew = int(Math.floor(membersPrev * 0.03), Math.floor(membersPrev * 0.1));
  const membersOut = int(0, Math.floor(membersPrev * 0.06));
  const membersTotal = membersPrev + membersNew - membersOut;
  const required = orgTotal + int(0, 3 * s);
  const members: Row = {
    org_total: orgTotal,
    org_gov: orgParts[0],
    org_inst: orgParts[1],
    org_soe: orgParts[2],
    org_collective: orgParts[3],
    org_private: orgParts[4],
    org_township: orgParts[5],
    org_other: orgParts[6],
    org_new: int(0, Math.floor(orgTotal * 0.1)),
    units_required: required,
    units_covered: orgTotal,
    members_prev: membersPrev,
    members_new: membersNew,
    members_out: membersOut,
    members_total: membersTotal,
    members_female: Math.floor(membersTotal * (0.35 + random() * 0.3)),
    members_youth: Math.floor(membersTotal * (0.2 + random() * 0.2)),
    members_migrant: Math.floor(membersTotal * (0.1 + random() * 0.2)),
    members_group: unit.org === 'commerce' || unit.org === 'women' ? int(10 * s, 40 * s) : 0,
    staff_full: int(2, 2 + s),
    staff_part: int(3, 3 + 3 * s),
    cadres_promoted: int(0, 2),
    elections_held: random() < 0.2,
  };
  const asked = edition.template('members').fields.filter((f) => applies(f, unit.org)).map((f) => f.key);
  const membersRow = Object.fromEntries(Object.entries(members).filter(([k]) => asked.includes(k)));

  // 表2: a few programmes; their cost is the training spending of 表4.
  const cats = Object.keys(TRAINING_NAMES);
  const picked = new Set<string>();
  const trainings: Row[] = [];
  for (let i = int(0, sizes?.trainings ?? Math.min(6, 1 + Math.floor(s / 6))); i > 0; i--) {
    const category = cats[int(0, cats.length - 1)]!;
    const options = TRAINING_NAMES[category]!;
    const name = options[int(0, options.length - 1)]!;
    if (picked.has(`${category}|${name}`)) continue;
    picked.add(`${category}|${name}`);
    const sessions = int(1, 20);
    const trainees = sessions * int(20, 60);
    trainings.push({
      category,
      name,
      sessions,
      sessions_online: int(0, Math.floor(sessions / 3)),
      trainees,
      trainees_female: Math.floor(trainees * (0.3 + random() * 0.5)),
      trainees_rural: Math.floor(trainees * random() * 0.8),
      certified: Math.floor(trainees * random() * 0.8),
      placed: Math.floor(trainees * random() * 0.4),
      income_gain: money(int(0, 2_000_000)),
      cost: money(int(10_000, 400_000)),
    });
  }

  // 表3: awards inside the year, with gender for individuals and document numbers where required.
  const awards: Row[] = [];
  const seen = new Set<string>();
  for (let i = int(0, sizes?.awards ?? Math.min(12, 2 + s)); i > 0; i--) {
    const a = AWARDS[int(0, AWARDS.length - 1)]!;
    const level = LEVELS[int(0, LEVELS.length - 1)]!;
    const person = `${SURNAMES[int(0, SURNAMES.length - 1)]}${GIVEN[int(0, GIVEN.length - 1)]}`;
    const recipient = a.type === 'individual' ? person : a.type === 'family' ? `${person}家庭` : `${unit.district}${['第一小学', '人民医院', '供电所', '社区居委会'][int(0, 3)]}`;
    if (seen.has(`${a.name}|${level}|${recipient}`)) continue;
    seen.add(`${a.name}|${level}|${recipient}`);
    const row: Row = {
      name: a.name,
      level,
      recipient_type: a.type,
      recipient,
      grantor: level === 'national' ? '全国妇联' : level === 'provincial' ? '广西壮族自治区妇联' : level === 'city' ? '来宾市人民政府' : `${unit.district}人民政府`,
      award_date: `${year}-${String(int(1, 12)).padStart(2, '0')}`,
    };
    if (a.type === 'individual') row.gender = random() < 0.6 ? 'female' : 'male';
    if (level === 'national' || level === 'provincial') row.doc_no = `桂发〔${year}〕${int(1, 99)}号`;
    awards.push(row);
  }

  // 表4: income and spending in hundredths, so every total is exact.
  const training = trainings.reduce((a, r) => a + Math.round((r.cost as number) * 100), 0);
  const inc = Array.from({ length: 8 }, (_, i) => (i === 3 || i === 4 || i === 5 ? int(0, 1) * int(0, 50_000 * s) : int(0, 200_000 * s)));
  const incomeTotal = inc.reduce((a, b) => a + b, 0);
  const items = [training, int(0, 50_000 * s), int(0, 100_000 * s), int(0, 100_000 * s)];
  const project = items.reduce((a, b) => a + b, 0) + int(0, 50_000 * s);
  const basic = int(100_000 * s, 300_000 * s);
  const remit = int(0, 20_000 * s);
  const expTotal = basic + project + remit;
  const lastClosing = last?.funding ? Math.round((last.funding[0]!.closing as number) * 100) : int(0, 300_000 * s);
  const funding: Row = {
    opening: money(lastClosing),
    income_total: money(incomeTotal),
    inc_fiscal: money(inc[0]!),
    inc_special: money(Math.floor(inc[0]! * random() * 0.5)),
    inc_superior: money(inc[1]!),
    inc_dues: money(inc[2]!),
    inc_business: money(inc[3]!),
    inc_operating: money(inc[4]!),
    inc_affiliate: money(inc[5]!),
    inc_donation: money(inc[6]!),
    inc_other: money(inc[7]!),
    exp_total: money(expTotal),
    exp_basic: money(basic),
    exp_project: money(project),
    exp_training: money(items[0]!),
    exp_awards: money(items[1]!),
    exp_activity: money(items[2]!),
    exp_assist: money(items[3]!),
    exp_remit: money(remit),
    exp_operating: money(0),
    closing: money(lastClosing + incomeTotal - expTotal),
  };
  const report: Report = { members: [membersRow], trainings, awards, funding: [funding] };
  // The 2026 edition: volunteers in 表1, and 表5's programmes, their money within 表4's 帮扶救助支出 (S3).
  // Drawn last, so that the years before 2026 are the same city they always were.
  if (edition.has('services')) {
    const volunteers = int(5 * s, 40 * s);
    const m = report.members![0]!;
    report.members = [{ ...m, volunteers, volunteer_hours: volunteers * int(4, 60) }];
    const groups = SERVICE_GROUPS[unit.org] ?? ['elderly', 'other'];
    const services: Row[] = [];
    const used = new Set<string>();
    let left = items[3]!;
    for (let i = int(0, Math.min(4, 1 + Math.floor(s / 8))); i > 0; i--) {
      const group = groups[int(0, groups.length - 1)]!;
      const names = SERVICE_NAMES[group]!;
      const name = names[int(0, names.length - 1)]!;
      if (used.has(`${group}|${name}`)) continue;
      used.add(`${group}|${name}`);
      const spent = Math.floor(left * random() * 0.6);
      left -= spent;
      const row: Row = { group, name, people: int(20, 60 * s), money: money(spent), volunteers: int(0, 40) };
      if (random() < 0.7) row.households = int(5, 20 * s);
      services.push(row);
    }
    report.services = services;
  }
  return report;
}
