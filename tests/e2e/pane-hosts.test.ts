/// <reference lib="dom" />
/**
 * The pane in each place it runs, as far as this machine allows: the real
 * pages and app.js in Chromium, inside Excel (the fake Excel of tests/fakes
 * answering where Office.js would), inside WPS 表格 (the fake ET answering as
 * `window.Application`), and as the web page over a chosen file. The same
 * flows run in each: a clerk checks, finds the cell from the issue list and
 * uploads. Where the pane writes into a live workbook (Excel, WPS), also:
 * inserting the blank templates, asked inside the pane before they are
 * overwritten; the person renaming and deleting sheets and typing far from the
 * table between two clicks; a sheet the program will not let the pane mark;
 * a statistician pulling the consolidation over sheets of the same names.
 * Then what differs: downloads, Excel too old, and a web view that cannot run
 * app.js getting a plain message.
 */
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EDITIONS, layoutWorkbook, type CellValue, type Row, type TemplateId } from '../../shared/index.ts';
import { report } from '../shared/fixtures.ts';
import { code, http } from './api.ts';
import { browserDialogs, launch, openInExcel, openInWps, openPage, shots, signIn, status, workbookFile } from './browser.ts';

/** The 2024 edition: the one these years (up to 2025) use. */
const E2024 = EDITIONS['2024'];

const YEAR = 2022;
let browser: Browser;
let statistician = '';

/** A sheet of either fake, as the page holds it: cells under `row,col` keys. */
interface FakeSheet {
  values: Map<string, CellValue>;
  selected: string | null;
  active: boolean;
  borders: Map<string, unknown>;
  validations: { row: number; col: number; rows: number; cols: number; source: string }[];
  refuses: string | null;
}

/** The fake workbook inside the page (`window.fakeWorkbook`: the fake Excel or the fake WPS). */
interface FakeBook {
  sheets: Map<string, FakeSheet>;
  addSheet(name: string): FakeSheet;
  renameSheet(from: string, to: string): void;
  deleteSheet(name: string): void;
}

interface FakeWindow {
  fakeWorkbook: FakeBook;
  quntuanPaneStarted?: boolean;
}

type Rows = Partial<Record<TemplateId, Row[]>>;
interface Unit {
  code: string;
  name: string;
  token: string;
}

/** Runs `fn` on the fake workbook inside the page: what the person does in the program, or a look at the workbook. */
async function book<T>(page: Page, fn: (x: FakeBook) => T): Promise<T> {
  const handle = await page.evaluateHandle(() => (window as unknown as FakeWindow).fakeWorkbook);
  return (await handle.evaluate(fn)) as T;
}
const sheetNames = (page: Page) => page.evaluate(() => [...(window as unknown as FakeWindow).fakeWorkbook.sheets.keys()]);
const cell = (page: Page, sheet: string, at: string) => page.evaluate(([s, k]) => (window as unknown as FakeWindow).fakeWorkbook.sheets.get(s!)!.values.get(k!) ?? null, [sheet, at]);
/** `7,3` → `D8`. */
const a1 = (k: string) => {
  const [r, c] = k.split(',').map(Number) as [number, number];
  return `${String.fromCharCode(65 + c)}${r + 1}`;
};

const data = report('women');
const dated = { ...data, awards: data.awards.map((a) => ({ ...a, award_date: `${YEAR}-03` })) };
const wrongTotal = (): Rows => ({ ...dated, members: [{ ...dated.members[0]!, org_total: 246 }] });
const grids = (u: Unit, rows: Rows) => Object.fromEntries(layoutWorkbook(YEAR, { code: u.code, name: u.name, org: 'women' }, Object.fromEntries(Object.entries(rows).map(([t, r]) => [t, { rows: r }]))).map((s) => [s.sheet, s.grid]));

/** What the clerk typed: every cell of each sheet, as the filled templates hold them. */
async function type(page: Page, g: Record<string, CellValue[][]>) {
  await page.evaluate((sheets) => {
    const x = (window as unknown as FakeWindow).fakeWorkbook;
    for (const [name, grid] of Object.entries(sheets)) {
      const s = x.sheets.get(name)!;
      grid.forEach((row, r) => row.forEach((v, c) => s.values.set(`${r},${c}`, v ?? '')));
    }
  }, g);
}

/** One place the pane runs, and how a test does there what a person does. */
interface Host {
  name: string;
  /** For screenshot names. */
  tag: string;
  open(browser: Browser): Promise<Page>;
  /** Whether the pane writes into a live workbook there (Excel, WPS) rather than reading a chosen file. */
  live: boolean;
  /** Gets the workbook ready for figures: the blank templates inserted, where the pane can. */
  prepare(page: Page): Promise<void>;
  /** The clerk's figures in the workbook: typed into its sheets, or saved to a file and chosen. */
  fill(page: Page, u: Unit, rows: Rows, name: string): Promise<void>;
  /** The person turns to another sheet (its tab). */
  look(page: Page, sheet: string): Promise<void>;
  /** The cell the pane shows selected, `sheet!A1`. */
  selected(page: Page): Promise<string | null>;
  /** The marked cells of a sheet. */
  marked(page: Page, sheet: string): Promise<string[]>;
}

/** Inside a spreadsheet program (the fakes): the templates inserted, figures typed, the fake's selection and borders. */
function live(name: string, tag: string, open: (b: Browser) => Promise<Page>): Host {
  return {
    name,
    tag,
    open,
    live: true,
    async prepare(page) {
      await page.getByRole('button', { name: '插入空白报表' }).click();
      await expect.poll(() => status(page)).toContain('已插入');
    },
    fill: (page, u, rows) => type(page, grids(u, rows)),
    look: (page, sheet) => page.evaluate((name) => (window as unknown as FakeWindow).fakeWorkbook.sheets.forEach((s, n) => void (s.active = n === name)), sheet),
    async selected(page) {
      const [sheet, at] = await book(page, (x) => {
        const active = [...x.sheets.entries()].find(([, s]) => s.active);
        return [active?.[0] ?? null, active?.[1].selected ?? null] as const;
      });
      return sheet && at ? `${sheet}!${a1(at)}` : null;
    },
    marked: async (page, sheet) => (await page.evaluate((s) => [...(window as unknown as FakeWindow).fakeWorkbook.sheets.get(s)!.borders.keys()], sheet)).map(a1),
  };
}

const EXCEL = live('Excel', 'excel', (b) => openInExcel(b));
const WPS = live('WPS 表格', 'wps', (b) => openInWps(b));
const PAGE: Host = {
  name: '网页（选择文件）',
  tag: 'file',
  open: (b) => openPage(b),
  live: false,
  prepare: async () => undefined,
  async fill(page, u, rows, name) {
    await page.getByLabel('选择报表文件').setInputFiles(workbookFile(`${u.code}-${name}.xlsx`, YEAR, { code: u.code, name: u.name, org: 'women' }, rows));
    await expect.poll(() => status(page)).toMatch(/校验通过|发现/);
  },
  look: (page, sheet) => page.getByRole('tab', { name: sheet }).click(),
  selected: async (page) => {
    const tab = await page.getByRole('tab', { selected: true }).textContent();
    const at = await page.locator('td.selected').getAttribute('data-cell');
    return at ? `${tab}!${at}` : null;
  },
  marked: async (page) => page.locator('td.mark-error, td.mark-warning').evaluateAll((tds) => tds.map((td) => td.getAttribute('data-cell')!)),
};

/** A unit of 妇联 with its clerk's token: each host uploads as a unit of its own. */
async function newUnit(name: string): Promise<Unit> {
  const c = code('LZ-WOMEN');
  expect((await http('POST', '/units', { code: c, name, org: 'women', district: '鹿寨县' })).status).toBe(201);
  return { code: c, name, token: (await http('POST', '/tokens', { role: 'clerk', unit: c })).body.token };
}

beforeAll(async () => {
  expect((await http('PUT', `/periods/${YEAR}`, { status: 'open' })).status).toBe(200);
  statistician = (await http('POST', '/tokens', { role: 'statistician' })).body.token;
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
});

for (const host of [EXCEL, WPS, PAGE]) {
  describe(`the clerk's pane in ${host.name}`, () => {
    it('checks what the clerk filled in, marks and selects the cell of each issue, and uploads the workbook', async () => {
      const u = await newUnit('鹿寨县妇联');
      const page = await host.open(browser);
      await signIn(page, u.token, YEAR);
      await host.prepare(page);
      await host.fill(page, u, wrongTotal(), 'wrong');
      await page.getByRole('button', { name: '校验' }).click();
      await expect.poll(() => status(page)).toContain('发现 1 处错误');
      expect(await page.getByRole('button', { name: '上传', exact: true }).isDisabled()).toBe(true);
      // The clerk is looking at another sheet when clicking the issue: its sheet is brought forward.
      await host.look(page, '表4 经费收支');
      await page.getByRole('list', { name: '问题列表' }).getByRole('button').first().click();
      await expect.poll(() => host.selected(page)).toBe('表1 组织与会员!D8');
      expect(await host.marked(page, '表1 组织与会员')).toEqual(['D8']);
      await page.screenshot({ path: join(shots, `${host.tag}-2-issue-selected.png`), fullPage: true });

      await host.fill(page, u, dated, 'right');
      await page.getByRole('button', { name: '校验' }).click();
      await expect.poll(() => status(page)).toContain('校验通过');
      await page.getByRole('button', { name: '上传', exact: true }).click();
      await expect.poll(() => status(page)).toContain('上传成功');
      expect((await http('GET', `/submissions?year=${YEAR}&unit=${u.code}`)).body.submissions).toHaveLength(4);
      expect(browserDialogs.get(page)).toEqual([]);
      await page.screenshot({ path: join(shots, `${host.tag}-3-uploaded.png`), fullPage: true });
      await page.close();
    });
  });
}

/** How each live host says that it refused to change a sheet, and how the fake is told to refuse. */
const REFUSALS = new Map([
  [EXCEL, { refuses: 'AccessDenied', said: 'Excel 拒绝执行这次操作（AccessDenied）' }],
  [WPS, { refuses: '您试图更改的单元格或图表受保护', said: 'WPS 表格未能完成这次操作（您试图更改的单元格或图表受保护）' }],
]);

for (const host of [EXCEL, WPS]) {
  describe(`the pane writing into the workbook in ${host.name}`, () => {
    let u: Unit;
    beforeAll(async () => {
      u = await newUnit('鹿寨县妇联');
    });

    /** A clerk's pane with the templates inserted and filled with `rows`. */
    async function clerkWithTemplates(rows: Rows = dated) {
      const page = await host.open(browser);
      await signIn(page, u.token, YEAR);
      await host.prepare(page);
      await host.fill(page, u, rows, 'typed');
      return page;
    }

    it('inserts the blank templates and asks inside the pane before overwriting them', async () => {
      const page = await host.open(browser);
      const before = await sheetNames(page);
      await signIn(page, u.token, YEAR);
      await page.getByRole('button', { name: '插入空白报表' }).click();
      await expect.poll(() => status(page)).toContain(`已插入 ${YEAR}年 4 张空白报表`);
      expect(await sheetNames(page)).toEqual([...before, ...E2024.templates.map((t) => t.sheet)]);
      expect(await cell(page, '表1 组织与会员', '2,1')).toBe(u.code);

      // The clerk has typed a figure; inserting again asks first, and 取消 keeps it.
      await book(page, (x) => void x.sheets.get('表1 组织与会员')!.values.set('7,3', 245));
      await page.getByRole('button', { name: '插入空白报表' }).click();
      const dialog = page.getByRole('dialog', { name: '覆盖已有工作表？' });
      await expect.poll(() => dialog.count()).toBe(1);
      expect(await dialog.textContent()).toContain('“表1 组织与会员”、“表2 培训”、“表3 表彰奖励”、“表4 经费收支”');
      await page.screenshot({ path: join(shots, `${host.tag}-1-overwrite-asked.png`) });
      await dialog.getByRole('button', { name: '取消' }).click();
      await expect.poll(() => status(page)).toContain('已取消，原有工作表保持不变');
      expect(await cell(page, '表1 组织与会员', '7,3')).toBe(245);

      // 确定 overwrites.
      await page.getByRole('button', { name: '插入空白报表' }).click();
      await dialog.getByRole('button', { name: '确定' }).click();
      await expect.poll(() => status(page)).toContain('已插入');
      expect([null, '']).toContain(await cell(page, '表1 组织与会员', '7,3'));
      expect(browserDialogs.get(page)).toEqual([]);
      await page.close();
    });

    it('keeps checking after the clerk renames or deletes a marked sheet (missing sheets skipped)', async () => {
      const page = await clerkWithTemplates(wrongTotal());
      await page.getByRole('button', { name: '校验' }).click();
      await expect.poll(() => status(page)).toContain('发现 1 处错误');
      // The clerk keeps the wrong 表1 under another name and starts a fresh one; then deletes 表2.
      await book(page, (x) => x.renameSheet('表1 组织与会员', '表1 草稿'));
      await book(page, (x) => void x.addSheet('表1 组织与会员'));
      await type(page, { '表1 组织与会员': grids(u, dated)['表1 组织与会员']! });
      await page.getByRole('button', { name: '校验' }).click();
      await expect.poll(() => status(page)).toContain('校验通过');
      expect(await book(page, (x) => x.sheets.get('表1 草稿')!.borders.size)).toBe(0);
      await book(page, (x) => x.deleteSheet('表2 培训'));
      await page.getByRole('button', { name: '校验' }).click();
      await expect.poll(() => status(page)).toContain('校验通过');
      expect(await status(page)).not.toContain('未能');
      await page.close();
    });

    it(`still says the result of a check when ${host.name} will not let the pane mark the cells`, async () => {
      const refusal = REFUSALS.get(host)!;
      const page = await clerkWithTemplates(wrongTotal());
      await page.evaluate((why) => void ((window as unknown as FakeWindow).fakeWorkbook.sheets.get('表1 组织与会员')!.refuses = why), refusal.refuses);
      await page.getByRole('button', { name: '校验' }).click();
      await expect.poll(() => status(page)).toContain('发现 1 处错误');
      expect(await status(page)).toContain(`未能在工作表中标出问题单元格：${refusal.said}`);
      expect(await page.getByRole('list', { name: '问题列表' }).getByRole('button').count()).toBe(1);
      await page.close();
    });

    it('checks a workbook with one stray value in the last cell of a template sheet', async () => {
      const page = await clerkWithTemplates();
      await book(page, (x) => void x.sheets.get('表2 培训')!.values.set('1048575,16383', '草稿'));
      await page.getByRole('button', { name: '校验' }).click();
      await expect.poll(() => status(page), { timeout: 30_000 }).toContain('校验通过');
      await page.close();
    });

    it('inserts the five templates of a 2026-edition year, 有效期至 as the deployment sets it', async () => {
      expect((await http('PUT', '/periods/2026', { status: 'open' })).status).toBe(200);
      const page = await host.open(browser);
      const before = await sheetNames(page);
      await signIn(page, u.token, 2026);
      await page.getByRole('button', { name: '插入空白报表' }).click();
      await expect.poll(() => status(page)).toContain('已插入 2026年 5 张空白报表');
      expect(await sheetNames(page)).toEqual([...before, ...EDITIONS['2026'].templates.map((t) => t.sheet)]);
      const flat = await book(page, (x) => [...x.sheets.get('表1 组织与会员')!.values.values()]);
      expect(flat).toContain('注册志愿者人数');
      expect(flat).toContain('2027年12月');
      await page.close();
    });

    it('pulls the consolidation over sheets of the same names without leaving their old dropdowns', async () => {
      const page = await host.open(browser);
      await signIn(page, statistician, YEAR);
      // The statistician's workbook already holds a template sheet with its dropdowns (a clerk's copy).
      await book(page, (x) => void x.addSheet('表3 表彰奖励').validations.push({ row: 8, col: 2, rows: 20, cols: 1, source: '国家级,省级,市级,县（区）级' }));
      // The year has a target: the pull writes 目标考核 as the downloaded workbook does, with 报告用数 and 图表.
      expect((await http('PUT', `/targets/${YEAR}`, { targets: [{ org: 'women', template: 'members', key: 'members_total', value: 100 }] })).status).toBe(200);
      // The connection drops: said in words, and the workbook is left as it was.
      const before = await book(page, (x) => [...x.sheets.keys()]);
      await page.route('**/api/v1/consolidated/**', (route) => route.abort('internetdisconnected'));
      await page.getByRole('button', { name: '拉取汇总' }).click();
      await expect.poll(() => status(page)).toContain('无法连接服务器');
      expect(await book(page, (x) => [...x.sheets.keys()])).toEqual(before);
      await page.unroute('**/api/v1/consolidated/**');
      await page.getByRole('button', { name: '拉取汇总' }).click();
      await expect.poll(() => status(page), { timeout: 30_000 }).toContain('已写入');
      expect(await status(page)).toContain('目标考核');
      expect(await book(page, (x) => x.sheets.get('表3 表彰奖励')!.validations)).toEqual([]);
      expect(await book(page, (x) => x.sheets.get('表3 表彰奖励')!.values.size > 0)).toBe(true);
      const names = await book(page, (x) => [...x.sheets.keys()]);
      for (const n of ['报告用数', '图表', '目标考核', '报送进度']) expect(names).toContain(n);
      await page.close();
    });
  });
}

describe('what differs between the hosts', () => {
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

  it('offers 拉取汇总 and no download inside WPS 表格, and says to save with WPS', async () => {
    const page = await openInWps(browser);
    await signIn(page, statistician, YEAR);
    expect(await page.getByRole('button', { name: '拉取汇总' }).count()).toBe(1);
    expect(await page.getByRole('button', { name: '下载汇总表' }).count()).toBe(0);
    const hint = await page.getByLabel('下载说明').textContent();
    expect(hint).toContain('WPS 表格的任务窗格中不提供下载');
    expect(hint).toContain('用 WPS 的“文件 > 另存为”保存');
    await page.screenshot({ path: join(shots, 'wps-4-no-download.png'), fullPage: true });
    await page.close();
  });

  it('says which Office versions have the API when Excel is too old', async () => {
    const page = await openInExcel(browser, { supported: ['ExcelApi 1.1', 'ExcelApi 1.7'] });
    await expect.poll(() => status(page)).toContain('需要 ExcelApi 1.8');
    expect(await status(page)).toContain('Office 2021 及以上（批量许可版 Office 2019 不支持）');
    await page.close();
  });

  it('says so inside WPS 表格 when no workbook is open', async () => {
    const u = await newUnit('鹿寨县妇联');
    const page = await openInWps(browser);
    await signIn(page, u.token, YEAR);
    await page.evaluate(() => void ((window as unknown as { fakeEt: { closed: boolean } }).fakeEt.closed = true));
    await page.getByRole('button', { name: '插入空白报表' }).click();
    await expect.poll(() => status(page)).toContain('WPS 表格中没有打开的工作簿');
    await page.close();
  });
});

describe('a host whose web view cannot run app.js (Internet Explorer 11, Edge Legacy, an old WPS)', () => {
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

  it('names WPS, not Office, when app.js cannot run inside WPS 表格', async () => {
    const page = await openInWps(browser, { replace: { '/app.js': { body: 'const a = ;' } } });
    await expect.poll(() => failed(page)).toContain('群团统计报表未能启动');
    expect(await failed(page)).toContain('WPS Office');
    expect(await failed(page)).not.toContain('Microsoft 365');
    await page.screenshot({ path: join(shots, 'wps-5-too-old-webview.png') });
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
    for (const page of [await openInExcel(browser), await openInWps(browser)]) {
      await expect.poll(() => page.getByLabel('访问令牌').count()).toBe(1);
      await page.waitForLoadState('load');
      expect(await page.evaluate(() => (window as unknown as FakeWindow).quntuanPaneStarted)).toBe(true);
      expect(await page.getByRole('alert').count()).toBe(0);
      await page.close();
    }
  });
});
