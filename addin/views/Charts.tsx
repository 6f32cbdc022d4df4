/**
 * 图表 in the statistician's room (analysis.md, "Charts"), drawn once a
 * consolidation is shown: 年末个人会员数 by org type and the report rate of
 * each child area as bars, a chosen key figure over five years as a line.
 * Each chart is a canvas inside role="img" named after it, with the same
 * figures in a table under 数据表 for screen readers (and anyone who wants
 * the numbers); the area chart is left out for an area with no children.
 */
import { useEffect } from 'preact/hooks';
import { orgLabel } from '../../shared/catalog.ts';
import type { SheetKey, SheetRow } from '../../shared/responses.ts';
import type { ViewProps } from './App.tsx';
import { useChart, type Look, type Series } from './chart.ts';

/** The figures the trend can follow, as GET /trend names them: `sheet.key`. The first is shown first. */
export const TREND_FIGURES = [
  { key: 'members.members_total', label: '年末个人会员数' },
  { key: 'trainings.trainees', label: '培训人次' },
  { key: 'funding.exp_total', label: '本年支出合计' },
  { key: 'members.org_total', label: '基层组织数' },
] as const;

/** A figure as the tables show it: thousands grouped, 万元 with two decimals, '—' for none. */
export function figureText(v: number | null | undefined, unit = ''): string {
  if (v === null || v === undefined) return '—';
  return unit === '万元' ? v.toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 }) : v.toLocaleString('zh-CN');
}

const rateText = (r: number | null) => (r === null ? '—' : `${r.toFixed(2)}%`);

/** Room for n bars lying down, plus the value axis. */
const barsHeight = (n: number) => 44 + 28 * n;

interface BodyProps {
  title: string;
  look: Look;
  series: Series;
  height: number;
  head: string[];
  /** Each row: its label, then its cells. */
  rows: string[][];
}

/** The chart (role="img", named after it) and its figures as a table under 数据表. */
function ChartBody({ title, look, series, height, head, rows }: BodyProps) {
  const canvas = useChart(look, series);
  const kind = look.kind === 'line' ? '折线图' : '柱状图';
  return (
    <>
      <div class="chart-box" role="img" aria-label={`${kind}：${title}`} style={{ height: `${height}px` }}>
        <canvas ref={canvas} />
      </div>
      <details class="chart-data">
        <summary>数据表</summary>
        <table aria-label={`数据表：${title}`}>
          <thead>
            <tr>
              {head.map((h) => (
                <th scope="col">{h}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map(([label, ...cells]) => (
              <tr>
                <th scope="row">{label}</th>
                {cells.map((c) => (
                  <td>{c}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </>
  );
}

type Subtotal = Extract<SheetRow, { kind: 'subtotal' }>;

/** 年末个人会员数 of each org type: the members sheet's subtotal rows. */
function Members({ s }: Pick<ViewProps, 's'>) {
  const sheet = s.consolidated!.sheets.members;
  const unit = sheet.columns.find((c) => c.key === 'members_total')?.unit ?? '人';
  const rows = sheet.rows.filter((r): r is Subtotal => r.kind === 'subtotal');
  const title = '年末个人会员数（按组织类型）';
  return (
    <figure class="chart">
      <figcaption>{title}</figcaption>
      {rows.length ? (
        <ChartBody
          title={title}
          look={{ kind: 'bar', horizontal: true }}
          series={{ name: '年末个人会员数', labels: rows.map((r) => orgLabel(r.org)), values: rows.map((r) => r.values.members_total ?? null) }}
          height={barsHeight(rows.length)}
          head={['组织类型', `年末个人会员数（${unit}）`, '汇总单位']}
          rows={rows.map((r) => [orgLabel(r.org), figureText(r.values.members_total, unit), `${r.coverage.reported}/${r.coverage.expected}`])}
        />
      ) : (
        <p class="hint">还没有单位上报表1，暂无数据</p>
      )}
    </figure>
  );
}

/**
 * A chosen key figure over the five years to the year shown, for the area looked at (GET /trend).
 * The chart stays while another figure is read (its line empty until the points come), so a
 * choice redraws it in place.
 */
function Trend({ s, a }: ViewProps) {
  const t = s.trend;
  const figure = TREND_FIGURES.find((f) => f.key === t?.key) ?? TREND_FIGURES[0];
  const [sheet, field] = figure.key.split('.') as [SheetKey, string];
  const unit = s.consolidated!.sheets[sheet]?.columns.find((c) => c.key === field)?.unit ?? '';
  const named = `${figure.label}${unit ? `（${unit}）` : ''}`;
  const title = `${named}，${s.year - 4}—${s.year}年`;
  // Points read for another year or area (before a switch) are never drawn.
  const mine = t && t.year === s.year && t.area === (s.area?.code ?? null) ? t : null;
  const points = mine?.points ?? null;
  const years = Array.from({ length: 5 }, (_, i) => s.year - 4 + i);
  const at = (y: number) => points?.find((p) => p.year === y) ?? null;
  return (
    <figure class="chart">
      <figcaption>{title}</figcaption>
      <div class="row">
        <label for="trend-figure">趋势指标</label>
        <select id="trend-figure" value={figure.key} disabled={!!s.busy} onChange={(e) => void a.loadTrend(e.currentTarget.value)}>
          {TREND_FIGURES.map((f) => (
            <option value={f.key}>{f.label}</option>
          ))}
        </select>
      </div>
      {mine?.error ? (
        <p class="hint">历年数据未能读取：{mine.error}</p>
      ) : (
        <>
          {points ? null : <p class="hint">正在读取历年数据…</p>}
          <ChartBody
            title={title}
            look={{ kind: 'line' }}
            series={{ name: figure.label, labels: years.map((y) => `${y}年`), values: years.map((y) => at(y)?.value ?? null) }}
            height={200}
            head={['年度', named, '来源']}
            rows={(points ?? []).map((p) => [`${p.year}年`, figureText(p.value, unit), p.value === null ? '无数据' : p.published ? '已发布' : '未发布（实时汇总）'])}
          />
        </>
      )}
    </figure>
  );
}

/** 报送率 of each child area, lowest first; nothing for an area without children. */
function Areas({ s }: Pick<ViewProps, 's'>) {
  const areas = [...(s.progress?.areas ?? [])].sort((x, y) => (x.reportRate ?? 101) - (y.reportRate ?? 101));
  if (!areas.length) return null;
  const title = '各区域报送率（由低到高）';
  return (
    <figure class="chart">
      <figcaption>{title}</figcaption>
      <ChartBody
        title={title}
        look={{ kind: 'bar', horizontal: true, max: 100, suffix: '%' }}
        series={{ name: '报送率', labels: areas.map((r) => r.name), values: areas.map((r) => r.reportRate) }}
        height={barsHeight(areas.length)}
        head={['区域', '报送率', '未报/应报']}
        rows={areas.map((r) => [r.name, rateText(r.reportRate), `${r.missing}/${r.expected}`])}
      />
    </figure>
  );
}

export function Charts({ s, a }: ViewProps) {
  const c = s.consolidated;
  // Each consolidation shown (a year, an area, or the same one read again) brings its trend with it.
  // Asked after this effect has run: a store change made inside it re-renders before Preact has noted
  // the effect's dependencies, and the effect would run again, and again.
  useEffect(() => {
    if (!c) return;
    const later = setTimeout(() => void a.loadTrend(s.trend?.key ?? TREND_FIGURES[0].key));
    return () => clearTimeout(later);
  }, [c]);
  if (!c) return null;
  return (
    <section class="charts" aria-label="图表">
      <h3>图表</h3>
      <Members s={s} />
      <Trend s={s} a={a} />
      <Areas s={s} />
    </section>
  );
}
