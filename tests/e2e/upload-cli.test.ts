/**
 * `npm run upload` against a running `wrangler dev`: a filled workbook is
 * checked locally, uploaded in one batch, and every refusal names its cell.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { layoutWorkbook, TEMPLATES, type LayoutOptions, type Row, type TemplateId } from '../../shared/index.ts';
import { writeXlsx } from '../../shared/xlsx/index.ts';
import { report } from '../shared/fixtures.ts';
import { admin, base, code, http } from './api.ts';

const dir = mkdtempSync(join(tmpdir(), 'upload-'));
const YEAR = 2024;
let unit = '';
let clerk = '';

function workbook(name: string, rows: Partial<Record<TemplateId, Row[]>>, unitCode = unit): string {
  const opts = Object.fromEntries(Object.entries(rows).map(([t, r]) => [t, { rows: r } satisfies LayoutOptions]));
  const sheets = layoutWorkbook(YEAR, { code: unitCode, name: '兴宾区妇联', org: 'women' }, opts).filter((s) => rows[s.template as TemplateId]);
  const file = join(dir, name);
  writeFileSync(file, writeXlsx(sheets));
  return file;
}

function upload(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync('npx', ['tsx', 'scripts/upload.ts', ...args], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 60_000 });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

beforeAll(async () => {
  unit = code('XB-WOMEN');
  expect((await http('POST', '/units', { code: unit, name: '兴宾区妇联', org: 'women', district: '兴宾区' })).status).toBe(201);
  expect((await http('PUT', `/periods/${YEAR}`, { status: 'open' })).status).toBe(200);
  clerk = (await http('POST', '/tokens', { role: 'clerk', unit })).body.token;
});

describe('npm run upload', () => {
  it('uploads every template of a filled workbook in one batch and prints the revisions', async () => {
    const file = workbook('ok.xlsx', report('women'));
    const r = upload(['--file', file, '--year', String(YEAR), '--base', base(), '--token', admin()]);
    expect(r.out).toContain('表1 组织与会员：已上报，第 1 版');
    expect(r.out).toContain('表4 经费收支：已上报，第 1 版');
    expect(r.code).toBe(0);
    const list = await http('GET', `/submissions?year=${YEAR}&unit=${unit}`);
    expect(list.body.submissions).toHaveLength(4);
    // The same file again makes no new revision.
    const again = upload(['--file', file, '--year', String(YEAR), '--base', base(), '--token', admin()]);
    expect(again.out).toContain('未产生新版本');
    expect(again.code).toBe(0);
  });

  it('refuses a workbook with a mistake, naming the cell, and uploads nothing', async () => {
    const data = report('women');
    const file = workbook('bad.xlsx', { ...data, members: [{ ...data.members[0]!, org_total: 246 }], trainings: [] });
    const before = (await http('GET', `/submissions?year=${YEAR}&unit=${unit}&history=1`)).body.submissions.length;
    const r = upload(['--file', file, '--year', String(YEAR)], { QUNTUAN_BASE: base(), QUNTUAN_TOKEN: clerk });
    expect(r.code).toBe(1);
    expect(r.out).toContain("错误 M1 '表1 组织与会员'!D8：基层组织数 246 ≠");
    expect((await http('GET', `/submissions?year=${YEAR}&unit=${unit}&history=1`)).body.submissions.length).toBe(before);
  });

  it("refuses another unit's workbook for a clerk, a wrong year and a file that is not a workbook", () => {
    const other = workbook('other.xlsx', { funding: report('women').funding }, 'XB-OTHER');
    const r1 = upload(['--file', other, '--year', String(YEAR), '--base', base(), '--token', clerk]);
    expect(r1.code).toBe(1);
    expect(r1.out).toContain('令牌属于单位');
    const r2 = upload(['--file', workbook('y.xlsx', { funding: report('women').funding }), '--year', '2025', '--base', base(), '--token', clerk]);
    expect(r2.code).toBe(1);
    expect(r2.out).toContain('的报告期为 2024年，与所选年度 2025年 不符');
    const csv = join(dir, 'x.xlsx');
    writeFileSync(csv, '单位,数量\n兴宾区妇联,1\n');
    const r3 = upload(['--file', csv, '--year', String(YEAR), '--base', base(), '--token', clerk]);
    expect(r3.code).toBe(1);
    expect(r3.out).toContain('不是 Excel 工作簿');
    const r4 = upload(['--file', csv, '--year', String(YEAR)], { QUNTUAN_BASE: '', QUNTUAN_TOKEN: '' });
    expect(r4.code).toBe(2);
    expect(r4.out).toContain('QUNTUAN_BASE');
  });

  it('asks for --explanation when there are warnings, then uploads', () => {
    const rows = report('women').trainings.map((r) => ({ ...r, trainees: 5, trainees_female: 1, trainees_rural: 1, certified: 1, placed: 1 }));
    const file = workbook('warn.xlsx', { trainings: rows });
    const r1 = upload(['--file', file, '--year', String(YEAR), '--base', base(), '--token', clerk]);
    expect(r1.code).toBe(1);
    expect(r1.out).toContain('提示 T2');
    const r2 = upload(['--file', file, '--year', String(YEAR), '--base', base(), '--token', clerk, '--explanation', '一对一帮扶培训']);
    expect(r2.out).toContain('表2 培训：已上报，第 2 版');
    expect(r2.code).toBe(0);
  });

  it('uploads a workbook saved by LibreOffice', () => {
    const data = report('women');
    const file = workbook('lo-source.xlsx', { ...data, awards: [...data.awards, { ...data.awards[0]!, name: '最美家庭' }] });
    const out = join(dir, 'lo');
    execFileSync('soffice', ['--headless', `-env:UserInstallation=file://${dir}/profile-${process.pid}`, '--convert-to', 'xlsx:Calc MS Excel 2007 XML', '--outdir', out, file], { stdio: 'pipe' });
    expect(readFileSync(join(out, 'lo-source.xlsx')).length).toBeGreaterThan(1000);
    const r = upload(['--file', join(out, 'lo-source.xlsx'), '--year', String(YEAR), '--base', base(), '--token', clerk]);
    expect(r.out).toContain('表3 表彰奖励：已上报，第 2 版');
    expect(r.code).toBe(0);
    expect(TEMPLATES).toHaveLength(4);
  });
});
