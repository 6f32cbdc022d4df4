/// <reference lib="dom" />
/**
 * The statistician's desk in Chromium against `wrangler dev` (analysis.md):
 * it opens a revision from the review list, sees its figures beside last
 * year and the median of its peers, the clerk's 情况说明 and the cells
 * changed since the previous revision, and returns it; finds the outlier in
 * 数据质量 and opens it; copies a 报告用数 sentence and opens a figure's
 * trace. A dropped connection loses nothing typed.
 */
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Row } from '../../shared/index.ts';
import { code, http } from './api.ts';
import { launch, open, shots, status } from './browser.ts';

const YEAR = 2049;
let browser: Browser;
let statistician = '';
const suffix = code('D').slice(2);
const units: { code: string; name: string }[] = [];
/** W0's 表2, revision 2: its id. */
let revision2 = '';

const line = (name: string, category: string, sessions: number, trainees: number, cost: number): Row => ({
  category,
  name,
  sessions,
  sessions_online: 0,
  trainees,
  trainees_female: 0,
  trainees_rural: 0,
  certified: 0,
  placed: 0,
  income_gain: 1,
  cost,
});

async function upload(unit: string, year: number, rows: Row[], explanation?: string) {
  const res = await http('POST', '/submissions', { year, unit, template: 'trainings', rows, ...(explanation ? { explanation } : {}) });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
}

beforeAll(async () => {
  for (const y of [YEAR - 1, YEAR]) expect((await http('PUT', `/periods/${y}`, { status: 'open' })).status).toBe(200);
  for (let i = 0; i < 8; i++) {
    const c = code('W');
    const name = `第${i + 1}妇联${suffix}`;
    expect((await http('POST', '/units', { code: c, name, org: 'women', district: '兴宾区', districtCode: '451302' })).status).toBe(201);
    units.push({ code: c, name });
  }
  const [w0, ...rest] = units;
  // W0: last year, then two revisions this year — the second changes one cell, and has more sessions than trainees (T2) in another.
  await upload(w0!.code, YEAR - 1, [line('科技兴农实用技术培训', 'agri', 9, 900, 9)]);
  await upload(w0!.code, YEAR, [line('科技兴农实用技术培训', 'agri', 10, 1000, 10), line('家政服务培训班', 'domestic', 5, 300, 3)]);
  revision2 = await upload(w0!.code, YEAR, [line('科技兴农实用技术培训', 'agri', 10, 1200, 10), line('家政服务培训班', 'domestic', 400, 300, 3)], '家政培训按每户上门计期，期数多于人次');
  // The others spend about 0.01 万元 per trainee, W6 ten times that; W7 has more sessions than trainees (T2), explained.
  for (const [i, cost] of [11, 9, 10, 12, 10, 100].entries()) await upload(rest[i]!.code, YEAR, [line('科技兴农实用技术培训', 'agri', 10, 1000, cost)]);
  await upload(rest[6]!.code, YEAR, [line('科技兴农实用技术培训', 'agri', 2000, 1000, 10)], '部分为一对一帮扶，期数多于人次');
  statistician = (await http('POST', '/tokens', { role: 'statistician' })).body.token;
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
});

const tab = (page: Page, name: string) => page.getByRole('tab', { name: new RegExp(`^${name}`) }).click();

describe("the statistician's desk", () => {
  it('reviews a revision with its figures in view, sees the changed cells, and returns it', async () => {
    const page = await open(browser, statistician, YEAR);
    await tab(page, '审核');
    const list = page.getByRole('list', { name: '待审核' });
    const w0 = units[0]!;
    await list.getByRole('button', { name: `审阅：${w0.name} 表2 培训 第 2 版` }).click();
    await expect.poll(() => status(page)).toContain(`已打开：${w0.name} 表2 培训 第 2 版`);
    const panel = page.getByRole('region', { name: '审阅报表' });
    expect(await panel.textContent()).toContain('与第 1 版相比：修改 2 个单元格');

    // The changed cells are marked and say what they were.
    const rows = panel.getByRole('table', { name: '报表各行' });
    const changed = rows.locator('td.changed');
    expect(await changed.count()).toBe(2);
    expect(await changed.allTextContents()).toEqual(['1200（已修改，上一版：1000）', '400（已修改，上一版：5）']);

    // The figures beside the previous revision, last year and the peers' median (eight 妇联).
    const figures = panel.getByRole('table', { name: '合计与对比' });
    expect(await figures.getByRole('columnheader').allTextContents()).toEqual(['指标', '本版', '第 1 版', '上年', '同类中位数（8 个单位）']);
    const trainees = figures.getByRole('row').filter({ has: page.getByRole('rowheader', { name: /^培训人次/ }) });
    expect(await trainees.getByRole('cell').allTextContents()).toEqual(['1500（已修改，上一版：1300）', '1300', '900', '1000']);

    // The warning with the clerk's explanation.
    const warned = panel.getByRole('group', { name: '提示与情况说明' });
    expect(await warned.textContent()).toContain('T2');
    expect(await warned.textContent()).toContain('情况说明：家政培训按每户上门计期，期数多于人次');
    await page.screenshot({ path: join(shots, 'desk-1-review.png'), fullPage: true });

    // Return needs a comment; then it is returned, and leaves the list of those waiting.
    await panel.getByRole('button', { name: `退回：${w0.name} 表2 培训` }).click();
    await expect.poll(() => status(page)).toContain('退回时请填写退回意见');
    await panel.getByLabel(`退回意见：${w0.name} 表2 培训`).fill('家政培训期数请按班次填写');
    await panel.getByRole('button', { name: `退回：${w0.name} 表2 培训` }).click();
    await expect.poll(() => status(page)).toContain('已退回');
    expect(await panel.textContent()).toContain('已退回');
    expect(await panel.getByRole('list', { name: '审核记录' }).textContent()).toContain('退回：家政培训期数请按班次填写');
    // It stays in its row, saying what happened to it, until the list is read again.
    expect(await list.locator(`#revision-${revision2} .slot`).textContent()).toBe('已退回');
    const stored = (await http('GET', `/submissions/${revision2}`)).body;
    expect(stored.status).toBe('returned');
    expect(stored.reviews.at(-1).comment).toBe('家政培训期数请按班次填写');

    // The list filters on the server: the returned one is under 已退回.
    await page.getByLabel('状态').selectOption('returned');
    await expect.poll(() => page.getByRole('list', { name: '已退回' }).getByRole('button', { name: `审阅：${w0.name} 表2 培训 第 2 版` }).count()).toBe(1);
    await page.close();
  });

  it('keeps a typed return comment when the connection drops, and returns once it is back', async () => {
    const page = await open(browser, statistician, YEAR);
    await tab(page, '审核');
    const w1 = units[1]!;
    await page.getByRole('list', { name: '待审核' }).getByRole('button', { name: `审阅：${w1.name} 表2 培训 第 1 版` }).click();
    const panel = page.getByRole('region', { name: '审阅报表' });
    await expect.poll(() => panel.textContent()).toContain('这是该单位本报表的第一版');
    await panel.getByLabel(`退回意见：${w1.name} 表2 培训`).fill('请补充培训名称');
    await page.route('**/api/v1/submissions/*/review', (route) => route.abort('internetdisconnected'));
    await panel.getByRole('button', { name: `退回：${w1.name} 表2 培训` }).click();
    await expect.poll(() => status(page)).toContain('无法连接服务器');
    expect(await panel.getByLabel(`退回意见：${w1.name} 表2 培训`).inputValue()).toBe('请补充培训名称');
    await page.unroute('**/api/v1/submissions/*/review');
    await panel.getByRole('button', { name: `退回：${w1.name} 表2 培训` }).click();
    await expect.poll(() => status(page)).toContain('已退回');
    await page.close();
  });

  it('lists the warnings and the outlier in 数据质量, filters them, and opens the revision', async () => {
    const page = await open(browser, statistician, YEAR);
    await tab(page, '数据质量');
    await expect.poll(() => status(page)).toContain('数据质量：');
    const outliers = page.getByRole('table', { name: '异常值' });
    const last = units[6]!;
    await expect.poll(() => outliers.getByRole('rowheader').allTextContents()).toEqual([`${last.name}妇联`]);
    expect(await outliers.textContent()).toContain('人均培训经费');
    // W7's revision carries T2, with its explanation.
    const warnings = page.getByRole('table', { name: '提示' });
    const w7 = warnings.getByRole('row').filter({ hasText: units[7]!.name });
    expect(await w7.textContent()).toContain('T2');
    expect(await w7.textContent()).toContain('部分为一对一帮扶，期数多于人次');
    await page.screenshot({ path: join(shots, 'desk-2-quality.png'), fullPage: true });

    // Filtering by another org type leaves nothing; by check code, the warnings only.
    await page.getByLabel('组织类型').selectOption('union');
    expect(await page.getByRole('table', { name: '异常值' }).count()).toBe(0);
    expect(await page.getByRole('table', { name: '提示' }).count()).toBe(0);
    await page.getByLabel('组织类型').selectOption('');
    await page.getByLabel('审核代码').selectOption('T2');
    expect(await page.getByRole('table', { name: '异常值' }).count()).toBe(0);
    const t2 = await page.getByRole('table', { name: '提示' }).getByRole('row').allTextContents();
    expect(t2.length).toBeGreaterThan(1);
    for (const r of t2.slice(1)) expect(r).toContain('T2');
    await page.getByLabel('审核代码').selectOption('');

    await outliers.getByRole('button', { name: `打开：${last.name} 表2 培训（人均培训经费）` }).click();
    await expect.poll(() => status(page)).toContain(`已打开：${last.name} 表2 培训 第 1 版`);
    expect(await page.getByRole('tab', { name: /^审核/ }).getAttribute('aria-selected')).toBe('true');
    const panel = page.getByRole('region', { name: '审阅报表' });
    const cost = panel.getByRole('table', { name: '合计与对比' }).getByRole('row').filter({ has: page.getByRole('rowheader', { name: /^培训经费/ }) });
    const id = (await http('GET', `/submissions?year=${YEAR}&unit=${last.code}&template=trainings`)).body.submissions[0].id;
    const context = (await http('GET', `/submissions/${id}/context`)).body;
    expect(await cost.getByRole('cell').allTextContents()).toEqual(['100.00', '—', context.median.cost.toFixed(2)]);
    await page.close();
  });

  it('copies a 报告用数 sentence and opens the trace of one of its figures', async () => {
    const page = await open(browser, statistician, YEAR);
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await tab(page, '报告用数');
    await expect.poll(() => status(page)).toContain('报告用数已生成');
    const api = (await http('GET', `/report-figures/${YEAR}`, undefined, statistician)).body.phrases as { id: string; text: string }[];
    const n = api.findIndex((p) => p.id === 'women');
    const list = page.getByRole('list', { name: '报告用数' });
    expect(await list.getByRole('listitem').nth(n).locator('.phrase').textContent()).toBe(api[n]!.text);
    await page.screenshot({ path: join(shots, 'desk-3-report-figures.png'), fullPage: true });

    await list.getByRole('button', { name: `复制第 ${n + 1} 句` }).click();
    await expect.poll(() => status(page)).toContain(`已复制第 ${n + 1} 句`);
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(api[n]!.text);

    await list.getByRole('button', { name: '溯源：表2 培训 · 妇联小计 · 培训人次' }).click();
    const trace = page.getByRole('region', { name: '数据溯源' });
    await expect.poll(() => trace.textContent()).toContain('溯源：表2 培训 · 妇联小计 · 培训人次');
    // Every counted 妇联 表2 (returned revisions are not counted), as the API traces it.
    const q = new URLSearchParams({ template: 'trainings', key: 'trainees', row: 'subtotal:women' });
    const api$ = (await http('GET', `/consolidated/${YEAR}/trace?${q}`, undefined, statistician)).body;
    expect(api$.contributions.length).toBeGreaterThanOrEqual(6);
    expect(await trace.getByRole('list', { name: '来源报表' }).getByRole('listitem').count()).toBe(api$.contributions.length);
    await page.screenshot({ path: join(shots, 'desk-4-report-trace.png'), fullPage: true });
    await page.close();
  });
});
