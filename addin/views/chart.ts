/**
 * Chart.js for the pane's charts (docs/CHARTS.md says why Chart.js, and what
 * it adds to app.js): only the bar and line controllers, their elements and
 * the two scales are registered, so the rest of the library stays out of the
 * bundle. No legend, tooltip or animation: each chart has one series, its
 * name is the chart's caption, its figures are in the table beside it, and
 * the pane does not move on its own.
 */
import { BarController, BarElement, CategoryScale, Chart, LinearScale, LineController, LineElement, PointElement, type ChartConfiguration } from 'chart.js';
import { useEffect, useRef } from 'preact/hooks';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement);

/** The pane's own type and colours (pane.css): the canvas does not inherit them. */
Chart.defaults.font.family = "'Segoe UI', 'Microsoft YaHei', 'PingFang SC', 'Noto Sans CJK SC', sans-serif";
Chart.defaults.font.size = 12;
Chart.defaults.color = '#616161';
export const ACCENT = '#0f6cbd';

/** What a chart draws: one series of figures over its labels; null is a gap (no data). */
export interface Series {
  name: string;
  labels: string[];
  values: (number | null)[];
}

export interface Look {
  kind: 'bar' | 'line';
  /** Bars lying down, labels on the left: long Chinese names stay readable in a 320 px pane. */
  horizontal?: boolean;
  /** The value axis ends here (100 for rates) instead of past the largest figure. */
  max?: number;
  /** Written after each tick of the value axis (%). */
  suffix?: string;
}

type Config = ChartConfiguration<'bar' | 'line', (number | null)[], string>;

function config(look: Look, s: Series): Config {
  const value = {
    // Counts and money from zero: a line that starts higher makes a small change look steep.
    beginAtZero: true,
    ...(look.max !== undefined ? { max: look.max } : {}),
    ticks: { precision: 0, ...(look.suffix ? { callback: (v: number | string) => `${v}${look.suffix}` } : {}) },
  };
  const category = { grid: { display: false } };
  return {
    type: look.kind,
    data: {
      labels: s.labels,
      datasets: [
        look.kind === 'bar'
          ? { type: 'bar', label: s.name, data: s.values, backgroundColor: ACCENT, maxBarThickness: 22 }
          : { type: 'line', label: s.name, data: s.values, borderColor: ACCENT, backgroundColor: ACCENT, borderWidth: 2, pointRadius: 3, spanGaps: false },
      ],
    },
    options: {
      locale: 'zh-CN',
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      indexAxis: look.horizontal ? 'y' : 'x',
      scales: look.horizontal ? { x: value, y: category } : { x: category, y: value },
    },
  };
}

/**
 * A chart on the returned canvas, drawn from `series`: made when the canvas
 * is mounted, redrawn whenever the figures change, destroyed when it goes.
 */
export function useChart(look: Look, series: Series) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<Chart<'bar' | 'line', (number | null)[], string> | null>(null);
  /** The figures the chart shows now, to redraw only when they change. */
  const drawn = useRef('');
  const data = JSON.stringify(series);
  useEffect(() => {
    if (!canvas.current) return;
    chart.current = new Chart(canvas.current, config(look, series));
    drawn.current = data;
    return () => {
      chart.current?.destroy();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    const c = chart.current;
    const set = c?.data.datasets[0];
    if (!c || !set || drawn.current === data) return;
    c.data.labels = series.labels;
    set.label = series.name;
    set.data = series.values;
    c.update();
    drawn.current = data;
  }, [data]);
  return canvas;
}
