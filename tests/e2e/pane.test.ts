/**
 * The standalone pane in a real Chromium against `wrangler dev`: a clerk signs
 * in, chooses a workbook with a mistake, sees the issue on its cell, chooses
 * the corrected file, uploads and sees the receipt; a statistician sees the
 * unit in the progress matrix and downloads the consolidated workbook, whose
 * totals are checked. Screenshots of each step go to test-results/screenshots.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EDITIONS } from '../../shared/index.ts';
import { readXlsx } from '../../shared/xlsx/index.ts';
import { report } from '../shared/fixtures.ts';
import { code, http } from './api.ts';
import { launch, open as openSigned, openPage, shots, workbookFile } from './browser.ts';

/** The 2024 edition: the one these years (up to 2025) use. */
const E2024 = EDITIONS['2024'];

const YEAR = 2024;
const dir = mkdtempSync(join(tmpdir(), 'pane-'));
let browser: Browser;
let unit = '';
let clerk = '';
let statistician = '';
const data = report('women');

const workbook = (name: string, rows: typeof data) => workbookFile(name, YEAR, { code: unit, name: '象州县妇联', org: 'women' }, rows);
const open = (token: string) => openSigned(browser, token);

beforeAll(async () => {
  unit = code('XB-WOMEN');
  expect((await http('POST', '/units', { code: unit, name: '象州县妇联', org: 'women', district: '象州县', districtCode: '451322' })).status).toBe(201);
  expect((await http('PUT', `/periods/${YEAR}`, { status: 'open', deadline: '2025-03-31' })).status).toBe(200);
  clerk = (await http('POST', '/tokens', { role: 'clerk', unit })).body.token;
  statistician = (await http('POST', '/tokens', { role: 'statistician' })).body.token;
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
});

describe('the standalone pane', () => {
  it('starts without Office.js and asks for a token', async () => {
    const page = await openPage(browser);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.reload();
    await expect.poll(() => page.getByLabel('访问令牌').count()).toBe(1);
    await page.getByRole('button', { name: '登录' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('请输入访问令牌');
    await page.getByLabel('访问令牌').fill('qt_wrong');
    await page.getByRole('button', { name: '登录' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('访问令牌无效');
    await page.screenshot({ path: join(shots, '0-sign-in-refused.png') });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('takes a clerk from a workbook with a mistake to an accepted upload', async () => {
    const page = await open(clerk);
    await page.getByLabel('报告年度').selectOption(String(YEAR));
    await expect.poll(() => page.getByRole('status').textContent()).toContain(`已切换到 ${YEAR}年`);
    await expect.poll(() => page.getByRole('table', { name: '报送状态' }).textContent()).toContain('未报');
    await page.screenshot({ path: join(shots, '1-clerk-signed-in.png') });

    const bad = workbook('有错误.xlsx', { ...data, members: [{ ...data.members[0]!, org_total: 246 }] });
    await page.getByLabel('选择报表文件').setInputFiles(bad);
    const issues = page.getByRole('list', { name: '问题列表' });
    await expect.poll(() => issues.textContent()).toContain("'表1 组织与会员'!D8");
    expect(await issues.textContent()).toContain('基层组织数 246 ≠');
    await issues.getByRole('button').first().click();
    await expect.poll(() => page.locator('td.selected').getAttribute('data-cell')).toBe('D8');
    expect(await page.locator('td.mark-error').count()).toBe(1);
    await page.screenshot({ path: join(shots, '2-clerk-issue-on-cell.png'), fullPage: true });

    const good = workbook('已更正.xlsx', data);
    await page.getByLabel('选择报表文件').setInputFiles(good);
    await expect.poll(() => page.getByRole('status').textContent()).toContain('校验通过');
    expect(await page.getByRole('list', { name: '问题列表' }).count()).toBe(0);
    await page.getByRole('button', { name: '上传' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('上传成功');
    const receipts = await page.getByRole('list', { name: '本次上传' }).textContent();
    for (const t of E2024.templates) expect(receipts).toContain(`${t.sheet}：第 1 版`);
    expect(await page.getByRole('table', { name: '报送状态' }).textContent()).toContain('已报（第 1 版）');
    await page.screenshot({ path: join(shots, '3-clerk-receipt.png'), fullPage: true });
    await page.close();
    const stored = await http('GET', `/submissions?year=${YEAR}&unit=${unit}`);
    expect(stored.body.submissions).toHaveLength(4);
  });

  it('shows the statistician the unit in the progress matrix and downloads the consolidated workbook', async () => {
    const page = await open(statistician);
    await page.getByLabel('报告年度').selectOption(String(YEAR));
    await expect.poll(() => page.getByRole('status').textContent()).toContain(`已切换到 ${YEAR}年`);
    const matrix = page.getByRole('table', { name: '报送进度' });
    await expect.poll(() => matrix.textContent()).toContain('象州县妇联');
    // Other test files add units of the same name in other districts: this one is in 象州县.
    const row = matrix.getByRole('row').filter({ hasText: /^象州县妇联妇联 · 象州县/ });
    expect(await row.textContent()).toContain('已报');
    await page.screenshot({ path: join(shots, '4-statistician-progress.png'), fullPage: true });

    // The connection drops: said in words, nothing saved; then the workbook (written as a stream) comes whole.
    await page.route('**/api/v1/consolidated/**', (route) => route.abort('internetdisconnected'));
    await page.getByRole('button', { name: '下载汇总表' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('无法连接服务器');
    await page.unroute('**/api/v1/consolidated/**');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '下载汇总表' }).click()]);
    const file = join(dir, 'consolidated.xlsx');
    await download.saveAs(file);
    const sheets = readXlsx(new Uint8Array(readFileSync(file)));
    const funding = sheets.find((s) => s.name === '表4 经费收支')!.grid;
    const header = funding.find((r) => r[0] === '单位名称')!;
    const total = funding.find((r) => r[0] === '全市合计')!;
    const consolidated = (await http('GET', `/consolidated/${YEAR}`)).body;
    const unitRows = consolidated.sheets.funding.rows.filter((r: { kind: string }) => r.kind === 'unit');
    for (const key of ['income_total', 'exp_total', 'closing']) {
      const col = header.indexOf(consolidated.sheets.funding.columns.find((c: { key: string }) => c.key === key).label);
      const sum = unitRows.reduce((a: number, r: { values: Record<string, number | null> }) => a + Math.round((r.values[key] ?? 0) * 100), 0);
      expect(Math.round((total[col] as number) * 100), key).toBe(sum);
    }
    expect(sheets.map((s) => s.name)).toContain('报送进度');
    await page.close();
  });

  it('shows names typed with markup as text, never as HTML', async () => {
    const evil = '<img src=x onerror="window.__xss=1"><b>粗体</b>';
    expect((await http('POST', '/units', { code: code('XSS'), name: evil, org: 'arts', district: '<script>window.__xss=2</script>' })).status).toBe(201);
    const page = await open(statistician);
    await page.getByLabel('报告年度').selectOption(String(YEAR));
    await expect.poll(() => page.getByRole('status').textContent()).toContain(`已切换到 ${YEAR}年`);
    const cell = page.getByRole('table', { name: '报送进度' }).getByRole('rowheader').filter({ hasText: '粗体' });
    expect(await cell.textContent()).toContain(evil);
    expect(await page.evaluate(() => (globalThis as { __xss?: number }).__xss)).toBeUndefined();
    expect(await page.locator('table img, table b, table script').count()).toBe(0);
    await page.screenshot({ path: join(shots, '5-markup-shown-as-text.png') });
    await page.close();
  });
});
