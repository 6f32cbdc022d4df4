import { describe, expect, it } from 'vitest';
import { syntheticConsolidation } from '../../bench/synthetic.ts';
import { CHARTS_SHEET, chartsInputOf, chartsLayout, type ChartsInput } from '../../shared/charts-layout.ts';
import { rangeCells, type SheetLayout } from '../../shared/layout.ts';

const input = (): ChartsInput => ({
  year: 2025,
  byOrg: [
    { label: '工会', members: 52000 },
    { label: '妇联', members: 31000 },
    { label: '科协', members: 900 },
  ],
  trend: [
    { year: 2024, members: 82000, trainees: 40100 },
    { year: 2021, members: 70000, trainees: null },
    { year: 2025, members: 83900, trainees: 41200 },
  ],
});

/** What a chart's range holds on the sheet. */
const cells = (s: SheetLayout, r: Parameters<typeof rangeCells>[0]) => rangeCells(r).map((c) => s.grid[c.row]?.[c.col] ?? null);

describe('chartsLayout: the 图表 sheet', () => {
  it('draws members by org type as columns from the first table', () => {
    const s = chartsLayout(input());
    expect(s.sheet).toBe(CHARTS_SHEET);
    expect(s.sheet).toBe('图表');
    const bar = s.charts!.find((c) => c.kind === 'bar')!;
    expect(bar.title).toBe('2025年各类群团组织年末个人会员数');
    expect(cells(s, bar.categories)).toEqual(['工会', '妇联', '科协']);
    expect(bar.series.map((x) => [x.name, cells(s, x.values)])).toEqual([['年末个人会员数', [52000, 31000, 900]]]);
    expect(s.grid[s.headerRow]!.slice(0, 2)).toEqual(['组织类型', '年末个人会员数']);
  });

  it('draws the trend of 年末个人会员数 and 培训人次 as lines over the years in order, a missing figure left blank', () => {
    const s = chartsLayout(input());
    const line = s.charts!.find((c) => c.kind === 'line')!;
    expect(line.title).toBe('历年年末个人会员数和培训人次（2021—2025年）');
    expect(cells(s, line.categories)).toEqual(['2021年', '2024年', '2025年']);
    expect(line.series.map((x) => [x.name, cells(s, x.values)])).toEqual([
      ['年末个人会员数', [70000, 82000, 83900]],
      ['培训人次', [null, 40100, 41200]],
    ]);
    // The header above the lines' values names them as the legend does.
    const header = s.grid[line.categories.row - 1]!;
    expect(header).toEqual(['年度', '年末个人会员数', '培训人次']);
    // Years are text (never summed), figures integers with separators.
    expect(s.formats).toContainEqual({ row: line.categories.row, col: 0, rows: 3, format: '@' });
    expect(s.formats).toContainEqual({ row: line.categories.row, col: 1, rows: 3, cols: 2, format: '#,##0' });
  });

  it('places the charts beside the tables, one above the other, never over a filled cell', () => {
    const s = chartsLayout(input());
    const [a, b] = s.charts!.map((c) => c.anchor);
    const widest = Math.max(...s.grid.map((r) => r.findLastIndex((v) => v !== null)));
    for (const x of [a!, b!]) expect(x.col).toBeGreaterThan(widest);
    expect(b!.row).toBeGreaterThanOrEqual(a!.row + a!.rows);
    expect(a!.row).toBeGreaterThan(1);
  });

  it('leaves out a chart with nothing to draw and says 暂无数据 in its table', () => {
    const s = chartsLayout({ ...input(), trend: [] });
    expect(s.charts!.map((c) => c.kind)).toEqual(['bar']);
    expect(s.grid.filter((r) => r[0] === '暂无数据')).toHaveLength(1);
    expect(chartsLayout({ year: 2025, byOrg: [], trend: [] }).charts).toEqual([]);
  });

  it("takes members by org type from a consolidation's subtotals, and the trend it carries — else its own year's totals", () => {
    const c = syntheticConsolidation(30);
    const subtotals = c.sheets.members.rows.filter((r) => r.kind === 'subtotal');
    const trend = [{ year: c.year, members: 1, trainees: 2 }];
    expect(chartsInputOf({ ...c, trend })).toEqual({ year: c.year, byOrg: subtotals.map((r) => ({ label: r.label.replace(/小计$/, ''), members: r.values.members_total })), trend });
    const total = (k: 'members' | 'trainings', key: string) => c.sheets[k].rows.at(-1)!.values[key];
    expect(chartsInputOf(c).trend).toEqual([{ year: c.year, members: total('members', 'members_total'), trainees: total('trainings', 'trainees') }]);
  });

  it('is pure: the same input gives the same sheet, and the input is left as it was', () => {
    const i = input();
    const before = structuredClone(i);
    expect(chartsLayout(i)).toEqual(chartsLayout(input()));
    expect(i).toEqual(before);
  });
});
