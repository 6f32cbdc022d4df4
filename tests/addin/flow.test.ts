import { describe, expect, it } from 'vitest';
import { FileWorkbook } from '../../addin/file.ts';
import { checkWorkbook, marksOf } from '../../addin/flow.ts';
import { consolidatedLayout } from '../../shared/consolidated-layout.ts';
import { TokenStore, tokenKey } from '../../addin/store.ts';
import { EDITIONS, emptyLists, layoutWorkbook, skippedText, withCells, type Issue, type UnitContext } from '../../shared/index.ts';
import { writeXlsx } from '../../shared/xlsx/index.ts';
import { syntheticConsolidation } from '../../bench/synthetic.ts';
import { report } from '../shared/fixtures.ts';

/** The 2024 edition: the one these years (up to 2025) use. */
const E2024 = EDITIONS['2024'];

const unit = { code: 'XB-WOMEN', name: '兴宾区妇联', org: 'women' as const, district: '兴宾区' };
const data = report('women');
const none: UnitContext = { previous: {}, stored: {}, statuses: [], current: {} };

function file(rows: Partial<typeof data>, code = unit.code) {
  const fw = new FileWorkbook();
  const sheets = layoutWorkbook(2024, { ...unit, code }, Object.fromEntries(Object.entries(rows).map(([t, r]) => [t, { rows: r }]))).filter((s) => rows[s.template as keyof typeof data]);
  fw.open('报表.xlsx', writeXlsx(sheets));
  return fw;
}

describe('pane logic without a browser', () => {
  it('checks a workbook through the port and marks each issue on its cell', async () => {
    const fw = file({ ...data, members: [{ ...data.members[0]!, org_total: 246 }] });
    const c = await checkWorkbook(fw, { unit, year: 2024, edition: E2024, ctx: none });
    expect(c.problems).toEqual([]);
    expect(c.issues.map((i) => [i.code, i.cell])).toEqual([['M1', "'表1 组织与会员'!D8"]]);
    await fw.markCells(marksOf(c.issues));
    expect(fw.marks).toEqual([{ cell: "'表1 组织与会员'!D8", severity: 'error', message: c.issues[0]!.message }]);
    await fw.selectCell("'表1 组织与会员'!D8");
    expect(fw.selected).toEqual({ sheet: '表1 组织与会员', row: 7, col: 3 });
  });

  it("uses last year's counted 表1 and the stored 表4 from the server's context", async () => {
    const fw = file({ trainings: data.trainings });
    const ctx: UnitContext = { previous: { members: [{ ...data.members[0]!, members_total: 1 }] }, stored: { funding: [{ ...data.funding[0]!, exp_training: 90, exp_awards: 0, exp_activity: 0, exp_assist: 0, exp_project: 90, exp_basic: 20.6 }] }, statuses: [], current: {} };
    const c = await checkWorkbook(fw, { unit, year: 2024, edition: E2024, ctx });
    expect(c.absent).toEqual(['members', 'awards', 'funding']);
    expect(c.issues.map((i) => i.code)).toEqual(['T5']);
  });

  it("refuses another unit's workbook and a file without the standard sheets, in words", async () => {
    const other = await checkWorkbook(file({ funding: data.funding }, 'XB-OTHER'), { unit, year: 2024, edition: E2024, ctx: none });
    expect(other.problems).toEqual(['“表4 经费收支”的单位代码为“XB-OTHER”，与登录单位“XB-WOMEN”不符，请使用本单位的报表']);
    const fw = new FileWorkbook();
    const empty = await checkWorkbook(fw, { unit, year: 2024, edition: E2024, ctx: none });
    expect(empty.problems[0]).toContain('工作簿中没有标准报表');
  });

  it('maps the server issues (cell null) back to cells, except whole-list ones', async () => {
    const c = await checkWorkbook(file(data), { unit, year: 2024, edition: E2024, ctx: none });
    const server: Issue[] = [
      { template: 'trainings', row: 2, field: 'cost', cell: null, severity: 'error', code: 'T3', message: 'x' },
      { template: 'funding', row: null, field: 'closing', cell: null, severity: 'error', code: 'F5', message: 'y' },
      { template: 'trainings', row: null, field: 'cost', cell: null, severity: 'warning', code: 'T5', message: 'z' },
    ];
    expect(withCells(server, c.reports).map((i) => i.cell)).toEqual(["'表2 培训'!L10", "'表4 经费收支'!D28", null]);
  });

  it('asks before uploading an empty 表2 or 表3 as "none this year"', async () => {
    const c = await checkWorkbook(file({ ...data, awards: [] }), { unit, year: 2024, edition: E2024, ctx: none });
    expect(emptyLists(c.reports)).toEqual(['awards']);
  });

  it('checks before signing in: the year the sheets state, every in-workbook check, and names the checks it skipped', async () => {
    // A mistake (M1), a cross-template warning the workbook can answer (T5 against its own 表4), and no 表1 of last year.
    const members = [{ ...data.members[0]!, org_total: 246 }];
    const funding = [{ ...data.funding[0]!, exp_training: 90, exp_awards: 0, exp_activity: 0, exp_assist: 0, exp_project: 90, exp_basic: 20.6 }];
    const c = await checkWorkbook(file({ members, trainings: data.trainings, funding }), { unit: null, year: null, edition: null, ctx: null });
    expect(c.problems).toEqual([]);
    expect(c.issues.map((i) => i.code).sort()).toEqual(['F6', 'M1', 'T5']);
    expect(skippedText(c.skipped)).toBe('M6、M7、F7（需要本单位上年报送的数据）');
    // Without 表4 in the file, T5 cannot run either, and says why.
    const alone = await checkWorkbook(file({ trainings: data.trainings }), { unit: null, year: null, edition: null, ctx: null });
    expect(alone.issues).toEqual([]);
    expect(skippedText(alone.skipped)).toBe('T5（需要“表4 经费收支”，而文件中没有这张表）');
  });

  it('does not ask a union-only field of a workbook whose org type is not known yet, but still checks what is filled', async () => {
    const { members_migrant: _m, units_required: _r, units_covered: _c, ...rest } = data.members[0]!;
    const c = await checkWorkbook(file({ members: [rest] }), { unit: null, year: null, edition: null, ctx: null });
    expect(c.issues).toEqual([]);
    const signedIn = await checkWorkbook(file({ members: [rest] }), { unit: { code: unit.code, org: 'union' }, year: 2024, edition: E2024, ctx: none });
    expect(signedIn.issues.map((i) => i.field).sort()).toEqual(['members_migrant', 'units_covered', 'units_required']);
  });

  it('prepares the consolidated pull with 报告用数 and the 图表 sheet: members by org type, and the trend the consolidation carries', () => {
    const none = { city: '', issuer: '', docNo: '', validUntil: '' };
    const c = syntheticConsolidation(45);
    const sheets = consolidatedLayout(c, none);
    expect(sheets.map((s) => s.sheet)).toEqual([...E2024.templates.map((t) => t.sheet), '分区汇总', '报告用数', '图表', '报送进度']);
    const charts = sheets.find((s) => s.sheet === '图表')!;
    const [bar] = charts.charts!;
    // A version stored before the trend existed draws its own year only.
    expect(charts.charts!.map((x) => x.kind)).toEqual(['bar', 'line']);
    expect(charts.charts![1]!.categories.rows).toBe(1);
    const labels = Array.from({ length: bar!.categories.rows! }, (_, i) => charts.grid[bar!.categories.row + i]![0]);
    expect(labels).toEqual(['工会', '共青团', '妇联', '残联', '侨联', '工商联', '文联', '科协', '计生协会']);
    const union = c.sheets.members.rows.find((r) => r.kind === 'subtotal' && r.org === 'union')!;
    expect(charts.grid[bar!.categories.row]![1]).toBe(union.values.members_total);
    const trend = [{ year: c.year - 1, members: 10, trainees: null }, { year: c.year, members: 12, trainees: 3 }];
    expect(consolidatedLayout({ ...c, trend }, none).find((s) => s.sheet === '图表')!.charts![1]!.categories.rows).toBe(2);
  });

  it('keeps the token in storage partitioned by Office, never elsewhere', () => {
    const mem = new Map<string, string>();
    const storage = { getItem: (k: string) => mem.get(k) ?? null, setItem: (k: string, v: string) => void mem.set(k, v), removeItem: (k: string) => void mem.delete(k) };
    const a = new TokenStore(storage, 'partition-A');
    const plain = new TokenStore(storage, null);
    a.set('qt_a');
    expect(plain.get()).toBeNull();
    expect([...mem.keys()]).toEqual([tokenKey('partition-A')]);
    a.clear();
    expect(a.get()).toBeNull();
    expect(new TokenStore(null).get()).toBeNull();
  });
});
