/**
 * Editions through the API (editions.md): a year's edition recorded when its
 * period is first created and never changed; GET /templates by year; uploads,
 * progress, the consolidation, traces, 报告用数 and both workbooks of a
 * 2026-edition year; a 2024-edition year left exactly as it was.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { EDITIONS, templatesResponse } from '../../shared/index.ts';
import { readXlsx } from '../../shared/xlsx/index.ts';
import { members, report, report2026 } from '../shared/fixtures.ts';
import { ADMIN, call, count, createUnit, openYear, raw, upload, uploadAll } from './helpers.ts';

let a = '';
let b = '';

beforeAll(async () => {
  await openYear(2025);
  await openYear(2026);
  a = await createUnit('women', { districtCode: '451302' });
  b = await createUnit('women', { districtCode: '451302' });
  for (const u of [a, b]) {
    const r = report('women');
    const r25 = await uploadAll(ADMIN, 2025, u, { ...r, awards: r.awards.map((x) => ({ ...x, award_date: `2025${String(x.award_date).slice(4)}` })) });
    expect(r25.status, JSON.stringify(r25.body)).toBe(201);
  }
  // 2026 continues 2025: 上年末 = last 年末, 年初结转 = last 年末结转.
  for (const u of [a, b]) {
    const r = report2026('women');
    const last = members('women');
    const m = { ...r.members[0]!, members_prev: last.members_total, members_new: 0, members_out: 0, members_total: last.members_total };
    const f = { ...r.funding[0]!, opening: r.funding[0]!.closing, closing: Math.round(((r.funding[0]!.closing as number) + 129 - 112.6) * 100) / 100 };
    const res = await uploadAll(ADMIN, 2026, u, { ...r, members: [m], funding: [f] });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    // Continuing across the boundary raises no M6 or F7.
    expect(res.body.submissions.flatMap((s: { warnings: { code: string }[] }) => s.warnings.map((w) => w.code))).toEqual([]);
  }
});

describe("a year's edition", () => {
  it('is recorded when its period is first created, by the table, and never changes', async () => {
    const periods = (await call('/periods')).body.periods as { year: number; edition: string }[];
    expect(periods.find((p) => p.year === 2025)!.edition).toBe('2024');
    expect(periods.find((p) => p.year === 2026)!.edition).toBe('2026');
    // Closing and opening again keeps it.
    expect((await call('/periods/2026', { method: 'PUT', body: { status: 'open', deadline: '2099-03-31' } })).body.edition).toBe('2026');
  });

  it('GET /templates?year= answers the year’s edition; without a year, the 2024 edition', async () => {
    expect((await call('/templates?year=2026', { token: null })).body).toEqual(templatesResponse(EDITIONS['2026']));
    expect((await call('/templates?year=2025', { token: null })).body).toEqual(templatesResponse(EDITIONS['2024']));
    // A year not opened yet: the edition valid for it.
    expect((await call('/templates?year=2031', { token: null })).body.edition).toBe('2026');
    expect((await call('/templates', { token: null })).body.edition).toBe('2024');
    expect((await call('/templates?year=1999', { token: null })).status).toBe(400);
  });

  it('keeps a year created before editions on the 2024 edition, whatever its number', async () => {
    // A period row as the migration leaves a year created before editions: 2024.
    await env.DB.prepare("INSERT INTO periods (year, status, deadline, updated_at) VALUES (2029, 'open', NULL, '2025-01-01T00:00:00Z')").run();
    expect((await call('/templates?year=2029', { token: null })).body.edition).toBe('2024');
    const u = await createUnit('union');
    expect((await uploadAll(ADMIN, 2029, u, { members: [{ ...members('union') }] })).status).toBe(201);
    const refused = await upload(ADMIN, 2029, u, 'services', report2026('union').services);
    expect(refused.status).toBe(422);
    expect(refused.body.error.message).toBe('2029年度的报表制度（2024版）没有“表5 帮扶服务”，请使用本年度的空白报表');
    expect((await call('/progress/2029')).body.units.find((x: { unit: string }) => x.unit === u).templates).not.toHaveProperty('services');
  });
});

describe('a 2026-edition year', () => {
  it('takes all five templates, asks 表1 its volunteers, and refuses 表5 in a 2024-edition year', async () => {
    const before = await count('submissions');
    const noVolunteers = await upload(ADMIN, 2026, a, 'members', [members('women')]);
    expect(noVolunteers.status).toBe(422);
    expect(noVolunteers.body.error.issues.filter((i: { severity: string }) => i.severity === 'error').map((i: { field: string }) => i.field)).toEqual(['volunteers', 'volunteer_hours']);
    const services = await upload(ADMIN, 2025, a, 'services', report2026('women').services);
    expect(services.status).toBe(422);
    expect(services.body.error.message).toContain('2025年度的报表制度（2024版）没有“表5 帮扶服务”');
    expect(await count('submissions')).toBe(before);
  });

  it('expects five templates of each unit in progress', async () => {
    const p = (await call('/progress/2026')).body;
    const units = p.units.length;
    expect(p.summary.expected).toBe(units * 5);
    expect(Object.keys(p.units.find((u: { unit: string }) => u.unit === a).templates)).toEqual(['members', 'trainings', 'awards', 'funding', 'services']);
    expect((await call('/progress/2025')).body.summary.expected).toBe((await call('/progress/2025')).body.units.length * 4);
  });

  it('consolidates 表5 and its 服务对象 table, with no 上年 for what 2025 did not have', async () => {
    const c = (await call('/consolidated/2026')).body;
    expect(c.edition).toBe('2026');
    expect(Object.keys(c.sheets)).toEqual(['members', 'trainings', 'trainingsByCategory', 'awards', 'funding', 'services', 'servicesByGroup']);
    const total = c.sheets.services.rows.at(-1);
    expect([total.values.people, total.values.money, total.previous.people, total.change.people]).toEqual([810, 7.4, null, null]);
    const members = c.sheets.members.rows.at(-1);
    expect([members.values.volunteers, members.previous.volunteers]).toEqual([240, null]);
    expect(members.previous.members_total).toBe(members.values.members_total);
    const c2025 = (await call('/consolidated/2025')).body;
    expect('edition' in c2025).toBe(false);
    expect(Object.keys(c2025.sheets)).toEqual(['members', 'trainings', 'trainingsByCategory', 'awards', 'funding']);
  });

  it('traces 表5 figures in 2026, and says a 2024-edition year has no 表5', async () => {
    const t = await call('/consolidated/2026/trace?template=servicesByGroup&key=money&row=category:women_children');
    expect(t.status).toBe(200);
    expect(t.body.contributions.map((x: { unit: string; value: number }) => [x.unit, x.value]).sort()).toEqual([[a, 2.5], [b, 2.5]].sort());
    const no = await call('/consolidated/2025/trace?template=services&key=money&row=total');
    expect(no.status).toBe(422);
    expect(no.body.error.message).toContain('没有“services”表');
  });

  it('fills the services sentence of 报告用数', async () => {
    const p = (await call('/report-figures/2026')).body.phrases.find((x: { id: string }) => x.id === 'services');
    expect(p.text).toBe('全年开展帮扶服务810人次，投入帮扶资金7.40万元，240名注册志愿者参与服务7200小时。');
    expect((await call('/report-figures/2025')).body.phrases.some((x: { id: string }) => x.id === 'services')).toBe(false);
  });

  it('prints five blank sheets with 有效期至 as set; a 2024-edition year caps it at 2025年12月', async () => {
    const blank = readXlsx((await raw('/templates/2026/workbook.xlsx')).bytes);
    expect(blank.map((s) => s.name)).toEqual(['表1 组织与会员', '表2 培训', '表3 表彰奖励', '表4 经费收支', '表5 帮扶服务']);
    expect(blank[4]!.grid.flat()).toContain('群团统5表');
    expect(blank[0]!.grid.flat()).toContain('2027年12月');
    const old = readXlsx((await raw('/templates/2025/workbook.xlsx')).bytes);
    expect(old).toHaveLength(4);
    expect(old[0]!.grid.flat()).toContain('2025年12月');
    expect(old[0]!.grid.flat()).not.toContain('2027年12月');
  });

  it('writes 表5 with its 服务对象 table into the consolidated workbook', async () => {
    const sheets = readXlsx((await raw('/consolidated/2026/workbook.xlsx')).bytes);
    expect(sheets.slice(0, 5).map((s) => s.name)).toEqual(['表1 组织与会员', '表2 培训', '表3 表彰奖励', '表4 经费收支', '表5 帮扶服务']);
    const grid = sheets[4]!.grid;
    expect(grid.some((r) => r[0] === '2026年帮扶服务情况（按服务对象汇总）')).toBe(true);
    expect(grid.some((r) => r[0] === '服务对象')).toBe(true);
    const progress = sheets.find((s) => s.name === '报送进度')!.grid;
    expect(progress.find((r) => r[0] === '单位名称')).toContain('表5 帮扶服务');
  });
});
