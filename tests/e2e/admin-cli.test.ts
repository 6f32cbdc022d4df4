/**
 * `npm run admin` against a running `wrangler dev`: a 150-unit roster, a bad
 * roster that changes nothing, token distribution and revocation, opening and
 * closing (publishing) a year and correcting it, and export → import into an
 * empty second server giving the same consolidated output.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EDITIONS, ORG_TYPES } from '../../shared/index.ts';
import { readXlsx, writeXlsx } from '../../shared/xlsx/index.ts';
import { demoReport, rng } from '../../scripts/demo.ts';
import { admin, base, http } from './api.ts';
import { ADMIN, startDev } from '../../scripts/dev-server.ts';

/** The 2024 edition: the one these years (up to 2025) use. */
const E2024 = EDITIONS['2024'];

const dir = mkdtempSync(join(tmpdir(), 'admin-'));
const PREFIX = `R${Date.now().toString(36).toUpperCase()}`;
const YEAR = 2030;

function run(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync('npx', ['tsx', 'scripts/admin.ts', ...args], { encoding: 'utf8', env: { ...process.env, QUNTUAN_BASE: base(), QUNTUAN_TOKEN: admin(), ...env }, timeout: 120_000 });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

/** 150 units: every org type in each of ~17 districts. */
function roster(n = 150) {
  return Array.from({ length: n }, (_, i) => {
    const org = ORG_TYPES[i % ORG_TYPES.length]!;
    const d = Math.floor(i / ORG_TYPES.length);
    return [`${PREFIX}-${String(i).padStart(3, '0')}`, `第${d + 1}区${org.label}`, org.label, `第${d + 1}区`, String(451300100 + d)];
  });
}
const HEADER = ['单位代码', '单位名称', '组织类型', '所属区县', '行政区划代码'];
const csv = (rows: string[][]) => [HEADER, ...rows].map((r) => r.join(',')).join('\r\n') + '\r\n';
const unitsWith = async (prefix: string) => (await http('GET', '/units?limit=1000')).body.units.filter((u: { code: string }) => u.code.startsWith(prefix));

describe('npm run admin', () => {
  it('imports a 150-unit roster (CSV, as Excel saves it with a BOM), then updates names and codes', async () => {
    const file = join(dir, 'roster.csv');
    writeFileSync(file, `\uFEFF${csv(roster())}`);
    const r = run(['units', 'import', file]);
    expect(r.out).toContain('完成：新建 150，更新 0，未变化 0');
    expect(r.code).toBe(0);
    const units = await unitsWith(PREFIX);
    expect(units).toHaveLength(150);
    expect(units[1]).toMatchObject({ org: 'youth', name: '第1区共青团', district: '第1区', districtCode: '451300100' });
    // Renamed in an .xlsx roster: updated in place, the rest untouched.
    const changed = roster().map((row, i) => (i === 1 ? [row[0]!, '共青团第1区委员会', row[2]!, row[3]!, '451300199'] : row));
    const xlsx = join(dir, 'roster.xlsx');
    writeFileSync(xlsx, writeXlsx([{ sheet: '名册', grid: [HEADER, ...changed], merges: [], bold: [], formats: [], dropdowns: [], inputs: [], widths: [], freeze: { rows: 0, cols: 0 }, headerRow: 0 }]));
    const again = run(['units', 'import', xlsx]);
    expect(again.out).toContain('完成：新建 0，更新 1，未变化 149');
    expect((await unitsWith(`${PREFIX}-001`))[0]).toMatchObject({ name: '共青团第1区委员会', districtCode: '451300199' });
  });

  it('refuses a bad roster whole, listing every offending line, and changes nothing', async () => {
    const before = await unitsWith(PREFIX);
    const rows = roster(5);
    rows.push([`${PREFIX}-NEW`, '新单位', '红十字会', '第1区', '']);
    rows.push([rows[0]![0]!, '重复', '工会', '第1区', '']);
    rows.push(['bad code!', '坏代码', '工会', '第1区', '']);
    rows.push([`${PREFIX}-000`.replace('-000', '-002'), '改了类型', '工会', '第1区', '']);
    const file = join(dir, 'bad.csv');
    writeFileSync(file, csv(rows));
    const r = run(['units', 'import', file]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('整个文件未导入');
    expect(r.out).toContain('第 7 行');
    expect(r.out).toContain('组织类型“红十字会”不存在');
    expect(r.out).toContain('单位代码与第 2 行重复');
    expect(r.out).toContain('单位代码“bad code!”不合规范');
    expect(r.out).toContain('组织类型不能更改');
    expect(await unitsWith(PREFIX)).toEqual(before);
  });

  it('imports 联系人 and 联系电话 when the roster has them, refuses a bad phone whole, and leaves them be when it has not', async () => {
    const head = [...HEADER, '联系人', '联系电话'];
    const own = PREFIX.replace(/^R/, 'C');
    const units = roster(3).map((r) => [r[0]!.replace(PREFIX, own), ...r.slice(1)]);
    writeFileSync(join(dir, 'contacts-first.csv'), csv(units));
    expect(run(['units', 'import', join(dir, 'contacts-first.csv')]).code).toBe(0);
    const rows = units.map((r, i) => [...r, ['韦丽', '蒙强', ''][i]!, ['0772-4221234', '138 0772 0000', ''][i]!]);
    const file = join(dir, 'contacts.csv');
    writeFileSync(file, [head, ...rows.map((r, i) => (i === 1 ? [...r.slice(0, 6), '请打办公室电话'] : r))].map((r) => r.join(',')).join('\r\n'));
    const before = await unitsWith(own);
    const bad = run(['units', 'import', file]);
    expect(bad.code).toBe(1);
    expect(bad.out).toContain('整个文件未导入');
    expect(bad.out).toContain('联系电话“请打办公室电话”：联系电话只能由数字');
    expect(await unitsWith(own)).toEqual(before);
    writeFileSync(file, [head, ...rows].map((r) => r.join(',')).join('\r\n'));
    const ok = run(['units', 'import', file]);
    expect(ok.code).toBe(0);
    expect(ok.out).toContain('完成：新建 0，更新 2，未变化 1');
    expect((await unitsWith(own)).map((u: { contact: string | null; phone: string | null }) => [u.contact, u.phone])).toEqual([
      ['韦丽', '0772-4221234'],
      ['蒙强', '138 0772 0000'],
      [null, null],
    ]);
    // A roster without the two columns changes no contact.
    expect(run(['units', 'import', join(dir, 'contacts-first.csv')]).out).toContain('完成：新建 0，更新 0，未变化 3');
    expect((await unitsWith(`${own}-000`))[0]).toMatchObject({ contact: '韦丽', phone: '0772-4221234' });
  });

  it('issues one clerk token per unit into a sheet only its owner can read, never to the terminal; revokes', async () => {
    const out = join(dir, 'tokens.csv');
    const r = run(['tokens', 'issue', '--role', 'clerk', '--units', `${PREFIX}-000,${PREFIX}-009,NO-SUCH`, '--out', out]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('NO-SUCH：单位不存在');
    expect(statSync(out).mode & 0o777).toBe(0o600);
    const lines = readFileSync(out, 'utf8').replace(/^\uFEFF/, '').trim().split('\r\n').map((l) => l.split(','));
    expect(lines[0]).toEqual(['单位代码', '单位名称', '访问令牌', '令牌编号']);
    expect(lines).toHaveLength(3);
    const token = lines[1]![2]!;
    expect(r.out).not.toContain(token);
    expect((await http('GET', '/me', undefined, token)).body.unit.code).toBe(`${PREFIX}-000`);
    const revoke = run(['tokens', 'revoke', lines[1]![3]!]);
    expect(revoke.code).toBe(0);
    expect((await http('GET', '/me', undefined, token)).status).toBe(401);
    const all = join(dir, 'all.xlsx');
    expect(run(['tokens', 'issue', '--role', 'clerk', '--all-units', '--out', all]).code).toBe(0);
    const sheet = readXlsx(new Uint8Array(readFileSync(all)))[0]!.grid;
    expect(sheet.filter((row) => String(row[0]).startsWith(PREFIX)).length).toBe(150);
    expect(run(['tokens', 'list']).out).toContain('已收回');
  });

  it('opens a year with a deadline and closes it; the closed year refuses uploads', async () => {
    expect(run(['periods', 'open', String(YEAR), '--deadline', `${YEAR + 1}-03-31`]).out).toContain(`${YEAR}年度：已开放填报，截止日期 ${YEAR + 1}-03-31`);
    const unit = `${PREFIX}-002`;
    const u = { code: unit, name: '第1区妇联', org: 'women' as const, district: '第1区', districtCode: '451300100' };
    const report = demoReport(u, YEAR, rng(1));
    const up = await http('POST', '/submissions/batch', { year: YEAR, unit, submissions: E2024.templates.map((t) => ({ template: t.id, rows: report[t.id] })) });
    expect(up.status).toBe(201);
    const closed = run(['periods', 'close', String(YEAR)]);
    expect(closed.code).toBe(0);
    expect(closed.out).toMatch(/已发布第 1 版（.*），校验码 [0-9a-f]{64}/);
    const refused = await http('POST', '/submissions', { year: YEAR, unit, template: 'awards', rows: [] });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('period_closed');
    expect(run(['periods', 'open', 'abc']).code).toBe(2);

    // A correction of that unit's 表3: opened, uploaded to, closed into version 2.
    expect(run(['corrections', 'open', String(YEAR), '--unit', unit, '--templates', 'awards', '--reason']).code).toBe(2);
    expect(run(['corrections', 'open', String(YEAR), '--unit', unit, '--templates', 'prizes', '--reason', '补报']).out).toContain('没有报表“prizes”');
    const opened = run(['corrections', 'open', String(YEAR), '--unit', unit, '--templates', 'awards', '--reason', '补报一项市级表彰']);
    expect(opened.code).toBe(0);
    const id = /已开放更正 (\S+)：/.exec(opened.out)![1]!;
    expect(run(['corrections', 'list', String(YEAR)]).out).toContain(`${id}\t${unit}\t表3 表彰奖励\t进行中\t补报一项市级表彰`);
    const award = { name: '五好文明家庭', level: 'city', recipient_type: 'family', recipient: '韦明光家庭', grantor: '合山市妇联', award_date: `${YEAR}-03` };
    const rows = report.awards!.length ? [] : [award];
    expect((await http('POST', '/submissions', { year: YEAR, unit, template: 'awards', rows })).status).toBe(201);
    const done = run(['corrections', 'close', String(YEAR), id]);
    expect(done.out).toContain(`已发布第 2 版`);
    expect(done.out).toContain(`${unit} 表3 表彰奖励：第 1 版 → 第 2 版`);
    const versions = run(['versions', String(YEAR)]);
    expect(versions.out).toMatch(/第 2 版\t.*\t[0-9a-f]{64}\t补报一项市级表彰/);
    expect(versions.out).toMatch(/第 1 版\t.*\t关闭年度时发布/);
  });

  it('imports the area tree, lists it, places units in 乡镇（街道） from the roster, and refuses a bad tree whole', async () => {
    const P = `${PREFIX}A`;
    const tree = join(dir, '区域.csv');
    writeFileSync(tree, ['区划代码,名称,上级区划代码', `${P}-1,象州县${P},`, `${P}-11,石龙镇${P},${P}-1`, `${P}-12,运江镇${P},${P}-1`].join('\r\n') + '\r\n');
    const imported = run(['areas', 'import', tree]);
    expect(imported.code, imported.out).toBe(0);
    expect(imported.out).toContain('完成：3 个区域');
    const listed = run(['areas', 'list']).out;
    expect(listed).toMatch(new RegExp(`\\n  象州县${P}\\t${P}-1\\n    石龙镇${P}\\t${P}-11\\n    运江镇${P}\\t${P}-12`));
    // A bad file: an unknown parent and a cycle; nothing of it is applied.
    const bad = join(dir, '坏区域.csv');
    writeFileSync(bad, ['区划代码,名称,上级区划代码', `${P}-9,甲,${P}-8`, `${P}-8,乙,${P}-9`, `${P}-7,丙,NOWHERE`].join('\n') + '\n');
    const refused = run(['areas', 'import', bad]);
    expect(refused.code).toBe(1);
    expect(refused.out).toContain('上级区划代码“NOWHERE”既不在文件中，也不是已有区域');
    expect(refused.out).toContain('成环');
    expect(run(['areas', 'list']).out).not.toContain(`${P}-9`);
    // The roster's optional columns put units into a 乡镇（街道）, made when missing.
    const roster = join(dir, '名册-乡镇.csv');
    writeFileSync(roster, ['单位代码,单位名称,组织类型,所属区县,所属乡镇（街道）,区划代码', `${P}-W1,石龙镇妇联,妇联,象州县${P},石龙镇${P},`, `${P}-W2,罗秀镇妇联,妇联,象州县${P},罗秀镇${P},${P}-13`].join('\n') + '\n');
    const placed = run(['units', 'import', roster]);
    expect(placed.code, placed.out).toBe(0);
    expect(placed.out).toContain(`新建乡镇（街道）罗秀镇${P}（${P}-13）`);
    const units = await unitsWith(`${P}-W`);
    expect(units.map((u: { area: string; district: string }) => [u.area, u.district])).toEqual([[`${P}-11`, `象州县${P}`], [`${P}-13`, `象州县${P}`]]);
    // Importing the same roster again changes nothing.
    expect(run(['units', 'import', roster]).out).toContain('完成：新建 0，更新 0，未变化 2');
    // A statistician bound to the 县 sees it as its area.
    const out = join(dir, '县统计员.csv');
    expect(run(['tokens', 'issue', '--role', 'statistician', '--area', `${P}-1`, '--label', '象州县统计员', '--out', out]).code).toBe(0);
    const token = readFileSync(out, 'utf8').split(/\r?\n/).find((l) => l.includes('象州县统计员'))!.split(',').find((c) => c.startsWith('qt_'))!;
    expect((await http('GET', '/me', undefined, token)).body.area).toMatchObject({ code: `${P}-1`, name: `象州县${P}` });
    expect(run(['tokens', 'issue', '--role', 'admin', '--area', `${P}-1`, '--out', out]).code).toBe(2);
  });

  it('exports the year and restores it exactly into an empty database', async () => {
    const out = join(dir, `quntuan-${YEAR}.jsonl`);
    const r = run(['export', String(YEAR), '--out', out]);
    expect(r.code).toBe(0);
    expect(readXlsx(new Uint8Array(readFileSync(join(dir, `quntuan-${YEAR}-全市汇总.xlsx`)))).map((s) => s.name)).toContain('报送进度');
    const before = (await http('GET', `/consolidated/${YEAR}`)).body;
    // Into this server it is refused: the year has submissions.
    expect(run(['import', out]).code).toBe(1);
    const second = await startDev();
    try {
      const restored = run(['import', out], { QUNTUAN_BASE: second.base, QUNTUAN_TOKEN: ADMIN });
      expect(restored.out).toContain(`已恢复 ${YEAR}年度`);
      expect(restored.code).toBe(0);
      const res = await fetch(`${second.base}/api/v1/consolidated/${YEAR}`, { headers: { authorization: `Bearer ${ADMIN}` } });
      const after = (await res.json()) as typeof before;
      expect({ ...after, generatedAt: null }).toEqual({ ...before, generatedAt: null });
    } finally {
      second.stop();
    }
  });
});
