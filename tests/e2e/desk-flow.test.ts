/// <reference lib="dom" />
/**
 * The statistician's desk as issue 20 found it, in Chromium against
 * `wrangler dev`: 报送进度 by unit — fully, partly, not at all — filtered,
 * with the contacts the roster import brought, a reported cell opening its
 * revision, and 导出催报名单 opened by openpyxl (a reader we did not write);
 * 审核 grouped by unit in 表号 order, filtered, every control named with its
 * unit and table, the list still after 通过, 全部通过 for a unit, typed
 * comments kept, a missing comment said in plain words; a closed year
 * read-only with its reason, a correction's templates still reviewable.
 * Screenshots: test-results/screenshots/desk-flow-*.png.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EDITIONS, RETURN_NEEDS_COMMENT, type Row, type TemplateId } from '../../shared/index.ts';
import { report } from '../shared/fixtures.ts';
import { admin, base, code, http } from './api.ts';
import { launch, open, shots, status } from './browser.ts';

const E2024 = EDITIONS['2024'];
/** Years of their own, outside the five years charts.test.ts draws (2009–2013), which a closed year here would publish into. */
const YEAR = 2001;
const CLOSED = 2002;
const dir = mkdtempSync(join(tmpdir(), 'desk-flow-'));
const sfx = code('S').slice(2);
const EAST = `东城区${sfx}`;
const WEST = `西城区${sfx}`;
let browser: Browser;
let statistician = '';

const withYear = (year: number, org: 'women' | 'union' = 'women') => {
  const r = report(org);
  return { ...r, awards: r.awards.map((a) => ({ ...a, award_date: `${year}${String(a.award_date).slice(4)}` })) } as Record<TemplateId, Row[]>;
};

/** The roster, as the admin imports it with `npm run admin -- units import`, 联系人 and 联系电话 included. */
const U = {
  a: { code: code('DA'), name: `东城妇联甲${sfx}`, org: '妇联', district: EAST, contact: '张三', phone: '0772-1234567' },
  b: { code: code('DB'), name: `东城妇联乙${sfx}`, org: '妇联', district: EAST, contact: '李四', phone: '13800000001' },
  c: { code: code('DC'), name: `东城工会${sfx}`, org: '工会', district: EAST, contact: '王五', phone: '0772-7654321' },
  d: { code: code('DD'), name: `东城妇联丙${sfx}`, org: '妇联', district: EAST, contact: '赵六', phone: '0772 000 0001 转 8' },
  e: { code: code('DE'), name: `西城妇联${sfx}`, org: '妇联', district: WEST, contact: '钱七', phone: '0772-5550000' },
  x: { code: code('DX'), name: `东城妇联丁${sfx}`, org: '妇联', district: EAST, contact: '', phone: '' },
  y: { code: code('DY'), name: `东城妇联戊${sfx}`, org: '妇联', district: EAST, contact: '', phone: '' },
};

async function uploadAll(unit: string, year: number, rows: Record<TemplateId, Row[]>, only: readonly TemplateId[] = E2024.ids, explanation?: string) {
  const res = await http('POST', '/submissions/batch', { year, unit, submissions: only.map((t) => ({ template: t, rows: rows[t], ...(explanation ? { explanation } : {}) })) });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return Object.fromEntries((res.body.submissions as { template: TemplateId; id: string }[]).map((s) => [s.template, s.id])) as Record<TemplateId, string>;
}

/** 表2's first programme with fewer 人次 than 期数: a T2 warning. */
const warned = (rows: Record<TemplateId, Row[]>) => ({ ...rows, trainings: [{ ...rows.trainings[0]!, sessions: 14, trainees: 10, trainees_female: 8, trainees_rural: 6, certified: 5, placed: 4 }, ...rows.trainings.slice(1)] });

let ids: Record<'a' | 'b' | 'e', Record<TemplateId, string>>;

beforeAll(async () => {
  const csv = [['单位代码', '单位名称', '组织类型', '所属区县', '联系人', '联系电话'], ...Object.values(U).map((u) => [u.code, u.name, u.org, u.district, u.contact, u.phone])].map((r) => r.join(',')).join('\r\n');
  writeFileSync(join(dir, '名册.csv'), `\uFEFF${csv}\r\n`);
  const imported = spawnSync('npx', ['tsx', 'scripts/admin.ts', 'units', 'import', join(dir, '名册.csv')], { encoding: 'utf8', env: { ...process.env, QUNTUAN_BASE: base(), QUNTUAN_TOKEN: admin() }, timeout: 120_000 });
  expect(imported.status, imported.stdout + imported.stderr).toBe(0);
  for (const y of [YEAR, CLOSED]) expect((await http('PUT', `/periods/${y}`, { status: 'open', deadline: `${y + 1}-03-31` })).status).toBe(200);
  const women = withYear(YEAR);
  ids = {
    a: await uploadAll(U.a.code, YEAR, women),
    b: await uploadAll(U.b.code, YEAR, warned(women), E2024.ids, '一对一上门培训，人次属实'),
    e: await uploadAll(U.e.code, YEAR, women),
  };
  await uploadAll(U.c.code, YEAR, withYear(YEAR, 'union'), ['members', 'trainings']);
  statistician = (await http('POST', '/tokens', { role: 'statistician' })).body.token;
  expect((await http('POST', `/submissions/${ids.e.trainings}/review`, { action: 'return', comment: '请核实培训人次' }, statistician)).status).toBe(200);
  // The closed year: X and Y reported, the year closed (published), then a correction of X's 表2.
  const closed = withYear(CLOSED);
  for (const u of [U.x, U.y]) await uploadAll(u.code, CLOSED, closed);
  expect((await http('PUT', `/periods/${CLOSED}`, { status: 'closed' })).status).toBe(200);
  expect((await http('POST', `/periods/${CLOSED}/corrections`, { unit: U.x.code, templates: ['trainings'], reason: '培训人次录入有误' })).status).toBe(201);
  const fixed = { ...closed, trainings: [{ ...closed.trainings[0]!, trainees: (closed.trainings[0]!.trainees as number) + 10 }, ...closed.trainings.slice(1)] };
  expect((await http('POST', '/submissions/batch', { year: CLOSED, unit: U.x.code, submissions: [{ template: 'trainings', rows: fixed.trainings }] })).status).toBe(201);
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
});

const tab = (page: Page, name: string) => page.getByRole('tab', { name: new RegExp(`^${name}`) }).click();
const focused = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');

/** The .xlsx read by openpyxl (Debian's python3-openpyxl): every row's values as text. */
function openpyxl(file: string): string[][] {
  const script = ['import json, sys, openpyxl', `wb = openpyxl.load_workbook(${JSON.stringify(file)})`, 'ws = wb.worksheets[0]', 'print(json.dumps([["" if v is None else str(v) for v in r] for r in ws.iter_rows(values_only=True)], ensure_ascii=False))'].join('\n');
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', script], { encoding: 'utf8' })) as string[][];
}

describe('报送进度 by unit', () => {
  it('counts units fully, partly and not reported, filters them, shows whom to call, opens a cell, and exports the 催报名单', async () => {
    const page = await open(browser, statistician, YEAR);
    const table = page.getByRole('table', { name: '报送进度' });
    await page.getByLabel('区县', { exact: true }).selectOption(EAST);
    const summary = page.getByLabel('单位报送情况');
    // Six units in the east district: A and B all, C half, D nothing, and X and Y (which report only in the closed year) nothing.
    expect(await summary.textContent()).toBe('共 6 个单位：已报齐 2 个，部分报送 1 个，未报送 3 个');
    const rowOf = (name: string) => table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: new RegExp(`^${name}`) }) });
    expect(await rowOf(U.d.name).textContent()).toContain('联系人：赵六　电话：0772 000 0001 转 8');
    expect(await rowOf(U.c.name).getByRole('cell').first().textContent()).toBe('部分报送');
    await page.getByLabel('进度', { exact: true }).selectOption('none');
    expect(await table.getByRole('rowheader').count()).toBe(3);
    await page.getByLabel('进度', { exact: true }).selectOption('');
    await page.getByLabel('组织类型', { exact: true }).selectOption('union');
    expect(await table.getByRole('rowheader').count()).toBe(1);
    expect(await table.getByRole('rowheader').textContent()).toContain(U.c.name);
    await page.getByLabel('组织类型', { exact: true }).selectOption('');
    await page.screenshot({ path: join(shots, 'desk-flow-1-progress.png'), fullPage: true });

    // 导出催报名单: the units shown that still lack something, with their contacts; read by openpyxl.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出催报名单' }).click()]);
    expect(download.suggestedFilename()).toBe(`${YEAR}年${EAST}催报名单.xlsx`);
    const saved = join(dir, 'east.xlsx');
    await download.saveAs(saved);
    const rows = openpyxl(saved);
    expect(rows[0]![0]).toBe(`${YEAR}年群团统计报表催报名单（${EAST}）`);
    const header = rows.findIndex((r) => r[0] === '序号');
    expect(rows[header]).toEqual(['序号', '单位代码', '单位名称', '组织类型', '所属区县', '联系人', '联系电话', '未报报表', '退回报表', '是否逾期']);
    const listed = rows.slice(header + 1);
    expect(listed.map((r) => r[2]).sort()).toEqual([U.c.name, U.d.name, U.x.name, U.y.name].sort());
    const c = listed.find((r) => r[2] === U.c.name)!;
    expect(c.slice(3, 9)).toEqual(['工会', EAST, '王五', '0772-7654321', '表3 表彰奖励、表4 经费收支', '']);
    expect(listed.find((r) => r[2] === U.d.name)![7]).toBe(E2024.templates.map((t) => t.sheet).join('、'));
    // The west: its unit with a returned table.
    await page.getByLabel('区县', { exact: true }).selectOption(WEST);
    const [west] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出催报名单' }).click()]);
    await west.saveAs(join(dir, 'west.xlsx'));
    const e = openpyxl(join(dir, 'west.xlsx')).find((r) => r[2] === U.e.name)!;
    expect(e.slice(5, 9)).toEqual(['钱七', '0772-5550000', '', '表2 培训']);

    // A reported cell opens its revision for review.
    await page.getByLabel('区县', { exact: true }).selectOption(EAST);
    await rowOf(U.a.name).getByRole('button', { name: `查看：${U.a.name} 表2 培训（已报）` }).click();
    await expect.poll(() => status(page)).toContain(`已打开：${U.a.name} 表2 培训 第 1 版`);
    expect(await page.getByRole('tab', { name: /^审核/ }).getAttribute('aria-selected')).toBe('true');
    await expect.poll(() => focused(page)).toBe('review-panel');
    await page.close();
  });
});

describe('审核, unit by unit', () => {
  it('groups by unit in 表号 order, filters, names every control, stays still after 通过, accepts a unit at once, keeps comments', async () => {
    const page = await open(browser, statistician, YEAR);
    await tab(page, '审核');
    const area = (await http('GET', '/areas')).body.areas.find((a: { name: string }) => a.name === EAST).code as string;
    await page.getByLabel('区县', { exact: true }).selectOption(area);
    await expect.poll(() => status(page)).toContain('共找到');
    await page.getByLabel('组织类型', { exact: true }).selectOption('women');
    await expect.poll(() => status(page)).toContain('共找到 8 份报表');
    const list = page.getByRole('list', { name: '待审核' });
    // Grouped by unit; each unit's tables in 表号 order.
    expect(await list.getByRole('heading').allTextContents()).toEqual([`${U.a.name} 妇联 · ${EAST}`, `${U.b.name} 妇联 · ${EAST}`]);
    const aRows = list.getByRole('list', { name: `${U.a.name}的报表` });
    expect((await aRows.getByRole('listitem').allTextContents()).map((t) => t.split(' · ')[0])).toEqual(E2024.templates.map((t) => t.sheet));
    // Every 通过 says whose table it is.
    const accepts = await list.getByRole('button', { name: /^通过：/ }).evaluateAll((bs) => bs.map((b) => b.getAttribute('aria-label')));
    expect(accepts).toEqual([...E2024.templates.map((t) => `通过：${U.a.name} ${t.sheet}`), ...E2024.templates.map((t) => `通过：${U.b.name} ${t.sheet}`)]);
    expect(await list.getByRole('button', { name: `全部通过：${U.b.name}` }).count()).toBe(1);
    await page.screenshot({ path: join(shots, 'desk-flow-2-review-list.png'), fullPage: true });

    // 通过 on A's 表1 with the mouse: the next row's 通过 stays where it was, and nothing else lands under the mouse.
    const first = aRows.getByRole('button', { name: `通过：${U.a.name} 表1 组织与会员` });
    const next = aRows.getByRole('button', { name: `通过：${U.a.name} 表2 培训` });
    const at = (await first.boundingBox())!;
    const nextBefore = (await next.boundingBox())!;
    await page.mouse.click(at.x + at.width / 2, at.y + at.height / 2);
    await expect.poll(() => status(page)).toContain(`已审核通过：${U.a.name} 表1 组织与会员 第 1 版`);
    expect(await next.boundingBox()).toEqual(nextBefore);
    const under = await page.evaluate(([x, y]) => document.elementFromPoint(x!, y!)?.closest('button')?.getAttribute('aria-label') ?? null, [at.x + at.width / 2, at.y + at.height / 2]);
    expect(under).toBeNull();
    expect(await page.locator(`#revision-${ids.a.members} .slot`).textContent()).toBe('已审核通过');
    await expect.poll(() => focused(page)).toBe(`revision-${ids.a.members}`);
    expect((await http('GET', `/submissions/${ids.a.members}`)).body.status).toBe('accepted');

    // Comments typed for two tables are both kept while the statistician goes between them.
    const openRev = async (sheet: string, revision = 1) => {
      await list.getByRole('button', { name: `审阅：${U.a.name} ${sheet} 第 ${revision} 版` }).click();
      await expect.poll(() => status(page)).toContain(`已打开：${U.a.name} ${sheet}`);
    };
    await openRev('表2 培训');
    await page.getByLabel(`退回意见：${U.a.name} 表2 培训`).fill('请补充培训名称');
    await openRev('表3 表彰奖励');
    await page.getByLabel(`退回意见：${U.a.name} 表3 表彰奖励`).fill('表彰文号请核对');
    await openRev('表2 培训');
    expect(await page.getByLabel(`退回意见：${U.a.name} 表2 培训`).inputValue()).toBe('请补充培训名称');
    await openRev('表3 表彰奖励');
    expect(await page.getByLabel(`退回意见：${U.a.name} 表3 表彰奖励`).inputValue()).toBe('表彰文号请核对');

    // 退回 without a comment: plain words, in the pane and from the server, and focus on the box to fill.
    await openRev('表4 经费收支');
    await page.getByRole('region', { name: '审阅报表' }).getByRole('button', { name: `退回：${U.a.name} 表4 经费收支` }).click();
    await expect.poll(() => status(page)).toBe(RETURN_NEEDS_COMMENT);
    await expect.poll(() => focused(page)).toBe(`comment-${ids.a.funding}`);
    const refused = await http('POST', `/submissions/${ids.a.funding}/review`, { action: 'return' }, statistician);
    expect(refused.status).toBe(422);
    expect(refused.body.error.message).toBe(RETURN_NEEDS_COMMENT);

    // 全部通过 for B, after a question inside the page that names its warned table.
    await list.getByRole('button', { name: `全部通过：${U.b.name}` }).click();
    const dialog = page.getByRole('dialog', { name: `全部通过：${U.b.name}` });
    await expect.poll(() => dialog.count()).toBe(1);
    expect(await dialog.textContent()).toContain('其中“表2 培训”有提示');
    await dialog.getByRole('button', { name: '确定' }).click();
    await expect.poll(() => status(page)).toContain(`已审核通过${U.b.name}的 4 张报表`);
    for (const t of E2024.ids) expect((await http('GET', `/submissions/${ids.b[t]}`)).body.status).toBe('accepted');
    expect(await list.getByRole('list', { name: `${U.b.name}的报表` }).locator('.slot').allTextContents()).toEqual(Array(4).fill('已审核通过'));
    await expect.poll(() => focused(page)).toBe(`unit-${U.b.code}`);
    await page.screenshot({ path: join(shots, 'desk-flow-3-accepted.png'), fullPage: true });
    await page.close();
  });
});

describe('a closed year', () => {
  it('is read-only for the statistician with the reason said; the correction’s table can still be reviewed', async () => {
    const page = await open(browser, statistician, CLOSED);
    expect(await page.getByRole('note', { name: '年度状态' }).textContent()).toContain(`${CLOSED}年度已关闭，数据已发布，只能查看，不能审核`);
    await tab(page, '审核');
    const area = (await http('GET', '/areas')).body.areas.find((a: { name: string }) => a.name === EAST).code as string;
    await page.getByLabel('区县', { exact: true }).selectOption(area);
    await expect.poll(() => status(page)).toContain('共找到');
    expect(await page.getByRole('note', { name: '不能审核的原因' }).textContent()).toContain('开放更正的单位的相关报表仍可审核');
    const list = page.getByRole('list', { name: '待审核' });
    expect(await list.getByRole('button', { name: /^审阅：/ }).count()).toBe(8);
    // Only the corrected table has a 通过; no unit can be accepted at once.
    expect(await list.getByRole('button', { name: /^通过：/ }).evaluateAll((bs) => bs.map((b) => b.getAttribute('aria-label')))).toEqual([`通过：${U.x.name} 表2 培训`]);
    expect(await list.getByRole('button', { name: /^全部通过/ }).count()).toBe(0);
    await list.getByRole('button', { name: `审阅：${U.y.name} 表1 组织与会员 第 1 版` }).click();
    const panel = page.getByRole('region', { name: '审阅报表' });
    await expect.poll(() => panel.count()).toBe(1);
    expect(await panel.getByRole('button', { name: /^(通过|退回)：/ }).count()).toBe(0);
    expect(await panel.textContent()).toContain('只能查看，不能审核');
    await page.screenshot({ path: join(shots, 'desk-flow-4-closed-year.png'), fullPage: true });
    await list.getByRole('button', { name: `通过：${U.x.name} 表2 培训` }).click();
    await expect.poll(() => status(page)).toContain(`已审核通过：${U.x.name} 表2 培训 第 2 版`);
    await page.close();

    // The clerk of a unit without a correction: nothing to upload, the reason said, its 回执 still there.
    const clerk = (await http('POST', '/tokens', { role: 'clerk', unit: U.y.code })).body.token as string;
    const c = await open(browser, clerk, CLOSED);
    expect(await c.getByRole('note', { name: '年度状态' }).textContent()).toContain(`${CLOSED}年度已关闭，只能查看，不能上传或审核`);
    expect(await c.getByRole('button', { name: '上传', exact: true }).count()).toBe(0);
    expect(await c.getByLabel('选择报表文件').count()).toBe(0);
    expect(await c.getByRole('region', { name: '上报回执' }).getByRole('row').count()).toBe(5);
    await c.close();
  });
});
