import { describe, expect, it } from 'vitest';
import { checkName, EDITIONS, issuePlace, TYPE_CHECK, cellRef, columnName, dateToSerial, layout, layoutWorkbook, parseCellRef, read, validate, type Grid, type LayoutUnit, type TemplateId } from '../../shared/index.ts';
import { report } from './fixtures.ts';

/** The 2024 edition: the one these years (up to 2025) use. */
const E2024 = EDITIONS['2024'];

const unit: LayoutUnit = { code: 'XB-UNION', name: '兴宾区总工会', org: 'union' };
const settings = { city: '合山市', issuer: '合山市委群团工作领导小组办公室', docNo: '合群统备〔2024〕1号', validUntil: '2026年12月' };
const data = report('union');

/** The cell holding `text` (0-based), for asserting where things are. */
function find(grid: Grid, text: string): { row: number; col: number } {
  for (let r = 0; r < grid.length; r++) {
    const c = grid[r]!.indexOf(text);
    if (c >= 0) return { row: r, col: c };
  }
  throw new Error(`no cell ${text}`);
}

const filled = (id: TemplateId) => layout(id, 2024, unit, { settings, rows: data[id]! });
const insertRow = (g: Grid, at: number, row: Grid[number] = []) => [...g.slice(0, at), row, ...g.slice(at)];

describe('layout', () => {
  it('prints the legal marks, the title with the year, the unit and the period', () => {
    for (const t of E2024.templates) {
      const { grid, sheet } = layout(t.id, 2024, unit, { settings });
      expect(sheet).toBe(t.sheet);
      expect(grid[0]![0]).toBe(`2024年${t.title}`);
      const flat = grid.flat();
      // 有效期至: the setting, capped at the 2024 edition's last year (editions.md).
      for (const text of [`群团统${t.no}表`, settings.issuer, settings.docNo, '2025年12月', '兴宾区总工会', 'XB-UNION', '2024年']) expect(flat).toContain(text);
      expect(flat).not.toContain(settings.validUntil);
      for (const text of ['单位负责人：', '统计负责人：', '填表人：', '联系电话：', '报出日期：', '说明：']) expect(flat).toContain(text);
      // The 说明 states every check in words.
      for (const c of t.checks) expect(flat.some((v) => typeof v === 'string' && v.includes(`${c.code}`) && v.includes(c.text))).toBe(true);
    }
  });

  it('gives record sheets the indicator table with 代码 and 计量单位, and — where a field does not apply', () => {
    const youth = layout('members', 2024, { code: 'XB-YOUTH', name: '共青团兴宾区委', org: 'youth' });
    const h = find(youth.grid, '指标名称');
    expect(youth.grid[h.row]).toEqual(['指标名称', '代码', '计量单位', '本年', '上年']);
    const r = find(youth.grid, '其中：35岁及以下').row;
    expect(youth.grid[r]).toEqual(['其中：35岁及以下', '17', '人', '—', null]);
    expect(youth.grid[find(youth.grid, '已建组织单位数').row]![3]).toBeNull();
    expect(youth.grid[find(youth.grid, '本年是否换届').row]![2]).toBe('—');
    expect(youth.dropdowns).toContainEqual({ row: find(youth.grid, '本年是否换届').row, col: 3, options: ['是', '否'] });
  });

  it('gives list sheets a header of exactly 序号 and the labels, a unit row, and dropdowns for enums', () => {
    const l = layout('awards', 2024, unit);
    const h = find(l.grid, '序号');
    expect(l.grid[h.row]).toEqual(['序号', '奖项名称', '表彰级别', '获奖类型', '获奖集体、个人或家庭', '性别', '授予机关', '表彰文号', '表彰时间']);
    expect(l.dropdowns.map((d) => d.options)).toEqual([
      ['国家级', '省级', '市级', '县（区）级'],
      ['集体', '个人', '家庭'],
      ['男', '女'],
    ]);
    // Text and month columns are text-formatted so that "=..." or "2024-03" stay as typed.
    expect(l.formats.filter((f) => f.format === '@' && f.rows === 20).map((f) => f.col)).toEqual([1, 4, 6, 7, 8]);
    expect(l.freeze).toEqual({ rows: h.row + 2, cols: 0 });
  });

  it('uses #,##0 for counts and #,##0.00 for 万元', () => {
    const l = layout('trainings', 2024, unit);
    const fmt = (col: number) => l.formats.find((f) => f.col === col && (f.rows ?? 1) > 1)?.format;
    expect(fmt(3)).toBe('#,##0');
    expect(fmt(11)).toBe('#,##0.00');
  });

  it('shows last year in the 上年 column', () => {
    const l = layout('funding', 2024, unit, { previous: { ...data.funding[0], closing: 12.3 } });
    const r = find(l.grid, '年末结转和结余').row;
    expect(l.grid[r]!.slice(3)).toEqual([null, 12.3]);
  });

  it('lays out the whole workbook in order', () => {
    expect(layoutWorkbook(2024, null).map((s) => s.sheet)).toEqual(['表1 组织与会员', '表2 培训', '表3 表彰奖励', '表4 经费收支']);
  });
});

describe('read(layout(...)) round trip', () => {
  for (const t of E2024.templates) {
    it(`${t.sheet}: same rows, right cells, unit and period`, () => {
      const r = read(t.id, filled(t.id).grid, { unit: 'XB-UNION', year: 2024 });
      expect(r.problems).toEqual([]);
      expect(r.rows).toEqual(data[t.id]!);
      expect(r.unit).toEqual({ code: 'XB-UNION', name: '兴宾区总工会' });
      expect(r.year).toBe(2024);
      expect(validate(t.id, r.rows, { year: 2024, org: 'union', cells: r.cells })).toEqual([]);
    });
  }

  it('names the cell of each value in Excel notation', () => {
    const l = filled('trainings');
    const r = read('trainings', l.grid);
    const p = parseCellRef(r.cells[1]!.sessions!);
    expect(p.sheet).toBe('表2 培训');
    expect(l.grid[p.row]![p.col]).toBe(6);
    expect(r.cells[0]!.category).toBe(`'表2 培训'!B${find(l.grid, '序号').row + 3}`);
  });

  it('still reads with a note row inserted above the table and inside it', () => {
    const g0 = filled('members').grid;
    const h = find(g0, '指标名称').row;
    let g = insertRow(g0, h, ['注：本表数据截至2024年12月31日']);
    g = insertRow(g, find(g, '本年新建组织数').row, ['（以下为会员情况）']);
    const r = read('members', g);
    expect(r.problems).toEqual([]);
    expect(r.rows).toEqual(data.members);
    expect(parseCellRef(r.cells[0]!.org_new!).row).toBe(find(g, '本年新建组织数').row);
  });

  it('still reads a list moved down with an extra blank row above it', () => {
    const g0 = filled('awards').grid;
    const h = find(g0, '序号').row;
    const g = insertRow(insertRow(insertRow(g0, h), h), h, ['说明：以下为本年获奖情况']);
    const r = read('awards', g);
    expect(r.rows).toEqual(data.awards);
    expect(r.cells[0]!.name).toBe(`'表3 表彰奖励'!B${h + 6}`);
  });

  it('ends a list at the first entirely blank row, ignoring 序号', () => {
    const g = filled('awards').grid.map((row) => [...row]);
    const first = find(g, '序号').row + 2;
    // A stray value after the blank row is not part of the list.
    g[first + 5]![1] = '不应读到';
    expect(read('awards', g).rows).toHaveLength(3);
  });

  it('reads an empty list as no rows ("none this year")', () => {
    const r = read('trainings', layout('trainings', 2024, unit).grid);
    expect(r.problems).toEqual([]);
    expect(r.rows).toEqual([]);
  });

  it('reads columns in any order', () => {
    const g = filled('trainings').grid.map((row) => [row[0]!, ...row.slice(1).reverse()]);
    expect(read('trainings', g).rows).toEqual(data.trainings);
  });

  it('reads the sign-off footer', () => {
    const g = filled('funding').grid.map((row) => [...row]);
    const put = (label: string, v: string | number) => {
      const p = find(g, label);
      g[p.row]![p.col + 1] = v;
    };
    put('单位负责人：', '黄志强');
    put('填表人：', '覃丽');
    put('联系电话：', 13807720000);
    put('报出日期：', dateToSerial(new Date(Date.UTC(2025, 0, 15))));
    expect(read('funding', g).signoff).toEqual({ head: '黄志强', preparer: '覃丽', phone: '13807720000', date: '2025-01-15' });
  });
});

describe('read: values as clerks type them', () => {
  const listGrid = (cells: Record<string, unknown>) => {
    const l = layout('trainings', 2024, unit);
    const g = l.grid.map((row) => [...row]);
    const h = find(g, '序号').row;
    for (const [label, v] of Object.entries(cells)) g[h + 2]![g[h]!.indexOf(label)] = v as never;
    return g;
  };
  it('accepts Chinese option labels, full-width digits and thousands separators in text cells', () => {
    const g = listGrid({ 培训类别: ' 家政服务培训 ', 项目名称: '家政服务培训班', 举办期数: '１４', 培训人次: '1,200', 培训经费: '１２，３４５．６', 带动增收: ' 12.30 ' });
    expect(read('trainings', g).rows[0]).toMatchObject({ category: 'domestic', sessions: 14, trainees: 1200, cost: 12345.6, income_gain: 12.3 });
  });
  it('rounds Excel float noise away but keeps a real third decimal for the checks to refuse', () => {
    const g = listGrid({ 培训类别: '其他', 培训经费: 0.1 + 0.2, 带动增收: 1.005 });
    const row = read('trainings', g).rows[0]!;
    expect(row.cost).toBe(0.3);
    expect(row.income_gain).toBe(1.005);
    expect(validate('trainings', [row], { year: 2024, org: 'union' }).find((i) => i.field === 'income_gain')?.message).toMatch(/最多保留两位小数/);
  });
  it('passes through what it cannot read, so the check names the cell', () => {
    const g = listGrid({ 培训类别: '瑜伽', 举办期数: '十四' });
    const r = read('trainings', g);
    expect(r.rows[0]).toMatchObject({ category: '瑜伽', sessions: '十四' });
    const issues = validate('trainings', r.rows, { year: 2024, org: 'union', cells: r.cells });
    const cat = issues.find((i) => i.field === 'category')!;
    expect(cat.code).toBe('type');
    expect(cat.cell).toBe(r.cells[0]!.category);
  });
  it('reads 是/否, dates as serial numbers and month text', () => {
    const m = layout('members', 2024, unit);
    const g = m.grid.map((row) => [...row]);
    g[find(g, '本年是否换届').row]![3] = '是';
    expect(read('members', g).rows[0]!.elections_held).toBe(true);
    const a = layout('awards', 2024, unit).grid.map((row) => [...row]);
    const h = find(a, '序号').row;
    const dateCol = a[h]!.indexOf('表彰时间');
    const values: [unknown, string][] = [
      [dateToSerial(new Date(Date.UTC(2024, 2, 8))), '2024-03'],
      ['2024年3月', '2024-03'],
      ['2024/3', '2024-03'],
      ['2024.11', '2024-11'],
      [202405, '2024-05'],
    ];
    values.forEach(([v], i) => {
      a[h + 2 + i]![1] = `奖${i}`;
      a[h + 2 + i]![dateCol] = v as never;
    });
    expect(read('awards', a).rows.map((r) => r.award_date)).toEqual(values.map(([, want]) => want));
  });
  it('treats — in a cell as empty', () => {
    const g = layout('members', 2024, { ...unit, org: 'youth' }).grid;
    expect(read('members', g).rows[0]).not.toHaveProperty('members_youth');
  });
});

describe('read: says clearly what it cannot find', () => {
  it('a sheet without the table header', () => {
    const r = read('members', [['随便写的表格'], ['a', 'b']]);
    expect(r.problems).toEqual(['“表1 组织与会员”找不到表头（指标名称、本年…），请使用标准报表模板']);
  });
  it('a missing indicator row', () => {
    const g = filled('members').grid.filter((row) => row[0] !== '其中：农民工');
    expect(read('members', g).problems).toEqual(['“表1 组织与会员”找不到指标“其中：农民工”，请勿修改“指标名称”列']);
  });
  it('a missing list column', () => {
    const g = filled('awards').grid.map((row) => row.slice(0, 8));
    expect(read('awards', g).problems).toEqual(['“表3 表彰奖励”表头缺少“表彰时间”列，请使用标准报表模板']);
  });
  it("another unit's or year's workbook", () => {
    const g = filled('members').grid;
    expect(read('members', g, { unit: 'XB-WOMEN', year: 2024 }).problems).toEqual([
      '“表1 组织与会员”的单位代码为“XB-UNION”，与登录单位“XB-WOMEN”不符，请使用本单位的报表',
    ]);
    expect(read('members', g, { unit: 'XB-UNION', year: 2025 }).problems).toEqual(['“表1 组织与会员”的报告期为 2024年，与所选年度 2025年 不符']);
  });
  it('a blank template whose unit code was never filled in', () => {
    const g = layout('members', 2024, null).grid;
    expect(read('members', g, { unit: 'XB-UNION' }).problems[0]).toContain('找不到单位代码');
  });
  it('a unit code typed into the label cell itself', () => {
    const g = layout('members', 2024, null).grid.map((row) => [...row]);
    const p = find(g, '单位代码：');
    g[p.row]![p.col] = '单位代码：XB-UNION';
    expect(read('members', g, { unit: 'XB-UNION' }).problems).toEqual([]);
  });
});

describe('A1 notation', () => {
  it('names columns and quotes sheet names as Excel does', () => {
    expect([0, 25, 26, 51, 52, 701, 702].map(columnName)).toEqual(['A', 'Z', 'AA', 'AZ', 'BA', 'ZZ', 'AAA']);
    expect(cellRef('表2 培训', 8, 5)).toBe("'表2 培训'!F9");
    expect(cellRef('Sheet1', 0, 0)).toBe('Sheet1!A1');
    expect(cellRef("O'Brien", 0, 0)).toBe("'O''Brien'!A1");
    expect(parseCellRef("'O''Brien'!AB12")).toEqual({ sheet: "O'Brien", row: 11, col: 27 });
  });
});

describe('issues in words, by the names the 说明 uses', () => {
  it('gives every check of every edition a name, one per code, printed in its sheet’s 说明 with 填写规范', () => {
    for (const e of Object.values(EDITIONS)) {
      const names = e.templates.flatMap((t) => t.checks.map((c) => c.name));
      expect(new Set(names).size, e.id).toBe(names.length);
      for (const t of e.templates) {
        const text = layout(t.id, e.from, unit, { edition: e }).grid.flat().filter((v) => typeof v === 'string').join('\n');
        expect(text).toContain(`${TYPE_CHECK.name}：`);
        for (const c of t.checks) {
          expect(c.name.length, c.code).toBeGreaterThan(1);
          expect(text).toContain(`${c.code} ${c.name}${c.severity === 'warning' ? '（提示）' : ''}：${c.text}`);
          expect(checkName(e, t.id, c.code)).toBe(`${c.code} ${c.name}`);
        }
        expect(checkName(e, t.id, 'type')).toBe(TYPE_CHECK.name);
      }
    }
  });

  it('says where an issue is: the table, the sheet row, the row label and 本年; a list’s column; a whole list’s total', () => {
    const g = filled('members').grid.map((row) => [...row]);
    const at = find(g, '其中：女性');
    g[at.row]![3] = null;
    const r = read('members', g);
    const blank = validate('members', r.rows, { year: 2024, org: 'union', cells: r.cells }).find((i) => i.field === 'members_female')!;
    expect(blank.code).toBe('type');
    expect(issuePlace(E2024, blank)).toBe(`表1 第${at.row + 1}行 其中：女性（本年）`);
    const t = read('trainings', filled('trainings').grid);
    const list = validate('trainings', [t.rows[0]!, { ...t.rows[1]!, trainees: 1 }], { year: 2024, org: 'union', cells: t.cells }).find((i) => i.code === 'T2')!;
    expect(issuePlace(E2024, list)).toBe(`表2 第${parseCellRef(list.cell!).row + 1}行 培训人次`);
    expect(issuePlace(E2024, { ...list, cell: null })).toBe('表2 第 2 条记录 培训人次');
    expect(issuePlace(E2024, { template: 'trainings', row: null, field: 'cost', cell: null })).toBe('表2 培训经费合计');
    expect(issuePlace(E2024, { template: 'awards', row: null, field: null, cell: null })).toBe('表3');
  });
});
