/// <reference lib="dom" />
/**
 * The pane inside Excel, as far as this machine allows: the real
 * taskpane.html and app.js in Chromium, with the fake Excel of tests/fakes
 * answering where Office.js would (it keeps Office.js's rules, and like
 * Office's iframes it has no browser dialogs). A clerk inserts the blank
 * templates, is asked inside the pane before they are overwritten, fills
 * them, checks, finds the cell from the issue list and uploads. Between two
 * clicks the person also works in Excel (renames and deletes sheets, types far
 * from the table); a statistician pulls the consolidation over sheets of the
 * same names; Excel on Mac cannot save files; and a web view that cannot run
 * app.js gets a plain message.
 */
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EDITIONS, layoutWorkbook, type CellValue } from '../../shared/index.ts';
import { report } from '../shared/fixtures.ts';
import { code, http } from './api.ts';
import { browserDialogs, launch, openInExcel, openPage, shots, signIn, status } from './browser.ts';

/** The 2024 edition: the one these years (up to 2025) use. */
const E2024 = EDITIONS['2024'];

const YEAR = 2022;
let browser: Browser;
let unit = '';
let clerk = '';

interface FakeSheet {
  values: Map<string, CellValue>;
  selected: string | null;
  active: boolean;
  borders: Map<string, unknown>;
  validations: { row: number; col: number; rows: number; cols: number; source: string }[];
  refuses: string | null;
}

interface FakeWindow {
  fakeExcel: {
    sheets: Map<string, FakeSheet>;
    addSheet(name: string): FakeSheet;
    renameSheet(from: string, to: string): void;
    deleteSheet(name: string): void;
  };
  quntuanPaneStarted?: boolean;
}

/** What the clerk typed: every cell of each sheet, as the filled templates hold them. */
async function type(page: Page, grids: Record<string, CellValue[][]>) {
  await page.evaluate((g) => {
    const excel = (window as unknown as FakeWindow).fakeExcel;
    for (const [name, grid] of Object.entries(g)) {
      const s = excel.sheets.get(name)!;
      grid.forEach((row, r) => row.forEach((v, c) => s.values.set(`${r},${c}`, v ?? '')));
    }
  }, grids);
}

/** Runs `fn` on the fake Excel inside the page: what the person does in Excel, or a look at the workbook. */
async function excel<T>(page: Page, fn: (x: FakeWindow['fakeExcel']) => T): Promise<T> {
  const handle = await page.evaluateHandle(() => (window as unknown as FakeWindow).fakeExcel);
  return (await handle.evaluate(fn)) as T;
}
const sheetNames = (page: Page) => page.evaluate(() => [...(window as unknown as FakeWindow).fakeExcel.sheets.keys()]);
const cell = (page: Page, sheet: string, at: string) => page.evaluate(([s, k]) => (window as unknown as FakeWindow).fakeExcel.sheets.get(s!)!.values.get(k!) ?? null, [sheet, at]);

let statistician = '';
const data = report('women');
const dated = { ...data, awards: data.awards.map((a) => ({ ...a, award_date: `${YEAR}-03` })) };
const filled = (rows: typeof dated) =>
  Object.fromEntries(layoutWorkbook(YEAR, { code: unit, name: '鹿寨县妇联', org: 'women' }, Object.fromEntries(E2024.templates.map((t) => [t.id, { rows: rows[t.id]! }]))).map((s) => [s.sheet, s.grid]));

beforeAll(async () => {
  unit = code('LZ-WOMEN');
  expect((await http('POST', '/units', { code: unit, name: '鹿寨县妇联', org: 'women', district: '鹿寨县' })).status).toBe(201);
  expect((await http('PUT', `/periods/${YEAR}`, { status: 'open' })).status).toBe(200);
  clerk = (await http('POST', '/tokens', { role: 'clerk', unit })).body.token;
  statistician = (await http('POST', '/tokens', { role: 'statistician' })).body.token;
  browser = await launch();
});

/** A clerk's pane with the templates inserted and filled with `rows`. */
async function clerkWithTemplates(rows: typeof dated = dated, opts: Parameters<typeof openInExcel>[1] = {}) {
  const page = await openInExcel(browser, opts);
  await signIn(page, clerk, YEAR);
  await page.getByRole('button', { name: '插入空白报表' }).click();
  await expect.poll(() => status(page)).toContain('已插入');
  await type(page, filled(rows));
  return page;
}

afterAll(async () => {
  await browser?.close();
});

describe('the pane inside Excel (the fake Excel answering for Office.js)', () => {
  it('inserts the blank templates and asks inside the pane before overwriting them', async () => {
    const page = await openInExcel(browser);
    await signIn(page, clerk, YEAR);
    await page.getByRole('button', { name: '插入空白报表' }).click();
    await expect.poll(() => status(page)).toContain(`已插入 ${YEAR}年 4 张空白报表`);
    expect(await sheetNames(page)).toEqual(E2024.templates.map((t) => t.sheet));
    expect(await cell(page, '表1 组织与会员', '2,1')).toBe(unit);

    // The clerk has typed a figure; inserting again asks first, and 取消 keeps it.
    await page.evaluate(() => (window as unknown as FakeWindow).fakeExcel.sheets.get('表1 组织与会员')!.values.set('7,3', 245));
    await page.getByRole('button', { name: '插入空白报表' }).click();
    const dialog = page.getByRole('dialog', { name: '覆盖已有工作表？' });
    await expect.poll(() => dialog.count()).toBe(1);
    expect(await dialog.textContent()).toContain('“表1 组织与会员”、“表2 培训”、“表3 表彰奖励”、“表4 经费收支”');
    await page.screenshot({ path: join(shots, 'excel-1-overwrite-asked.png') });
    await dialog.getByRole('button', { name: '取消' }).click();
    await expect.poll(() => status(page)).toContain('已取消，原有工作表保持不变');
    expect(await cell(page, '表1 组织与会员', '7,3')).toBe(245);

    // 确定 overwrites.
    await page.getByRole('button', { name: '插入空白报表' }).click();
    await dialog.getByRole('button', { name: '确定' }).click();
    await expect.poll(() => status(page)).toContain('已插入');
    expect(await cell(page, '表1 组织与会员', '7,3')).toBe('');
    expect(browserDialogs.get(page)).toEqual([]);
    await page.close();
  });

  it('checks what the clerk typed, marks and selects the cell of each issue, and uploads the workbook', async () => {
    const page = await openInExcel(browser);
    await signIn(page, clerk, YEAR);
    await page.getByRole('button', { name: '插入空白报表' }).click();
    await expect.poll(() => status(page)).toContain('已插入');
    await type(page, filled({ ...dated, members: [{ ...dated.members[0]!, org_total: 246 }] }));
    await page.getByRole('button', { name: '校验' }).click();
    await expect.poll(() => status(page)).toContain('发现 1 处错误');
    expect(await page.getByRole('button', { name: '上传', exact: true }).isDisabled()).toBe(true);
    await page.getByRole('list', { name: '问题列表' }).getByRole('button').first().click();
    await expect
      .poll(() => page.evaluate(() => (window as unknown as FakeWindow).fakeExcel.sheets.get('表1 组织与会员')!.selected))
      .toBe('7,3');
    expect(await page.evaluate(() => [...(window as unknown as FakeWindow).fakeExcel.sheets.get('表1 组织与会员')!.borders.keys()])).toEqual(['7,3']);
    await page.screenshot({ path: join(shots, 'excel-2-issue-selected.png'), fullPage: true });

    await type(page, filled(dated));
    await page.getByRole('button', { name: '校验' }).click();
    await expect.poll(() => status(page)).toContain('校验通过');
    await page.getByRole('button', { name: '上传', exact: true }).click();
    await expect.poll(() => status(page)).toContain('上传成功');
    expect((await http('GET', `/submissions?year=${YEAR}&unit=${unit}`)).body.submissions).toHaveLength(4);
    expect(browserDialogs.get(page)).toEqual([]);
    await page.screenshot({ path: join(shots, 'excel-3-uploaded.png'), fullPage: true });
    await page.close();
  });

  it('keeps checking after the clerk renames or deletes a marked sheet (marks are found by sheet ID, missing sheets skipped)', async () => {
    const page = await clerkWithTemplates({ ...dated, members: [{ ...dated.members[0]!, org_total: 246 }] });
    await page.getByRole('button', { name: '校验' }).click();
    await expect.poll(() => status(page)).toContain('发现 1 处错误');
    // The clerk keeps the wrong 表1 under another name and starts a fresh one; then deletes 表2.
    await excel(page, (x) => x.renameSheet('表1 组织与会员', '表1 草稿'));
    await excel(page, (x) => void x.addSheet('表1 组织与会员'));
    await type(page, { '表1 组织与会员': filled(dated)['表1 组织与会员']! });
    await page.getByRole('button', { name: '校验' }).click();
    await expect.poll(() => status(page)).toContain('校验通过');
    expect(await excel(page, (x) => x.sheets.get('表1 草稿')!.borders.size)).toBe(0);
    await excel(page, (x) => x.deleteSheet('表2 培训'));
    await page.getByRole('button', { name: '校验' }).click();
    await expect.poll(() => status(page)).toContain('校验通过');
    expect(await status(page)).not.toContain('未能');
    await page.close();
  });

  it('still says the result of a check when Excel will not let the pane mark the cells', async () => {
    const page = await clerkWithTemplates({ ...dated, members: [{ ...dated.members[0]!, org_total: 246 }] });
    await excel(page, (x) => void (x.sheets.get('表1 组织与会员')!.refuses = 'AccessDenied'));
    await page.getByRole('button', { name: '校验' }).click();
    await expect.poll(() => status(page)).toContain('发现 1 处错误');
    expect(await status(page)).toContain('未能在工作表中标出问题单元格：Excel 拒绝执行这次操作（AccessDenied）');
    expect(await page.getByRole('list', { name: '问题列表' }).getByRole('button').count()).toBe(1);
    await page.close();
  });

  it('checks a workbook with one stray value in the last cell of a template sheet', async () => {
    const page = await clerkWithTemplates();
    await excel(page, (x) => void x.sheets.get('表2 培训')!.values.set('1048575,16383', '草稿'));
    await page.getByRole('button', { name: '校验' }).click();
    await expect.poll(() => status(page), { timeout: 30_000 }).toContain('校验通过');
    await page.close();
  });

  it('inserts the five templates of a 2026-edition year, 有效期至 as the deployment sets it', async () => {
    expect((await http('PUT', '/periods/2026', { status: 'open' })).status).toBe(200);
    const page = await openInExcel(browser);
    await signIn(page, clerk, 2026);
    await page.getByRole('button', { name: '插入空白报表' }).click();
    await expect.poll(() => status(page)).toContain('已插入 2026年 5 张空白报表');
    expect(await sheetNames(page)).toEqual(EDITIONS['2026'].templates.map((t) => t.sheet));
    const flat = await excel(page, (x) => [...x.sheets.get('表1 组织与会员')!.values.values()]);
    expect(flat).toContain('注册志愿者人数');
    expect(flat).toContain('2027年12月');
    await page.close();
  });

  it('says which Office versions have the API when Excel is too old', async () => {
    const page = await openInExcel(browser, { supported: ['ExcelApi 1.1', 'ExcelApi 1.7'] });
    await expect.poll(() => status(page)).toContain('需要 ExcelApi 1.8');
    expect(await status(page)).toContain('Office 2021 及以上（批量许可版 Office 2019 不支持）');
    await page.close();
  });

  it('pulls the consolidation over sheets of the same names without leaving their old dropdowns', async () => {
    const page = await openInExcel(browser);
    await signIn(page, statistician, YEAR);
    // The statistician's workbook already holds a template sheet with its dropdowns (a clerk's copy).
    await excel(page, (x) => void x.addSheet('表3 表彰奖励').validations.push({ row: 8, col: 2, rows: 20, cols: 1, source: '国家级,省级,市级,县（区）级' }));
    // The year has a target: the pull writes 目标考核 as the downloaded workbook does, with 报告用数 and 图表.
    expect((await http('PUT', `/targets/${YEAR}`, { targets: [{ org: 'women', template: 'members', key: 'members_total', value: 100 }] })).status).toBe(200);
    await page.getByRole('button', { name: '拉取汇总' }).click();
    await expect.poll(() => status(page), { timeout: 30_000 }).toContain('已写入');
    expect(await status(page)).toContain('目标考核');
    expect(await excel(page, (x) => x.sheets.get('表3 表彰奖励')!.validations)).toEqual([]);
    expect(await excel(page, (x) => x.sheets.get('表3 表彰奖励')!.values.size > 0)).toBe(true);
    const names = await excel(page, (x) => [...x.sheets.keys()]);
    for (const n of ['报告用数', '图表', '目标考核', '报送进度']) expect(names).toContain(n);
    await page.close();
  });

  it('offers 下载汇总表 where Excel can save a file, and points to 拉取汇总 in Excel on Mac', async () => {
    const web = await openInExcel(browser, { platform: 'OfficeOnline' });
    await signIn(web, statistician, YEAR);
    expect(await web.getByRole('button', { name: '下载汇总表' }).count()).toBe(1);
    await web.close();
    const mac = await openInExcel(browser, { platform: 'Mac' });
    await signIn(mac, statistician, YEAR);
    expect(await mac.getByRole('button', { name: '拉取汇总' }).count()).toBe(1);
    expect(await mac.getByRole('button', { name: '下载汇总表' }).count()).toBe(0);
    expect(await mac.getByLabel('下载说明').textContent()).toContain('请点“拉取汇总”');
    await mac.screenshot({ path: join(shots, 'excel-4-mac-no-download.png'), fullPage: true });
    await mac.close();
  });
});

describe('a host whose web view cannot run app.js (Internet Explorer 11, Edge Legacy)', () => {
  const failed = (page: Page) => page.getByRole('alert').textContent();

  it('says so plainly when app.js cannot be parsed, instead of 正在加载…', async () => {
    // An ES2020 construct an older parser rejects is, here, a syntax error Chromium rejects too.
    const page = await openInExcel(browser, { replace: { '/app.js': { body: 'const a = ;' } } });
    await expect.poll(() => failed(page)).toContain('群团统计报表未能启动');
    expect(await failed(page)).toContain('Office 2021');
    expect(await page.getByText('正在加载…').count()).toBe(0);
    await page.screenshot({ path: join(shots, 'excel-5-too-old-webview.png') });
    await page.close();
  });

  it('says so when app.js stops before its end or is not there at all', async () => {
    const thrown = await openInExcel(browser, { replace: { '/app.js': { body: 'Object.fromEntries = undefined; Object.fromEntries([]);' } } });
    await expect.poll(() => failed(thrown)).toContain('未能启动');
    await thrown.close();
    const missing = await openPage(browser, { replace: { '/app.js': { status: 404 } } });
    await expect.poll(() => failed(missing)).toContain('本页面未能启动');
    await missing.close();
  });

  it('stays silent when app.js runs', async () => {
    const page = await openInExcel(browser);
    await expect.poll(() => page.getByLabel('访问令牌').count()).toBe(1);
    await page.waitForLoadState('load');
    expect(await page.evaluate(() => (window as unknown as FakeWindow).quntuanPaneStarted)).toBe(true);
    expect(await page.getByRole('alert').count()).toBe(0);
    await page.close();
  });
});
