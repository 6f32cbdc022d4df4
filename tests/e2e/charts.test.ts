/// <reference lib="dom" />
/**
 * The statistician's charts in Chromium against `wrangler dev` (analysis.md,
 * "Charts"): on the 图表 tab a district statistician sees 年末个人会员数 by
 * org type, a key figure's five-year trend (last year published, this year
 * live) and each 街道's report rate, each with its name and its figures in a
 * table; choosing another figure redraws the line; an area without children
 * has no area chart. The canvases are checked for drawn bars and lines, and
 * photographed at the pane's 360 px to look at the Chinese labels.
 */
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EDITIONS, orgLabel, type OrgKey } from '../../shared/index.ts';
import type { Consolidated, TrendPoint } from '../../shared/responses.ts';
import { demoReport, rng, type Report } from '../../scripts/demo.ts';
import { code, http } from './api.ts';
import { launch, open, shots, status } from './browser.ts';

/** The 2024 edition: the one these years (up to 2025) use. */
const E2024 = EDITIONS['2024'];

const YEAR = 2013;
const PREV = YEAR - 1;
let browser: Browser;
let token = '';
const suffix = code('C').slice(2);
const district = `D${suffix}`;
const north = `${district}-N`;
const south = `${district}-S`;
const names = { [district]: `兴宾区${suffix}`, [north]: `城北街道${suffix}`, [south]: `城南街道${suffix}` };

/** A unit of `org` in `area`: it reports last year (published) and, unless `quiet`, this year too. */
async function unit(area: string, org: OrgKey, quiet = false) {
  const c = code('U');
  const name = `${names[area]}${orgLabel(org)}`;
  expect((await http('POST', '/units', { code: c, name, org, area })).status).toBe(201);
  const who = { code: c, name, org, district: '', districtCode: '451302' };
  const last = demoReport(who, PREV, rng(c.length + 1));
  const batch = (year: number, r: Report) => http('POST', '/submissions/batch', { year, unit: c, submissions: E2024.templates.map((t) => ({ template: t.id, rows: r[t.id] })) });
  expect((await batch(PREV, last)).status).toBe(201);
  return { quiet, send: async () => expect((await batch(YEAR, demoReport(who, YEAR, rng(c.length + 2), last))).status).toBe(201) };
}

beforeAll(async () => {
  expect((await http('PUT', `/periods/${PREV}`, { status: 'open', deadline: `${YEAR}-03-31` })).status).toBe(200);
  for (const [c, parent] of [
    [district, 'CITY'],
    [north, district],
    [south, district],
  ] as const) {
    expect((await http('POST', '/areas', { code: c, name: names[c], parent })).status).toBe(201);
  }
  const units = [await unit(district, 'women'), await unit(north, 'youth'), await unit(south, 'union', true)];
  // Last year is published; this year is open, and 城南 has not reported yet.
  expect((await http('PUT', `/periods/${PREV}`, { status: 'closed' })).status).toBe(200);
  expect((await http('PUT', `/periods/${YEAR}`, { status: 'open', deadline: `${YEAR + 1}-03-31` })).status).toBe(200);
  for (const u of units) if (!u.quiet) await u.send();
  token = (await http('POST', '/tokens', { role: 'statistician', area: district, label: '兴宾区统计员' })).body.token;
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
});

/** Pixels of the pane's accent (the bars and the line) drawn on a chart's canvas. */
const ink = (chart: Locator) =>
  chart.locator('canvas').evaluate((c: HTMLCanvasElement) => {
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (Math.abs(d[i]! - 15) < 40 && Math.abs(d[i + 1]! - 108) < 40 && Math.abs(d[i + 2]! - 189) < 40 && d[i + 3]! > 200) n++;
    return n;
  });

/** The charts as they stand on the page, without the pane's sticky header over them. */
async function photo(page: Page, charts: Locator, name: string) {
  await page.evaluate(() => window.scrollTo(0, 0));
  const box = await charts.evaluate((e) => {
    const r = e.getBoundingClientRect();
    return { x: r.left + window.scrollX, y: r.top + window.scrollY, width: r.width, height: r.height };
  });
  await page.screenshot({ path: join(shots, name), fullPage: true, clip: box });
}

/** A chart's table, opened as a person would (数据表), row by row. */
async function table(page: Page, title: string): Promise<string[][]> {
  const t = page.getByRole('table', { name: `数据表：${title}` });
  if (!(await t.isVisible())) await page.locator('figure', { has: page.getByText(title, { exact: true }) }).getByText('数据表', { exact: true }).click();
  return t.locator('tbody tr').evaluateAll((rows) => rows.map((r) => [...r.children].map((c) => c.textContent ?? '')));
}

/** A whole number as the tables write it: thousands grouped; '—' for none. */
const figureText = (v: number | null | undefined) => (v === null || v === undefined ? '—' : v.toLocaleString('zh-CN'));

const trendOf = async (key: string, area: string) => {
  const [template, field] = key.split('.');
  return (await http<{ points: TrendPoint[] }>('GET', `/trend?template=${template}&key=${field}&from=${YEAR - 4}&to=${YEAR}&area=${area}`, undefined, token)).body.points;
};
const trendRows = (points: TrendPoint[]) => points.map((p) => [`${p.year}年`, figureText(p.value), p.value === null ? '无数据' : p.published ? '已发布' : '未发布（实时汇总）']);

describe('the charts in the statistician view', () => {
  it('draws members by org type, the five-year trend and the report rate by area, each named and with its table', async () => {
    const page = await open(browser, token, YEAR, 360);
    let asked = 0;
    page.on('request', (r) => void (new URL(r.url()).pathname === '/api/v1/trend' && asked++));
    await page.getByRole('tab', { name: '图表' }).click();
    await expect.poll(() => status(page)).toContain(`${YEAR}年汇总（未发布，随上报变化）`);
    const charts = page.getByRole('region', { name: '图表' });

    // 年末个人会员数 by org type: the members sheet's subtotals.
    const members = charts.getByRole('img', { name: '柱状图：年末个人会员数（按组织类型）' });
    await expect.poll(() => ink(members)).toBeGreaterThan(300);
    const consolidated = (await http<Consolidated>('GET', `/consolidated/${YEAR}?area=${district}`, undefined, token)).body;
    const subtotals = consolidated.sheets.members.rows.flatMap((r) => (r.kind === 'subtotal' ? [r] : []));
    expect(subtotals.map((r) => r.org).sort()).toEqual(['union', 'women', 'youth']);
    expect(await table(page, '年末个人会员数（按组织类型）')).toEqual(
      subtotals.map((r) => [orgLabel(r.org), figureText(r.values.members_total), `${r.coverage.reported}/${r.coverage.expected}`]),
    );

    // The trend: last year published, this year live, the three years before without data.
    const title = `年末个人会员数（人），${YEAR - 4}—${YEAR}年`;
    const line = charts.getByRole('img', { name: `折线图：${title}` });
    await expect.poll(() => ink(line)).toBeGreaterThan(150);
    const points = await trendOf('members.members_total', district);
    expect(points.map((p) => [p.year, p.value !== null, p.published])).toEqual([
      [YEAR - 4, false, false],
      [YEAR - 3, false, false],
      [YEAR - 2, false, false],
      [PREV, true, true],
      [YEAR, true, false],
    ]);
    expect(await table(page, title)).toEqual(trendRows(points));
    // Read once for the consolidation shown, not again on each redraw.
    expect(asked).toBe(1);

    // Each 街道's report rate, 城南 (nothing reported) first.
    const areas = charts.getByRole('img', { name: '柱状图：各区域报送率（由低到高）' });
    await expect.poll(() => ink(areas)).toBeGreaterThan(100);
    expect(await table(page, '各区域报送率（由低到高）')).toEqual([
      [names[south], '0.00%', '4/4'],
      [names[north], '100.00%', '0/4'],
    ]);

    // The charts fit the pane's 360 px.
    expect(await charts.evaluate((e) => e.scrollWidth <= e.clientWidth)).toBe(true);
    await photo(page, charts, 'charts-1-district.png');

    // Another figure: the line and its table follow.
    const before = await line.locator('canvas').evaluate((c: HTMLCanvasElement) => c.toDataURL());
    await page.getByLabel('趋势指标').selectOption('trainings.trainees');
    const trainees = `培训人次（人次），${YEAR - 4}—${YEAR}年`;
    const line2 = charts.getByRole('img', { name: `折线图：${trainees}` });
    await expect.poll(() => line2.count()).toBe(1);
    await expect.poll(() => ink(line2)).toBeGreaterThan(150);
    expect(await line2.locator('canvas').evaluate((c: HTMLCanvasElement) => c.toDataURL())).not.toBe(before);
    const trained = await trendOf('trainings.trainees', district);
    expect(trained.map((p) => p.value)).not.toEqual(points.map((p) => p.value));
    expect(await table(page, trainees)).toEqual(trendRows(trained));
    expect(asked).toBe(2);
    await photo(page, charts, 'charts-2-trainees.png');
    await page.close();
  });

  it('leaves out the area chart for an area without children, and follows the area into the trend', async () => {
    const page = await open(browser, token, YEAR, 360);
    await page.getByRole('table', { name: '分区报送情况' }).getByRole('button', { name: `查看 ${names[north]}` }).click();
    await expect.poll(() => status(page)).toContain(`当前区域：${names[north]}`);
    await page.getByRole('tab', { name: '图表' }).click();
    await expect.poll(() => status(page)).toContain(`${YEAR}年汇总（未发布，随上报变化）`);
    const charts = page.getByRole('region', { name: '图表' });
    const title = `年末个人会员数（人），${YEAR - 4}—${YEAR}年`;
    await expect.poll(() => ink(charts.getByRole('img', { name: `折线图：${title}` }))).toBeGreaterThan(150);
    expect(await table(page, title)).toEqual(trendRows(await trendOf('members.members_total', north)));
    expect(await table(page, '年末个人会员数（按组织类型）')).toEqual([[orgLabel('youth'), expect.any(String), '1/1']]);
    expect(await charts.getByRole('img').count()).toBe(2);
    expect(await charts.getByText('各区域报送率').count()).toBe(0);
    await photo(page, charts, 'charts-3-leaf.png');
    await page.close();
  });
});
