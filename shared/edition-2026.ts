/**
 * The 2026 edition (editions.md), as changes to the 2024 edition: volunteers
 * in 表1 with their check M8, and a fifth template 表5 帮扶服务 — the people
 * the organizations help — with S1–S3, its 服务对象 table, and the report
 * sentence that quotes it. Nothing of the 2024 edition is repeated here.
 */
import { choice, int, money, text, type TemplateDef } from './catalog.ts';
import type { EditionChanges } from './editions.ts';

const services: TemplateDef = {
  id: 'services',
  no: 5,
  title: '帮扶服务情况',
  sheet: '表5 帮扶服务',
  kind: 'list',
  fields: [
    choice('group', '服务对象', [
      { key: 'workers', label: '困难职工' },
      { key: 'unemployed', label: '失业人员' },
      { key: 'youth', label: '困难青少年' },
      { key: 'women_children', label: '妇女儿童' },
      { key: 'disabled', label: '残疾人' },
      { key: 'overseas', label: '归侨侨眷' },
      { key: 'elderly', label: '老年人' },
      { key: 'other', label: '其他' },
    ]),
    text('name', '项目名称', 100),
    int('people', '服务人次', '人次'),
    int('households', '受益户数', '户', { required: false }),
    money('money', '帮扶资金'),
    int('volunteers', '参与志愿者人次', '人次'),
  ],
  checks: [
    { code: 'S1', name: '帮扶项目重复', severity: 'error', rules: [{ kind: 'unique', fields: ['group', 'name'] }] },
    { code: 'S2', name: '服务人次', severity: 'error', rules: [{ kind: 'atLeast', field: 'people', min: 1 }] },
    { code: 'S3', name: '帮扶资金与表4核对', severity: 'warning', rules: [{ kind: 'crossExceeds', field: 'money', other: { template: 'funding', field: 'exp_assist' }, slack: 1 }] },
  ],
  breakdown: { field: 'group', sheet: 'servicesByGroup', by: '按服务对象' },
};

export const CHANGES_2026: EditionChanges = {
  id: '2026',
  from: 2026,
  fields: [
    {
      template: 'members',
      after: 'members_group',
      add: [int('volunteers', '注册志愿者人数', '人'), int('volunteer_hours', '全年志愿服务时长', '小时')],
    },
  ],
  checks: [
    {
      template: 'members',
      add: [{ code: 'M8', name: '人均志愿服务时长', severity: 'warning', rules: [{ kind: 'timesAtMost', field: 'volunteer_hours', per: 'volunteers', times: 2000, say: '人均志愿服务时长超过2000小时' }] }],
    },
  ],
  templates: [services],
  phrases: [
    {
      id: 'services',
      text: '全年开展帮扶服务{services.people@total}人次，投入帮扶资金{services.money@total}万元，{members.volunteers@total}名注册志愿者参与服务{members.volunteer_hours@total}小时。',
    },
  ],
};
