/// <reference lib="dom" />
/**
 * The clerk's work as issue 20 found it, in Chromium against `wrangler dev`:
 * a fix to one table uploads that table only, with its 情况说明, and leaves an
 * accepted one accepted; every issue says where it is in words and by the
 * name its sheet's 说明 uses, with the table's header and first column kept
 * in view; 校验 after the file was saved again says to choose it again; focus
 * goes to the result of each action and is always visible; the 回执 is there
 * again after a reload and prints alone. Screenshots: test-results/screenshots/flow-*.png.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chinaTime, EDITIONS, layoutWorkbook, type LayoutOptions, type Row, type TemplateId } from '../../shared/index.ts';
import { writeXlsx } from '../../shared/xlsx/index.ts';
import { report } from '../shared/fixtures.ts';
import { code, http } from './api.ts';
import { launch, open, openPage, shots, signIn, status, workbookFile } from './browser.ts';

const E2024 = EDITIONS['2024'];
/** Years of their own (the 2024 edition), so that other files' periods do not interfere. */
const YEAR = 2008;
const data = (() => {
  const r = report('women');
  return { ...r, awards: r.awards.map((a) => ({ ...a, award_date: `${YEAR}${String(a.award_date).slice(4)}` })) };
})();
let browser: Browser;
let statistician = '';

async function unit(name: string) {
  const c = code('F');
  expect((await http('POST', '/units', { code: c, name, org: 'women', district: '兴宾区' })).status).toBe(201);
  const token = (await http('POST', '/tokens', { role: 'clerk', unit: c })).body.token as string;
  return { code: c, name, token, layout: { code: c, name, org: 'women' as const } };
}
type U = Awaited<ReturnType<typeof unit>>;
const file = (u: U, name: string, rows: Partial<Record<TemplateId, Row[]>>) => workbookFile(`${u.code}-${name}.xlsx`, YEAR, u.layout, rows);

async function current(u: U) {
  return Object.fromEntries(
    ((await http('GET', `/submissions?year=${YEAR}&unit=${u.code}`)).body.submissions as { id: string; template: TemplateId; revision: number; status: string; checksum: string; createdAt: string; explanation: string | null }[]).map((s) => [s.template, s]),
  );
}

/** 表2's first programme with fewer 人次 than 期数: a T2 warning, nothing else. */
const warnTrainings = (): Row[] => [{ ...data.trainings[0]!, sessions: 14, trainees: 10, trainees_female: 8, trainees_rural: 6, certified: 5, placed: 4 }, ...data.trainings.slice(1)];
const uploadButton = (page: Page) => page.getByRole('button', { name: '上传', exact: true });
const focused = (page: Page) => page.evaluate(() => document.activeElement?.id || document.activeElement?.getAttribute('aria-label') || document.activeElement?.textContent || '');

beforeAll(async () => {
  expect((await http('PUT', `/periods/${YEAR}`, { status: 'open', deadline: '2099-03-31' })).status).toBe(200);
  statistician = (await http('POST', '/tokens', { role: 'statistician' })).body.token;
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
});

describe('the clerk after issue 20', () => {
  it('uploads only the table that changed, its 情况说明 with it; an accepted unchanged table stays accepted', async () => {
    const u = await unit('兴宾区妇联');
    const first = await http('POST', '/submissions/batch', { year: YEAR, unit: u.code, submissions: E2024.templates.map((t) => ({ template: t.id, rows: data[t.id]! })) }, u.token);
    expect(first.status).toBe(201);
    const before = await current(u);
    expect((await http('POST', `/submissions/${before.awards!.id}/review`, { action: 'accept' }, statistician)).status).toBe(200);

    const page = await open(browser, u.token, YEAR);
    await page.getByLabel('选择报表文件').setInputFiles(file(u, 'fix', { ...data, trainings: warnTrainings() }));
    await expect.poll(() => status(page)).toContain('1 处提示需要核实');
    // The unchanged tables are named, and only the changed one with warnings asks for a 情况说明.
    expect(await page.getByRole('note', { name: '未变化的报表' }).textContent()).toContain('表1 组织与会员、表3 表彰奖励、表4 经费收支与已上报的版本相同');
    expect(await page.locator('textarea').count()).toBe(1);
    const why = '家政培训改为一对一上门，14 期共 10 人次属实';
    await page.getByLabel('情况说明（表2 培训）').fill(why);

    const bodies: { submissions: { template: string; explanation?: string }[] }[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('/submissions/batch')) bodies.push(JSON.parse(r.postData() ?? '{}'));
    });
    await uploadButton(page).click();
    await expect.poll(() => status(page)).toContain('上传成功');
    expect(bodies.map((b) => b.submissions.map((s) => [s.template, s.explanation]))).toEqual([[['trainings', why]]]);
    expect(await status(page)).toContain('“表1 组织与会员”、“表3 表彰奖励”、“表4 经费收支”没有变化，未重新上传');
    const receipt = page.getByRole('region', { name: '上报回执' });
    const thisTime = await receipt.getByRole('list', { name: '本次上传' }).textContent();
    expect(thisTime).toMatch(/表2 培训：第 2 版，[^表]*新版本，已附情况说明/);
    expect(thisTime).toContain('表3 表彰奖励：第 1 版（没有变化，未重新上传）');
    // Focus is on the result: the receipt.
    expect(await focused(page)).toBe('receipt');
    await page.screenshot({ path: join(shots, 'flow-1-one-table-uploaded.png'), fullPage: true });

    const after = await current(u);
    expect(Object.fromEntries(Object.entries(after).map(([t, s]) => [t, [s.revision, s.status]]))).toEqual({
      members: [1, 'submitted'],
      trainings: [2, 'submitted'],
      awards: [1, 'accepted'],
      funding: [1, 'submitted'],
    });
    expect(after.trainings!.explanation).toBe(why);
    for (const t of ['members', 'awards', 'funding']) expect(after[t]!.id).toBe(before[t]!.id);
    await page.close();
  });

  it('says where each issue is in words, by the name its sheet’s 说明 uses, and keeps the header row and first column in view', async () => {
    const u = await unit('忻城县妇联');
    const page = await openPage(browser, { width: 390 });
    await signIn(page, u.token, YEAR);
    // 其中：女性 left blank (a required cell), 基层组织数 not the sum of its parts.
    const members = { ...data.members[0]!, members_female: null, org_total: 246 };
    await page.getByLabel('选择报表文件').setInputFiles(file(u, 'words', { ...data, members: [members] }));
    await expect.poll(() => status(page)).toContain('发现 2 处错误');
    const issues = page.getByRole('list', { name: '问题列表' });
    const female = issues.getByRole('listitem').filter({ hasText: '其中：女性不能为空' });
    expect(await female.textContent()).toContain('表1 第23行 其中：女性（本年）');
    expect(await female.textContent()).toContain("'表1 组织与会员'!D23");
    expect(await female.textContent()).toContain('错误 · 填写规范');
    const total = issues.getByRole('listitem').filter({ hasText: '基层组织数 246 ≠' });
    expect(await total.locator('.place').textContent()).toContain('表1 第8行 基层组织数（本年）');
    expect(await total.locator('.code').textContent()).toBe('错误 · M1 基层组织数分项');

    // Every name an issue is given is the one the sheet's 说明 gives its check.
    const sheet = page.getByRole('table', { name: '预览：表1 组织与会员' });
    const notes = (await sheet.textContent())!;
    for (const kind of await issues.locator('.code').allTextContents()) {
      const name = kind.split(' · ')[1]!;
      expect(notes, name).toContain(`${name}：`);
    }

    await female.getByRole('button').click();
    const note = page.getByRole('note', { name: '当前问题' });
    await expect.poll(() => note.count()).toBe(1);
    expect(await note.textContent()).toContain('表1 第23行 其中：女性（本年）');
    expect(await note.textContent()).toContain('其中：女性不能为空');
    // The marked cell has a symbol and its issue in words, not colour only.
    const cell = sheet.locator('td[data-cell="D23"]');
    expect(await cell.getAttribute('class')).toContain('mark-error');
    expect(await cell.locator('.sym').textContent()).toBe('✖');
    expect(await cell.locator('.sr').textContent()).toContain('错误：其中：女性不能为空');
    // Scrolled to D23, the header row (本年, 上年) and the row's label are still in view.
    const box = (await page.locator('.preview .scroll').boundingBox())!;
    expect(await page.locator('.preview .scroll').evaluate((el) => el.scrollTop)).toBeGreaterThan(0);
    const header = (await sheet.locator('tr.head td', { hasText: '本年' }).boundingBox())!;
    expect(header.y).toBeGreaterThanOrEqual(box.y - 1);
    expect(header.y).toBeLessThan(box.y + 40);
    const label = (await sheet.locator('td[data-cell="A23"]').boundingBox())!;
    expect(label.x).toBeGreaterThanOrEqual(box.x - 1);
    expect(label.x + label.width).toBeLessThan(box.x + box.width);
    await page.screenshot({ path: join(shots, 'flow-2-issue-in-words.png'), fullPage: true });
    await page.close();
  });

  it('校验 reads the chosen file again; once it was saved again, it says plainly to choose it again', async () => {
    const u = await unit('金秀县妇联');
    const page = await open(browser, u.token, YEAR);
    const dir = mkdtempSync(join(tmpdir(), 'resave-'));
    const path = join(dir, '报表.xlsx');
    const save = (rows: Partial<Record<TemplateId, Row[]>>) => {
      const opts = Object.fromEntries(Object.entries(rows).map(([t, r]) => [t, { rows: r } satisfies LayoutOptions]));
      writeFileSync(path, writeXlsx(layoutWorkbook(YEAR, u.layout, opts)));
    };
    save({ ...data, members: [{ ...data.members[0]!, org_total: 246 }] });
    await page.getByLabel('选择报表文件').setInputFiles(path);
    await expect.poll(() => status(page)).toContain('发现 1 处错误');
    expect(await page.getByRole('list', { name: '问题列表' }).count()).toBe(1);
    // Unchanged on disk, 校验 reads it again and finds the same.
    await page.getByRole('button', { name: '校验' }).click();
    await expect.poll(() => status(page)).toContain('发现 1 处错误');
    // The clerk fixes it in the spreadsheet program and saves: 校验 must not check the old copy.
    save(data);
    utimesSync(path, new Date(), new Date(Date.now() + 5000));
    await page.getByRole('button', { name: '校验' }).click();
    await expect.poll(() => status(page)).toContain('在选择之后已被修改保存');
    expect(await status(page)).toContain('请再点“选择报表文件”，重新选择保存后的文件');
    expect(await page.getByRole('list', { name: '问题列表' }).count()).toBe(0);
    expect(await uploadButton(page).isDisabled()).toBe(false);
    // 上传 does not send the old copy either.
    await uploadButton(page).click();
    await expect.poll(() => status(page)).toContain('在选择之后已被修改保存');
    expect((await http('GET', `/submissions?year=${YEAR}&unit=${u.code}`)).body.submissions).toEqual([]);
    await page.screenshot({ path: join(shots, 'flow-3-choose-again.png'), fullPage: true });
    await page.getByLabel('选择报表文件').setInputFiles(path);
    await expect.poll(() => status(page)).toContain('校验通过');
    await page.close();
  });

  it('moves focus to the result of each action, and shows focus on every control, the file picker too', async () => {
    const u = await unit('武宣县妇联');
    const page = await openPage(browser);
    // Every control reached by Tab shows where the focus is (the file picker's input is transparent: its label shows it).
    const ring = () =>
      page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        if (!el || el === document.body) return null;
        const shown = (x: Element) => {
          const st = getComputedStyle(x);
          return st.outlineStyle !== 'none' && parseFloat(st.outlineWidth) >= 1 && st.opacity !== '0';
        };
        const picker = el.closest('label.file');
        return { what: el.getAttribute('aria-label') || el.textContent || el.tagName, visible: shown(el) || (!!picker && shown(picker)) };
      });
    const tabAll = async () => {
      const seen: { what: string; visible: boolean }[] = [];
      for (let i = 0; i < 25; i++) {
        await page.keyboard.press('Tab');
        const r = await ring();
        if (!r || seen.some((x) => x.what === r.what)) break;
        seen.push(r);
      }
      return seen;
    };
    const before = await tabAll();
    expect(before.map((x) => x.what)).toContain('选择报表文件');
    expect(before.filter((x) => !x.visible)).toEqual([]);

    // Signing in (Enter in the token box): focus goes to the clerk's work, not the top of the page.
    await page.getByLabel('访问令牌').fill(u.token);
    await page.getByLabel('访问令牌').press('Enter');
    await expect.poll(() => status(page)).toContain('已登录');
    await expect.poll(() => focused(page)).toBe('work');
    await page.getByLabel('报告年度').selectOption(String(YEAR));
    await expect.poll(() => status(page)).toContain(`已切换到 ${YEAR}年`);
    await expect.poll(() => focused(page)).toBe('work');

    // A file with a mistake: focus on the issue list.
    await page.getByLabel('选择报表文件').setInputFiles(file(u, 'focus-bad', { ...data, members: [{ ...data.members[0]!, org_total: 246 }] }));
    await expect.poll(() => status(page)).toContain('发现 1 处错误');
    await expect.poll(() => focused(page)).toBe('issues');
    // 校验 from the keyboard: the issue list again.
    await page.getByRole('button', { name: '校验' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => status(page)).toContain('发现 1 处错误');
    await expect.poll(() => focused(page)).toBe('issues');
    const after = await tabAll();
    expect(after.filter((x) => !x.visible)).toEqual([]);

    // Warnings without their 情况说明: focus on the box to fill.
    await page.getByLabel('选择报表文件').setInputFiles(file(u, 'focus-warn', { ...data, trainings: warnTrainings() }));
    await expect.poll(() => status(page)).toContain('提示需要核实');
    await uploadButton(page).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => status(page)).toContain('请在对应的“情况说明”中说明原因');
    await expect.poll(() => focused(page)).toBe('explanation-trainings');
    await page.keyboard.type('集中授课，人次属实');
    await uploadButton(page).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => status(page)).toContain('上传成功');
    await expect.poll(() => focused(page)).toBe('receipt');
    await page.screenshot({ path: join(shots, 'flow-4-focus-on-receipt.png'), fullPage: true });
    await page.close();
  });

  it('has the 回执 again after a reload — revisions, checksums, China times — and prints it alone', async () => {
    const u = await unit('合山市妇联');
    const page = await open(browser, u.token, YEAR);
    await page.getByLabel('选择报表文件').setInputFiles(file(u, 'receipt', data));
    await expect.poll(() => status(page)).toContain('校验通过');
    await uploadButton(page).click();
    await expect.poll(() => status(page)).toContain('上传成功');
    await page.reload();
    await expect.poll(() => status(page)).toContain('已登录');
    await page.getByLabel('报告年度').selectOption(String(YEAR));
    const receipt = page.getByRole('region', { name: '上报回执' });
    await expect.poll(() => receipt.count()).toBe(1);
    const text = (await receipt.textContent())!;
    expect(text).toContain(`单位：${u.name}（${u.code}）`);
    expect(text).toContain(`报告年度：${YEAR}年`);
    const stored = await current(u);
    const rows = receipt.getByRole('table', { name: '回执明细' }).getByRole('row');
    for (const t of E2024.templates) {
      const s = stored[t.id]!;
      expect(await rows.filter({ hasText: t.sheet }).getByRole('cell').allTextContents()).toEqual([t.sheet, '第 1 版', '已报', chinaTime(s.createdAt), s.checksum]);
    }
    // China time: eight hours ahead of the stored UTC time.
    const s = stored.members!;
    expect(chinaTime(s.createdAt)).toBe(new Date(Date.parse(s.createdAt) + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' '));

    // 打印回执 prints; what prints is the receipt alone.
    await page.evaluate(() => {
      (window as unknown as { printed: number }).printed = 0;
      window.print = () => void ((window as unknown as { printed: number }).printed += 1);
    });
    await receipt.getByRole('button', { name: '打印回执' }).click();
    expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);
    const pdf = join(mkdtempSync(join(tmpdir(), 'receipt-')), 'receipt.pdf');
    await page.pdf({ path: pdf });
    const printed = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    expect(printed).toContain('上报回执');
    expect(printed).toContain(s.checksum.slice(0, 16));
    for (const other of ['群团统计报表', '下载空白报表', '选择报表文件', '打印回执']) expect(printed).not.toContain(other);
    await page.screenshot({ path: join(shots, 'flow-5-receipt-after-reload.png'), fullPage: true });
    await page.close();
  });
});
