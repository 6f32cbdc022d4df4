/// <reference lib="dom" />
/**
 * The reporting year in the pane, in Chromium against `wrangler dev`: a clerk
 * whose unit has an open correction uploads the corrected template for the
 * closed year (and only it); a statistician clicks a total, sees the
 * revisions it is made of, and opens one.
 */
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EDITIONS } from '../../shared/index.ts';
import { report } from '../shared/fixtures.ts';
import { code, http } from './api.ts';
import { launch, open, shots, status, workbookFile } from './browser.ts';

/** The 2024 edition: the one these years (up to 2025) use. */
const E2024 = EDITIONS['2024'];

const YEAR = 2023;
let browser: Browser;
let unit = '';
let clerk = '';
let statistician = '';
const data = (() => {
  const r = report('women');
  return { ...r, awards: r.awards.map((a) => ({ ...a, award_date: `${YEAR}-05` })) };
})();

beforeAll(async () => {
  unit = code('HS-WOMEN');
  expect((await http('POST', '/units', { code: unit, name: '合山市妇联', org: 'women', district: '市本级' })).status).toBe(201);
  expect((await http('PUT', `/periods/${YEAR}`, { status: 'open' })).status).toBe(200);
  clerk = (await http('POST', '/tokens', { role: 'clerk', unit })).body.token;
  statistician = (await http('POST', '/tokens', { role: 'statistician' })).body.token;
  expect((await http('POST', '/submissions/batch', { year: YEAR, unit, submissions: E2024.templates.map((t) => ({ template: t.id, rows: data[t.id]! })) })).status).toBe(201);
  expect((await http('PUT', `/periods/${YEAR}`, { status: 'closed' })).status).toBe(200);
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
});

describe('a closed year in the pane', () => {
  it('lets a clerk upload the templates of an open correction, and only those', async () => {
    // Closed and no correction: read-only.
    const before = await open(browser, clerk, YEAR);
    expect(await before.getByRole('button', { name: '上传', exact: true }).count()).toBe(0);
    await before.close();
    const opened = await http('POST', `/periods/${YEAR}/corrections`, { unit, templates: ['trainings'], reason: '家政培训人次录入有误' });
    expect(opened.status).toBe(201);
    const page = await open(browser, clerk, YEAR);
    await expect.poll(() => page.getByRole('note', { name: '更正' }).count()).toBe(1);
    expect(await page.getByRole('note', { name: '更正' }).textContent()).toContain('表2 培训（原因：家政培训人次录入有误）');
    const fixed = { ...data, trainings: [{ ...data.trainings[0]!, trainees: (data.trainings[0]!.trainees as number) + 20 }, ...data.trainings.slice(1)] };
    await page.getByLabel('选择报表文件').setInputFiles(workbookFile(`${unit}-fixed.xlsx`, YEAR, { code: unit, name: '合山市妇联', org: 'women' }, fixed));
    await expect.poll(() => status(page)).toContain('校验通过');
    await page.getByRole('button', { name: '上传', exact: true }).click();
    await expect.poll(() => status(page)).toContain('上传成功');
    const receipt = await page.getByRole('list', { name: '本次上传' }).textContent();
    expect(receipt).toContain('表2 培训：第 2 版');
    for (const other of ['表1', '表3', '表4']) expect(receipt).not.toContain(other);
    await page.screenshot({ path: join(shots, 'year-1-correction-uploaded.png'), fullPage: true });
    const revs = (await http('GET', `/submissions?year=${YEAR}&unit=${unit}`)).body.submissions as { template: string; revision: number }[];
    expect(Object.fromEntries(revs.map((r) => [r.template, r.revision]))).toEqual({ members: 1, trainings: 2, awards: 1, funding: 1 });
    const closed = await http('POST', `/periods/${YEAR}/corrections/${opened.body.id}/close`);
    expect(closed.body.version).toMatchObject({ version: 2, changes: [{ unit, template: 'trainings', from: 1, to: 2 }] });
    await page.close();
  });

  it('says so when the figures cannot be fetched, and shows them, exactly as published, once the connection is back', async () => {
    const page = await open(browser, statistician, YEAR);
    await page.getByRole('tab', { name: '汇总与溯源' }).click();
    await page.route('**/api/v1/consolidated/**', (route) => route.abort('internetdisconnected'));
    await page.getByRole('button', { name: '查看汇总数据' }).click();
    await expect.poll(() => status(page)).toContain('无法连接服务器');
    expect(await page.getByLabel('汇总表').count()).toBe(0);
    await page.unroute('**/api/v1/consolidated/**');
    await page.getByRole('button', { name: '查看汇总数据' }).click();
    await expect.poll(() => status(page)).toContain(`${YEAR}年汇总：第 2 版（已发布）`);
    // Fetched in columns and read back: the cell shows the published figure.
    await page.getByLabel('汇总表').selectOption('trainings');
    const c = (await http('GET', `/consolidated/${YEAR}`)).body;
    const shown = c.sheets.trainings.rows.at(-1).values.trainees as number;
    expect((await page.getByRole('button', { name: '溯源：全市合计 培训人次' }).textContent())!.replace(/,/g, '')).toContain(String(shown));
    await page.close();
  });

  it('lets a statistician click a total, see the revisions it is made of, and open one', async () => {
    const page = await open(browser, statistician, YEAR);
    await page.getByRole('tab', { name: '汇总与溯源' }).click();
    await page.getByRole('button', { name: '查看汇总数据' }).click();
    await expect.poll(() => status(page)).toContain(`${YEAR}年汇总：第 2 版（已发布）`);
    await page.getByLabel('汇总表').selectOption('trainings');
    await page.getByRole('button', { name: '溯源：全市合计 培训人次' }).click();
    const region = page.getByRole('region', { name: '数据溯源' });
    await expect.poll(() => region.count()).toBe(1);
    const total = (data.trainings as { trainees: number }[]).reduce((a, r) => a + r.trainees, 0) + 20;
    const c = (await http('GET', `/consolidated/${YEAR}`)).body;
    const shown = c.sheets.trainings.rows.at(-1).values.trainees;
    expect(await region.getByRole('heading').textContent()).toContain(`溯源：全市合计 培训人次 = ${shown}`);
    expect(shown).toBeGreaterThanOrEqual(total);
    const line = region.getByRole('list', { name: '来源报表' }).getByRole('listitem').filter({ hasText: '合山市妇联' });
    expect(await line.textContent()).toContain('第 2 版');
    expect(await line.textContent()).toContain(String(total));
    await line.getByRole('button', { name: /^查看报表/ }).click();
    const rev = page.getByRole('region', { name: '报表版本' });
    await expect.poll(() => rev.textContent()).toContain('表2 培训 · 第 2 版');
    expect(await rev.textContent()).toContain(data.trainings[0]!.name as string);
    await page.screenshot({ path: join(shots, 'year-2-trace.png'), fullPage: true });
    await page.close();
  });
});
