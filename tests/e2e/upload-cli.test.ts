/**
 * `npm run upload` against a running `wrangler dev`: a filled workbook is
 * checked locally, uploaded in one batch, and every refusal names its cell;
 * an .ods saved by LibreOffice uploads the same figures as the .xlsx;
 * `--check` reads and checks without uploading, with or without a server;
 * and no command takes a flag it does not know.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { chinaTime, EDITIONS, layoutWorkbook, type LayoutOptions, type Row, type TemplateId } from '../../shared/index.ts';
import { writeXlsx } from '../../shared/xlsx/index.ts';
import { report, report2026 } from '../shared/fixtures.ts';
import { admin, base, code, http } from './api.ts';

/** The 2024 edition: the one these years (up to 2025) use. */
const E2024 = EDITIONS['2024'];

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

function run(script: string, args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', script, ...args], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 60_000 });
  return { code: r.status, out: `${r.stdout}${r.stderr}`, stdout: r.stdout };
}
const upload = (args: string[], env: Record<string, string> = {}) => run('scripts/upload.ts', args, env);
/** No server configured at all: --check must work from the file alone. */
const offline = { QUNTUAN_BASE: '', QUNTUAN_TOKEN: '' };

function soffice(to: string, file: string, outDir: string): string {
  execFileSync('soffice', ['--headless', `-env:UserInstallation=file://${dir}/profile-${process.pid}-${to.split(':')[0]}`, '--convert-to', to, '--outdir', outDir, file], { stdio: 'pipe', timeout: 120_000 });
  return join(outDir, file.replace(/^.*\//, '').replace(/\.[^.]+$/, `.${to.split(':')[0]}`));
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
    // The receipt's times are China's, never raw ISO, each with the checksum of what was stored.
    const members = list.body.submissions.find((x: { template: string }) => x.template === 'members');
    expect(r.out).toContain(`表1 组织与会员：已上报，第 1 版，${chinaTime(members.createdAt)}（北京时间），校验码 ${members.checksum}`);
    expect(r.out).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:/);
    // The same file again sends nothing and makes no new revision.
    const again = upload(['--file', file, '--year', String(YEAR), '--base', base(), '--token', admin()]);
    expect(again.out).toContain('表1 组织与会员：没有变化，未重新上传，仍为第 1 版（已报）');
    expect(again.out).toContain('未产生新版本');
    expect(again.code).toBe(0);
  });

  it('refuses a workbook with a mistake, naming the cell, and uploads nothing', async () => {
    const data = report('women');
    const file = workbook('bad.xlsx', { ...data, members: [{ ...data.members[0]!, org_total: 246 }], trainings: [] });
    const before = (await http('GET', `/submissions?year=${YEAR}&unit=${unit}&history=1`)).body.submissions.length;
    const r = upload(['--file', file, '--year', String(YEAR)], { QUNTUAN_BASE: base(), QUNTUAN_TOKEN: clerk });
    expect(r.code).toBe(1);
    // The check by the name the sheet's 说明 gives it, the cell, and where that is in words.
    expect(r.out).toContain("错误 M1 基层组织数分项 '表1 组织与会员'!D8（表1 第8行 基层组织数（本年））：基层组织数 246 ≠");
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
    soffice('xlsx:Calc MS Excel 2007 XML', file, out);
    expect(readFileSync(join(out, 'lo-source.xlsx')).length).toBeGreaterThan(1000);
    const r = upload(['--file', join(out, 'lo-source.xlsx'), '--year', String(YEAR), '--base', base(), '--token', clerk]);
    expect(r.out).toContain('表3 表彰奖励：已上报，第 2 版');
    expect(r.code).toBe(0);
    expect(E2024.templates).toHaveLength(4);
  });

  it('uploads the filled template saved as .ods by LibreOffice with figures identical to the .xlsx', async () => {
    const other = code('XB-ODS');
    expect((await http('POST', '/units', { code: other, name: '兴宾区妇联', org: 'women', district: '兴宾区' })).status).toBe(201);
    const data = report('women');
    const xlsx = workbook('ods-source.xlsx', data, other);
    const ods = soffice('ods', xlsx, join(dir, 'ods'));
    expect(readFileSync(ods).subarray(30, 38).toString()).toBe('mimetype');

    const r1 = upload(['--file', ods, '--year', String(YEAR), '--base', base(), '--token', admin()]);
    expect(r1.out).toContain('表1 组织与会员：已上报，第 1 版');
    expect(r1.code).toBe(0);
    const stored = async () => {
      const list = (await http('GET', `/submissions?year=${YEAR}&unit=${other}`)).body.submissions as { id: string; template: TemplateId; revision: number }[];
      return Object.fromEntries(await Promise.all(list.map(async (s) => [s.template, { revision: s.revision, rows: (await http('GET', `/submissions/${s.id}`)).body.rows }])));
    };
    const fromOds = await stored();
    expect(Object.keys(fromOds).sort()).toEqual(E2024.templates.map((t) => t.id).sort());
    for (const t of E2024.templates) expect(fromOds[t.id].rows, t.id).toEqual(data[t.id]!);
    // The .xlsx it came from is the same content to the server: no new revision.
    const r2 = upload(['--file', xlsx, '--year', String(YEAR), '--base', base(), '--token', admin()]);
    expect(r2.out).toContain('未产生新版本');
    expect(r2.code).toBe(0);
    expect(await stored()).toEqual(fromOds);
  });

  it('uploads a 2026 workbook of five templates saved as .ods by LibreOffice, read with the 2026 edition', async () => {
    const Y = 2026;
    expect((await http('PUT', `/periods/${Y}`, { status: 'open' })).status).toBe(200);
    const other = code('XB-2026');
    expect((await http('POST', '/units', { code: other, name: '兴宾区妇联', org: 'women', district: '兴宾区' })).status).toBe(201);
    const data = report2026('women');
    const E2026 = EDITIONS['2026'];
    const sheets = layoutWorkbook(Y, { code: other, name: '兴宾区妇联', org: 'women' }, Object.fromEntries(E2026.templates.map((t) => [t.id, { rows: data[t.id] }])));
    const xlsx = join(dir, 'edition-2026.xlsx');
    writeFileSync(xlsx, writeXlsx(sheets));
    const ods = soffice('ods', xlsx, join(dir, 'ods-2026'));

    const check = upload(['--check', '--json', '--file', ods], offline);
    const checked = JSON.parse(check.stdout);
    expect(checked.templates.map((t: { template: string }) => t.template)).toEqual(E2026.ids);
    expect(checked.issues).toEqual([]);

    const r = upload(['--file', ods, '--year', String(Y), '--base', base(), '--token', admin()]);
    expect(r.out).toContain('表5 帮扶服务：已上报，第 1 版');
    expect(r.code).toBe(0);
    const list = (await http('GET', `/submissions?year=${Y}&unit=${other}`)).body.submissions as { id: string; template: TemplateId }[];
    expect(list.map((s) => s.template).sort()).toEqual([...E2026.ids].sort());
    for (const s of list) expect((await http('GET', `/submissions/${s.id}`)).body.rows, s.template).toEqual(data[s.template]);
  });

  it('--check without a server reads and checks the file, says which checks it skipped, and uploads nothing', async () => {
    const data = report('women');
    const bad = workbook('check-bad.xlsx', { ...data, members: [{ ...data.members[0]!, org_total: 246 }] });
    const before = (await http('GET', `/submissions?year=${YEAR}&unit=${unit}&history=1`)).body.submissions.length;
    const r = upload(['--check', '--file', bad], offline);
    expect(r.code).toBe(1);
    expect(r.out).toContain("错误 M1 基层组织数分项 '表1 组织与会员'!D8（表1 第8行 基层组织数（本年））：基层组织数 246 ≠");
    expect(r.out).toContain('M6（表1 组织与会员）：需要本单位上年报送的数据');
    expect(r.out).toContain('F7（表4 经费收支）：需要本单位上年报送的数据');
    expect(r.out).toContain('组织类型未知');
    expect(r.out).toContain('（仅检查，未上传）');
    expect((await http('GET', `/submissions?year=${YEAR}&unit=${unit}&history=1`)).body.submissions.length).toBe(before);

    // Fields asked of some org types only (应建组织单位数…) are blank in a 妇联's file: no error for them.
    const good = workbook('check-good.xlsx', { members: data.members, trainings: data.trainings });
    const j = upload(['--check', '--file', good, '--json'], offline);
    expect(j.code).toBe(0);
    const out = JSON.parse(j.stdout);
    expect(out).toMatchObject({ ok: true, format: 'xlsx', year: YEAR, server: false, unit: { code: unit, org: null }, absent: ['awards', 'funding'], problems: [], issues: [] });
    expect(out.templates.map((t: { template: string; count: number }) => [t.template, t.count])).toEqual([['members', 1], ['trainings', data.trainings.length]]);
    expect(out.templates[0].rows).toEqual(data.members);
    expect(out.skipped.map((k: { code: string }) => k.code)).toEqual(['M6', 'M7', 'T5']);
    expect(out.notice).toContain('文件中没有“表3 表彰奖励”“表4 经费收支”');

    const refused = upload(['--check', '--file', join(dir, 'x.xlsx'), '--json'], offline);
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stdout)).toMatchObject({ ok: false, refused: expect.stringContaining('不是 Excel 工作簿') });
  });

  it('--check with a server checks against the stored data like an upload, and uploads nothing', async () => {
    const data = report('women');
    // 表4 is stored (first test); a 表2 alone whose costs disagree with it gets T5 from the stored 表4.
    const file = workbook('check-t5.xlsx', { trainings: data.trainings.map((r) => ({ ...r, cost: 999 })) });
    const before = (await http('GET', `/submissions?year=${YEAR}&unit=${unit}&history=1`)).body.submissions.length;
    const r = upload(['--check', '--file', file, '--year', String(YEAR), '--json', '--base', base(), '--token', clerk]);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ server: true, unit: { code: unit, org: 'women' }, skipped: [] });
    expect(out.issues.map((i: { code: string }) => i.code)).toContain('T5');
    expect(r.code).toBe(0);
    expect((await http('GET', `/submissions?year=${YEAR}&unit=${unit}&history=1`)).body.submissions.length).toBe(before);
  });

  it('every command refuses a flag it does not know, with its usage and exit code 2, and does nothing', async () => {
    const file = workbook('flags.xlsx', { funding: report('women').funding });
    const before = (await http('GET', `/submissions?year=${YEAR}&unit=${unit}&history=1`)).body.submissions.length;
    const typo = upload(['--chek', '--file', file, '--year', String(YEAR), '--base', base(), '--token', clerk]);
    expect(typo.code).toBe(2);
    expect(typo.out).toContain('未知选项：--chek');
    expect(typo.out).toContain('用法：npm run upload');
    expect((await http('GET', `/submissions?year=${YEAR}&unit=${unit}&history=1`)).body.submissions.length).toBe(before);
    expect(upload(['--file', file, '--year', String(YEAR), '--json', '--base', base(), '--token', clerk]).code).toBe(2);
    expect(upload(['--check', '--file', file, 'extra'], offline).code).toBe(2);

    const env = { QUNTUAN_BASE: base(), QUNTUAN_TOKEN: admin() };
    for (const args of [['units', 'list', '--foo'], ['periods', 'open', String(YEAR), '--out', 'x'], ['tokens', 'list', '--all-units'], ['export', String(YEAR), '--deadline', '2025-01-01']]) {
      const r = run('scripts/admin.ts', args, env);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.out).toContain('用法：npm run admin');
    }
    const m = run('scripts/manifest.ts', ['--bas', 'https://x.example']);
    expect(m.code).toBe(2);
    expect(m.out).toContain('未知选项：--bas');
  });
});
