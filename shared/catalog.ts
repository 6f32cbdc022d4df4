/**
 * The report system (群团组织年度统计报表制度) as data.
 *
 * Everything else — the check engine, the sheet layout and reader, the API
 * schemas, the consolidation — reads this file; nothing restates a field list.
 * Keys, labels and check codes are exactly those of the spec
 * (`../shared/spec/report-system.md` beside the project).
 */

export const ORG_TYPES = [
  { key: 'union', label: '工会' },
  { key: 'youth', label: '共青团' },
  { key: 'women', label: '妇联' },
  { key: 'disabled', label: '残联' },
  { key: 'overseas', label: '侨联' },
  { key: 'commerce', label: '工商联' },
  { key: 'arts', label: '文联' },
  { key: 'science', label: '科协' },
  { key: 'family', label: '计生协会' },
] as const;

export type OrgKey = (typeof ORG_TYPES)[number]['key'];
export const ORG_KEYS = ORG_TYPES.map((o) => o.key) as [OrgKey, ...OrgKey[]];

/** A reporting unit (填报单位): one mass organization in one district. */
export interface Unit {
  code: string;
  name: string;
  org: OrgKey;
  district: string;
  /** 行政区划代码, for ordering; null when not given. */
  districtCode: string | null;
  /** Inactive units are not expected to report. */
  active: boolean;
}

export function orgLabel(org: OrgKey): string {
  return ORG_TYPES.find((o) => o.key === org)?.label ?? org;
}

export type TemplateId = 'members' | 'trainings' | 'awards' | 'funding';
export type FieldType = 'int' | 'money' | 'text' | 'enum' | 'bool' | 'month';
export type Severity = 'error' | 'warning';

export interface Option {
  key: string;
  label: string;
}

export interface Field {
  key: string;
  label: string;
  /** Unit of measure as printed (个, 人, 万元); '' where the spec has none. */
  unit: string;
  type: FieldType;
  required: boolean;
  /** Org types asked for this field; absent means all. */
  applies?: OrgKey[];
  options?: Option[];
  /** For text: the maximum length in characters. */
  maxLength?: number;
  /** For money: negative values allowed (年初/年末结转和结余). */
  signed?: boolean;
  /** A name for messages where the label alone (其中：女性) says too little. */
  short?: string;
}

/** A signed reference to a field in a linear rule: +1 adds it, −1 subtracts it. */
export type Term = readonly [1 | -1, string];

/**
 * The shapes the spec's checks take. A check is one or more rules; each
 * failing rule is one issue. Rules are data so that the check text, the
 * engine and the documentation cannot drift apart.
 */
export type Rule =
  /** field = Σ terms, exactly (M1, M4, F1, F3, F5). */
  | { kind: 'sum'; field: string; terms: readonly Term[] }
  /** Σ parts ≤ limit (M2, M3, M5, T1, T2, T3, F2, F4); the issue names `field`. */
  | { kind: 'atMost'; field: string; parts: readonly string[]; limit: string }
  /** field ≥ min (T1: at least one session). */
  | { kind: 'atLeast'; field: string; min: number }
  /** no two rows share these fields (T4, A4); the later row gets the issue. */
  | { kind: 'unique'; fields: readonly string[] }
  /** field is required when `when` holds and must be empty otherwise if `onlyThen` (A1, A2). */
  | { kind: 'requiredIf'; field: string; when: { field: string; in: readonly string[] }; onlyThen: boolean }
  /** a month field lies inside the report year (A3). */
  | { kind: 'inYear'; field: string }
  /** field equals last year's `previous` (M6, F7); needs last year's counted revision. */
  | { kind: 'carry'; field: string; previous: string }
  /** field changed by more than `ratio` of last year's value and by at least `min` (M7). */
  | { kind: 'jump'; field: string; ratio: number; min: number }
  /**
   * Σ field over this template's rows vs. `other`'s field (T5, F6): a warning when they
   * differ by more than `ratio` of the larger and by more than `min` (in the field's unit).
   */
  | { kind: 'cross'; field: string; other: { template: TemplateId; field: string }; ratio: number; min: number };

export interface Check {
  code: string;
  severity: Severity;
  /** Plain Chinese statement of the rule, printed in the sheet's 说明 and served by /templates. */
  text: string;
  rules: readonly Rule[];
}

export interface Template {
  id: TemplateId;
  /** 表号 number: 群团统{no}表, 表{no}. */
  no: number;
  title: string;
  sheet: string;
  kind: 'record' | 'list';
  fields: readonly Field[];
  checks: readonly Check[];
}

/** Derived indicators of the consolidation: rates from summed numerators and denominators. */
export interface Derived {
  key: string;
  label: string;
  unit: '%';
  template: TemplateId;
  numerator: string;
  denominator: string;
}

const int = (key: string, label: string, unit: string, extra: Partial<Field> = {}): Field => ({
  key,
  label,
  unit,
  type: 'int',
  required: true,
  ...extra,
});
const money = (key: string, label: string, extra: Partial<Field> = {}): Field => ({
  key,
  label,
  unit: '万元',
  type: 'money',
  required: true,
  ...extra,
});
const text = (key: string, label: string, maxLength: number, extra: Partial<Field> = {}): Field => ({
  key,
  label,
  unit: '',
  type: 'text',
  required: true,
  maxLength,
  ...extra,
});
const choice = (key: string, label: string, options: Option[], extra: Partial<Field> = {}): Field => ({
  key,
  label,
  unit: '',
  type: 'enum',
  required: true,
  options,
  ...extra,
});

const ALL_BUT = (...not: OrgKey[]): OrgKey[] => ORG_KEYS.filter((k) => !not.includes(k));
const plus = (...keys: string[]): Term[] => keys.map((k) => [1, k] as const);

const members: Template = {
  id: 'members',
  no: 1,
  title: '组织与会员情况',
  sheet: '表1 组织与会员',
  kind: 'record',
  fields: [
    int('org_total', '基层组织数', '个'),
    int('org_gov', '其中：党政机关', '个'),
    int('org_inst', '其中：事业单位', '个'),
    int('org_soe', '其中：国有企业', '个'),
    int('org_collective', '其中：集体企业', '个'),
    int('org_private', '其中：非公有制企业', '个'),
    int('org_township', '其中：乡镇（街道）及村（社区）', '个'),
    int('org_other', '其中：社会组织及其他', '个'),
    int('org_new', '本年新建组织数', '个'),
    int('units_required', '应建组织单位数', '个', { applies: ['union', 'youth'] }),
    int('units_covered', '已建组织单位数', '个', { applies: ['union', 'youth'] }),
    int('members_prev', '上年末个人会员数', '人', { short: '上年末' }),
    int('members_new', '本年新增个人会员', '人', { short: '本年新增' }),
    int('members_out', '本年减少个人会员', '人', { short: '本年减少' }),
    int('members_total', '年末个人会员数', '人'),
    int('members_female', '其中：女性', '人', { short: '女性会员数' }),
    int('members_youth', '其中：35岁及以下', '人', { applies: ALL_BUT('youth'), short: '35岁及以下会员数' }),
    int('members_migrant', '其中：农民工', '人', { applies: ['union'], short: '农民工会员数' }),
    int('members_group', '团体（单位）会员数', '个'),
    int('staff_full', '专职工作人员', '人'),
    int('staff_part', '兼职工作人员', '人'),
    int('cadres_promoted', '本年提任科级干部', '人'),
    { key: 'elections_held', label: '本年是否换届', unit: '', type: 'bool', required: true },
  ],
  checks: [
    {
      code: 'M1',
      severity: 'error',
      text: '',
      rules: [
        {
          kind: 'sum',
          field: 'org_total',
          terms: plus('org_gov', 'org_inst', 'org_soe', 'org_collective', 'org_private', 'org_township', 'org_other'),
        },
      ],
    },
    { code: 'M2', severity: 'error', text: '', rules: [{ kind: 'atMost', field: 'org_new', parts: ['org_new'], limit: 'org_total' }] },
    {
      code: 'M3',
      severity: 'error',
      text: '',
      rules: [{ kind: 'atMost', field: 'units_covered', parts: ['units_covered'], limit: 'units_required' }],
    },
    {
      code: 'M4',
      severity: 'error',
      text: '',
      rules: [
        {
          kind: 'sum',
          field: 'members_total',
          terms: [
            [1, 'members_prev'],
            [1, 'members_new'],
            [-1, 'members_out'],
          ],
        },
      ],
    },
    {
      code: 'M5',
      severity: 'error',
      text: '',
      rules: ['members_female', 'members_youth', 'members_migrant'].map((f) => ({
        kind: 'atMost' as const,
        field: f,
        parts: [f],
        limit: 'members_total',
      })),
    },
    {
      code: 'M6',
      severity: 'warning',
      text: '上年末个人会员数应等于上年报告的年末个人会员数',
      rules: [{ kind: 'carry', field: 'members_prev', previous: 'members_total' }],
    },
    {
      code: 'M7',
      severity: 'warning',
      text: '与上年相比，年末个人会员数增减超过30%且不少于50人，或基层组织数增减超过30%且不少于5个，请核实',
      rules: [
        { kind: 'jump', field: 'members_total', ratio: 0.3, min: 50 },
        { kind: 'jump', field: 'org_total', ratio: 0.3, min: 5 },
      ],
    },
  ],
};

const trainings: Template = {
  id: 'trainings',
  no: 2,
  title: '培训情况',
  sheet: '表2 培训',
  kind: 'list',
  fields: [
    choice('category', '培训类别', [
      { key: 'cadre', label: '干部骨干培训' },
      { key: 'vocational', label: '职业技能培训' },
      { key: 'agri', label: '农村实用技术培训' },
      { key: 'startup', label: '创业就业培训' },
      { key: 'domestic', label: '家政服务培训' },
      { key: 'science', label: '科普培训' },
      { key: 'rehab', label: '康复培训' },
      { key: 'other', label: '其他' },
    ]),
    text('name', '项目名称', 100),
    int('sessions', '举办期数', '期'),
    int('sessions_online', '其中：线上期数', '期', { short: '线上期数' }),
    int('trainees', '培训人次', '人次'),
    int('trainees_female', '其中：女性', '人次', { short: '女性培训人次' }),
    int('trainees_rural', '其中：农村人口', '人次', { short: '农村人口培训人次' }),
    int('certified', '取得证书人数', '人'),
    int('placed', '培训后实现就业创业人数', '人'),
    money('income_gain', '带动增收'),
    money('cost', '培训经费'),
  ],
  checks: [
    {
      code: 'T1',
      severity: 'error',
      text: '',
      rules: [
        { kind: 'atLeast', field: 'sessions', min: 1 },
        { kind: 'atMost', field: 'sessions_online', parts: ['sessions_online'], limit: 'sessions' },
      ],
    },
    {
      code: 'T2',
      severity: 'warning',
      text: '培训人次应不少于举办期数（培训人次少于期数的请核实）',
      rules: [{ kind: 'atMost', field: 'trainees', parts: ['sessions'], limit: 'trainees' }],
    },
    {
      code: 'T3',
      severity: 'error',
      text: '',
      rules: ['trainees_female', 'trainees_rural', 'certified', 'placed'].map((f) => ({
        kind: 'atMost' as const,
        field: f,
        parts: [f],
        limit: 'trainees',
      })),
    },
    { code: 'T4', severity: 'error', text: '同一培训类别下项目名称不得重复', rules: [{ kind: 'unique', fields: ['category', 'name'] }] },
    {
      code: 'T5',
      severity: 'warning',
      text: '培训经费合计与表4“其中：培训支出”相差超过较大者的10%且超过1.00万元，请核实',
      rules: [{ kind: 'cross', field: 'cost', other: { template: 'funding', field: 'exp_training' }, ratio: 0.1, min: 1 }],
    },
  ],
};

const awards: Template = {
  id: 'awards',
  no: 3,
  title: '表彰奖励情况',
  sheet: '表3 表彰奖励',
  kind: 'list',
  fields: [
    text('name', '奖项名称', 100),
    choice('level', '表彰级别', [
      { key: 'national', label: '国家级' },
      { key: 'provincial', label: '省级' },
      { key: 'city', label: '市级' },
      { key: 'county', label: '县（区）级' },
    ]),
    choice('recipient_type', '获奖类型', [
      { key: 'collective', label: '集体' },
      { key: 'individual', label: '个人' },
      { key: 'family', label: '家庭' },
    ]),
    text('recipient', '获奖集体、个人或家庭', 100),
    choice(
      'gender',
      '性别',
      [
        { key: 'male', label: '男' },
        { key: 'female', label: '女' },
      ],
      { required: false },
    ),
    text('grantor', '授予机关', 100),
    text('doc_no', '表彰文号', 60, { required: false }),
    { key: 'award_date', label: '表彰时间', unit: '', type: 'month', required: true },
  ],
  checks: [
    {
      code: 'A1',
      severity: 'error',
      text: '获奖类型为个人时须填写性别，集体和家庭不填性别',
      rules: [{ kind: 'requiredIf', field: 'gender', when: { field: 'recipient_type', in: ['individual'] }, onlyThen: true }],
    },
    {
      code: 'A2',
      severity: 'error',
      text: '国家级、省级表彰须填写表彰文号',
      rules: [{ kind: 'requiredIf', field: 'doc_no', when: { field: 'level', in: ['national', 'provincial'] }, onlyThen: false }],
    },
    { code: 'A3', severity: 'error', text: '表彰时间应在报告期内', rules: [{ kind: 'inYear', field: 'award_date' }] },
    {
      code: 'A4',
      severity: 'warning',
      text: '奖项名称、表彰级别和获奖者都相同的记录疑似重复，请核实',
      rules: [{ kind: 'unique', fields: ['name', 'level', 'recipient'] }],
    },
  ],
};

const funding: Template = {
  id: 'funding',
  no: 4,
  title: '经费收支情况',
  sheet: '表4 经费收支',
  kind: 'record',
  fields: [
    money('opening', '年初结转和结余', { signed: true }),
    money('income_total', '本年收入合计'),
    money('inc_fiscal', '财政拨款收入'),
    money('inc_special', '其中：专项经费', { short: '专项经费' }),
    money('inc_superior', '上级补助收入'),
    money('inc_dues', '会费（拨缴经费）收入'),
    money('inc_business', '事业收入'),
    money('inc_operating', '经营收入'),
    money('inc_affiliate', '附属单位上缴收入'),
    money('inc_donation', '捐赠及自筹收入'),
    money('inc_other', '其他收入'),
    money('exp_total', '本年支出合计'),
    money('exp_basic', '基本支出'),
    money('exp_project', '项目支出'),
    money('exp_training', '其中：培训支出', { short: '培训支出' }),
    money('exp_awards', '其中：表彰奖励支出', { short: '表彰奖励支出' }),
    money('exp_activity', '其中：活动支出', { short: '活动支出' }),
    money('exp_assist', '其中：帮扶救助支出', { short: '帮扶救助支出' }),
    money('exp_remit', '上缴上级支出'),
    money('exp_operating', '经营支出'),
    money('closing', '年末结转和结余', { signed: true }),
  ],
  checks: [
    {
      code: 'F1',
      severity: 'error',
      text: '',
      rules: [
        {
          kind: 'sum',
          field: 'income_total',
          terms: plus(
            'inc_fiscal',
            'inc_superior',
            'inc_dues',
            'inc_business',
            'inc_operating',
            'inc_affiliate',
            'inc_donation',
            'inc_other',
          ),
        },
      ],
    },
    { code: 'F2', severity: 'error', text: '', rules: [{ kind: 'atMost', field: 'inc_special', parts: ['inc_special'], limit: 'inc_fiscal' }] },
    {
      code: 'F3',
      severity: 'error',
      text: '',
      rules: [{ kind: 'sum', field: 'exp_total', terms: plus('exp_basic', 'exp_project', 'exp_remit', 'exp_operating') }],
    },
    {
      code: 'F4',
      severity: 'error',
      text: '',
      rules: [
        {
          kind: 'atMost',
          field: 'exp_project',
          parts: ['exp_training', 'exp_awards', 'exp_activity', 'exp_assist'],
          limit: 'exp_project',
        },
      ],
    },
    {
      code: 'F5',
      severity: 'error',
      text: '',
      rules: [
        {
          kind: 'sum',
          field: 'closing',
          terms: [
            [1, 'opening'],
            [1, 'income_total'],
            [-1, 'exp_total'],
          ],
        },
      ],
    },
    {
      code: 'F6',
      severity: 'warning',
      text: '“其中：培训支出”与表2培训经费合计相差超过较大者的10%且超过1.00万元，请核实',
      rules: [{ kind: 'cross', field: 'exp_training', other: { template: 'trainings', field: 'cost' }, ratio: 0.1, min: 1 }],
    },
    {
      code: 'F7',
      severity: 'warning',
      text: '年初结转和结余应等于上年报告的年末结转和结余',
      rules: [{ kind: 'carry', field: 'opening', previous: 'closing' }],
    },
  ],
};

/** Fills in the text of checks whose statement follows from their rules alone. */
function withTexts(t: Template): Template {
  // Full labels read best in the 说明; a 其中 item needs its short name to be understood alone.
  const label = (k: string) => {
    const f = fieldOf(t, k);
    return f.label.startsWith('其中：') ? fieldName(f) : f.label;
  };
  const ruleText = (r: Rule): string => {
    switch (r.kind) {
      case 'sum':
        return `${label(r.field)} = ${r.terms.map(([s, k], i) => `${i === 0 ? (s < 0 ? '−' : '') : s < 0 ? ' − ' : ' + '}${label(k)}`).join('')}`;
      case 'atMost':
        return `${r.parts.map(label).join(' + ')} ≤ ${label(r.limit)}`;
      case 'atLeast':
        return `${label(r.field)} ≥ ${r.min}`;
      default:
        throw new Error(`check of ${t.id} needs an explicit text for rule ${r.kind}`);
    }
  };
  return {
    ...t,
    checks: t.checks.map((c) => (c.text ? c : { ...c, text: c.rules.map(ruleText).join('；') })),
  };
}

export const TEMPLATES: readonly Template[] = [members, trainings, awards, funding].map(withTexts);
export const TEMPLATE_IDS = TEMPLATES.map((t) => t.id) as [TemplateId, ...TemplateId[]];

export function templateOf(id: TemplateId): Template {
  const t = TEMPLATES.find((x) => x.id === id);
  if (!t) throw new Error(`unknown template ${id}`);
  return t;
}


export function fieldOf(t: Template, key: string): Field {
  const f = t.fields.find((x) => x.key === key);
  if (!f) throw new Error(`unknown field ${t.id}.${key}`);
  return f;
}

/** Whether a field is asked of a unit of this org type. */
export function applies(f: Field, org: OrgKey): boolean {
  return !f.applies || f.applies.includes(org);
}

/** A field's name in messages: its short name, else its label without the 其中： prefix. */
export function fieldName(f: Field): string {
  return f.short ?? f.label.replace(/^其中：/, '');
}

export const DERIVED: readonly Derived[] = [
  {
    key: 'coverage_rate',
    label: '组织覆盖率',
    unit: '%',
    template: 'members',
    numerator: 'units_covered',
    denominator: 'units_required',
  },
  {
    key: 'female_share',
    label: '女性会员占比',
    unit: '%',
    template: 'members',
    numerator: 'members_female',
    denominator: 'members_total',
  },
];

/** 表号 as printed on the forms. */
export function formNo(t: Template): string {
  return `群团统${t.no}表`;
}

/** The footer's sign-off (报出) fields, in print order. */
export const SIGNOFF_FIELDS = [
  { key: 'head', label: '单位负责人' },
  { key: 'statistician', label: '统计负责人' },
  { key: 'preparer', label: '填表人' },
  { key: 'phone', label: '联系电话' },
  { key: 'date', label: '报出日期' },
] as const;
export type SignoffKey = (typeof SIGNOFF_FIELDS)[number]['key'];
export type Signoff = Partial<Record<SignoffKey, string>>;
