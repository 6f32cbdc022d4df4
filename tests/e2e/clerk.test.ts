/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * Every state a clerk meets in the pane, in a real Chromium against
 * `wrangler dev` (the file adapter, as in any browser): errors on their
 * cells with upload disabled until fixed; warnings with a 情况说明 that
 * survives re-renders and is stored; a returned revision; the deadline,
 * overdue and a closed year; the network failing both ways; an unchanged
 * re-upload; the confirmation asked inside the page; checking before
 * signing in. Screenshots go to test-results/screenshots/clerk-*.png.
 */
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EDITIONS, type Row, type TemplateId } from '../../shared/index.ts';
import { report, report2026 } from '../shared/fixtures.ts';
import { code, http } from './api.ts';
import { browserDialogs, launch, open, openPage, shots, status, workbookFile } from './browser.ts';

/** The 2024 edition: the one these years (up to 2025) use. */
const E2024 = EDITIONS['2024'];

/** Years of their own, so that other test files' periods do not interfere. */
const OPEN = 2015;
const LATE = 2016;
const CLOSED = 2017;
/** The fixture reports, their awards dated inside `year` (A3). */
function reportOf(year: number) {
  const r = report('women');
  return { ...r, awards: r.awards.map((a) => ({ ...a, award_date: `${year}${String(a.award_date).slice(4)}` })) };
}
const data = reportOf(OPEN);
let browser: Browser;
let statistician = '';

/** A unit of 妇联 with its clerk token. */
async function unit(name: string): Promise<{ code: string; token: string; layout: { code: string; name: string; org: 'women' } }> {
  const c = code('W');
  expect((await http('POST', '/units', { code: c, name, org: 'women', district: '兴宾区' })).status).toBe(201);
  const token = (await http('POST', '/tokens', { role: 'clerk', unit: c })).body.token as string;
  return { code: c, token, layout: { code: c, name, org: 'women' } };
}

const file = (u: Awaited<ReturnType<typeof unit>>, name: string, rows: Partial<Record<TemplateId, Row[]>>, year = OPEN) => workbookFile(`${u.code}-${name}.xlsx`, year, u.layout, rows);

async function stored(unitCode: string, year = OPEN) {
  return (await http('GET', `/submissions?year=${year}&unit=${unitCode}&history=1`)).body.submissions as { id: string; template: TemplateId; revision: number; explanation: string | null }[];
}

/** 表2's first programme with fewer 人次 than 期数: a T2 warning, nothing else. */
const warnTrainings = (): Row[] => [{ ...data.trainings[0]!, sessions: 14, trainees: 10, trainees_female: 8, trainees_rural: 6, certified: 5, placed: 4 }, ...data.trainings.slice(1)];

const uploadButton = (page: Page) => page.getByRole('button', { name: '上传', exact: true });

beforeAll(async () => {
  for (const [year, status, deadline] of [
    // The open year's deadline is still ahead whatever today is; the late one's has passed.
    [OPEN, 'open', '2099-03-31'],
    [LATE, 'open', '2025-03-31'],
    [CLOSED, 'closed', `${CLOSED + 1}-03-31`],
  ] as const) {
    expect((await http('PUT', `/periods/${year}`, { status, deadline })).status).toBe(200);
  }
  statistician = (await http('POST', '/tokens', { role: 'statistician' })).body.token;
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
});

describe('the clerk in the pane', () => {
  it('errors: marks the cells and keeps 上传 disabled until a corrected file is chosen', async () => {
    const u = await unit('兴宾区妇联');
    const page = await open(browser, u.token, OPEN);
    await page.getByLabel('选择报表文件').setInputFiles(file(u, 'bad', { ...data, members: [{ ...data.members[0]!, org_total: 246 }] }));
    await expect.poll(() => status(page)).toContain('发现 1 处错误');
    expect(await page.getByRole('list', { name: '问题列表' }).textContent()).toContain("'表1 组织与会员'!D8");
    expect(await page.locator('td.mark-error').count()).toBe(1);
    expect(await uploadButton(page).isDisabled()).toBe(true);
    await page.screenshot({ path: join(shots, 'clerk-1-errors.png'), fullPage: true });
    await page.getByLabel('选择报表文件').setInputFiles(file(u, 'good', data));
    await expect.poll(() => status(page)).toContain('校验通过');
    expect(await uploadButton(page).isDisabled()).toBe(false);
    expect(await page.locator('td.mark-error').count()).toBe(0);
    expect(await stored(u.code)).toEqual([]);
    await page.close();
  });

  it('warnings: asks for the 情况说明 of the template they belong to, keeps it across re-renders, uploads and stores it', async () => {
    const u = await unit('来宾市兴宾区妇联');
    const page = await open(browser, u.token, OPEN);
    await page.getByLabel('选择报表文件').setInputFiles(file(u, 'warn', { ...data, trainings: warnTrainings() }));
    await expect.poll(() => status(page)).toContain('1 处提示需要核实');
    const box = page.getByLabel('情况说明（表2 培训）');
    expect(await box.count()).toBe(1);
    // Without an explanation nothing is sent, and the clerk is told where to write it.
    await uploadButton(page).click();
    await expect.poll(() => status(page)).toContain('“表2 培训”有需要核实的提示，请在对应的“情况说明”中说明原因');
    expect(await stored(u.code)).toEqual([]);
    const why = '本年家政培训改为集中授课，14 期共 10 人次为实际台账数';
    await box.fill(why);
    // Checking again re-renders the whole pane: the typed text stays.
    await page.getByRole('button', { name: '校验' }).click();
    await expect.poll(() => status(page)).toContain('1 处提示需要核实');
    expect(await box.inputValue()).toBe(why);
    await page.screenshot({ path: join(shots, 'clerk-2-warning-explained.png'), fullPage: true });
    await uploadButton(page).click();
    await expect.poll(() => status(page)).toContain('上传成功');
    const receipt = await page.getByRole('list', { name: '本次上传' }).textContent();
    for (const t of E2024.templates) expect(receipt).toContain(`${t.sheet}：第 1 版`);
    expect(receipt).toContain('表2 培训：第 1 版');
    expect(receipt).toMatch(/表2 培训：第 1 版，[^表]*已附情况说明/);
    await page.screenshot({ path: join(shots, 'clerk-3-warning-receipt.png'), fullPage: true });
    // The explanation is stored with 表2, the template whose warning it answers, and with no other.
    const revs = await stored(u.code);
    expect(revs).toHaveLength(4);
    expect(Object.fromEntries(revs.map((r) => [r.template, r.explanation]))).toEqual({ members: null, trainings: why, awards: null, funding: null });
    await page.close();
  });

  it('returned: shows the statistician\'s comment first; the clerk fixes the file and uploads a new revision', async () => {
    const u = await unit('武宣县妇联');
    const first = await http('POST', '/submissions/batch', { year: OPEN, unit: u.code, submissions: E2024.templates.map((t) => ({ template: t.id, rows: data[t.id]! })) }, u.token);
    expect(first.status).toBe(201);
    const trainingsId = first.body.submissions.find((s: { template: string }) => s.template === 'trainings').id;
    const comment = '家政服务培训班的取得证书人数与台账不符，请核实后重报';
    expect((await http('POST', `/submissions/${trainingsId}/review`, { action: 'return', comment }, statistician)).status).toBe(200);

    const page = await open(browser, u.token, OPEN);
    const alert = page.getByRole('alert', { name: '退回意见' });
    await expect.poll(() => alert.textContent()).toContain(comment);
    // The comment comes before anything else the clerk can act on in the 填报 card.
    const order = await page.getByRole('region', { name: '填报' }).evaluate((el) => [...el.children].map((c) => c.getAttribute('aria-label') ?? c.tagName));
    expect(order.indexOf('退回意见')).toBeLessThan(order.indexOf('DIV'));
    await page.screenshot({ path: join(shots, 'clerk-4-returned.png'), fullPage: true });
    const fixed = { ...data, trainings: [{ ...data.trainings[0]!, certified: 590 }, ...data.trainings.slice(1)] };
    await page.getByLabel('选择报表文件').setInputFiles(file(u, 'fixed', fixed));
    await expect.poll(() => status(page)).toContain('校验通过');
    await uploadButton(page).click();
    await expect.poll(() => status(page)).toContain('上传成功');
    // Only the returned table was changed, so only it gets a new revision; the others answer with the ones on record.
    expect(await page.getByRole('list', { name: '本次上传' }).textContent()).toContain('表2 培训：第 2 版');
    await expect.poll(() => page.getByRole('table', { name: '报送状态' }).textContent()).toContain('已报（第 2 版）');
    expect(await alert.count()).toBe(0);
    await page.close();
  });

  it('shows the deadline, says when the unit is overdue, and keeps a closed year read-only', async () => {
    const u = await unit('合山市妇联');
    const page = await open(browser, u.token, OPEN);
    const deadline = page.getByLabel('报送截止');
    await expect.poll(() => deadline.textContent()).toContain('报送截止：2099-03-31（还有');
    await page.getByLabel('报告年度').selectOption(String(LATE));
    await expect.poll(() => status(page)).toContain(`已切换到 ${LATE}年`);
    expect(await deadline.textContent()).toMatch(/报送截止：2025-03-31，已逾期 \d+ 天，请尽快补报/);
    expect(await deadline.getAttribute('class')).toContain('overdue');
    await page.screenshot({ path: join(shots, 'clerk-5-overdue.png'), fullPage: true });
    await page.getByLabel('报告年度').selectOption(String(CLOSED));
    await expect.poll(() => status(page)).toContain(`已切换到 ${CLOSED}年`);
    expect(await page.getByRole('note', { name: '年度状态' }).textContent()).toBe(`${CLOSED}年度已关闭，只能查看，不能上传或审核；如需更正，请联系市统计员`);
    expect(await uploadButton(page).count()).toBe(0);
    expect(await page.getByLabel('选择报表文件').count()).toBe(0);
    expect(await page.getByRole('table', { name: '报送状态' }).count()).toBe(1);
    await page.screenshot({ path: join(shots, 'clerk-6-closed-year.png'), fullPage: true });
    await page.close();
  });

  it('the network fails before the upload reaches the server: says so, stores nothing, keeps the explanation; the retry uploads once', async () => {
    const u = await unit('金秀县妇联');
    const page = await open(browser, u.token, OPEN);
    await page.getByLabel('选择报表文件').setInputFiles(file(u, 'net1', { ...data, trainings: warnTrainings() }));
    await expect.poll(() => status(page)).toContain('提示需要核实');
    await page.getByLabel('情况说明（表2 培训）').fill('集中授课，人次属实');
    await page.route('**/api/v1/submissions/batch', (route) => route.abort('internetdisconnected'));
    await uploadButton(page).click();
    await expect.poll(() => status(page)).toContain('无法连接服务器，请检查网络后重试');
    expect(await status(page)).toContain('重试上传不会产生重复版本');
    expect(await stored(u.code)).toEqual([]);
    expect(await page.getByLabel('情况说明（表2 培训）').inputValue()).toBe('集中授课，人次属实');
    await page.screenshot({ path: join(shots, 'clerk-7-offline.png'), fullPage: true });
    await page.unroute('**/api/v1/submissions/batch');
    await uploadButton(page).click();
    await expect.poll(() => status(page)).toContain('上传成功');
    expect((await stored(u.code)).map((r) => r.revision)).toEqual([1, 1, 1, 1]);
    await page.close();
  });

  it('the answer is lost after the server stored the upload: the retry finds it, says so, and makes no duplicate', async () => {
    const u = await unit('忻城县妇联');
    const page = await open(browser, u.token, OPEN);
    await page.getByLabel('选择报表文件').setInputFiles(file(u, 'net2', data));
    await expect.poll(() => status(page)).toContain('校验通过');
    // The request goes through to the server; its answer never comes back.
    await page.route('**/api/v1/submissions/batch', async (route) => {
      await route.fetch();
      await route.abort('connectionreset');
    });
    await uploadButton(page).click();
    await expect.poll(() => status(page)).toContain('无法连接服务器');
    expect((await stored(u.code)).map((r) => r.revision)).toEqual([1, 1, 1, 1]);
    await page.unroute('**/api/v1/submissions/batch');
    await uploadButton(page).click();
    await expect.poll(() => status(page)).toContain('上传成功');
    expect(await status(page)).toContain('上次上传已送达服务器，本次未重复保存');
    expect((await stored(u.code)).map((r) => r.revision)).toEqual([1, 1, 1, 1]);
    await page.screenshot({ path: join(shots, 'clerk-8-recovered.png'), fullPage: true });
    await page.close();
  });

  it('an unchanged re-upload answers 没有变化: nothing is sent, no new revision', async () => {
    const u = await unit('兴宾区残联妇委会');
    const page = await open(browser, u.token, OPEN);
    await page.getByLabel('选择报表文件').setInputFiles(file(u, 'same', data));
    await expect.poll(() => status(page)).toContain('校验通过');
    await uploadButton(page).click();
    await expect.poll(() => status(page)).toContain('上传成功');
    let sent = 0;
    page.on('request', (r) => {
      if (r.url().endsWith('/submissions/batch')) sent++;
    });
    await uploadButton(page).click();
    await expect.poll(() => status(page)).toContain('没有变化：工作簿中的报表与已上报的版本相同，未上传，也未产生新版本');
    expect(sent).toBe(0);
    expect(await page.getByRole('list', { name: '本次上传' }).textContent()).toContain('表1 组织与会员：第 1 版（没有变化，未重新上传）');
    expect((await stored(u.code)).map((r) => r.revision)).toEqual([1, 1, 1, 1]);
    await page.screenshot({ path: join(shots, 'clerk-9-unchanged.png'), fullPage: true });
    await page.close();
  });

  it('asks inside the page before uploading an empty list, with 确定 and 取消 reachable by keyboard', async () => {
    const u = await unit('合山市妇联机关');
    const page = await open(browser, u.token, OPEN);
    await page.getByLabel('选择报表文件').setInputFiles(file(u, 'empty', { ...data, awards: [] }));
    await expect.poll(() => status(page)).toContain('校验通过');
    await uploadButton(page).click();
    const dialog = page.getByRole('dialog', { name: '确认“本年无”' });
    await expect.poll(() => dialog.count()).toBe(1);
    expect(await dialog.textContent()).toContain('“表3 表彰奖励”没有填写任何一行，将按“本年无”上报。确定吗？');
    await page.screenshot({ path: join(shots, 'clerk-10-confirm.png') });
    // The safe answer has the focus; Esc cancels and nothing is sent.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('取消');
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
    await expect.poll(() => status(page)).toContain('已取消上传');
    expect(await stored(u.code)).toEqual([]);
    // Again, this time answered 确定 from the keyboard: Tab moves within the dialog, Enter presses.
    await uploadButton(page).click();
    await expect.poll(() => dialog.count()).toBe(1);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('确定');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('取消');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Enter');
    await expect.poll(() => status(page)).toContain('上传成功');
    expect((await stored(u.code)).map((r) => r.template).sort()).toEqual(['awards', 'funding', 'members', 'trainings']);
    expect(browserDialogs.get(page)).toEqual([]);
    await page.close();
  });

  it('checks a workbook before signing in, and says which checks wait for the server', async () => {
    const page = await openPage(browser);
    const u = await unit('忻城县妇女联合会');
    await page.getByLabel('选择报表文件').setInputFiles(file(u, 'anon', { ...data, members: [{ ...data.members[0]!, org_total: 246 }] }));
    await expect.poll(() => status(page)).toContain('发现 1 处错误');
    expect(await status(page)).toContain('M6、M7、F7（需要本单位上年报送的数据）');
    expect(await page.getByRole('list', { name: '问题列表' }).textContent()).toContain('基层组织数 246 ≠');
    expect(await page.locator('td.mark-error').count()).toBe(1);
    expect(await page.getByLabel('访问令牌').count()).toBe(1);
    await page.screenshot({ path: join(shots, 'clerk-11-check-before-sign-in.png'), fullPage: true });
    await page.close();
  });
});

describe('a clerk in a year of the 2026 edition', () => {
  it('sees the five sheets of 2026 in the preview, 表5 among them, and uploads them', async () => {
    const YEAR = 2026;
    expect((await http('PUT', `/periods/${YEAR}`, { status: 'open' })).status).toBe(200);
    const u = await unit('兴宾区妇联（2026）');
    const data = report2026('women');
    const page = await open(browser, u.token, YEAR);
    await page.getByLabel('选择报表文件').setInputFiles(file(u, '2026', data, YEAR));
    await expect.poll(() => status(page)).toContain('校验通过');
    const tabs = page.getByRole('region', { name: '报表预览' }).getByRole('tab');
    expect(await tabs.allTextContents()).toEqual(['表1 组织与会员', '表2 培训', '表3 表彰奖励', '表4 经费收支', '表5 帮扶服务']);
    await tabs.filter({ hasText: '表5 帮扶服务' }).click();
    await expect.poll(() => page.getByRole('region', { name: '报表预览' }).textContent()).toContain('春蕾计划');
    // The unit's status lists the five templates of the year.
    expect(await page.getByRole('table', { name: '报送状态' }).textContent()).toContain('表5 帮扶服务');
    await page.screenshot({ path: join(shots, 'clerk-12-edition-2026.png'), fullPage: true });
    await uploadButton(page).click();
    await expect.poll(() => status(page)).toContain('上传成功');
    const receipt = await page.getByRole('list', { name: '本次上传' }).textContent();
    for (const sheet of ['表1 组织与会员', '表2 培训', '表3 表彰奖励', '表4 经费收支', '表5 帮扶服务']) expect(receipt).toContain(`${sheet}：第 1 版`);
    expect((await stored(u.code, YEAR)).map((r) => r.template).sort()).toEqual(['awards', 'funding', 'members', 'services', 'trainings']);
    await page.close();
  });
});

describe('the statistician\'s list of revisions to review', () => {
  it('pages from the server instead of stopping at a fixed count', async () => {
    const YEAR = 2018;
    const data = reportOf(YEAR);
    expect((await http('PUT', `/periods/${YEAR}`, { status: 'open' })).status).toBe(200);
    // 14 units × 4 templates = 56 revisions waiting: more than one page of 50.
    for (let i = 0; i < 14; i++) {
      const u = await unit(`第${i + 1}区妇联`);
      expect((await http('POST', '/submissions/batch', { year: YEAR, unit: u.code, submissions: E2024.templates.map((t) => ({ template: t.id, rows: data[t.id]! })) }, u.token)).status).toBe(201);
    }
    const page = await open(browser, statistician, YEAR);
    expect(await page.getByRole('tab', { name: '审核（50+）' }).count()).toBe(1);
    await page.getByRole('tab', { name: /^审核/ }).click();
    const list = page.getByRole('list', { name: '待审核' });
    const rows = list.getByRole('button', { name: /^审阅：/ });
    await expect.poll(() => rows.count()).toBe(50);
    expect(await page.getByRole('heading', { name: '待审核（50+）' }).count()).toBe(1);
    await page.getByRole('button', { name: '加载更多' }).click();
    await expect.poll(() => rows.count()).toBe(56);
    expect(await page.getByRole('button', { name: '加载更多' }).count()).toBe(0);
    const first = rows.first();
    const name = (await first.getAttribute('aria-label'))!;
    await first.click();
    await page.getByRole('region', { name: '审阅报表' }).getByRole('button', { name: /^通过：/ }).click();
    await expect.poll(() => status(page)).toContain('已审核通过');
    // Reviewed, it stays in its place saying so until the list is read again.
    expect(await rows.count()).toBe(56);
    expect(await page.getByRole('heading', { name: '待审核（55）' }).count()).toBe(1);
    // Read again, the list pages from the start without it.
    await page.getByRole('button', { name: /^刷新列表/ }).click();
    await expect.poll(() => page.getByRole('button', { name }).count()).toBe(0);
    expect(await rows.count()).toBe(50);
    await page.getByRole('button', { name: '加载更多' }).click();
    await expect.poll(() => rows.count()).toBe(55);
    await page.close();
  });
});
