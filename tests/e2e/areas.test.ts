/// <reference lib="dom" />
/**
 * A district statistician in Chromium against `wrangler dev` (areas.md): it
 * signs in, sees its area's name and only its units, the report rate of
 * each 街道 as a bar (worst first), drills down into one, and downloads that
 * area's workbook — which LibreOffice, a reader we did not write, opens.
 */
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EDITIONS } from '../../shared/index.ts';
import { demoReport, rng } from '../../scripts/demo.ts';
import { toCsv } from '../shared/libreoffice.ts';
import { code, http } from './api.ts';
import { launch, open, shots, status } from './browser.ts';

/** The 2024 edition: the one these years (up to 2025) use. */
const E2024 = EDITIONS['2024'];

const YEAR = 2003;
let browser: Browser;
let token = '';
const names: Record<string, string> = {};
const suffix = code('A').slice(2);
const district = `D${suffix}`;
const north = `${district}-N`;
const south = `${district}-S`;
const elsewhere = `E${suffix}`;

async function unit(area: string, name: string, reported: boolean) {
  const c = code('U');
  names[c] = name;
  expect((await http('POST', '/units', { code: c, name, org: 'women', area })).status).toBe(201);
  if (reported) {
    const r = demoReport({ code: c, name, org: 'women', district: '', districtCode: '451302' }, YEAR, rng(c.length));
    expect((await http('POST', '/submissions/batch', { year: YEAR, unit: c, submissions: E2024.templates.map((t) => ({ template: t.id, rows: r[t.id] })) })).status).toBe(201);
  }
  return c;
}

beforeAll(async () => {
  expect((await http('PUT', `/periods/${YEAR}`, { status: 'open', deadline: `${YEAR + 1}-03-31` })).status).toBe(200);
  for (const [c, name, parent] of [
    [district, `兴宾区${suffix}`, 'CITY'],
    [north, `城北街道${suffix}`, district],
    [south, `城南街道${suffix}`, district],
    [elsewhere, `象州县${suffix}`, 'CITY'],
  ] as const) {
    expect((await http('POST', '/areas', { code: c, name, parent })).status).toBe(201);
  }
  await unit(district, `兴宾区妇联${suffix}`, true);
  await unit(north, `城北街道妇联${suffix}`, true);
  await unit(south, `城南街道妇联${suffix}`, false);
  await unit(elsewhere, `象州县妇联${suffix}`, true);
  token = (await http('POST', '/tokens', { role: 'statistician', area: district, label: '兴宾区统计员' })).body.token;
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
});

describe('a district statistician in the pane', () => {
  it('sees only its area, the 街道 worst first with bars, drills down, and downloads the area workbook', async () => {
    const page = await open(browser, token, YEAR);
    expect(await page.getByRole('region', { name: '登录信息' }).textContent()).toContain(`兴宾区${suffix} · 统计员`);
    const matrix = page.getByRole('table', { name: '报送进度' });
    await expect.poll(() => matrix.getByRole('row').count()).toBe(4);
    const text = await matrix.textContent();
    for (const n of [`兴宾区妇联${suffix}`, `城北街道妇联${suffix}`, `城南街道妇联${suffix}`]) expect(text).toContain(n);
    expect(text).not.toContain(`象州县妇联${suffix}`);
    // 城南 has reported nothing: it comes first.
    const areas = page.getByRole('table', { name: '分区报送情况' });
    const rows = await areas.getByRole('rowheader').allTextContents();
    expect(rows).toEqual([`城南街道${suffix}`, `城北街道${suffix}`]);
    expect(await areas.getByRole('img', { name: `城南街道${suffix}报送率 0.00%` }).count()).toBe(1);
    expect(await areas.getByRole('img', { name: `城北街道${suffix}报送率 100.00%` }).count()).toBe(1);
    await page.screenshot({ path: join(shots, 'area-1-district.png'), fullPage: true });

    await areas.getByRole('button', { name: `查看 城北街道${suffix}` }).click();
    await expect.poll(() => status(page)).toContain(`当前区域：城北街道${suffix}`);
    expect(await page.getByRole('navigation', { name: '区域层级' }).textContent()).toContain(`城北街道${suffix}`);
    await expect.poll(() => matrix.getByRole('row').count()).toBe(2);
    expect(await matrix.textContent()).toContain(`城北街道妇联${suffix}`);
    expect(await page.getByRole('table', { name: '分区报送情况' }).count()).toBe(0);
    await page.screenshot({ path: join(shots, 'area-2-drilled.png'), fullPage: true });

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '下载汇总表' }).click()]);
    expect(download.suggestedFilename()).toBe(`${YEAR}年群团统计城北街道${suffix}汇总.xlsx`);
    const file = await download.path();
    const { readFileSync } = await import('node:fs');
    const csv = toCsv('area-workbook', new Uint8Array(readFileSync(file)));
    const members = csv.get('表1 组织与会员')!;
    expect(members[0]![0]).toBe(`${YEAR}年组织与会员情况（城北街道${suffix}汇总）`);
    expect(members.some((r) => r[0] === `城北街道妇联${suffix}`)).toBe(true);
    expect(members.some((r) => r[0] === `兴宾区妇联${suffix}`)).toBe(false);
    expect(members.some((r) => r[0] === `城北街道${suffix}合计`)).toBe(true);

    // Back up to its own area.
    await page.getByRole('button', { name: '返回本级' }).click();
    await expect.poll(() => status(page)).toContain(`当前区域：兴宾区${suffix}`);
    await page.close();
  });
});
