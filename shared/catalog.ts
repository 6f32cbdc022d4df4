/**
 * The report system (群团组织年度统计报表制度) as data: its 2024 edition, and
 * what every edition shares (org types, field and rule shapes, sign-off).
 * Later editions are written as changes to this one (`edition-2026.ts`);
 * `editions.ts` puts an edition together and says which a year uses.
 *
 * Everything else — the check engine, the sheet layout and reader, the API
 * schemas, the consolidation — reads the editions; nothing restates a field
 * list. Keys, labels and check codes are exactly those of the spec
 * (`../shared/spec/report-system.md` and `editions.md` beside the project).
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
  /** The name of the unit's level-1 area (市本级 at the city itself): read-only, kept from `area`. */
  district: string;
  /** 行政区划代码, for ordering; null when not given. */
  districtCode: string | null;
  /** Inactive units are not expected to report. */
  active: boolean;
  /** The area (areas.md) the unit belongs to. */
  area: string;
  /** Whom to call about its report (联系人, 联系电话): optional in the roster; null or absent when not given. */
  contact?: string | null;
  phone?: string | null;
}

export function orgLabel(org: OrgKey): string {
  return ORG_TYPES.find((o) => o.key === org)?.label ?? org;
}

/** Every template any edition has; an edition has some of them (editions.ts). */
export type TemplateId = 'members' | 'trainings' | 'awards' | 'funding' | 'services';
export const ALL_TEMPLATE_IDS = ['members', 'trainings', 'awards', 'funding', 'services'] as const satisfies readonly TemplateId[];
export const FIELD_TYPES = ['int', 'money', 'text', 'enum', 'bool', 'month'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];
export const SEVERITIES = ['error', 'warning'] as const;
export type Severity = (typeof SEVERITIES)[number];

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
  /** For bool fields: the consolidation counts the units answering 是, under this label (个). */
  countLabel?: string;
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
  | { kind: 'cross'; field: string; other: { template: TemplateId; field: string }; ratio: number; min: number }
  /** field ≤ per × times (M8): `say` is what exceeding it means, in the clerk's words. */
  | { kind: 'timesAtMost'; field: string; per: string; times: number; say: string }
  /** Σ field over this template's rows exceeds `other`'s field by more than `slack` (S3), in the field's unit. */
  | { kind: 'crossExceeds'; field: string; other: { template: TemplateId; field: string }; slack: number };

/** A check as the catalog states it: its rules only; its text is generated from them. */
export interface CheckRule {
  code: string;
  /** What the check is about, in a clerk's words: the 说明 and every list of issues call it by this name beside its code. */
  name: string;
  severity: Severity;
  rules: readonly Rule[];
}

/**
 * What every value meets before any rule: a required cell filled, a value of
 * its field's type (issues with code `type`). A clerk reads it by this name,
 * in the issue list and in every sheet's 说明, like the rules' names.
 */
export const TYPE_CHECK = {
  code: 'type',
  name: '填写规范',
  severity: 'error',
  text: '黄色单元格须按要求填写：必填的不能留空（数值为零请填 0），数字和金额不能为负数（结转和结余除外），金额以万元为单位、最多保留两位小数，选项从下拉列表中选择，年月写作 2024-03；不适用于本单位的指标留空',
} as const;

export interface Check extends CheckRule {
  /** Plain Chinese statement of the rules, generated from them: printed in the sheet's 说明 and served by /templates. */
  text: string;
}

export const TEMPLATE_KINDS = ['record', 'list'] as const;

/** A template as the catalog states it. */
export interface TemplateDef {
  id: TemplateId;
  /** 表号 number: 群团统{no}表, 表{no}. */
  no: number;
  title: string;
  sheet: string;
  kind: (typeof TEMPLATE_KINDS)[number];
  fields: readonly Field[];
  checks: readonly CheckRule[];
  /** A list consolidated a second time by one of its enum fields (培训类别, 服务对象): that table's sheet key. */
  breakdown?: { field: string; sheet: SheetKey; by: string };
}

export interface Template extends TemplateDef {
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

export const int = (key: string, label: string, unit: string, extra: Partial<Field> = {}): Field => ({
  key,
  label,
  unit,
  type: 'int',
  required: true,
  ...extra,
});
export const money = (key: string, label: string, extra: Partial<Field> = {}): Field => ({
  key,
  label,
  unit: '万元',
  type: 'money',
  required: true,
  ...extra,
});
export const text = (key: string, label: string, maxLength: number, extra: Partial<Field> = {}): Field => ({
  key,
  label,
  unit: '',
  type: 'text',
  required: true,
  maxLength,
  ...extra,
});
export const choice = (key: string, label: string, options: Option[], extra: Partial<Field> = {}): Field => ({
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

const members: TemplateDef = {
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
    { key: 'elections_held', label: '本年是否换届', unit: '', type: 'bool', required: true, countLabel: '换届单位数' },
  ],
  checks: [
    {
      code: 'M1',
      name: '基层组织数分项',
      severity: 'error',
      rules: [
        {
          kind: 'sum',
          field: 'org_total',
          terms: plus('org_gov', 'org_inst', 'org_soe', 'org_collective', 'org_private', 'org_township', 'org_other'),
        },
      ],
    },
    { code: 'M2', name: '新建组织数', severity: 'error', rules: [{ kind: 'atMost', field: 'org_new', parts: ['org_new'], limit: 'org_total' }] },
    {
      code: 'M3',
      name: '组织覆盖',
      severity: 'error',
      rules: [{ kind: 'atMost', field: 'units_covered', parts: ['units_covered'], limit: 'units_required' }],
    },
    {
      code: 'M4',
      name: '会员增减',
      severity: 'error',
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
      name: '会员构成',
      severity: 'error',
      rules: ['members_female', 'members_youth', 'members_migrant'].map((f) => ({
        kind: 'atMost' as const,
        field: f,
        parts: [f],
        limit: 'members_total',
      })),
    },
    {
      code: 'M6',
      name: '上年末会员衔接',
      severity: 'warning',
      rules: [{ kind: 'carry', field: 'members_prev', previous: 'members_total' }],
    },
    {
      code: 'M7',
      name: '增减幅度',
      severity: 'warning',
      rules: [
        { kind: 'jump', field: 'members_total', ratio: 0.3, min: 50 },
        { kind: 'jump', field: 'org_total', ratio: 0.3, min: 5 },
      ],
    },
  ],
};

const trainings: TemplateDef = {
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
  breakdown: { field: 'category', sheet: 'trainingsByCategory', by: '按培训类别' },
  checks: [
    {
      code: 'T1',
      name: '培训期数',
      severity: 'error',
      rules: [
        { kind: 'atLeast', field: 'sessions', min: 1 },
        { kind: 'atMost', field: 'sessions_online', parts: ['sessions_online'], limit: 'sessions' },
      ],
    },
    {
      code: 'T2',
      name: '人次与期数',
      severity: 'warning',
      rules: [{ kind: 'atMost', field: 'trainees', parts: ['sessions'], limit: 'trainees' }],
    },
    {
      code: 'T3',
      name: '培训人数构成',
      severity: 'error',
      rules: ['trainees_female', 'trainees_rural', 'certified', 'placed'].map((f) => ({
        kind: 'atMost' as const,
        field: f,
        parts: [f],
        limit: 'trainees',
      })),
    },
    { code: 'T4', name: '培训项目重复', severity: 'error', rules: [{ kind: 'unique', fields: ['category', 'name'] }] },
    {
      code: 'T5',
      name: '培训经费与表4核对',
      severity: 'warning',
      rules: [{ kind: 'cross', field: 'cost', other: { template: 'funding', field: 'exp_training' }, ratio: 0.1, min: 1 }],
    },
  ],
};

const awards: TemplateDef = {
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
    text('recipient', '获奖集体、个人或家庭', 100, { short: '获奖者' }),
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
      name: '获奖个人性别',
      severity: 'error',
      rules: [{ kind: 'requiredIf', field: 'gender', when: { field: 'recipient_type', in: ['individual'] }, onlyThen: true }],
    },
    {
      code: 'A2',
      name: '表彰文号',
      severity: 'error',
      rules: [{ kind: 'requiredIf', field: 'doc_no', when: { field: 'level', in: ['national', 'provincial'] }, onlyThen: false }],
    },
    { code: 'A3', name: '表彰时间', severity: 'error', rules: [{ kind: 'inYear', field: 'award_date' }] },
    {
      code: 'A4',
      name: '疑似重复表彰',
      severity: 'warning',
      rules: [{ kind: 'unique', fields: ['name', 'level', 'recipient'] }],
    },
  ],
};

const funding: TemplateDef = {
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
      name: '收入合计',
      severity: 'error',
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
    { code: 'F2', name: '专项拨款', severity: 'error', rules: [{ kind: 'atMost', field: 'inc_special', parts: ['inc_special'], limit: 'inc_fiscal' }] },
    {
      code: 'F3',
      name: '支出合计',
      severity: 'error',
      rules: [{ kind: 'sum', field: 'exp_total', terms: plus('exp_basic', 'exp_project', 'exp_remit', 'exp_operating') }],
    },
    {
      code: 'F4',
      name: '项目支出构成',
      severity: 'error',
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
      name: '结转和结余',
      severity: 'error',
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
      name: '培训经费与表2核对',
      severity: 'warning',
      rules: [{ kind: 'cross', field: 'exp_training', other: { template: 'trainings', field: 'cost' }, ratio: 0.1, min: 1 }],
    },
    {
      code: 'F7',
      name: '年初结余衔接',
      severity: 'warning',
      rules: [{ kind: 'carry', field: 'opening', previous: 'closing' }],
    },
  ],
};

/** The 2024 edition's templates, as the catalog states them (their check texts are made in editions.ts). */
export const TEMPLATES_2024: readonly TemplateDef[] = [members, trainings, awards, funding];

/** The consolidated sheets any edition has: one per template, and a breakdown table after its list (培训类别, 服务对象). */
export const ALL_SHEET_KEYS = ['members', 'trainings', 'trainingsByCategory', 'awards', 'funding', 'services', 'servicesByGroup'] as const;
export type SheetKey = (typeof ALL_SHEET_KEYS)[number];

/** A revision's review status. Here, not beside its zod schema, so that the pane can list them without zod. */
export const REVISION_STATUSES = ['submitted', 'accepted', 'returned'] as const;
/** What a return without a comment is answered, by the worker (reviewSchema) and by the pane before sending. */
export const RETURN_NEEDS_COMMENT = '退回时请填写退回意见，说明需要修改的地方';
export type RevisionStatus = (typeof REVISION_STATUSES)[number];

export function fieldOf(t: TemplateDef, key: string): Field {
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

/**
 * 报告用数 (analysis.md): the sentences of the annual work report whose
 * figures the system fills in. `{scope}` is 全市 or the area's name; each
 * `{sheet.key@row}` is exactly that consolidated figure (the one trace
 * explains). Data, so that a later edition can change them.
 */
export interface Phrase {
  id: string;
  text: string;
}

export const REPORT_PHRASES: readonly Phrase[] = [
  { id: 'overview', text: '{scope}共有群团基层组织{members.org_total@total}个，个人会员{members.members_total@total}人，其中女性会员{members.members_female@total}人。' },
  { id: 'union', text: '{scope}工会组织{members.org_total@subtotal:union}个，会员{members.members_total@subtotal:union}人，其中农民工会员{members.members_migrant@subtotal:union}人。' },
  { id: 'growth', text: '全年新建基层组织{members.org_new@total}个，新增会员{members.members_new@total}人。' },
  {
    id: 'trainings',
    text: '全年举办各类培训{trainings.sessions@total}期，培训{trainings.trainees@total}人次，培训后实现就业创业{trainings.placed@total}人，带动增收{trainings.income_gain@total}万元。',
  },
  {
    id: 'women',
    text: '妇联系统举办培训{trainings.sessions@subtotal:women}期，培训{trainings.trainees@subtotal:women}人次，{trainings.placed@subtotal:women}人实现就业创业，带动增收{trainings.income_gain@subtotal:women}万元。',
  },
  { id: 'domestic', text: '其中家政服务培训{trainingsByCategory.sessions@category:domestic}期、{trainingsByCategory.trainees@category:domestic}人次。' },
  {
    id: 'awards',
    text: '全年获得表彰的集体{awards.total_collective@total}个、个人{awards.total_individual@total}人、家庭{awards.total_family@total}户，其中国家级集体{awards.national_collective@total}个、个人{awards.national_individual@total}人。',
  },
  { id: 'cadres', text: '全年完成换届的群团组织{members.elections_held@total}个，提任科级干部{members.cadres_promoted@total}人。' },
  {
    id: 'funding',
    text: '各群团组织全年收入{funding.income_total@total}万元，其中财政拨款{funding.inc_fiscal@total}万元；支出{funding.exp_total@total}万元，其中帮扶救助支出{funding.exp_assist@total}万元。',
  },
];
