/// <reference lib="dom" />
/**
 * 目标管理考核 in the pane, in Chromium against `wrangler dev`: a statistician
 * pastes targets copied from a sheet (with a mistake on one line), sees the
 * preview say what is wrong, cannot save until it is mended, saves, and sees
 * each unit's completion with the unmet figure marked in words; replacing
 * saved targets is asked first; a failed save (network lost, year closed
 * meanwhile) keeps the pasted text; a closed year's targets can only be read.
 */
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EDITIONS } from '../../shared/index.ts';
import { report } from '../shared/fixtures.ts';
import { code, http } from './api.ts';
import { browserDialogs, launch, open, shots, status } from './browser.ts';

/** The 2024 edition: the one these years (up to 2025) use. */
const E2024 = EDITIONS['2024'];

const YEAR = 2005;
let browser: Browser;
let statistician = '';
const women = code('TW');
const union = code('TU');
const womenName = `兴宾区妇联${women.slice(-4)}`;
const unionName = `兴宾区总工会${union.slice(-4)}`;

/**
 * The completion table's rows of one unit (its row group). Other files' units
 * of the same org types are in the year's roster too (every active unit is),
 * and are assessed against the same org-type targets: they are left aside.
 */
const rowsOf = (page: Page, name: string) => page.getByRole('table', { name: '目标完成情况' }).locator('tbody').filter({ hasText: name }).locator('tr');

/** The fixture's report, its awards dated in the year. */
const reportOf = (org: 'women' | 'union') => {
  const r = report(org);
  return { ...r, awards: r.awards.map((a) => ({ ...a, award_date: `${YEAR}-05` })) };
};

/** What a statistician copies out of its target sheet: a header, then four columns per line. */
const SHEET = [
  ['组织类型或单位代码', '报表', '指标', '目标值'],
  ['妇联', '表1', '年末个人会员数', '40,000'],
  ['妇联', '表4 经费收支', '本年收入合计', '129.00'],
  [women, '表1 组织与会员', '其中：女性', '16000'],
  ['工会', '表1', '农民工会员数', '九千'],
];
const tsv = (rows: string[][]) => rows.map((r) => r.join('\t')).join('\r\n');

/** Pastes into the target box as the clipboard would: the whole text at once. */
async function paste(page: Page, text: string) {
  const box = page.getByLabel('粘贴考核目标');
  await box.fill('');
  await box.focus();
  await page.keyboard.insertText(text);
}

beforeAll(async () => {
  expect((await http('PUT', `/periods/${YEAR}`, { status: 'open', deadline: `${YEAR + 1}-03-31` })).status).toBe(200);
  for (const [c, name, org] of [
    [women, womenName, 'women'],
    [union, unionName, 'union'],
  ] as const) {
    expect((await http('POST', '/units', { code: c, name, org, district: '兴宾区', districtCode: '451302' })).status).toBe(201);
    const r = reportOf(org);
    expect((await http('POST', '/submissions/batch', { year: YEAR, unit: c, submissions: E2024.templates.map((t) => ({ template: t.id, rows: r[t.id]! })) })).status).toBe(201);
  }
  // A unit that reports nothing this year: assessed too (0 of everything), as other files' units are.
  const idle = code('TI');
  expect((await http('POST', '/units', { code: idle, name: `象州县妇联${idle.slice(-4)}`, org: 'women', district: '象州县', districtCode: '451322' })).status).toBe(201);
  statistician = (await http('POST', '/tokens', { role: 'statistician', label: '市统计员' })).body.token;
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
});

describe('目标管理考核 in the pane', () => {
  it('takes targets pasted from a sheet, refuses a wrong line until it is mended, and shows each unit’s completion with the unmet marked', async () => {
    const page = await open(browser, statistician, YEAR);
    await page.getByRole('tab', { name: '目标考核' }).click();
    await expect.poll(() => status(page)).toContain('已保存 0 条考核目标');

    await paste(page, tsv(SHEET));
    const preview = page.getByRole('table', { name: '粘贴预览' });
    await expect.poll(() => preview.getByRole('row').count()).toBe(5);
    const rows = await preview.locator('tbody tr').allTextContents();
    expect(rows[0]).toContain('妇联（组织类型）');
    expect(rows[0]).toContain('40000 人');
    expect(rows[1]).toContain('129.00 万元');
    expect(rows[2]).toContain('女性会员数');
    expect(rows[3]).toContain('错误：目标值应为大于 0 的整数（人）');
    expect(await page.getByLabel('粘贴检查结果').textContent()).toBe('共 4 行：可保存 3 行，有误 1 行（改正后才能保存）');
    await page.screenshot({ path: join(shots, 'targets-1-preview.png'), fullPage: true });

    // Saving with a wrong line saves nothing and says which line.
    await page.getByRole('button', { name: '保存', exact: true }).click();
    await expect.poll(() => status(page)).toContain('有 1 行目标有误（第 5 行）');
    expect((await http('GET', `/targets/${YEAR}`)).body.targets).toEqual([]);
    expect(await page.getByLabel('粘贴考核目标').inputValue()).toBe(tsv(SHEET).replace(/\r\n/g, '\n'));

    await paste(page, tsv([...SHEET.slice(0, -1), ['工会', '表1', '农民工会员数', '9000']]));
    expect(await page.getByLabel('粘贴检查结果').textContent()).toBe('共 4 行：可保存 4 行');
    await page.getByRole('button', { name: '保存', exact: true }).click();
    await expect.poll(() => status(page)).toContain('已保存 4 条考核目标');
    expect((await http('GET', `/targets/${YEAR}`)).body.targets).toEqual([
      { org: 'union', template: 'members', key: 'members_migrant', value: 9000 },
      { org: 'women', template: 'members', key: 'members_total', value: 40000 },
      { org: 'women', template: 'funding', key: 'income_total', value: 129 },
      { unit: women, template: 'members', key: 'members_female', value: 16000 },
    ]);

    // The completion: the 工会 met its one target; the 妇联 has 39300 of 40000 members, marked 未完成 in words.
    await expect.poll(() => rowsOf(page, womenName).count()).toBe(3);
    const u = await rowsOf(page, unionName).allTextContents();
    expect(u).toHaveLength(1);
    expect(u[0]).toContain('完成 1/1 项');
    expect(u[0]).toContain('农民工会员数表1 组织与会员9000 人9000 人100.00%已完成');
    const w = await rowsOf(page, womenName).allTextContents();
    expect(w[0]).toContain('完成 2/3 项');
    expect(w[0]).toContain('年末个人会员数表1 组织与会员40000 人39300 人98.25%未完成');
    expect(w[1]).toContain('女性会员数表1 组织与会员16000 人16000 人100.00%已完成');
    expect(w[2]).toContain('本年收入合计表4 经费收支129.00 万元129.00 万元100.00%已完成');
    const unmet = rowsOf(page, womenName).and(page.locator('tr.unmet'));
    expect(await unmet.count()).toBe(1);
    expect(await unmet.locator('strong').textContent()).toBe('未完成');
    // The summary per org type is the API's.
    const summary = (await http('GET', `/assessment/${YEAR}`, undefined, statistician)).body.summary as { org: string; units: number; met: number; total: number }[];
    const women_ = summary.find((x) => x.org === 'women')!;
    expect(await page.getByRole('table', { name: '按组织类型汇总' }).getByRole('row', { name: /^妇联/ }).textContent()).toBe(`妇联${women_.units}${women_.met} / ${women_.total}`);
    await page.screenshot({ path: join(shots, 'targets-2-completion.png'), fullPage: true });

    // Replacing saved targets is asked first; cancelled, nothing changes; confirmed, the new ones are saved.
    await page.getByRole('button', { name: '载入已保存的目标' }).click();
    const box = page.getByLabel('粘贴考核目标');
    expect((await box.inputValue()).split('\n')).toEqual([
      '组织类型或单位代码\t报表\t指标\t目标值',
      '工会\t表1 组织与会员\t农民工会员数\t9000',
      '妇联\t表1 组织与会员\t年末个人会员数\t40000',
      '妇联\t表4 经费收支\t本年收入合计\t129.00',
      `${women}\t表1 组织与会员\t女性会员数\t16000`,
    ]);
    await box.fill((await box.inputValue()).replace('40000', '39000'));
    await page.getByRole('button', { name: '保存', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.count()).toBe(1);
    expect(await dialog.textContent()).toContain('已保存的 4 条目标将被这次粘贴的 4 条目标替换');
    await dialog.getByRole('button', { name: '取消' }).click();
    await expect.poll(() => status(page)).toContain('已取消，已保存的目标保持不变');
    expect((await http('GET', `/targets/${YEAR}`)).body.targets[1].value).toBe(40000);
    await page.getByRole('button', { name: '保存', exact: true }).click();
    await dialog.getByRole('button', { name: '确定' }).click();
    await expect.poll(() => status(page)).toContain('已保存 4 条考核目标');
    expect((await http('GET', `/targets/${YEAR}`)).body.targets[1].value).toBe(39000);
    await expect.poll(() => rowsOf(page, womenName).and(page.locator('tr.unmet')).count()).toBe(0);
    expect(browserDialogs.get(page)).toEqual([]);
    await page.close();
  });

  it('says why saving failed and keeps the pasted text: the network lost; the year closed meanwhile (then read-only)', async () => {
    const page = await open(browser, statistician, YEAR);
    await page.getByRole('tab', { name: '目标考核' }).click();
    await expect.poll(() => status(page)).toContain('已保存 4 条考核目标');
    const text = tsv([['妇联', '表1', '年末个人会员数', '50000']]);
    await paste(page, text);
    const save = async () => {
      await page.getByRole('button', { name: '保存', exact: true }).click();
      await page.getByRole('dialog').getByRole('button', { name: '确定' }).click();
    };
    await page.route('**/api/v1/targets/**', (route) => (route.request().method() === 'PUT' ? route.abort() : route.continue()));
    await save();
    await expect.poll(() => status(page)).toContain('无法连接服务器');
    expect(await page.getByLabel('粘贴考核目标').inputValue()).toBe(text);
    await page.unroute('**/api/v1/targets/**');
    // Closed by the admin while the statistician was pasting: refused, nothing changed, the text kept.
    expect((await http('PUT', `/periods/${YEAR}`, { status: 'closed' })).status).toBe(200);
    await save();
    await expect.poll(() => status(page)).toContain(`${YEAR}年度已关闭，考核目标不能再修改`);
    expect((await http('GET', `/targets/${YEAR}`)).body.targets[1].value).toBe(39000);
    // The view turns read-only.
    const section = page.getByRole('region', { name: '目标管理考核' });
    expect(await section.getByRole('note').textContent()).toContain(`${YEAR}年度已关闭，考核目标只能查看`);
    expect(await page.getByLabel('粘贴考核目标').count()).toBe(0);
    await page.screenshot({ path: join(shots, 'targets-3-refused.png'), fullPage: true });
    expect(browserDialogs.get(page)).toEqual([]);
    await page.close();
  });

  it('shows a closed year’s targets and completion, with nothing to edit', async () => {
    const page = await open(browser, statistician, YEAR);
    await page.getByRole('tab', { name: '目标考核' }).click();
    await expect.poll(() => status(page)).toContain('已保存 4 条考核目标');
    const section = page.getByRole('region', { name: '目标管理考核' });
    expect(await section.getByRole('note').textContent()).toContain(`${YEAR}年度已关闭，考核目标只能查看，不能修改`);
    expect(await page.getByLabel('粘贴考核目标').count()).toBe(0);
    expect(await section.getByRole('button', { name: '保存', exact: true }).count()).toBe(0);
    expect(await section.getByRole('table', { name: '考核目标' }).locator('tbody tr').count()).toBe(4);
    expect(await rowsOf(page, womenName).count()).toBe(3);
    expect(await rowsOf(page, unionName).count()).toBe(1);
    await page.screenshot({ path: join(shots, 'targets-4-closed.png'), fullPage: true });
    await page.close();
  });
});
